// What the statement judge (plain-dump-rules.ts) reads of a plain dump's statements, and what it
// says of one.

export type Verdict =
  | { action: 'pass' }
  | { action: 'copy' }
  | { action: 'skip'; what: string; ownLines: boolean }
  | { action: 'refuse'; what: string; line?: number };

export interface Token {
  /** Upper-cased text (names and keywords); null for string literals. */
  upper: string | null;
  /** A name's value as the server reads it (unquoted names folded to lower case); a literal's text. */
  value: string;
  literal: boolean;
  quoted: boolean;
}

export const pass: Verdict = { action: 'pass' };
export const refuse = (what: string): Verdict => ({ action: 'refuse', what });
/** Skipped: `ownLines` is settled when the statement ends (StatementJudge.finish). */
export const skip = (what: string): Verdict => ({ action: 'skip', what, ownLines: false });
