// The keys a parallel pg_restore would build or check one at a time, which the drill takes out of
// its list: unique keys of a large table, built beside it from the moment its data is in
// (unique-keys.ts), then the foreign keys to such a table, added once its parallel phase has ended
// (foreign-keys.ts).
import type { DrillContext } from '../model/context.js';
import { type ConnectionQueue, drillQueue } from '../util/connection-queue.js';
import { Deadline } from '../util/deadline.js';
import type { SpareSessions } from '../util/spare-sessions.js';
import { addForeignKeysAfter, type DeferredForeignKey } from './foreign-keys.js';
import { restoreMessage } from './pg-restore-lines.js';
import type { TableReadiness } from './table-readiness.js';
import type { ToolOutput } from './tool-output.js';
import { UniqueKeyBuilds } from './unique-key-builds.js';
import type { DeferredUniqueKey } from './unique-keys.js';

interface Hooks {
  readiness: TableReadiness | null;
  output: ToolOutput;
  /** Stops pg_restore: a key failed, as its own first error would stop it. */
  stop: () => void;
  /** Where the sessions go once the keys are done, for the inspection to take over. */
  spare?: SpareSessions;
}

export class KeysBesideRestore {
  private readonly unique: UniqueKeyBuilds;
  /** One queue for both: the foreign keys start on the sessions the unique keys opened. */
  private readonly queue: ConnectionQueue;
  private readonly startedAt = Date.now();
  /** The keys' work once pg_restore's parallel phase has ended cleanly (null: not begun). */
  private afterParallelPhase: Promise<string | null> | null = null;

  constructor(
    private readonly ctx: DrillContext,
    private readonly keys: { foreignKeys: DeferredForeignKey[]; uniqueKeys: DeferredUniqueKey[] },
    /** The drill database as the role pg_restore acts as. */
    restoreUrl: string,
    private readonly jobs: number,
    /** What the restore may take in all (its limit, from its start). */
    private readonly limitMs: number,
    private readonly hooks: Hooks,
  ) {
    const deadline = new Deadline(limitMs, 'the unique keys');
    // Opened as work comes: none without keys.
    this.queue = drillQueue(restoreUrl, Math.max(1, jobs), deadline, { leaveIn: hooks.spare });
    this.unique = new UniqueKeyBuilds(ctx, keys.uniqueKeys, this.queue, deadline, {
      onBuilt: (key) => hooks.readiness?.itemFinished(key.dumpId),
      onFailed: hooks.stop,
      whenRestoreIdle: () => hooks.readiness?.whenRestoreIdle() ?? Promise.resolve(),
      output: hooks.output,
    });
  }

  /** One line of pg_restore's stderr. */
  addStderrLine(line: string): void {
    this.unique.addStderrLine(line);
    // After its parallel phase pg_restore only reconnects its leader to run what that phase
    // missed (nothing, for pg_dump's dependencies) and exits, about 50 ms at scale 100: the
    // foreign keys need not wait for that. Not after an error: the restore is failing.
    if (
      this.afterParallelPhase === null &&
      this.hooks.output.errors.length === 0 &&
      restoreMessage(line) === 'finished main parallel loop'
    ) {
      this.afterParallelPhase = this.addKeys(true);
      // Awaited by finish(); never an unhandled rejection before then.
      this.afterParallelPhase.catch(() => {});
    }
  }

  /**
   * pg_restore has exited (`completed`: it restored all it was given): the unique keys are waited
   * for, then the foreign keys added (begun already when its parallel phase ended cleanly).
   * Returns what went wrong, said after the tool's name ("was stopped: …", "restored the rest;
   * then …"), or null. Never throws.
   */
  async finish(completed: boolean): Promise<string | null> {
    try {
      const early = this.afterParallelPhase;
      const error = await (early ?? this.addKeys(completed));
      // Begun before pg_restore failed after all: its own failure is what the restore reports.
      return early !== null && !completed ? null : error;
    } finally {
      await this.queue.close();
    }
  }

  private async addKeys(completed: boolean): Promise<string | null> {
    const uniqueError = await this.unique.finish(completed);
    if (uniqueError !== null) return `was stopped: ${uniqueError}`;
    if (!completed) return null;
    const left = Math.max(1, this.limitMs - (Date.now() - this.startedAt));
    const keysError = await addForeignKeysAfter(this.ctx, this.keys.foreignKeys, this.queue, this.jobs, {
      deadline: new Deadline(left, 'the foreign keys'),
      onAdded: (keys) => {
        for (const key of keys) this.hooks.readiness?.itemFinished(key.dumpId, key.referencedTable);
      },
      onValidated: (key) => this.hooks.readiness?.itemFinished(key.dumpId),
      output: this.hooks.output,
    });
    return keysError === null ? null : `restored the rest; then ${keysError}`;
  }
}
