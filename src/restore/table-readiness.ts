// Which tables a parallel pg_restore has finished with, while it runs: a table is done when its
// TABLE DATA and every data or post-data item that depends on it (its indexes, constraints, the
// foreign keys of other tables that reference it, triggers, policies) has finished. From then on
// nothing of the restore writes into it or locks it, so its ANALYZE and its exact count can run
// beside the rest of the restore instead of after it (drill/early-inspection.ts).
//
// pg_restore --jobs --verbose prints `pg_restore: finished item <dumpId> <desc> <tag>` as each
// item of its parallel phase ends; the TOC says what depends on what. Items left out of the -L
// list never finish, so they are not waited for; a table whose items do not all finish (a restore
// that stops, an item pg_restore runs after its parallel phase) is simply never reported.
import { type ArchiveToc, SECTION } from '../dump/archive-toc.js';
import { finishedItem, restoreMessage } from './pg-restore-lines.js';

export interface ReadyTable {
  schema: string;
  name: string;
  /**
   * Resolves once pg_restore runs fewer items than it has jobs (or has ended): work beside the
   * restore then takes CPU the restore leaves idle instead of CPU its workers would use.
   */
  whenRestoreIdle: () => Promise<void>;
}

const LAUNCHING_RE = /^launching item \d+ /;
// A materialized view's REFRESH reads its tables without blocking them and runs last of all:
// waiting for it would put every table it reads at the very end.
const NOT_WAITED_FOR = new Set(['MATERIALIZED VIEW DATA']);

export class TableReadiness {
  /** Per table (its TABLE entry's dumpId): the items still to finish. */
  private readonly waiting = new Map<number, Set<number>>();
  /** Per item: the tables waiting for it. */
  private readonly waitedBy = new Map<number, number[]>();
  private readonly tables = new Map<number, { schema: string; name: string }>();
  private running = 0;
  private ended = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    toc: ArchiveToc,
    leftOut: ReadonlySet<number>,
    private readonly jobs: number,
    private readonly onReady: (table: ReadyTable) => void,
  ) {
    const restored = toc.entries.filter((e) => !leftOut.has(e.dumpId));
    // A table counts only with data to load: one without a TABLE DATA item is left to the end.
    const dataOf = new Map<number, number>();
    const tableOfData = new Map<number, number>();
    const tableIds = new Set(restored.filter((e) => e.desc === 'TABLE').map((e) => e.dumpId));
    for (const e of restored) {
      if (e.desc !== 'TABLE DATA') continue;
      for (const dep of e.dependencies.filter((d) => tableIds.has(d))) {
        dataOf.set(dep, e.dumpId);
        tableOfData.set(e.dumpId, dep);
      }
    }
    for (const e of restored) {
      if (e.desc !== 'TABLE' || e.namespace === null) continue;
      const data = dataOf.get(e.dumpId);
      if (data === undefined) continue;
      this.tables.set(e.dumpId, { schema: e.namespace, name: e.tag });
      this.waiting.set(e.dumpId, new Set([data]));
    }
    for (const e of restored) {
      if (e.section !== SECTION.data && e.section !== SECTION.postData) continue;
      if (NOT_WAITED_FOR.has(e.desc) || e.desc === 'TABLE DATA') continue;
      for (const dep of e.dependencies) {
        // pg_restore itself makes post-data items wait for the data of the table they depend on.
        const table = this.waiting.has(dep) ? dep : tableOfData.get(dep);
        if (table === undefined || !this.waiting.has(table)) continue;
        this.waiting.get(table)?.add(e.dumpId);
      }
    }
    for (const [table, items] of this.waiting) {
      for (const item of items) this.waitedBy.set(item, [...(this.waitedBy.get(item) ?? []), table]);
    }
  }

  /** Tables that become ready once their items finish. */
  get tracked(): number {
    return this.tables.size;
  }

  /** pg_restore has exited: nothing waits for an idle moment any more. */
  end(): void {
    this.ended = true;
    this.releaseIfIdle();
  }

  /** Resolves once pg_restore runs fewer items than it has jobs, or has exited. */
  readonly whenRestoreIdle = (): Promise<void> => {
    if (this.ended || this.running < this.jobs) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  };

  private releaseIfIdle(): void {
    if (!this.ended && this.running >= this.jobs) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** One line of pg_restore's stderr. */
  addStderrLine(line: string): void {
    if (LAUNCHING_RE.test(restoreMessage(line))) {
      this.running += 1;
      return;
    }
    const item = finishedItem(line);
    if (item === null) return;
    this.running = Math.max(0, this.running - 1);
    // pg_restore reports an item finished and launches the next in one breath: only a slot still
    // free after the lines at hand is an idle one.
    setImmediate(() => this.releaseIfIdle());
    this.itemFinished(item);
  }

  /**
   * An item of the archive is in the database (pg_restore's, or one the drill adds after it); with
   * `forTable`, only as far as that table is concerned (a foreign key added NOT VALID, whose
   * validation still reads its own table but only shares the one it references).
   */
  itemFinished(item: number, forTable?: number): void {
    const tables = this.waitedBy.get(item) ?? [];
    const released = forTable === undefined ? tables : tables.filter((t) => t === forTable);
    for (const table of released) {
      const items = this.waiting.get(table);
      if (!items?.delete(item) || items.size > 0) continue;
      this.waiting.delete(table);
      const ready = this.tables.get(table);
      if (ready) this.onReady({ ...ready, whenRestoreIdle: this.whenRestoreIdle });
    }
    const left = tables.filter((t) => !released.includes(t));
    if (left.length > 0) this.waitedBy.set(item, left);
    else this.waitedBy.delete(item);
  }
}
