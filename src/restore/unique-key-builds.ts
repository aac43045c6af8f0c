// The unique keys left out of pg_restore's list (unique-keys.ts), built while it runs: a table's
// keys once pg_restore reports its data loaded, each index on a session of the role the restore
// acts as, then each key attached as its constraint. While pg_restore runs, one build at a time
// and only in a slot it leaves free (fewer items running than its jobs): started at once beside
// its workers, the builds slowed its own longest item (a trigram index of users, 3.9 s alone,
// 7.2 s among four builds) which the keys' attachment waits for anyway. Once it has ended, the
// builds left run side by side on every session. A key that
// cannot be built (a duplicate row) stops pg_restore, as its own first error would have.
import type { DrillContext } from '../model/context.js';
import type { ConnectionQueue } from '../util/connection-queue.js';
import type { Deadline } from '../util/deadline.js';
import { formatDuration } from '../util/format.js';
import { finishedItem } from './pg-restore-lines.js';
import type { ToolOutput } from './tool-output.js';
import type { DeferredUniqueKey } from './unique-keys.js';

interface BuildHooks {
  /** A key is in, as pg_restore would have left it. */
  onBuilt: (key: DeferredUniqueKey) => void;
  /** A key could not be built: pg_restore is to stop. */
  onFailed: () => void;
  /** Resolves when pg_restore runs fewer items than its jobs (table-readiness.ts), or has ended. */
  whenRestoreIdle: () => Promise<void>;
  output: ToolOutput;
}

export class UniqueKeyBuilds {
  private readonly startedTables = new Set<number>();
  private readonly builds: Promise<void>[] = [];
  private readonly startedAt = Date.now();
  private built = 0;
  private error: string | null = null;
  private building = 0;
  private restoreEnded = false;
  private endRestore: () => void = () => {};
  /** Resolves when pg_restore has exited: a build waiting for its idle slot waits no more. */
  private readonly restoreEnd = new Promise<void>((resolve) => {
    this.endRestore = resolve;
  });
  private slotWaiters: (() => void)[] = [];

  constructor(
    private readonly ctx: DrillContext,
    private readonly keys: readonly DeferredUniqueKey[],
    /** Shared with the foreign keys after pg_restore; closed here only to end the builds. */
    private readonly queue: ConnectionQueue,
    private readonly deadline: Deadline,
    private readonly hooks: BuildHooks,
  ) {}

  /** One line of pg_restore's stderr: a TABLE DATA item that finished starts its table's keys. */
  addStderrLine(line: string): void {
    if (this.keys.length === 0) return;
    const item = finishedItem(line);
    if (item !== null) this.dataLoaded(item);
  }

  private dataLoaded(dataId: number): void {
    const keys = this.keys.filter((k) => k.dataId === dataId);
    if (keys.length === 0 || this.error !== null || this.startedTables.has(dataId)) return;
    this.startedTables.add(dataId);
    this.builds.push(this.buildTable(keys).catch((e: unknown) => this.fail(e)));
  }

  private async buildTable(keys: DeferredUniqueKey[]): Promise<void> {
    const queue = this.queue;
    const failed = (key: DeferredUniqueKey) => (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      // The server's DETAIL names the duplicate, as pg_restore's own error output would.
      const detail = (error as { detail?: unknown })?.detail;
      throw new Error(
        `unique key ${key.name} of ${key.table}: ${message}${typeof detail === 'string' ? ` (${detail})` : ''}`,
      );
    };
    await Promise.all(
      keys.map(async (key) => {
        await this.slot();
        try {
          await queue.run((c) => c.query(key.createIndex)).catch(failed(key));
        } finally {
          this.releaseSlot();
        }
      }),
    );
    // A catalog change each, which waits for pg_restore's own index builds on the table to end.
    await queue.run(async (c) => {
      for (const key of keys) await c.query(key.addConstraint).catch(failed(key));
    });
    this.built += keys.length;
    for (const key of keys) this.hooks.onBuilt(key);
  }

  /** A build may start: one at a time in pg_restore's idle slot while it runs, then up to the queue's size. */
  private async slot(): Promise<void> {
    for (;;) {
      if (!this.restoreEnded) await Promise.race([this.hooks.whenRestoreIdle(), this.restoreEnd]);
      if (this.building < (this.restoreEnded ? this.queue.size : 1)) {
        this.building += 1;
        return;
      }
      await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
    }
  }

  private releaseSlot(): void {
    this.building -= 1;
    this.wakeSlotWaiters();
  }

  private wakeSlotWaiters(): void {
    const waiters = this.slotWaiters;
    this.slotWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private fail(error: unknown): void {
    if (this.error !== null) return;
    this.error = this.ctx.secrets.redact(error instanceof Error ? error.message : String(error));
    this.hooks.onFailed();
  }

  /**
   * pg_restore has exited. When it completed, any key whose table's end it did not report is built
   * now, then every build is waited for (by the deadline); when it did not, the builds end where
   * they are. Returns the failure of a key (which stops pg_restore), or null. Never throws.
   */
  async finish(restoreCompleted: boolean): Promise<string | null> {
    if (this.keys.length === 0) return null;
    const queue = this.queue;
    if (!restoreCompleted) {
      // Stopped by a key that failed, or failed on its own: then what the builds hear next is not theirs.
      const own = this.error;
      await queue.close();
      if (own !== null) this.hooks.output.errors.unshift(own);
      return own;
    }
    this.restoreEnded = true;
    this.endRestore();
    this.wakeSlotWaiters();
    for (const key of this.keys) this.dataLoaded(key.dataId);
    try {
      await this.deadline.race(Promise.all(this.builds), () => void queue.close());
    } catch (e) {
      this.fail(e);
    }
    // A build that failed ends the others' sessions: nothing of a failed restore goes on.
    if (this.error !== null) await queue.close();
    if (this.error !== null) this.hooks.output.errors.push(this.error);
    this.hooks.output.addItemsDone(this.built);
    this.ctx.log.info(
      `restore: ${this.keys.length} unique keys of a table with a large share of the data ${this.error === null ? 'built' : 'NOT all built'} beside pg_restore, side by side on up to ${Math.min(this.queue.size, this.keys.length)} connections (pg_restore builds them one at a time): ${formatDuration(Date.now() - this.startedAt)}`,
    );
    return this.error;
  }
}
