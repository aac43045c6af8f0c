// pg_restore 17 and newer start every connection with `SET transaction_timeout = 0`, which
// servers 13–16 reject. Such a pair restores straight into the database, in parallel, without
// --exit-on-error: each connection's failed SET of a setting the server lacks is recognised by
// pg_restore's own report of it (the error, then `Command was: SET <setting> = 0;`) and ignored,
// and any other error stops pg_restore at once, as --exit-on-error would. A statement of the
// backup that sets such a setting (a function's `SET transaction_timeout = '1s'`) is no bare
// `SET <setting> = 0;`, so it still fails the restore.

// pg_restore's context lines, printed before the error they belong to.
const CONTEXT_RE = /^pg_restore: (while [A-Z ]+:|from TOC entry )/;
const ERROR_RE = /^pg_restore: error: could not execute query: /;
const COMMAND_RE = /^Command was: SET ([a-z_]+) = 0;$/;
const IGNORED_SUMMARY_RE = /^pg_restore: warning: errors ignored on restore: (\d+)$/;

export class IgnoredSettingErrors {
  /** How many connections' SETs failed and were ignored. */
  ignored = 0;
  /** An error that was not such a SET: pg_restore is stopped and the restore fails. */
  otherError = false;
  private held: string[] = [];

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
    const lastHeld = this.held[this.held.length - 1];
    if (lastHeld !== undefined && ERROR_RE.test(lastHeld)) {
      const setting = COMMAND_RE.exec(line)?.[1];
      if (setting !== undefined && this.unknown.has(setting)) {
        this.ignored += 1;
        this.held = [];
        return;
      }
      this.release();
      this.failed();
    }
    if (CONTEXT_RE.test(line) || ERROR_RE.test(line)) {
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
    if (this.held.some((l) => ERROR_RE.test(l))) this.failed();
    this.release();
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
