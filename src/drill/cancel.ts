// Cancellation. GitHub cancels a run with SIGINT, then SIGTERM 7.5 s later, then SIGKILL; a
// terminal's Ctrl-C is SIGINT; a supervisor sends SIGTERM. On the first of them the drill stops
// every process group it started (pg_restore and its workers, psql, the commands, the API),
// switches maintenance mode off, writes the report so far with every unfinished check failed
// as cancelled, then either leaves the state for the post step (the action) or drops what it
// made itself (the command line), removes its temporary files and exits 130 (SIGINT) or 143
// (SIGTERM) with one line saying so. A crash (an uncaught exception or rejection: no input should
// cause one, but a bug may) takes the same way out: the report so far with every unfinished check
// failed as crashed, nothing left behind, exit 1.
import { setMaintenance } from '../api/maintenance.js';
import { emptyBackupInfo } from '../backup/phase-parts.js';
import { check, type DrillContext } from '../model/context.js';
import { CHECK_IDS, type CheckResult, type DrillReport } from '../model/types.js';
import { writeReportFiles } from '../report/write-report.js';
import { displaySource } from '../source/locate.js';
import { markCancelled, runCancelHooks } from '../util/cancel-state.js';
import { stopAllGroups } from '../util/process-group.js';
import type { StateStore } from '../util/state.js';
import { removeTempDirsSync } from '../util/temp-files.js';
import { cleanup } from './cleanup.js';
import type { DrillProgress } from './progress.js';
import { assembleReport, finishReport } from './report.js';

const EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };
/** Everything must be done before GitHub's SIGKILL (10 s after its SIGINT). */
const HARD_LIMIT_MS = 8_000;

/** Why a drill stopped early: a signal, or a crash (an error nothing caught). */
type StopCause = NodeJS.Signals | { crash: unknown };

function crashText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** The cause in words, for the report and the closing line (secrets redacted by the caller). */
function causeWords(cause: StopCause): string {
  return typeof cause === 'string' ? `cancelled (${cause})` : `the drill crashed (${crashText(cause.crash)})`;
}

/** The report of a cancelled (or crashed) drill: what finished, and every other check failed. */
function cancelledReport(
  ctx: DrillContext,
  progress: DrillProgress,
  finished: CheckResult[],
  signal: StopCause,
): DrillReport {
  const done = new Set(finished.map((c) => c.id));
  const why = ctx.secrets.redact(`${causeWords(signal)} before this check finished`);
  const checks = [...finished];
  for (const id of CHECK_IDS) if (!done.has(id)) checks.push(check(id, 'fail', why));
  for (const name of progress.customCheckNames) {
    if (!done.has(`custom.${name}`)) checks.push(check(`custom.${name}`, 'fail', why));
  }
  const report = assembleReport(ctx, progress.startedAt, {
    backup: progress.backup ?? emptyBackupInfo(ctx.secrets.redact(displaySource(ctx.config.backupSource))),
    inventory: null,
    restore: progress.restore,
    database: progress.database,
    migration: progress.migration,
    api: progress.api,
    apiSkippedReason: progress.api === null ? ctx.secrets.redact(causeWords(signal)) : null,
    checks,
    timings: progress.timings,
  });
  return finishReport(report);
}

interface CancelOptions {
  ctx: DrillContext;
  state: StateStore;
  progress: DrillProgress;
  /** true (the action): the post step drops the database and stops the API; false: done here. */
  leaveForPostStep: boolean;
  /** Prints the one closing line. */
  announce: (line: string) => void;
}

/** Set once the drill begins to stop (a signal or a crash): later ones change nothing. */
let stopping = false;

function stopOnce(options: CancelOptions, cause: StopCause): void {
  if (stopping) return;
  stopping = true;
  void cancel(options, cause);
}

/**
 * Installs the SIGINT/SIGTERM handlers and the crash handlers (uncaught exceptions and
 * rejections); returns the function that removes them.
 */
export function handleCancellation(options: CancelOptions): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    // GitHub's SIGTERM after its SIGINT finds the first still at work: it changes nothing.
    stopOnce(options, signal);
  };
  const onInt = () => onSignal('SIGINT');
  const onTerm = () => onSignal('SIGTERM');
  const onCrash = (error: unknown) => {
    stopOnce(options, { crash: error });
  };
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  return () => {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
  };
}

/**
 * An error the drill threw instead of reporting (a bug): handled as a crash, as if nothing had
 * caught it. Never returns: the process ends with the report written and nothing left behind.
 */
export function drillCrashed(options: CancelOptions, error: unknown): Promise<never> {
  stopOnce(options, { crash: error });
  return new Promise<never>(() => {});
}

async function cancel(options: CancelOptions, signal: StopCause): Promise<void> {
  const { ctx, state, progress } = options;
  const crashed = typeof signal !== 'string';
  // A crash stops new work as a cancellation does.
  markCancelled(crashed ? 'SIGTERM' : signal);
  const finished = progress.checks.slice();
  const code = crashed ? 1 : (EXIT_CODES[signal] ?? 1);
  const stopped = crashed ? 'crashed' : `cancelled by ${signal}`;
  const exit = (line: string) => {
    removeTempDirsSync();
    options.announce(ctx.secrets.redact(line));
    process.exit(code);
  };
  const hardStop = setTimeout(
    () => exit(`Drill ${stopped}; cleanup did not finish in time (exit ${code}).`),
    HARD_LIMIT_MS,
  );
  const notes: string[] = [];
  const maintenanceWasOn = state.get().maintenanceOn;
  try {
    await stopAllGroups(2_000);
    // What the stopped commands left running on the server (a migration's statement) goes too.
    await runCancelHooks();
    // The restore stage, its tool stopped, may have switched maintenance off already.
    if (state.get().maintenanceOn) {
      const off = await setMaintenance(ctx, false, `restore drill ${crashed ? 'crashed' : 'cancelled'}`);
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
  const what = crashed ? `Drill crashed: ${crashText(signal.crash)}` : `Drill cancelled by ${signal}`;
  exit(`${what} (exit ${code}): ${notes.join('; ')}.`);
}
