// pg_restore 17 and newer start every connection with `SET transaction_timeout = 0`, which
// servers 13–16 reject. Such a pair restores straight into the database, in parallel, without
// --exit-on-error: each connection's failed SET of a setting the server lacks is recognised by
// pg_restore's own report of it (the error, then `Command was: SET <setting> = 0;`) and ignored,
// and any other error stops pg_restore at once, as --exit-on-error would. A statement of the
// backup that sets such a setting (a function's `SET transaction_timeout = '1s'`) is no bare
// `SET <setting> = 0;`, so it still fails the restore.

import { restoreMessage } from './pg-restore-lines.js';

// Two connections' failed SETs interleave on a busy machine (pg-restore-lines.ts):
// `pg_restore: error: pg_restore:could not execute query: …` then ` error: could not execute query: …`,
// then both `Command was:` lines (seen here, 1 restore in 25 under load). Each line is read by its
// message, and the failed SETs are matched to their commands by count, not by adjacency.

// pg_restore's context lines, printed before the error they belong to.
const CONTEXT_RE = /^(while [A-Z ]+:|from TOC entry )/;
const UNKNOWN_SETTING_RE = /^could not execute query: ERROR:\s+unrecognized configuration parameter "([a-z_]+)"$/;
const COMMAND_RE = /^Command was: SET ([a-z_]+) = 0;$/;
const IGNORED_SUMMARY_RE = /^pg_restore: warning: errors ignored on restore: (\d+)$/;

export class IgnoredSettingErrors {
  /** How many connections' SETs failed and were ignored. */
  ignored = 0;
  /** An error that was not such a SET: pg_restore is stopped and the restore fails. */
  otherError = false;
  private held: string[] = [];
  /** The settings of failed SETs whose `Command was:` has not come yet. */
  private pending: string[] = [];

  /**
   * @param unknown the settings the server lacks
   * @param forward where every other line goes (ToolOutput)
   * @param stop called once, at the first error that is not a failed SET of such a setting
   */
  constructor(
    private readonly unknown: ReadonlySet<string>,
    private readonly forward: (line: string) => void,
    private readonly stop: () => void,
  ) {}

  addStderrLine(raw: string): void {
    const line = raw.trimEnd();
    const message = restoreMessage(line);
    const failedSet = UNKNOWN_SETTING_RE.exec(message)?.[1];
    if (failedSet !== undefined && this.unknown.has(failedSet)) {
      this.pending.push(failedSet);
      this.held.push(line);
      return;
    }
    if (message.startsWith('Command was:') && this.pending.length > 0) {
      const setting = COMMAND_RE.exec(message)?.[1];
      const at = setting === undefined ? -1 : this.pending.indexOf(setting);
      if (at >= 0) {
        this.pending.splice(at, 1);
        this.ignored += 1;
        this.dropHeldError(setting as string);
        return;
      }
      // The backup's own statement failed on such a setting (a function's SET transaction_timeout).
      this.release();
      this.failed();
      this.forward(line);
      return;
    }
    if (CONTEXT_RE.test(message)) {
      this.held.push(line);
      return;
    }
    const summary = IGNORED_SUMMARY_RE.exec(line);
    // Its count is of the ignored SETs alone when no other error came (then not a warning).
    if (summary && !this.otherError && Number(summary[1]) <= this.ignored) return;
    this.release();
    if (/\berror: /.test(line)) this.failed();
    this.forward(line);
  }

  /** At the tool's end: what is still held goes out (an error with nothing after it is a failure). */
  end(): void {
    if (this.pending.length > 0) this.failed();
    this.release();
  }

  /** A failed SET was ignored: its error line goes, and with the last of them their context lines. */
  private dropHeldError(setting: string): void {
    if (this.pending.length === 0) {
      this.held = [];
      return;
    }
    const at = this.held.findIndex((l) => UNKNOWN_SETTING_RE.exec(restoreMessage(l))?.[1] === setting);
    if (at >= 0) this.held.splice(at, 1);
  }

  private release(): void {
    for (const l of this.held) this.forward(l);
    this.held = [];
  }

  private failed(): void {
    if (this.otherError) return;
    this.otherError = true;
    this.stop();
  }
}
