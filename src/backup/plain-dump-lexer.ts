// Reads a plain SQL dump the way psql will, line by line, so that what psql would run can be
// judged before it runs: statement boundaries (quotes, E'' strings, dollar quotes, nested
// comments, parentheses and psql's BEGIN ... END counting for SQL-standard function bodies), psql
// meta-commands (a backslash anywhere outside quotes), psql variable references, and COPY data
// (passed over a line at a time, byte-level). Where psql and the server could read the bytes two
// ways (a backslash before a quote under either standard_conforming_strings, a string continued
// on the next line, a number run into `$`, a NUL byte) the dump is refused rather than guessed
// at. The lexer here reads lines: COPY data, NUL bytes, the end of the dump; their SQL is lexed by
// SqlScanner (plain-dump-sql-scanner.ts). What each statement and meta-command means is judged in
// plain-dump-rules.ts.
import { sanitizeName } from '../util/sanitize.js';
import { BACKSLASH, CR, NL } from './plain-dump-chars.js';
import { HOLD, type LineAction, PASS, REFUSE } from './plain-dump-line-action.js';
import { StatementJudge } from './plain-dump-rules.js';
import { SqlScanner } from './plain-dump-sql-scanner.js';

export { HOLD, type LineAction, PASS, REFUSE, SKIP } from './plain-dump-line-action.js';

export interface Refusal {
  line: number;
  what: string;
}

export class PlainDumpLexer {
  /** 1-based number of the line being read. */
  lineNumber = 0;
  inCopy = false;
  /** The line last handed out was COPY data. */
  copyLine = false;
  refusal: Refusal | null = null;
  private judge: StatementJudge;
  private sql: SqlScanner;
  private hasNul = false;
  private rest: Buffer = Buffer.alloc(0);

  /** `madeSchemas`: schemas made before the restore (see StatementJudge). */
  constructor(madeSchemas: ReadonlySet<string> = new Set()) {
    this.judge = new StatementJudge(madeSchemas);
    this.sql = new SqlScanner(this.judge, (line, what) => this.refuse(line, what));
  }

  /** Why the last SKIP line was skipped. */
  get skipWhy(): string {
    return this.sql.skipWhy;
  }

  /**
   * Feeds a chunk; `onLine` gets each complete line (end excludes the newline, which follows at
   * `end` when present) with what to do with it. Stops at the first refusal.
   */
  write(chunk: Buffer, onLine: (buf: Buffer, start: number, end: number, action: LineAction) => void): void {
    if (this.refusal) return;
    const buf = this.rest.length > 0 ? Buffer.concat([this.rest, chunk]) : chunk;
    this.hasNul = buf.indexOf(0) !== -1;
    let start = 0;
    for (let nl = buf.indexOf(NL); nl !== -1; nl = buf.indexOf(NL, start)) {
      const action = this.line(buf, start, nl);
      onLine(buf, start, nl, action);
      if (action === REFUSE) return;
      start = nl + 1;
    }
    this.rest = Buffer.from(buf.subarray(start));
  }

  end(onLine: (buf: Buffer, start: number, end: number, action: LineAction) => void): void {
    if (this.refusal) return;
    const last = this.rest;
    this.rest = Buffer.alloc(0);
    if (last.length > 0) {
      this.hasNul = last.indexOf(0) !== -1;
      onLine(last, 0, last.length, this.line(last, 0, last.length));
    }
    if (this.refusal || this.inCopy) return;
    // psql sends what is left at the end of its input even without a `;`: judged as a statement.
    const held = this.judge.maybeSkip;
    const verdict = this.judge.finish(false);
    if (verdict?.action === 'refuse') this.refuse(this.judge.startLine, verdict.what);
    else if (held) this.refuse(this.judge.startLine, 'a statement without its `;` at the end of the dump');
    const dangling = this.judge.atEnd();
    if (dangling?.action === 'refuse') this.refuse(dangling.line ?? this.judge.startLine, dangling.what);
  }

  private refuse(line: number, what: string): LineAction {
    // Names from the dump reach the log and the report: no control characters.
    this.refusal ??= { line, what: sanitizeName(what) };
    return REFUSE;
  }

  private line(buf: Buffer, start: number, end: number): LineAction {
    this.lineNumber += 1;
    this.copyLine = this.inCopy;
    if (this.hasNul) {
      for (let i = start; i < end; i++) {
        if (buf[i] === 0)
          return this.refuse(this.lineNumber, 'a NUL byte (psql would drop the rest of the line unseen)');
      }
    }
    if (this.inCopy) {
      // COPY data ends with a line holding only `\.` (psql also takes `\.\r`).
      if (
        buf[start] === BACKSLASH &&
        buf[start + 1] === 0x2e &&
        (end - start === 2 || (end - start === 3 && buf[start + 2] === CR))
      ) {
        this.inCopy = false;
      }
      return PASS;
    }
    const action = this.sql.line(buf, start, end, this.lineNumber);
    if (action !== PASS) return action;
    if (this.sql.takeCopyStart()) this.inCopy = true;
    // A statement that may yet be skipped stands on lines of its own: they wait for its verdict.
    return this.judge.maybeSkip ? HOLD : PASS;
  }
}
