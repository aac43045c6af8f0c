// What a drill has found so far, shared by the engine (drill/run.ts), which fills it in as its
// phases end, and the cancel handler (drill/cancel.ts), which reports it when a signal comes.

import type { BackupInfo } from '../model/backup-types.js';
import type { DrillContext } from '../model/context.js';
import type { MigrationInfo } from '../model/migration-types.js';
import type { ApiInfo, CheckResult, DatabaseInfo, RestoreInfo } from '../model/types.js';

/** What a drill has found so far; runDrill fills it in as its phases end. */
export interface DrillProgress {
  startedAt: Date;
  checks: CheckResult[];
  timings: Record<string, number>;
  backup: BackupInfo | null;
  restore: RestoreInfo | null;
  database: DatabaseInfo | null;
  /** migration-command as far as it got (the command and when it started, while it runs). */
  migration: MigrationInfo | null;
  api: ApiInfo | null;
  customCheckNames: string[];
}

export function newProgress(): DrillProgress {
  return {
    startedAt: new Date(),
    checks: [],
    timings: {},
    backup: null,
    restore: null,
    database: null,
    migration: null,
    api: null,
    customCheckNames: [],
  };
}

/** Runs a phase, recording how long it took in `timings` however it ends. */
export async function timed<T>(timings: Record<string, number>, phase: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    timings[phase] = Math.round(performance.now() - started);
  }
}

/** An error's message with every secret redacted. */
export function errorMessage(ctx: DrillContext, error: unknown): string {
  return ctx.secrets.redact(error instanceof Error ? error.message : String(error));
}
