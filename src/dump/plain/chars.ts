// The bytes the plain dump lexer (lexer.ts) tells apart, classed as psql's lexer
// classes them: a name may hold any byte from 0x80 up.

export const NL = 0x0a;
export const CR = 0x0d;
export const QUOTE = 0x27;
export const DQUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const DOLLAR = 0x24;

export const isIdentStart = (c: number) =>
  (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c >= 0x80;
export const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
export const isIdentCont = (c: number) => isIdentStart(c) || isDigit(c) || c === DOLLAR;
export const isVarChar = (c: number) => isIdentStart(c) || isDigit(c);
export const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === NL || c === CR || c === 0x0c;

/**
 * `buf.indexOf(value, from)` looking no further than `end` (a line's end): an unbounded search
 * from every line of a long run of lines would read the rest of the buffer each time.
 */
export function indexWithin(buf: Buffer, value: number | string, from: number, end: number): number {
  if (from >= end) return -1;
  const at =
    typeof value === 'number'
      ? buf.subarray(from, end).indexOf(value)
      : buf.subarray(from, end).indexOf(value, 0, 'latin1');
  return at === -1 ? -1 : from + at;
}
