// Reads a plain SQL dump the way psql will, line by line, so that what psql would run can be
// judged before it runs: statement boundaries (quotes, E'' strings, dollar quotes, nested
// comments, parentheses and psql's BEGIN ... END counting for SQL-standard function bodies), psql
// meta-commands (a backslash anywhere outside quotes), psql variable references, and COPY data
// (passed over a line at a time, byte-level). Where psql and the server could read the bytes two
// ways (a backslash before a quote under either standard_conforming_strings, a string continued
// on the next line, a number run into `$`, a NUL byte) the dump is refused rather than guessed
// at. The lexer here reads lines: COPY data, NUL bytes, the end of the dump; their SQL is lexed by
// SqlScanner (sql-scanner.ts). What each statement and meta-command means is judged in
// rules.ts.
import { sanitizeName } from '../../util/sanitize.js';
import { BACKSLASH, CR, NL } from './chars.js';
import { HOLD, type LineAction, PASS, REFUSE, SKIP } from './line-action.js';
import { StatementJudge } from './rules.js';
import { SqlScanner } from './sql-scanner.js';
import { type LeftOutStatement, NO_FACTS, type RestoreFacts } from './verdict.js';

export { HOLD, type LineAction, PASS, REFUSE, SKIP } from './line-action.js';

export interface Refusal {
  line: number;
  what: string;
}

/**
 * The longest line of SQL (outside COPY data) read; a longer one is refused. psql and the server
 * take a statement of up to 1 GB, but pg_dump writes long SQL lines only for --inserts rows with
 * huge values; a line this long is far more likely an attempt to exhaust the runner.
 */
const MAX_SQL_LINE_BYTES = 64 * 1024 * 1024;
/** The most held back for one statement that may yet be skipped (owner and privilege statements are short). */
const MAX_HELD_BYTES = MAX_SQL_LINE_BYTES;
/** A COPY data row longer than this is handed out in pieces as it comes: only its first bytes matter. */
const COPY_PIECE_BYTES = 1024 * 1024;
const MIB = 1024 * 1024;

type OnLine = (buf: Buffer, start: number, end: number, action: LineAction) => void;

export class PlainDumpLexer {
  /** 1-based number of the line being read. */
  lineNumber = 0;
  inCopy = false;
  /** The line last handed out was COPY data. */
  copyLine = false;
  /** The piece last handed out continues a COPY data row whose start was handed out before. */
  continued = false;
  refusal: Refusal | null = null;
  private judge: StatementJudge;
  private sql: SqlScanner;
  private hasNul = false;
  /** The start of a line not yet ended, in the chunks it came in: joined once, when it ends (linear). */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** A long COPY data row is being handed out in pieces. */
  private copyRowOpen = false;
  /** The COPY data being read is a left-out table's: its lines are skipped, not passed. */
  private skipCopy = false;
  /** Bytes of the lines held back so far for the statement that may yet be skipped. */
  private heldBytes = 0;

  /** `facts`: what the restore knows (see StatementJudge); a set: only the schemas made for extensions. */
  constructor(facts: RestoreFacts | ReadonlySet<string> = NO_FACTS) {
    this.judge = new StatementJudge(
      facts instanceof Set ? { ...NO_FACTS, madeSchemas: facts } : (facts as RestoreFacts),
    );
    this.sql = new SqlScanner(this.judge, (line, what) => this.refuse(line, what));
  }

  /** What the restore left out that the dump meant to run. */
  get leftOut(): LeftOutStatement[] {
    return this.judge.leftOut;
  }

  /** Why the last SKIP line was skipped. */
  get skipWhy(): string {
    return this.sql.skipWhy;
  }

  /**
   * Feeds a chunk; `onLine` gets each complete line (end excludes the newline, which follows at
   * `end` when present) with what to do with it, and the pieces of a long COPY data row as they
   * come (`continued` is true for all but the first). Stops at the first refusal. Every byte is
   * looked at a bounded number of times, however long its line.
   */
  write(chunk: Buffer, onLine: OnLine): void {
    if (this.refusal) return;
    let start = 0;
    if (this.copyRowOpen) {
      const nl = chunk.indexOf(NL);
      const end = nl === -1 ? chunk.length : nl;
      if (!this.rowPiece(chunk, 0, end, onLine) || nl === -1) return;
      this.copyRowOpen = false;
      start = nl + 1;
    } else if (this.pendingBytes > 0) {
      const nl = chunk.indexOf(NL);
      if (nl === -1) {
        this.keep(chunk, onLine);
        return;
      }
      const line = Buffer.concat([...this.pending, chunk.subarray(0, nl + 1)]);
      this.pending = [];
      this.pendingBytes = 0;
      this.hasNul = line.indexOf(0) !== -1;
      if (!this.handOut(line, 0, line.length - 1, onLine)) return;
      start = nl + 1;
    }
    this.hasNul = chunk.indexOf(0, start) !== -1;
    for (let nl = chunk.indexOf(NL, start); nl !== -1; nl = chunk.indexOf(NL, start)) {
      if (!this.handOut(chunk, start, nl, onLine)) return;
      start = nl + 1;
    }
    if (start < chunk.length) this.keep(start === 0 ? chunk : chunk.subarray(start), onLine);
  }

  end(onLine: OnLine): void {
    if (this.refusal) return;
    if (this.pendingBytes > 0) {
      const last = Buffer.concat(this.pending);
      this.pending = [];
      this.pendingBytes = 0;
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

  /** One whole line: judged and handed out; false once refused. */
  private handOut(buf: Buffer, start: number, end: number, onLine: OnLine): boolean {
    const action = this.line(buf, start, end);
    onLine(buf, start, end, action);
    return action !== REFUSE;
  }

  /** The start of a line not ended in this chunk: kept (SQL, up to its cap) or, for a long COPY row, handed out. */
  private keep(piece: Buffer, onLine: OnLine): void {
    if (!this.inCopy && this.pendingBytes + piece.length > MAX_SQL_LINE_BYTES) {
      this.refuse(
        this.lineNumber + 1,
        `a line of SQL longer than ${MAX_SQL_LINE_BYTES / MIB} MiB (pg_dump writes none so long outside COPY data)`,
      );
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    // Copied: the rest of a large chunk is not kept alive by its tail.
    this.pending.push(Buffer.from(piece));
    this.pendingBytes += piece.length;
    if (!this.inCopy || this.pendingBytes < COPY_PIECE_BYTES) return;
    // A COPY row this long is not the 2 or 3 bytes of `\.`: its start is handed out now, its rest as it comes.
    const head = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    this.hasNul = head.indexOf(0) !== -1;
    const action = this.line(head, 0, head.length);
    onLine(head, 0, head.length, action);
    if (action !== REFUSE) this.copyRowOpen = true;
  }

  /** More of a long COPY row; false once refused. */
  private rowPiece(buf: Buffer, start: number, end: number, onLine: OnLine): boolean {
    const nul = buf.subarray(start, end).indexOf(0);
    if (nul !== -1) {
      this.refuse(this.lineNumber, 'a NUL byte (psql would drop the rest of the line unseen)');
      return false;
    }
    // The rest of a skipped row: its first piece stood for the whole line.
    if (this.skipCopy) return true;
    this.continued = true;
    onLine(buf, start, end, PASS);
    this.continued = false;
    return true;
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
        if (this.skipCopy) {
          this.skipCopy = false;
          return SKIP;
        }
      }
      return this.skipCopy ? SKIP : PASS;
    }
    const action = this.sql.line(buf, start, end, this.lineNumber);
    if (action !== PASS) {
      if (action !== HOLD) this.heldBytes = 0;
      if (action === SKIP && this.sql.takeCopyStart()) {
        this.inCopy = true;
        this.skipCopy = true;
      }
      return action;
    }
    if (this.sql.takeCopyStart()) this.inCopy = true;
    // A statement that may yet be skipped stands on lines of its own: they wait for its verdict.
    if (!this.judge.maybeSkip) {
      this.heldBytes = 0;
      return PASS;
    }
    this.heldBytes += end - start + 1;
    if (this.heldBytes > MAX_HELD_BYTES) {
      return this.refuse(
        this.judge.startLine,
        `a statement of over ${MAX_HELD_BYTES / MIB} MiB that may be an owner or privilege statement (pg_dump writes those short)`,
      );
    }
    return HOLD;
  }
}
