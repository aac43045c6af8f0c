// What the plain dump lexer (lexer.ts) says of each line it reads.

/** What to do with a line: send it, keep it back (its statement may be skipped), skip it, or stop. */
export const PASS = 0;
export const HOLD = 1;
export const SKIP = 2;
export const REFUSE = 3;
export type LineAction = typeof PASS | typeof HOLD | typeof SKIP | typeof REFUSE;
