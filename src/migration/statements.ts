// The slowest statements of migration-command. From pg_stat_statements when the server has it
// loaded and the extension is created (in the database-url database, or by the drill in the drill
// database): the growth of each statement's calls and time while the command ran, never a reset.
// Otherwise from the observer's samples of pg_stat_activity (statements that ran at least about one
// sampling interval). Either way with every literal removed.
import type pg from 'pg';
import type { MigrationStatement } from '../model/migration-types.js';
import type { SeenStatement } from './lock-observer.js';
import { redactSql } from './sql-redact.js';

const SHOWN = 10;

export interface StatementTotals {
  /** The connection the extension was found on. */
  client: pg.Client;
  schema: string;
  role: string;
  rows: Map<string, { calls: number; ms: number; query: string }>;
}

/** The extension's schema when pg_stat_statements is created on this connection's database (and loaded). */
async function extensionSchema(client: pg.Client): Promise<string | null> {
  // The function must be the extension's own member: nothing the backup made answers in its place.
  const { rows } = await client.query<{ schema: string }>(
    `SELECT pg_catalog.quote_ident(n.nspname) AS schema
       FROM pg_catalog.pg_extension e
       JOIN pg_catalog.pg_depend d ON d.refobjid OPERATOR(pg_catalog.=) e.oid AND d.deptype OPERATOR(pg_catalog.=) 'e'
            AND d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
       JOIN pg_catalog.pg_proc p ON p.oid OPERATOR(pg_catalog.=) d.objid AND p.proname OPERATOR(pg_catalog.=) 'pg_stat_statements'
       JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) p.pronamespace
      WHERE e.extname OPERATOR(pg_catalog.=) 'pg_stat_statements'
        AND p.proargtypes::pg_catalog.text OPERATOR(pg_catalog.=) 'pg_catalog.bool'::pg_catalog.regtype::pg_catalog.oid::pg_catalog.text
      LIMIT 1`,
  );
  return rows[0]?.schema ?? null;
}

async function readTotals(
  client: pg.Client,
  schema: string,
  databaseOid: number,
  role: string,
): Promise<Map<string, { calls: number; ms: number; query: string }>> {
  const { rows } = await client.query<{ id: string; calls: string; ms: number; query: string | null }>(
    `SELECT s.userid::pg_catalog.text OPERATOR(pg_catalog.||) ':' OPERATOR(pg_catalog.||) s.queryid::pg_catalog.text AS id,
            s.calls::pg_catalog.int8 AS calls, s.total_exec_time::pg_catalog.float8 AS ms, s.query
       FROM ${schema}.pg_stat_statements(true) s
      WHERE s.dbid OPERATOR(pg_catalog.=) $1::pg_catalog.oid
        AND s.userid OPERATOR(pg_catalog.=) (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) $2)`,
    [databaseOid, role],
  );
  return new Map(rows.map((r) => [r.id, { calls: Number(r.calls), ms: r.ms, query: r.query ?? '' }]));
}

/** pg_stat_statements' totals of `role` (the command's) before the command, or null when the server does not let them be seen. */
export async function statementTotals(
  clients: pg.Client[],
  databaseOid: number,
  role: string,
): Promise<StatementTotals | null> {
  for (const client of clients) {
    try {
      const schema = await extensionSchema(client);
      if (schema === null) continue;
      return { client, schema, role, rows: await readTotals(client, schema, databaseOid, role) };
    } catch {
      // Created but not loaded (shared_preload_libraries), or not readable by this role: the next.
    }
  }
  return null;
}

/** What the command added to pg_stat_statements, slowest first. */
export async function statementsSince(before: StatementTotals, databaseOid: number): Promise<MigrationStatement[]> {
  const after = await readTotals(before.client, before.schema, databaseOid, before.role);
  const grown: MigrationStatement[] = [];
  for (const [id, now] of after) {
    const was = before.rows.get(id);
    const calls = now.calls - (was?.calls ?? 0);
    if (calls <= 0) continue;
    grown.push({ query: redactSql(now.query), durationMs: Math.round(now.ms - (was?.ms ?? 0)), calls });
  }
  return slowest(grown);
}

/** The sampled statements, slowest first. */
export function sampledStatements(seen: SeenStatement[]): MigrationStatement[] {
  return slowest(
    seen.map((s) => ({ query: redactSql(s.query), durationMs: Math.max(0, Math.round(s.end - s.start)), calls: null })),
  );
}

function slowest(list: MigrationStatement[]): MigrationStatement[] {
  return list
    .filter((s) => s.query !== '')
    .sort((a, b) => b.durationMs - a.durationMs)
    .slice(0, SHOWN);
}
