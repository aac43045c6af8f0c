// How pg_dump writes names in the SQL of a TOC entry, as regular-expression source: a name plain
// (lower case) or double-quoted with its quotes doubled, a schema-qualified one, a column list.
// The keys the drill takes out of pg_restore's list (foreign-keys.ts, unique-keys.ts) must match
// these exactly; anything else stays pg_restore's.

export const IDENT = `(?:[a-z_][a-z0-9_$]*|"(?:[^"]|"")+")`;
export const QNAME = String.raw`${IDENT}\.${IDENT}`;
export const COLUMNS = `${IDENT}(?:, ${IDENT})*`;
