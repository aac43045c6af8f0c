// The inside of what psql reads as one piece of SQL, a line at a time, until it closes: a quoted
// name, a string literal ('', E'', B'' or X''), a dollar quote, a (nested) comment. A backslash
// before a quote in a plain string is refused: where the string ends depends on
// standard_conforming_strings, which SQL in the dump can set. One state machine in two classes:
// SqlScanner (sql-scanner.ts) extends this one with the SQL around them, sharing its
// state.
import { BACKSLASH, DQUOTE, indexWithin, QUOTE } from './chars.js';
import type { LineAction } from './line-action.js';
import type { StatementJudge } from './rules.js';

export enum State {
  Initial,
  Comment,
  Ident,
  Str,
  EscStr,
  BitStr,
  Dollar,
}

/** The longest quoted name or string kept for the rules (longer ones are cut: they are never a keyword). */
const KEEP = 200;
/** Where `quoted` goes on after a refusal: nowhere. */
export const REFUSED = -1;

export class QuoteScanner {
  /** 1-based number of the line being lexed. */
  protected lineNumber = 0;
  protected state = State.Initial;
  protected commentDepth = 0;
  protected dollarTag = '';
  /** A string just closed: a quote after a newline would continue it. */
  protected afterString = false;
  protected sawNewlineAfterString = false;
  protected token = '';
  protected tokenQuoted = false;

  /** `refuse`: records a refusal (the lexer keeps the first) and returns REFUSE. */
  constructor(
    protected readonly judge: StatementJudge,
    protected readonly refuse: (line: number, what: string) => LineAction,
  ) {}

  /**
   * Lexes on from `from` inside a quote, a comment or a dollar quote (not State.Initial); returns
   * where to go on (at most the end of the line), or REFUSED.
   */
  protected quoted(buf: Buffer, from: number, end: number): number {
    let i = from;
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
        return i;
      }
      case State.Ident: {
        const q = indexWithin(buf, DQUOTE, i, end);
        const stop = q === -1 ? end : q;
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
          if (what) return this.refused(this.judge.startLine, what);
        }
        return i;
      }
      case State.Str:
      case State.BitStr: {
        const q = indexWithin(buf, QUOTE, i, end);
        const stop = q === -1 ? end : q;
        this.keep(buf, i, stop);
        if (stop === end) {
          this.keepNewline();
          i = end;
          return i;
        }
        if (this.state === State.Str) {
          // Under standard_conforming_strings off (which SQL in the dump can set) a backslash escapes the quote.
          let run = 0;
          for (let k = stop - 1; k >= i && buf[k] === BACKSLASH; k--) run++;
          if (run % 2 === 1) {
            return this.refused(
              this.lineNumber,
              'a backslash before a quote in a string literal (its end depends on standard_conforming_strings)',
            );
          }
        }
        if (buf[stop + 1] === QUOTE && stop + 1 < end) {
          this.token += "'";
          i = stop + 2;
          return i;
        }
        i = stop + 1;
        this.closeString();
        const what = this.addToken(true, true);
        if (what) return this.refused(this.judge.startLine, what);
        return i;
      }
      case State.EscStr: {
        if (c === BACKSLASH) {
          i += 2;
          return i;
        }
        if (c === QUOTE) {
          if (buf[i + 1] === QUOTE && i + 1 < end) {
            i += 2;
            return i;
          }
          i += 1;
          this.closeString();
          this.token = '';
          const what = this.addToken(true, true);
          if (what) return this.refused(this.judge.startLine, what);
          return i;
        }
        i += 1;
        return i;
      }
      case State.Dollar: {
        const close = indexWithin(buf, this.dollarTag, i, end);
        if (close === -1) {
          i = end;
        } else {
          i = close + this.dollarTag.length;
          this.state = State.Initial;
          const what = this.addToken(false, true);
          if (what) return this.refused(this.judge.startLine, what);
        }
        return i;
      }
    }
    return i;
  }

  private refused(line: number, what: string): number {
    this.refuse(line, what);
    return REFUSED;
  }

  protected keep(buf: Buffer, from: number, to: number): void {
    if (this.token.length < KEEP) this.token += buf.toString('utf8', from, Math.min(to, from + KEEP));
  }

  protected keepNewline(): void {
    if (this.token.length < KEEP) this.token += '\n';
  }

  protected closeString(): void {
    this.state = State.Initial;
    this.afterString = true;
    this.sawNewlineAfterString = false;
  }

  protected addToken(quoted: boolean, literal = false): string | null {
    return this.judge.token(this.token, quoted || this.tokenQuoted, literal);
  }
}
