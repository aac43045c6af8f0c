// ANALYZE and the critical tables' exact counts, each table's taken as soon as a parallel
// pg_restore has finished with it (restore/table-readiness.ts) instead of after the whole
// restore: they run on one connection of their own beside pg_restore's workers, on CPU the
// restore leaves idle while one large index builds, and the inspection then does only what is
// left. Used only when nothing runs between the restore and the inspection (no
// post-restore-command, no migration-command), so what is read early is what would be read after.
//
// A plain table only: a partitioned table's statistics and count span partitions that may still be
// loading, and so do those of a table with inheritance children; those are left to the end, as is
// anything that failed or did not start before the restore ended.
import type pg from 'pg';
import { CRITICAL_TABLES } from '../inspect/index.js';
import type { DrillContext } from '../model/context.js';
import type { ReadyTable } from '../restore/index.js';
import { type ConnectionQueue, drillQueue } from '../util/connection-queue.js';
import { Deadline } from '../util/deadline.js';
import { formatDuration } from '../util/format.js';

/**
 * What was started while the restore ran, for the inspection to await rather than repeat: a
 * statement still running when the restore ends goes on beside the inspection's own.
 */
interface EarlyResults {
  /** ANALYZE by table, as format('%I.%I') writes its name (as ANALYZE of the whole database names it): true once done. */
  analyzed: ReadonlyMap<string, Promise<boolean>>;
  /** Exact row counts of critical tables of the public schema, by name (null: failed). */
  counted: ReadonlyMap<string, Promise<number | null>>;
}

const CRITICAL = new Set<string>(CRITICAL_TABLES);

const key = (schema: string, name: string) => JSON.stringify([schema, name]);

/** The plain tables, each by its schema and name, with its name as SQL (quoted where needed). */
async function plainTables(client: pg.Client): Promise<Map<string, string>> {
  const { rows } = await client.query<{ schema: string; name: string; sql: string }>(
    `SELECT n.nspname::text AS schema, c.relname::text AS name,
            pg_catalog.format('%I.%I', n.nspname, c.relname) AS sql
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND NOT c.relispartition AND NOT c.relhassubclass
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')`,
  );
  return new Map(rows.map((r) => [key(r.schema, r.name), r.sql]));
}

export class EarlyInspection {
  private readonly analyzed = new Map<string, Promise<boolean>>();
  private readonly counted = new Map<string, Promise<number | null>>();
  private readonly deadline: Deadline;
  private queue: ConnectionQueue | null = null;
  // Read at the first ready table: by then pg_restore has made every table (pre-data comes first).
  private plain: Promise<Map<string, string>> | null = null;
  private work: Promise<void> = Promise.resolve();
  private stopped = false;
  private closed: Promise<void> | null = null;
  private readonly startedAt = Date.now();

  constructor(
    private readonly ctx: DrillContext,
    private readonly drillUrl: string,
  ) {
    // Within the restore's own limit: nothing here may outlast what it runs beside.
    this.deadline = new Deadline(ctx.config.restoreTimeoutMs, 'ANALYZE during the restore');
  }

  /** What was started, for the inspection (see EarlyResults). */
  get results(): EarlyResults {
    return { analyzed: this.analyzed, counted: this.counted };
  }

  /** A table pg_restore has finished with: its turn comes after the tables ready before it. */
  readonly tableReady = (table: ReadyTable): void => {
    if (this.stopped) return;
    this.work = this.work.then(() => this.inspect(table));
  };

  private async inspect(table: ReadyTable): Promise<void> {
    if (this.stopped) return;
    let name = `${table.schema}.${table.name}`;
    // The inspection does it again and reports what fails there.
    const leftToTheEnd =
      <T>(failed: T) =>
      (error: unknown): T => {
        this.ctx.log.debug(`restore: early ${name} left to the end: ${this.ctx.secrets.redact(String(error))}`);
        return failed;
      };
    try {
      this.queue ??= drillQueue(this.drillUrl, 1, this.deadline);
      const q = this.queue;
      this.plain ??= q.run(plainTables);
      const sql = (await this.plain).get(key(table.schema, table.name));
      if (sql === undefined) return;
      name = sql;
      await table.whenRestoreIdle();
      if (this.stopped) return;
      const analyzing = q.run((c) => c.query(`ANALYZE ${sql}`)).then(() => true, leftToTheEnd(false));
      this.analyzed.set(sql, analyzing);
      if (!(await analyzing) || table.schema !== 'public' || !CRITICAL.has(table.name)) return;
      await table.whenRestoreIdle();
      if (this.stopped) return;
      const counting = q
        .run((c) => c.query<{ n: string }>(`SELECT pg_catalog.count(*)::text AS n FROM ${sql}`))
        .then(({ rows }) => Number(rows[0]?.n), leftToTheEnd<number | null>(null));
      this.counted.set(table.name, counting);
      await counting;
    } catch (error) {
      leftToTheEnd(undefined)(error);
    }
  }

  /** The restore has ended: no statement starts any more; the one under way goes on. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.ctx.log.info(
      `restore: ${this.analyzed.size} table(s) analyzed and ${this.counted.size} critical table(s) counted while the restore ran (${formatDuration(Date.now() - this.startedAt)})`,
    );
  }

  /**
   * Closes the connection; a statement still under way (the inspection, which awaited what it
   * needed, has ended, or the restore failed) has its session ended. Never throws.
   */
  close(): Promise<void> {
    this.stopped = true;
    this.closed ??= (this.queue?.close() ?? Promise.resolve()).catch(() => {});
    return this.closed;
  }
}
