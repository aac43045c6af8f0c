// Fresh planner statistics after the restore, as after a real recovery. ANALYZE of a large
// database is a second or more on one connection, so the tables are shared out, largest first,
// over as many connections as the restore had jobs: one ANALYZE statement per connection.
import type pg from 'pg';
import type { DrillContext } from '../util/context.js';
import { Deadline, postRestoreBudgetMs } from '../util/deadline.js';
import { formatDuration } from '../util/format.js';
import { pgClient } from '../util/pg-session.js';

interface TableSize {
  name: string;
  bytes: number;
}

/** Splits tables into `n` groups of about equal size (largest first onto the lightest group). */
export function shareOut(tables: TableSize[], n: number): string[][] {
  const groups = Array.from({ length: Math.max(1, n) }, () => ({ bytes: 0, names: [] as string[] }));
  for (const table of [...tables].sort((a, b) => b.bytes - a.bytes)) {
    const lightest = groups.reduce((min, g) => (g.bytes < min.bytes ? g : min));
    lightest.names.push(table.name);
    lightest.bytes += table.bytes;
  }
  return groups.map((g) => g.names).filter((names) => names.length > 0);
}

/** A session under the deadline: its statements time out with it, and it is closed when it passes. */
async function withClient<T>(
  url: string,
  deadline: Deadline,
  open: Set<pg.Client>,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = pgClient(url, { statementTimeoutMs: deadline.statementTimeoutMs });
  open.add(client);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    open.delete(client);
    await client.end().catch(() => {});
  }
}

/**
 * ANALYZE every user table of the drill database over up to `jobs` connections, by `deadline` (an
 * expression index whose function sleeps must not hold the drill); never throws.
 */
export async function analyzeDatabase(
  ctx: DrillContext,
  drillUrl: string,
  jobs: number,
  deadline = new Deadline(postRestoreBudgetMs(null, ctx.config.restoreTimeoutMs), 'ANALYZE'),
): Promise<void> {
  const started = Date.now();
  const open = new Set<pg.Client>();
  const closeAll = () => {
    for (const client of open) void client.end().catch(() => {});
  };
  try {
    await deadline.race(analyzeAll(ctx, drillUrl, jobs, deadline, open, started), closeAll);
  } catch (error) {
    ctx.log.warning(`restore: ANALYZE failed: ${ctx.secrets.redact((error as Error).message)}`);
  }
}

async function analyzeAll(
  ctx: DrillContext,
  drillUrl: string,
  jobs: number,
  deadline: Deadline,
  open: Set<pg.Client>,
  started: number,
): Promise<void> {
  const tables = await withClient(drillUrl, deadline, open, async (client) => {
    const { rows } = await client.query<{ name: string; bytes: string }>(
      `SELECT pg_catalog.format('%I.%I', n.nspname, c.relname) AS name, pg_catalog.pg_relation_size(c.oid)::text AS bytes
           FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            AND n.nspname NOT LIKE 'pg\\_toast%'`,
    );
    return rows.map((r) => ({ name: r.name, bytes: Number(r.bytes) }));
  });
  const groups = shareOut(tables, jobs);
  await Promise.all(
    groups.map((names) => withClient(drillUrl, deadline, open, (c) => c.query(`ANALYZE ${names.join(', ')}`))),
  );
  ctx.log.info(
    `restore: ANALYZE of ${tables.length} tables on ${groups.length} connection(s) took ${formatDuration(Date.now() - started)}`,
  );
}
