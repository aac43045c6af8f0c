// Fresh planner statistics after the restore, as after a real recovery. Each table is its own
// ANALYZE, taken by the next free connection, largest first (as `vacuumdb -j` does), on the
// connections the inspection shares (its counts run between them), or on `jobs` of its own.
// A partitioned table's ANALYZE covers its partitions (and its own statistics over all of them):
// the partitions are not analyzed a second time on their own.
import type pg from 'pg';
import type { DrillContext } from '../model/context.js';
import { type ConnectionQueue, drillQueue } from '../util/connection-queue.js';
import { Deadline, postRestoreBudgetMs } from '../util/deadline.js';
import { formatDuration } from '../util/format.js';

interface TableSize {
  name: string;
  bytes: number;
}

async function tablesToAnalyze(client: pg.Client): Promise<TableSize[]> {
  const { rows } = await client.query<{ name: string; bytes: string }>(
    `SELECT pg_catalog.format('%I.%I', n.nspname, c.relname) AS name,
            (CASE WHEN c.relkind = 'p'
                  THEN (SELECT COALESCE(pg_catalog.sum(pg_catalog.pg_relation_size(t.relid)), 0)
                          FROM pg_catalog.pg_partition_tree(c.oid) t)
                  ELSE pg_catalog.pg_relation_size(c.oid) END)::text AS bytes
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'm') AND NOT c.relispartition
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\\_toast%'`,
  );
  return rows.map((r) => ({ name: r.name, bytes: Number(r.bytes) }));
}

/**
 * ANALYZE every user table of the drill database by `deadline` (an expression index whose function
 * sleeps must not hold the drill), on `queue` (shared with the inspection) or on up to `jobs`
 * connections of its own; never throws. `early` holds the ANALYZE started while the restore ran,
 * by table (named as format('%I.%I') writes it).
 */
export async function analyzeDatabase(
  ctx: DrillContext,
  drillUrl: string,
  jobs: number,
  deadline = new Deadline(postRestoreBudgetMs(null, ctx.config.restoreTimeoutMs), 'ANALYZE'),
  queue?: ConnectionQueue,
  early: ReadonlyMap<string, Promise<boolean>> = new Map(),
): Promise<void> {
  const started = Date.now();
  const q = queue ?? drillQueue(drillUrl, Math.max(1, jobs), deadline);
  try {
    // Past the deadline the connections are closed, so nothing of ANALYZE goes on.
    await deadline.race(analyzeAll(ctx, q, started, early), () => void q.close());
  } catch (error) {
    ctx.log.warning(`restore: ANALYZE failed: ${ctx.secrets.redact((error as Error).message)}`);
  } finally {
    if (!queue) await q.close();
  }
}

async function analyzeAll(
  ctx: DrillContext,
  q: ConnectionQueue,
  started: number,
  early: ReadonlyMap<string, Promise<boolean>>,
): Promise<void> {
  // Ahead of everything already queued: the tables' own ANALYZE then take their turns by size.
  const tables = await q.run(tablesToAnalyze, Number.POSITIVE_INFINITY);
  let before = 0;
  await Promise.all(
    tables.map(async (t) => {
      // Analyzed while the restore ran (or still being analyzed: awaited, not repeated).
      if (await early.get(t.name)) {
        before += 1;
        return;
      }
      await q.run((c) => c.query(`ANALYZE ${t.name}`), t.bytes);
    }),
  );
  const here = tables.length - before;
  ctx.log.info(
    `restore: ANALYZE of ${here} tables on ${Math.min(q.size, Math.max(1, here))} connection(s) took ${formatDuration(Date.now() - started)}${before > 0 ? ` (${before} more analyzed while the restore ran)` : ''}`,
  );
}
