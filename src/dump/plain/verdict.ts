// What the statement judge (rules.ts) reads of a plain dump's statements, and what it
// says of one.

export type Verdict =
  | { action: 'pass' }
  | { action: 'copy' }
  | { action: 'skip'; what: string; ownLines: boolean; leftOut?: LeftOutStatement; copyData?: boolean }
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

/** A statement left out that the dump meant to run: named in the report. */
export interface LeftOutStatement {
  what: string;
  why: string;
  /** A table's, sequence's or materialized view's content is among it. */
  data?: boolean;
}

/** Left out and named in the report. */
export const leaveOut = (what: string, why: string): Verdict => ({
  action: 'skip',
  what: `${what}: ${why}`,
  ownLines: false,
  leftOut: { what, why },
});

/** What the restore knows when a plain dump streams into it (nothing, when it is only verified). */
export interface RestoreFacts {
  /** Schemas made before the restore, for the extensions in them: the dump's CREATE SCHEMA of one is skipped. */
  madeSchemas: ReadonlySet<string>;
  /** Extensions not created (not trusted, not allowed), each with why: their CREATE EXTENSION is left out. */
  skippedExtensions: ReadonlyMap<string, string>;
  /** The server's roles: a policy naming another is left out (null: not known). */
  roles: ReadonlySet<string> | null;
  /** The restore runs as the drill role: what only a superuser may do is left out. */
  privileged: boolean;
  /** Settings the target server does not have (transaction_timeout before 17): their SET is skipped. */
  unknownSettings?: ReadonlySet<string>;
  /**
   * The schemas of the extensions left out (schema → extensions) and what they held before the
   * restore (`schema\u0000name`): a statement naming another object there depends on them.
   */
  extensionObjects?: { schemas: ReadonlyMap<string, readonly string[]>; existing: ReadonlySet<string> };
}

export const NO_FACTS: RestoreFacts = {
  madeSchemas: new Set(),
  skippedExtensions: new Map(),
  roles: null,
  privileged: false,
};
