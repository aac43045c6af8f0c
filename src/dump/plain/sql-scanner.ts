// Lexes the SQL lines of a plain dump (not its COPY data) the way psql does: where a statement
// ends (a `;` outside quotes and parentheses, and outside BEGIN ... END by psql's counting for
// SQL-standard function bodies), psql meta-commands (a backslash anywhere outside quotes), psql
// variable references, and the names, keywords and literals the statement judge reads
// (rules.ts). Quotes, comments and dollar quotes are lexed by QuoteScanner
// (quote-scanner.ts), which this extends. Where psql and the server could read the
// bytes two ways (a string continued on the next line, a number run into `$`) the dump is
// refused rather than guessed at.
import {
  BACKSLASH,
  CR,
  DOLLAR,
  DQUOTE,
  indexWithin,
  isDigit,
  isIdentCont,
  isIdentStart,
  isSpace,
  isVarChar,
  QUOTE,
} from './chars.js';
import { type LineAction, PASS, REFUSE, SKIP } from './line-action.js';
import { describeMeta, metaInStatement, variableReference } from './meta.js';
import { QuoteScanner, REFUSED, State } from './quote-scanner.js';

export class SqlScanner extends QuoteScanner {
  /** Why the last SKIP line was skipped. */
  skipWhy = '';
  /** psql's own counters: a `;` ends what psql sends only at depth 0 outside BEGIN ... END. */
  private parenDepth = 0;
  private beginDepth = 0;
  private identifierCount = 0;
  private identifiers = [0, 0, 0, 0];
  /** Nothing since the last `;` psql sends on (a meta-command then stands alone). */
  private bufferEmpty = true;
  private copyPending = false;

  /** A COPY ... FROM stdin ended on the line just lexed: its data starts on the next line. */
  takeCopyStart(): boolean {
    const pending = this.copyPending;
    this.copyPending = false;
    return pending;
  }

  /** Lexes one line of SQL, the `lineNumber`th of the dump. */
  line(buf: Buffer, start: number, end: number, lineNumber: number): LineAction {
    this.lineNumber = lineNumber;
    if (this.afterString) this.sawNewlineAfterString = true;
    let i = start;
    let lineBlank = true; // only whitespace so far on this line
    while (i < end) {
      if (this.state !== State.Initial) {
        i = this.quoted(buf, i, end);
        if (i === REFUSED) return REFUSE;
        continue;
      }
      const c = buf[i] as number;
      // State.Initial: outside quotes and comments
      if (isSpace(c)) {
        i += 1;
        continue;
      }
      if (c === 0x2d && buf[i + 1] === 0x2d && i + 1 < end) {
        // `--` runs to the end of the line (psql also ends it at a carriage return).
        const cr = indexWithin(buf, CR, i, end);
        i = cr === -1 ? end : cr + 1;
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
          // A left-out table's COPY: its data lines are skipped with it (lexer.ts).
          if (verdict.copyData) this.copyPending = true;
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
      const cr = indexWithin(buf, CR, i, end);
      return cr === -1 || cr >= end - 1;
    }
    return true;
  }
}
