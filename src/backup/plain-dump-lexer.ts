// Reads a plain SQL dump the way psql will, line by line, so that what psql would run can be
// judged before it runs: statement boundaries (quotes, E'' strings, dollar quotes, nested
// comments, parentheses and psql's BEGIN ... END counting for SQL-standard function bodies), psql
// meta-commands (a backslash anywhere outside quotes), psql variable references, and COPY data
// (passed over a line at a time, byte-level). Where psql and the server could read the bytes two
// ways (a backslash before a quote under either standard_conforming_strings, a string continued
// on the next line, a number run into `$`, a NUL byte) the dump is refused rather than guessed
// at. What each statement and meta-command means is judged in plain-dump-rules.ts.
import { sanitizeName } from '../util/sanitize.js';
import { StatementJudge } from './plain-dump-rules.js';

/** What to do with a line: send it, keep it back (its statement may be skipped), skip it, or stop. */
export const PASS = 0;
export const HOLD = 1;
export const SKIP = 2;
export const REFUSE = 3;
export type LineAction = typeof PASS | typeof HOLD | typeof SKIP | typeof REFUSE;

export interface Refusal {
  line: number;
  what: string;
}

const NL = 0x0a;
const CR = 0x0d;
const QUOTE = 0x27;
const DQUOTE = 0x22;
const BACKSLASH = 0x5c;
const DOLLAR = 0x24;

enum State {
  Initial,
  Comment,
  Ident,
  Str,
  EscStr,
  BitStr,
  Dollar,
}

const isIdentStart = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c >= 0x80;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isIdentCont = (c: number) => isIdentStart(c) || isDigit(c) || c === DOLLAR;
const isVarChar = (c: number) => isIdentStart(c) || isDigit(c);
const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === NL || c === CR || c === 0x0c;

/** Variables psql itself defines (any version): a reference to one would put text the check never saw into the SQL. */
const PSQL_VARIABLES = new Set(
  'AUTOCOMMIT COMP_KEYWORD_CASE DBNAME ECHO ECHO_HIDDEN ENCODING ERROR FETCH_COUNT HIDE_TABLEAM HIDE_TOAST_COMPRESSION HISTCONTROL HISTFILE HISTSIZE HOST IGNOREEOF LASTOID LAST_ERROR_MESSAGE LAST_ERROR_SQLSTATE ON_ERROR_ROLLBACK ON_ERROR_STOP PORT PROMPT1 PROMPT2 PROMPT3 QUIET ROW_COUNT SERVER_VERSION_NAME SERVER_VERSION_NUM SERVICE SHELL_ERROR SHELL_EXIT_CODE SHOW_ALL_RESULTS SHOW_CONTEXT SINGLELINE SINGLESTEP SQLSTATE USER VERBOSITY VERSION VERSION_NAME VERSION_NUM WATCH_INTERVAL PIPELINE_SYNC_COUNT PIPELINE_COMMAND_COUNT PIPELINE_RESULT_COUNT'.split(
    ' ',
  ),
);
/** The longest quoted name or string kept for the rules (longer ones are cut: they are never a keyword). */
const KEEP = 200;

export class PlainDumpLexer {
  /** 1-based number of the line being read. */
  lineNumber = 0;
  inCopy = false;
  /** The line last handed out was COPY data. */
  copyLine = false;
  refusal: Refusal | null = null;
  /** Why the last SKIP line was skipped. */
  skipWhy = '';
  private state = State.Initial;
  private commentDepth = 0;
  private dollarTag = '';
  /** psql's own counters: a `;` ends what psql sends only at depth 0 outside BEGIN ... END. */
  private parenDepth = 0;
  private beginDepth = 0;
  private identifierCount = 0;
  private identifiers = [0, 0, 0, 0];
  /** Nothing since the last `;` psql sends on (a meta-command then stands alone). */
  private bufferEmpty = true;
  private judge: StatementJudge;
  /** A string just closed: a quote after a newline would continue it. */
  private afterString = false;
  private sawNewlineAfterString = false;
  private token = '';
  private tokenQuoted = false;
  private copyPending = false;
  private hasNul = false;
  private rest: Buffer = Buffer.alloc(0);

  /** `madeSchemas`: schemas made before the restore (see StatementJudge). */
  constructor(madeSchemas: ReadonlySet<string> = new Set()) {
    this.judge = new StatementJudge(madeSchemas);
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
    if (this.afterString) this.sawNewlineAfterString = true;
    const action = this.sql(buf, start, end);
    if (action !== PASS) return action;
    if (this.copyPending) {
      this.copyPending = false;
      this.inCopy = true;
    }
    // A statement that may yet be skipped stands on lines of its own: they wait for its verdict.
    return this.judge.maybeSkip ? HOLD : PASS;
  }

  /** Lexes one line of SQL. */
  private sql(buf: Buffer, start: number, end: number): LineAction {
    let i = start;
    let lineBlank = true; // only whitespace so far on this line
    while (i < end) {
      const c = buf[i] as number;
      switch (this.state) {
        case State.Comment: {
          if (c === 0x2a && buf[i + 1] === 0x2f && i + 1 < end) {
            i += 2;
            if (this.commentDepth === 0) this.state = State.Initial;
            else this.commentDepth -= 1;
          } else if (c === 0x2f && buf[i + 1] === 0x2a && i + 1 < end) {
            this.commentDepth += 1;
            i += 2;
          } else i += 1;
          continue;
        }
        case State.Ident: {
          const q = buf.indexOf(DQUOTE, i);
          const stop = q === -1 || q >= end ? end : q;
          this.keep(buf, i, stop);
          if (stop === end) {
            this.keepNewline();
            i = end;
          } else if (buf[stop + 1] === DQUOTE && stop + 1 < end) {
            this.token += '"';
            i = stop + 2;
          } else {
            this.state = State.Initial;
            i = stop + 1;
            const what = this.addToken(true);
            if (what) return this.refuse(this.judge.startLine, what);
          }
          continue;
        }
        case State.Str:
        case State.BitStr: {
          const q = buf.indexOf(QUOTE, i);
          const stop = q === -1 || q >= end ? end : q;
          this.keep(buf, i, stop);
          if (stop === end) {
            this.keepNewline();
            i = end;
            continue;
          }
          if (this.state === State.Str) {
            // Under standard_conforming_strings off (which SQL in the dump can set) a backslash escapes the quote.
            let run = 0;
            for (let k = stop - 1; k >= i && buf[k] === BACKSLASH; k--) run++;
            if (run % 2 === 1) {
              return this.refuse(
                this.lineNumber,
                'a backslash before a quote in a string literal (its end depends on standard_conforming_strings)',
              );
            }
          }
          if (buf[stop + 1] === QUOTE && stop + 1 < end) {
            this.token += "'";
            i = stop + 2;
            continue;
          }
          i = stop + 1;
          this.closeString();
          const what = this.addToken(true, true);
          if (what) return this.refuse(this.judge.startLine, what);
          continue;
        }
        case State.EscStr: {
          if (c === BACKSLASH) {
            i += 2;
            continue;
          }
          if (c === QUOTE) {
            if (buf[i + 1] === QUOTE && i + 1 < end) {
              i += 2;
              continue;
            }
            i += 1;
            this.closeString();
            this.token = '';
            const what = this.addToken(true, true);
            if (what) return this.refuse(this.judge.startLine, what);
            continue;
          }
          i += 1;
          continue;
        }
        case State.Dollar: {
          const close = buf.indexOf(this.dollarTag, i, 'latin1');
          if (close === -1 || close + this.dollarTag.length > end) {
            i = end;
          } else {
            i = close + this.dollarTag.length;
            this.state = State.Initial;
            const what = this.addToken(false, true);
            if (what) return this.refuse(this.judge.startLine, what);
          }
          continue;
        }
      }
      // State.Initial
      if (isSpace(c)) {
        i += 1;
        continue;
      }
      if (c === 0x2d && buf[i + 1] === 0x2d && i + 1 < end) {
        // `--` runs to the end of the line (psql also ends it at a carriage return).
        const cr = buf.indexOf(CR, i);
        i = cr === -1 || cr >= end ? end : cr + 1;
        continue;
      }
      if (this.afterString) {
        if (c === QUOTE && this.sawNewlineAfterString) {
          return this.refuse(
            this.lineNumber,
            'a string literal continued on the next line (psql and the server read it two ways)',
          );
        }
        this.afterString = false;
      }
      if (c === 0x2f && buf[i + 1] === 0x2a && i + 1 < end) {
        this.state = State.Comment;
        this.commentDepth = 0;
        this.bufferEmpty = false;
        lineBlank = false;
        i += 2;
        continue;
      }
      if (c === BACKSLASH) {
        if (this.bufferEmpty && lineBlank && !this.judge.open) {
          const verdict = this.judge.metaLine(buf.toString('utf8', i, end), describeMeta);
          if (verdict.action !== 'skip')
            return verdict.action === 'refuse'
              ? this.refuse(verdict.line ?? this.lineNumber, verdict.what)
              : this.refuse(this.lineNumber, '');
          // The whole line is the meta-command (its arguments run to the end of the line).
          this.skipWhy = verdict.what;
          return SKIP;
        }
        return this.refuse(this.lineNumber, metaInStatement(buf, i, end));
      }
      if (c === 0x3a) {
        const what = variableReference(buf, i, end);
        if (what) return this.refuse(this.lineNumber, what);
      }
      if (c === 0x3b) {
        lineBlank = false;
        i += 1;
        const terminates = this.parenDepth === 0 && this.beginDepth === 0;
        const verdict = this.judge.finish(terminates);
        if (verdict?.action === 'refuse') return this.refuse(this.judge.startLine, verdict.what);
        if (terminates) {
          this.identifierCount = 0;
          this.bufferEmpty = true;
        }
        if (verdict?.action === 'copy') {
          if (!this.restIsBlank(buf, i, end)) {
            return this.refuse(
              this.lineNumber,
              'more SQL on the line of a COPY ... FROM stdin (psql reads its data from the next line)',
            );
          }
          this.copyPending = true;
          return PASS;
        }
        if (verdict?.action === 'skip') {
          if (!verdict.ownLines || !this.restIsBlank(buf, i, end)) {
            return this.refuse(this.judge.startLine, `${verdict.what} sharing a line or a statement with other SQL`);
          }
          this.skipWhy = verdict.what;
          return SKIP;
        }
        continue;
      }
      if (!this.judge.open) this.judge.begin(this.lineNumber, this.bufferEmpty && lineBlank);
      this.bufferEmpty = false;
      lineBlank = false;
      if (c === 0x3a && buf[i + 1] === 0x3a && i + 1 < end) {
        // `::`, a cast
        this.judge.other(c);
        i += 2;
        continue;
      }
      if (c === 0x28) {
        this.parenDepth += 1;
        this.judge.paren(1);
        i += 1;
        continue;
      }
      if (c === 0x29) {
        if (this.parenDepth > 0) this.parenDepth -= 1;
        this.judge.paren(-1);
        i += 1;
        continue;
      }
      if (c === QUOTE || ((c | 0x20) === 0x65 && buf[i + 1] === QUOTE && i + 1 < end)) {
        this.state = c === QUOTE ? State.Str : State.EscStr;
        this.token = '';
        i += c === QUOTE ? 1 : 2;
        continue;
      }
      if ((c | 0x20) === 0x6e && buf[i + 1] === QUOTE && i + 1 < end) {
        // N'...': psql reads the N apart (not a name) and the rest as a plain string.
        this.state = State.Str;
        this.token = '';
        i += 2;
        continue;
      }
      if (((c | 0x20) === 0x62 || (c | 0x20) === 0x78) && buf[i + 1] === QUOTE && i + 1 < end) {
        this.state = State.BitStr;
        this.token = '';
        i += 2;
        continue;
      }
      if ((c | 0x20) === 0x75 && buf[i + 1] === 0x26 && i + 1 < end) {
        return this.refuse(this.lineNumber, 'a U& (Unicode escape) literal or name, which pg_dump does not write');
      }
      if (c === DQUOTE) {
        this.state = State.Ident;
        this.token = '';
        i += 1;
        continue;
      }
      if (c === DOLLAR) {
        const next = buf[i + 1] ?? -1;
        if (isDigit(next)) {
          i += 2;
          while (i < end && isDigit(buf[i] as number)) i++;
          continue;
        }
        let j = i + 1;
        while (j < end && isVarChar(buf[j] as number)) j++;
        if (buf[j] === DOLLAR && j < end && (j === i + 1 || isIdentStart(buf[i + 1] as number))) {
          this.dollarTag = buf.toString('latin1', i, j + 1);
          this.state = State.Dollar;
          i = j + 1;
          continue;
        }
        i += 1;
        continue;
      }
      if (isIdentStart(c)) {
        let j = i + 1;
        while (j < end && isIdentCont(buf[j] as number)) j++;
        this.token = buf.toString('utf8', i, j);
        this.tokenQuoted = false;
        this.psqlIdentifier(this.token);
        const what = this.addToken(false);
        if (what) return this.refuse(this.judge.startLine, what);
        i = j;
        continue;
      }
      if (isDigit(c) || (c === 0x2e && isDigit(buf[i + 1] ?? -1))) {
        let j = i + 1;
        while (j < end && (isDigit(buf[j] as number) || buf[j] === 0x2e)) j++;
        if (
          (buf[j] === 0x65 || buf[j] === 0x45) &&
          (isDigit(buf[j + 1] ?? -1) || ((buf[j + 1] === 0x2b || buf[j + 1] === 0x2d) && isDigit(buf[j + 2] ?? -1)))
        ) {
          j += 2;
          while (j < end && isDigit(buf[j] as number)) j++;
        }
        if (j < end && isIdentCont(buf[j] as number)) {
          return this.refuse(this.lineNumber, 'a number run into a name or `$` (psql versions read it differently)');
        }
        this.judge.other();
        i = j;
        continue;
      }
      this.judge.other(c);
      i += 1;
    }
    return PASS;
  }

  private keep(buf: Buffer, from: number, to: number): void {
    if (this.token.length < KEEP) this.token += buf.toString('utf8', from, Math.min(to, from + KEEP));
  }

  private keepNewline(): void {
    if (this.token.length < KEEP) this.token += '\n';
  }

  private closeString(): void {
    this.state = State.Initial;
    this.afterString = true;
    this.sawNewlineAfterString = false;
  }

  private addToken(quoted: boolean, literal = false): string | null {
    return this.judge.token(this.token, quoted || this.tokenQuoted, literal);
  }

  /** psql's heuristic for CREATE [OR REPLACE] FUNCTION|PROCEDURE ... BEGIN ATOMIC ... END. */
  private psqlIdentifier(word: string): void {
    if (this.identifierCount === 0) this.identifiers = [0, 0, 0, 0];
    const lower = word.toLowerCase();
    if (['create', 'function', 'procedure', 'or', 'replace'].includes(lower) && this.identifierCount < 4) {
      this.identifiers[this.identifierCount] = lower.charCodeAt(0);
    }
    this.identifierCount += 1;
    const [a, b, c, d] = this.identifiers;
    const f = 0x66;
    const p = 0x70;
    if (
      a === 0x63 &&
      (b === f || b === p || (b === 0x6f && c === 0x72 && (d === f || d === p))) &&
      this.parenDepth === 0
    ) {
      if (lower === 'begin') this.beginDepth += 1;
      else if (lower === 'case') {
        if (this.beginDepth >= 1) this.beginDepth += 1;
      } else if (lower === 'end' && this.beginDepth > 0) this.beginDepth -= 1;
    }
  }

  /** Only whitespace or a `--` comment from `from` to the end of the line. */
  private restIsBlank(buf: Buffer, from: number, end: number): boolean {
    for (let i = from; i < end; i++) {
      const c = buf[i] as number;
      if (isSpace(c)) continue;
      if (c !== 0x2d || buf[i + 1] !== 0x2d || i + 1 >= end) return false;
      // A `--` comment ends at a carriage return, and what follows it would be SQL.
      const cr = buf.indexOf(CR, i);
      return cr === -1 || cr >= end - 1;
    }
    return true;
  }
}

const META_WORDS: Record<string, string> = {
  '!': 'runs a shell command on the runner',
  o: 'writes query output to a file or a command on the runner',
  out: 'writes query output to a file or a command on the runner',
  w: 'writes the query to a file or a command on the runner',
  write: 'writes the query to a file or a command on the runner',
  g: 'can pipe query output to a command on the runner',
  gx: 'can pipe query output to a command on the runner',
  gexec: 'runs query output as SQL the check never saw',
  gset: 'sets psql variables from query output',
  copy: 'reads or writes files (or runs a program) on the runner',
  setenv: 'sets an environment variable of psql',
  i: 'runs another file',
  include: 'runs another file',
  ir: 'runs another file',
  include_relative: 'runs another file',
  c: 'connects to another database',
  connect: 'connects to another database',
  set: 'sets a psql variable',
  lo_import: 'reads a file on the runner',
  lo_export: 'writes a file on the runner',
  cd: 'changes psql’s working folder',
  s: 'writes psql’s history to a file',
  e: 'starts an editor',
  edit: 'starts an editor',
};

/** A meta-command named by what it does: `\! (runs a shell command on the runner)`. */
export function describeMeta(text: string): string {
  const m = /^\\([A-Za-z_]+|.)/.exec(text);
  const name = m?.[1] ?? '';
  const does = META_WORDS[name] ?? META_WORDS[name.toLowerCase()];
  return `the psql meta-command \\${name}${does ? ` (${does})` : ''}, which pg_dump does not write`;
}

function metaInStatement(buf: Buffer, i: number, end: number): string {
  const text = buf.toString('utf8', i, Math.min(end, i + 40));
  if (text.startsWith('\\;') || text.startsWith('\\:'))
    return `psql's ${text.slice(0, 2)} (joins statements the check would read apart), which pg_dump does not write`;
  return describeMeta(text);
}

/** `:name`, `:'name'`, `:"name"`, `:{?name}` outside quotes: psql would replace them with text the check never saw. */
function variableReference(buf: Buffer, i: number, end: number): string | null {
  const next = buf[i + 1];
  if (next === 0x3a || next === undefined || i + 1 >= end) return null; // `::` is a cast
  if (next === QUOTE || next === DQUOTE || (next === 0x7b && buf[i + 2] === 0x3f)) {
    let j = i + (next === 0x7b ? 3 : 2);
    const from = j;
    while (j < end && isVarChar(buf[j] as number)) j++;
    const close = next === 0x7b ? 0x7d : next;
    if (j > from && buf[j] === close && j < end) {
      return `the psql variable reference ${buf.toString('utf8', i, j + 1)}, which pg_dump does not write`;
    }
    return null;
  }
  let j = i + 1;
  while (j < end && isVarChar(buf[j] as number)) j++;
  const name = buf.toString('utf8', i + 1, j);
  return PSQL_VARIABLES.has(name) ? `the psql variable reference :${name}, which pg_dump does not write` : null;
}
