// The handlers of cancellation and crashes (cancel.ts says what a stop does), installed first
// thing: small, so they are in place before the engine has loaded; what a stop runs is loaded
// when one comes.

import type { DrillContext } from '../model/context.js';
import { markCancelled } from '../util/cancel-state.js';
import type { StateStore } from '../util/state.js';
import type { DrillProgress } from './progress.js';

/** Why a drill stopped early: a signal, or a crash (an error nothing caught). */
export type StopCause = NodeJS.Signals | { crash: unknown };

export interface CancelOptions {
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
  // New work stops at once, while the code of the stop loads.
  markCancelled(typeof cause === 'string' ? cause : 'SIGTERM');
  import('./cancel.js').then(
    ({ stopDrill }) => stopDrill(options, cause),
    (error: unknown) => {
      options.announce(`Drill stopped, but its cleanup could not load: ${String(error)}`);
      process.exit(1);
    },
  );
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
