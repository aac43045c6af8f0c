// Fresh planner statistics after the restore, as after a real recovery. ANALYZE of a large
// database is a second or more on one connection, so the tables are shared out, largest first,
// over as many connections as the restore had jobs: one ANALYZE statement per connection.
import pg from 'pg';
import type { DrillContext } from '../util/context.js';
import { formatDuration } from '../util/format.js';

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

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** ANALYZE every user table of the drill database over up to `jobs` connections; never throws. */
export async function analyzeDatabase(ctx: DrillContext, drillUrl: string, jobs: number): Promise<void> {
  const started = Date.now();
  try {
    const tables = await withClient(drillUrl, async (client) => {
      const { rows } = await client.query<{ name: string; bytes: string }>(
        `SELECT format('%I.%I', n.nspname, c.relname) AS name, pg_relation_size(c.oid)::text AS bytes
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            AND n.nspname NOT LIKE 'pg_toast%'`,
      );
      return rows.map((r) => ({ name: r.name, bytes: Number(r.bytes) }));
    });
    const groups = shareOut(tables, jobs);
    await Promise.all(groups.map((names) => withClient(drillUrl, (c) => c.query(`ANALYZE ${names.join(', ')}`))));
    ctx.log.info(
      `restore: ANALYZE of ${tables.length} tables on ${groups.length} connection(s) took ${formatDuration(Date.now() - started)}`,
    );
  } catch (error) {
    ctx.log.warning(`restore: ANALYZE failed: ${ctx.secrets.redact((error as Error).message)}`);
  }
}
