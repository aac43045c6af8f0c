// Sequences behind their column: after a restore, every serial/identity column's sequence must
// be at or past the column's largest value, or the next insert collides with an existing id.
// One catalog query finds the owned sequences, one generated query reads every column's max
// (pg_catalog.max, in a session whose search_path is pinned: a backup's own `max` is never called).
import type pg from 'pg';

export interface SequenceState {
  table: string;
  column: string;
  sequence: string;
  /** The last value the sequence handed out (or was set to hand out): the next one is this plus its increment. */
  lastValue: number;
  maxValue: number | null;
  /** Compared exactly (bigint), not through floating point. */
  behind: boolean;
}

interface OwnedSequence {
  schema: string;
  table: string;
  column: string;
  sequence: string;
  sequence_schema: string;
  sequence_name: string;
  increment_by: string;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function readSequenceStates(client: pg.Client): Promise<SequenceState[]> {
  // deptype 'a': serial (sequence owned by the column), 'i': identity column.
  const { rows } = await client.query<OwnedSequence>(
    `SELECT n.nspname AS schema, c.relname AS table, a.attname AS column,
            pg_catalog.concat(s.schemaname, '.', s.sequencename) AS sequence, sn.nspname AS sequence_schema, sc.relname AS sequence_name,
            s.increment_by::text AS increment_by
       FROM pg_catalog.pg_depend d
       JOIN pg_catalog.pg_class sc ON sc.oid = d.objid AND sc.relkind = 'S'
       JOIN pg_catalog.pg_namespace sn ON sn.oid = sc.relnamespace
       JOIN pg_catalog.pg_sequences s ON s.schemaname = sn.nspname AND s.sequencename = sc.relname
       JOIN pg_catalog.pg_class c ON c.oid = d.refobjid AND c.relkind IN ('r', 'p')
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.refobjsubid AND NOT a.attisdropped
      WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
        AND d.deptype IN ('a', 'i')
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      ORDER BY 1, 2, 3`,
  );
  // Descending sequences are rare and "behind" means the opposite for them: not judged here.
  const ascending = rows.filter((r) => BigInt(r.increment_by) > 0n);
  if (ascending.length === 0) return [];
  // pg_sequences hides last_value until the sequence is called, but pg_dump restores sequences
  // with setval(..., false) as often as not; the sequence relation itself tells both apart.
  const columns = ascending
    .map((r, i) => {
      const table = `${quoteIdent(r.schema)}.${quoteIdent(r.table)}`;
      const sequence = `${quoteIdent(r.sequence_schema)}.${quoteIdent(r.sequence_name)}`;
      return (
        `(SELECT pg_catalog.max(${quoteIdent(r.column)})::text FROM ${table}) AS m${i}, ` +
        `(SELECT (CASE WHEN is_called THEN last_value ELSE last_value - ${BigInt(r.increment_by)} END)::text FROM ${sequence}) AS s${i}`
      );
    })
    .join(', ');
  const { rows: valueRows } = await client.query<Record<string, string | null>>(`SELECT ${columns}`);
  const values = valueRows[0] ?? {};
  return ascending.map((r, i) => {
    const max = values[`m${i}`] ?? null;
    const last = BigInt(values[`s${i}`] ?? '0');
    return {
      table: `${r.schema}.${r.table}`,
      column: r.column,
      sequence: r.sequence,
      lastValue: Number(last),
      maxValue: max === null ? null : Number(max),
      behind: max !== null && last < BigInt(max),
    };
  });
}
