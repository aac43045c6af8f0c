// Exact row counts of the drill database's tables, on the drill role's connections (the role the
// restore and migration-command ran as), one statement per table taken by the next free connection
// of a queue as large as the restore had jobs, largest table first. Pinned sessions: row_security
// off, so a policy of the backup's fails the count instead of filtering it; each count bounded by
// restore-timeout.
import { ConnectionQueue } from '../util/connection-queue.js';
import { pgClient } from '../util/pg-session.js';
import type { TableSnap } from './catalog-snapshot.js';

/** Row counts by table oid, of ordinary tables (partitioned ones hold no rows of their own). */
export async function countRows(
  url: string,
  tables: TableSnap[],
  jobs: number,
  timeoutMs: number,
): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  const plain = tables.filter((t) => t.kind === 'r');
  if (plain.length === 0) return counts;
  const queue = new ConnectionQueue(
    () => pgClient(url, { statementTimeoutMs: timeoutMs }),
    Math.max(1, Math.min(jobs, plain.length)),
  );
  try {
    await Promise.all(
      plain.map((t) =>
        queue.run(async (client) => {
          // The name is format('%I.%I')'s quoting, from the catalog; ONLY: an inheritance parent's own rows.
          const { rows } = await client.query<{ n: string }>(`SELECT pg_catalog.count(*) AS n FROM ONLY ${t.name}`);
          counts.set(t.oid, Number(rows[0]?.n ?? 0));
        }, t.size ?? 0),
      ),
    );
  } finally {
    await queue.close();
  }
  return counts;
}
