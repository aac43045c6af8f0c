// Deadlines of the drill's phases. Each phase that waits on the restored database (ANALYZE, the
// inspection, the checks-file) or on the backup's bytes (the verification pass) ends by its
// deadline: what it had open is closed, and the phase reports what did not finish as a failed
// check, never a hang.
import { formatDuration } from './format.js';

export class DeadlineExceeded extends Error {
  constructor(what: string, ms: number) {
    super(`${what} did not finish within ${formatDuration(ms)}`);
    this.name = 'DeadlineExceeded';
  }
}

export class Deadline {
  private readonly endsAt: number;

  constructor(
    readonly totalMs: number,
    /** The phase, as a message names it ("the inspection"). */
    readonly what: string,
  ) {
    this.endsAt = Date.now() + totalMs;
  }

  get remainingMs(): number {
    return Math.max(0, this.endsAt - Date.now());
  }

  /** statement_timeout for a session opened now: what is left of the phase (at least 1 ms). */
  get statementTimeoutMs(): number {
    return Math.max(1, this.remainingMs);
  }

  /**
   * `work`, or DeadlineExceeded once the deadline passes first; `onExpire` then closes what the
   * work has open (its connections), so nothing of it goes on.
   */
  race<T>(work: Promise<T>, onExpire?: () => void): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        onExpire?.();
        reject(new DeadlineExceeded(this.what, this.totalMs));
      }, this.remainingMs);
    });
    // The work's own later rejection is not left unhandled once the deadline has won.
    work.catch(() => {});
    return Promise.race([work, expired]).finally(() => clearTimeout(timer));
  }
}

/**
 * How long the work on the restored database (ANALYZE, the inspection, the checks-file, each a
 * phase of its own) may take: twice what the restore took, at least 2 minutes, at most
 * restore-timeout. Reading what the restore wrote takes far less than writing it did; a statement
 * that takes longer is waiting on something the backup planted.
 */
export function postRestoreBudgetMs(restoreDurationMs: number | null, restoreTimeoutMs: number): number {
  const scaled = Math.max(120_000, 2 * (restoreDurationMs ?? 0));
  return Math.min(restoreTimeoutMs, scaled);
}
