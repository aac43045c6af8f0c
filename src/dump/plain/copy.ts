// The one COPY a plain dump may hold: pg_dump's `COPY name[.name] [(columns)] FROM stdin;`, whose
// data psql reads from the lines that follow. COPY … PROGRAM and COPY to or from a file on the
// server are refused at once, by name; any other form when the statement ends.
import type { Token } from './verdict.js';

// 0 name expected, 1 after a name, 2 after a dot, 3 in the column list, 4 after it,
// 5 after FROM, 7 after STDIN, 99 not pg_dump's form.
const COMPLETE = 7;
const NOT_PG_DUMP = 99;

export class CopyForm {
  private state = 0;

  reset(): void {
    this.state = 0;
  }

  /** The statement so far is pg_dump's whole COPY … FROM stdin. */
  get complete(): boolean {
    return this.state === COMPLETE;
  }

  /** A name, keyword or literal after COPY (`prev`: the one before it); returns what is refused at once. */
  token(token: Token, prev: Token | undefined): string | null {
    if (prev && (prev.upper === 'TO' || prev.upper === 'FROM')) {
      if (token.upper === 'PROGRAM') return 'COPY … PROGRAM (runs a shell command on the database server)';
      if (token.literal) return 'COPY to or from a file on the database server';
    }
    const word = token.upper;
    switch (this.state) {
      case 0:
      case 2:
        if (token.literal) return this.refused();
        this.state = 1;
        return null;
      case 3:
        return token.literal ? this.refused() : null;
      case 1:
      case 4:
        if (word === 'FROM') {
          this.state = 5;
          return null;
        }
        return this.refused();
      case 5:
        if (word === 'STDIN') {
          this.state = COMPLETE;
          return null;
        }
        return this.refused();
      default:
        return this.refused();
    }
  }

  /** Punctuation: `.`, `(`, `)` (at paren `depth` after it), `,`, or '?' for anything else. */
  step(c: string, depth: number): void {
    if (this.state === 1 && c === '.') this.state = 2;
    else if (this.state === 1 && c === '(') this.state = 3;
    else if (this.state === 3 && (c === ',' || (c === ')' && depth === 0))) {
      if (c === ')') this.state = 4;
    } else this.state = NOT_PG_DUMP;
  }

  /** Not pg_dump's form: refused when the statement ends. */
  private refused(): null {
    this.state = NOT_PG_DUMP;
    return null;
  }
}
