// Cancellation. GitHub cancels a run with SIGINT, then SIGTERM 7.5 s later, then SIGKILL; a
// terminal's Ctrl-C is SIGINT; a supervisor sends SIGTERM. On the first of them the drill stops
// every process group it started (pg_restore and its workers, psql, the commands, the API),
// switches maintenance mode off, writes the report so far with every unfinished check failed
// as cancelled, then either leaves the state for the post step (the action) or drops what it
// made itself (the command line), removes its temporary files and exits 130 (SIGINT) or 143
// (SIGTERM) with one line saying so. A crash (an uncaught exception or rejection: no input should
// cause one, but a bug may) takes the same way out: the report so far with every unfinished check
// failed as crashed, nothing left behind, exit 1. The handlers are cancel-signals.ts, installed
// before this (and the rest of the engine) has loaded.
import { setMaintenance } from '../api/maintenance.js';
import { emptyBackupInfo } from '../backup/phase-parts.js';
import { check, type DrillContext } from '../model/context.js';
import { CHECK_IDS, type CheckResult, type DrillReport } from '../model/types.js';
import { writeReportFiles } from '../report/write-report.js';
import { displaySource } from '../source/locate.js';
import { markCancelled, runCancelHooks } from '../util/cancel-state.js';
import { stopAllGroups } from '../util/process-group.js';
import { removeTempDirsSync } from '../util/temp-files.js';
import type { CancelOptions, StopCause } from './cancel-signals.js';
import { cleanup } from './cleanup.js';
import type { DrillProgress } from './progress.js';
import { assembleReport, finishReport } from './report.js';

const EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };
/** Everything must be done before GitHub's SIGKILL (10 s after its SIGINT). */
const HARD_LIMIT_MS = 8_000;

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

/** Stops the drill for `signal` (cancel-signals.ts calls it once); ends the process. */
export async function stopDrill(options: CancelOptions, signal: StopCause): Promise<void> {
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
