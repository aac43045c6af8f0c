// The first words the statement judge (dump/plain/rules.ts) holds a statement back for.
/** Tokens kept with their depth for the rules that read past the first words (privileged.ts). */
export const TAIL_TOKENS = 96;

/** First words of statements that may be skipped: their lines are held back until decided. */
export const SKIP_FIRST = new Set([
  'ALTER',
  'GRANT',
  'REVOKE',
  'SET',
  'RESET',
  'CREATE',
  'DROP',
  'COMMENT',
  'SECURITY',
  'SELECT',
]);
/** First words of statements that may name an object left out (dependents.ts): held to their end while any is. */
export const MAY_DEPEND = new Set(['CREATE', 'ALTER', 'COMMENT', 'SECURITY', 'SELECT', 'COPY']);
export const NOT_KIND = new Set(['OR', 'REPLACE', 'UNLOGGED', 'TEMPORARY', 'TEMP']);
