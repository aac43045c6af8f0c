// The observer's own administrative connection to the drill database: the database-url role,
// search_path pinned to pg_catalog (every name it uses is schema-qualified too), so no object the
// backup or the migration made can stand in for a catalog view or function. It reads catalog
// views and calls catalog functions, nothing else. lock_timeout keeps a size or a deparse from
// ever queueing behind a lock the migration left: it would then hold up the migration's next one.
import type pg from 'pg';
import { connectPinned } from '../util/pg-session.js';
import { sleep } from '../util/retry.js';

const OBSERVER_APP_NAME = 'pickdriver-vault-action observer';

export async function connectObserver(url: string, lockTimeoutMs = 2_000): Promise<pg.Client> {
  // The pinned session (search_path pg_catalog, a statement_timeout...) plus, as the URL's own
  // options, the lock_timeout and a name that says what this session is.
  const own = new URL(url);
  own.searchParams.set('options', `-c lock_timeout=${lockTimeoutMs}`);
  own.searchParams.set('application_name', OBSERVER_APP_NAME);
  return connectPinned(own.toString(), { statementTimeoutMs: 60_000 });
}

/** Backend process ids of the client sessions on the database other than `ours`. */
export async function otherSessions(client: pg.Client, ours: number[]): Promise<number[]> {
  const { rows } = await client.query<{ pid: number }>(
    `SELECT a.pid FROM pg_catalog.pg_stat_activity a
      WHERE a.datname OPERATOR(pg_catalog.=) pg_catalog.current_database()
        AND a.backend_type OPERATOR(pg_catalog.=) 'client backend'
        AND NOT (a.pid OPERATOR(pg_catalog.=) ANY ($1::pg_catalog.int4[]))`,
    [ours],
  );
  return rows.map((r) => r.pid);
}

/**
 * Waits (up to `waitMs`) for the sessions of the drill database other than `ours` to end, then
 * ends those still there: a client that exited leaves its session closing for a moment (its
 * statistics are written then), a command killed at its deadline leaves its statement running.
 * Returns how many had to be ended.
 */
export async function endOtherSessions(client: pg.Client, ours: number[], waitMs: number): Promise<number> {
  const deadline = Date.now() + waitMs;
  let left = await otherSessions(client, ours);
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(50);
    left = await otherSessions(client, ours);
  }
  if (left.length === 0) return 0;
  await client.query('SELECT pg_catalog.pg_terminate_backend(p) FROM pg_catalog.unnest($1::pg_catalog.int4[]) AS p', [
    left,
  ]);
  // Their exit writes their statistics: wait for it, briefly.
  const gone = Date.now() + 2_000;
  while ((await otherSessions(client, ours)).length > 0 && Date.now() < gone) await sleep(50);
  return left.length;
}
