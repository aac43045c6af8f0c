// Cancellation. GitHub cancels a run with SIGINT, then SIGTERM 7.5 s later, then SIGKILL; a
// terminal's Ctrl-C is SIGINT; a supervisor sends SIGTERM. On the first of them the drill stops
// every process group it started (pg_restore and its workers, psql, the commands, the API),
// switches maintenance mode off, writes the report so far with every unfinished check failed
// as cancelled, then either leaves the state for the post step (the action) or drops what it
// made itself (the command line), removes its temporary files and exits 130 (SIGINT) or 143
// (SIGTERM) with one line saying so.
import { setMaintenance } from './api/maintenance.js';
import { emptyBackupInfo } from './backup/backup-phase.js';
import { cleanup } from './cleanup.js';
import { computeResult } from './report/result.js';
import { runInfoFromEnv } from './report/run-info.js';
import {
  type ApiInfo,
  type BackupInfo,
  CHECK_IDS,
  type CheckResult,
  type DatabaseInfo,
  type DrillReport,
  REPORT_VERSION,
  type RestoreInfo,
} from './report/types.js';
import { writeReportFiles } from './report/write-report.js';
import { displaySource } from './source/locate.js';
import { markCancelled } from './util/cancel-state.js';
import { check, type DrillContext } from './util/context.js';
import { stopAllGroups } from './util/process-group.js';
import type { StateStore } from './util/state.js';
import { removeTempDirsSync } from './util/temp-files.js';
import { TOOL_VERSION } from './version.js';

/** What a drill has found so far; runDrill fills it in as its phases end. */
export interface DrillProgress {
  startedAt: Date;
  checks: CheckResult[];
  timings: Record<string, number>;
  backup: BackupInfo | null;
  restore: RestoreInfo | null;
  database: DatabaseInfo | null;
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
    api: null,
    customCheckNames: [],
  };
}

const EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };
/** Everything must be done before GitHub's SIGKILL (10 s after its SIGINT). */
const HARD_LIMIT_MS = 8_000;

/** The report of a cancelled drill: what finished, and every other check failed as cancelled. */
export function cancelledReport(
  ctx: DrillContext,
  progress: DrillProgress,
  finished: CheckResult[],
  signal: NodeJS.Signals,
): DrillReport {
  const done = new Set(finished.map((c) => c.id));
  const why = `cancelled (${signal}) before this check finished`;
  const checks = [...finished];
  for (const id of CHECK_IDS) if (!done.has(id)) checks.push(check(id, 'fail', why));
  for (const name of progress.customCheckNames) {
    if (!done.has(`custom.${name}`)) checks.push(check(`custom.${name}`, 'fail', why));
  }
  const run = runInfoFromEnv(ctx.env, progress.startedAt);
  run.finishedAt = new Date().toISOString();
  return {
    reportVersion: REPORT_VERSION,
    tool: { name: 'pickdriver-vault-action', version: TOOL_VERSION },
    drillName: ctx.config.drillName,
    result: computeResult(checks, []),
    failOn: ctx.config.failOn,
    run,
    backup: progress.backup ?? emptyBackupInfo(ctx.secrets.redact(displaySource(ctx.config.backupSource))),
    inventory: null,
    restore: progress.restore,
    database: progress.database,
    api: progress.api,
    apiSkippedReason: progress.api === null ? `cancelled (${signal})` : null,
    checks,
    baseline: null,
    regressions: [],
    timings: progress.timings,
  };
}

export interface CancelOptions {
  ctx: DrillContext;
  state: StateStore;
  progress: DrillProgress;
  /** true (the action): the post step drops the database and stops the API; false: done here. */
  leaveForPostStep: boolean;
  /** Prints the one closing line. */
  announce: (line: string) => void;
}

/** Installs the SIGINT/SIGTERM handlers; returns the function that removes them. */
export function handleCancellation(options: CancelOptions): () => void {
  let started = false;
  const onSignal = (signal: NodeJS.Signals) => {
    // GitHub's SIGTERM after its SIGINT finds the first still at work: it changes nothing.
    if (started) return;
    started = true;
    void cancel(options, signal);
  };
  const onInt = () => onSignal('SIGINT');
  const onTerm = () => onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return () => {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  };
}

async function cancel(options: CancelOptions, signal: NodeJS.Signals): Promise<void> {
  const { ctx, state, progress } = options;
  markCancelled(signal);
  const finished = progress.checks.slice();
  const code = EXIT_CODES[signal] ?? 1;
  const exit = (line: string) => {
    removeTempDirsSync();
    options.announce(ctx.secrets.redact(line));
    process.exit(code);
  };
  const hardStop = setTimeout(
    () => exit(`Drill cancelled by ${signal}; cleanup did not finish in time (exit ${code}).`),
    HARD_LIMIT_MS,
  );
  const notes: string[] = [];
  const maintenanceWasOn = state.get().maintenanceOn;
  try {
    await stopAllGroups(2_000);
    // The restore stage, its tool stopped, may have switched maintenance off already.
    if (state.get().maintenanceOn) {
      const off = await setMaintenance(ctx, false, 'restore drill cancelled');
      if (off.ok) state.save({ maintenanceOn: false });
      else notes.push(`maintenance mode NOT switched off (the post step tries again): ${off.message}`);
    }
    if (maintenanceWasOn && !state.get().maintenanceOn) notes.push('maintenance mode switched off');
    const paths = await writeReportFiles(cancelledReport(ctx, progress, finished, signal), ctx.config, ctx.secrets);
    notes.push(`report so far in ${paths.jsonPath}`);
    const made = state.get().createdDatabase;
    if (options.leaveForPostStep) {
      if (made) notes.push(`the post step drops ${made}`);
    } else {
      await cleanup(ctx, state.get());
      if (made && !ctx.config.keepDatabase) notes.push(`${made} dropped`);
    }
  } catch (error) {
    notes.push(`cleanup incomplete: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearTimeout(hardStop);
  }
  exit(`Drill cancelled by ${signal} (exit ${code}): ${notes.join('; ')}.`);
}
