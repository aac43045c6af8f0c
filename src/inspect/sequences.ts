// Sequences behind their column: after a restore, every serial/identity column's sequence must
// be at or past the column's largest value, or the next insert collides with an existing id.
// One catalog query finds the owned sequences, then one statement per column reads its max on
// the next free connection of the inspection's (pg_catalog.max, in a session whose search_path is
// pinned: a backup's own `max` is never called).
import type pg from 'pg';

interface SequenceState {
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
  table_bytes: string;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Runs a task on a connection of the inspection's; a higher weight goes first. */
export type RunOnConnection = <T>(task: (client: pg.Client) => Promise<T>, weight: number) => Promise<T>;

export async function readSequenceStates(run: RunOnConnection): Promise<SequenceState[]> {
  // deptype 'a': serial (sequence owned by the column), 'i': identity column.
  const { rows } = await run(
    (client) =>
      client.query<OwnedSequence>(
        `SELECT n.nspname AS schema, c.relname AS table, a.attname AS column,
            pg_catalog.concat(s.schemaname, '.', s.sequencename) AS sequence, sn.nspname AS sequence_schema, sc.relname AS sequence_name,
            s.increment_by::text AS increment_by, pg_catalog.pg_relation_size(c.oid)::text AS table_bytes
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
      ),
    Number.POSITIVE_INFINITY,
  );
  // Descending sequences are rare and "behind" means the opposite for them: not judged here.
  const ascending = rows.filter((r) => BigInt(r.increment_by) > 0n);
  // pg_sequences hides last_value until the sequence is called, but pg_dump restores sequences
  // with setval(..., false) as often as not; the sequence relation itself tells both apart.
  // One statement per column, each on the next free connection, largest table first.
  const values = await Promise.all(
    ascending.map((r) => {
      const table = `${quoteIdent(r.schema)}.${quoteIdent(r.table)}`;
      const sequence = `${quoteIdent(r.sequence_schema)}.${quoteIdent(r.sequence_name)}`;
      return run(async (client) => {
        const { rows: v } = await client.query<{ m: string | null; s: string | null }>(
          `SELECT (SELECT pg_catalog.max(${quoteIdent(r.column)})::text FROM ${table}) AS m,
                  (SELECT (CASE WHEN is_called THEN last_value ELSE last_value - ${BigInt(r.increment_by)} END)::text FROM ${sequence}) AS s`,
        );
        return v[0] ?? { m: null, s: null };
      }, Number(r.table_bytes));
    }),
  );
  return ascending.map((r, i) => {
    const max = values[i]?.m ?? null;
    const last = BigInt(values[i]?.s ?? '0');
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
