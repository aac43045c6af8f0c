// The drill database's SQL, for restore/drill-database.ts: creating it marked, dropping it, and
// listing what a pre-provisioned one already holds.
import type pg from 'pg';
import { DRILL_MARKER } from './drill-mark.js';
import { markText, ROLE_MARKER, type RunIdentity } from './drill-role.js';
import { type ServerVersion, serverVersionFrom } from './versions-check.js';
import { connectWhenReady, type WaitOptions } from './wait-for-postgres.js';

/**
 * Creates the database and marks it; returns its oid (kept in the state: this run's own cleanup
 * checks it). `onSent` hears when CREATE DATABASE has gone to the server.
 */
export async function createMarked(
  client: pg.Client,
  name: string,
  run: RunIdentity,
  owner: string | null,
  onSent?: () => void,
): Promise<number> {
  const ident = client.escapeIdentifier(name);
  // template0: a clean database, as pg_dump's documentation recommends for restores.
  const creating = client.query(
    `CREATE DATABASE ${ident} TEMPLATE template0${owner ? ` OWNER ${client.escapeIdentifier(owner)}` : ''}`,
  );
  onSent?.();
  await creating;
  const { rows } = await client.query<{ oid: string }>(
    'SELECT oid::int8::text AS oid FROM pg_catalog.pg_database WHERE datname = $1',
    [name],
  );
  const oid = Number(rows[0]?.oid);
  // For people reading \l+; the mark that counts is the drill role's (drill-mark.ts).
  await client.query(
    `COMMENT ON DATABASE ${ident} IS ${client.escapeLiteral(markText(DRILL_MARKER, run, new Date(), oid))}`,
  );
  if (owner) {
    await client.query(
      `COMMENT ON ROLE ${client.escapeIdentifier(owner)} IS ${client.escapeLiteral(markText(ROLE_MARKER, run, new Date(), oid))}`,
    );
  }
  return oid;
}

export async function dropDatabase(client: pg.Client, name: string): Promise<void> {
  const ident = client.escapeIdentifier(name);
  const { rows } = await client.query<{ v: number }>(
    `SELECT pg_catalog.current_setting('server_version_num')::int AS v`,
  );
  if ((rows[0]?.v ?? 0) >= 130000) {
    await client.query(`DROP DATABASE IF EXISTS ${ident} WITH (FORCE)`);
    return;
  }
  // Before Postgres 13 there is no FORCE: end the other sessions first.
  await client.query(
    `SELECT pg_catalog.pg_terminate_backend(pid) FROM pg_catalog.pg_stat_activity
      WHERE datname = $1 AND pid OPERATOR(pg_catalog.<>) pg_catalog.pg_backend_pid()`,
    [name],
  );
  await client.query(`DROP DATABASE IF EXISTS ${ident}`);
}

/** Relations in user schemas, tables first: a database holding any is somebody's data. */
export async function userRelations(
  url: string,
  options: WaitOptions,
): Promise<{ tables: string[]; others: string[] }> {
  const client = await connectWhenReady(url, options);
  try {
    const { rows } = await client.query<{ name: string; is_table: boolean }>(
      // This session is the admin's in a database that may hold the backup's operators: every
      // operator and function is pg_catalog's by name (and the search_path is pinned too).
      `SELECT pg_catalog.concat(n.nspname, '.', c.relname) AS name, c.relkind OPERATOR(pg_catalog.=) ANY (ARRAY['r', 'p', 'f', 'm']::pg_catalog."char"[]) AS is_table
         FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
        WHERE c.relkind OPERATOR(pg_catalog.=) ANY (ARRAY['r', 'p', 'v', 'm', 'f', 'S']::pg_catalog."char"[])
          AND NOT (n.nspname::pg_catalog.text OPERATOR(pg_catalog.=) ANY (ARRAY['pg_catalog', 'information_schema']))
          AND NOT pg_catalog.starts_with(n.nspname::pg_catalog.text, 'pg_toast')
          AND NOT pg_catalog.starts_with(n.nspname::pg_catalog.text, 'pg_temp')
        ORDER BY 1`,
    );
    return {
      tables: rows.filter((r) => r.is_table).map((r) => r.name),
      others: rows.filter((r) => !r.is_table).map((r) => r.name),
    };
  } finally {
    await client.end();
  }
}

export function listed(names: string[]): string {
  return names.slice(0, 5).join(', ') + (names.length > 5 ? ', …' : '');
}

/**
 * The server's version and roles, read on the admin's session in one round trip, and the
 * extensions any role that may create in a database may create itself: trusted (or not limited
 * to superusers), needing no other extension, in the schema the dump names (none fixed by their
 * control file, as plpgsql's pg_catalog is: a new database has those already).
 */
export async function serverFacts(
  client: pg.Client,
): Promise<{ roles: Set<string>; server: ServerVersion; creatable: Set<string> }> {
  const { rows } = await client.query<{ v: string; n: string; roles: string[]; creatable: string[] }>(
    `SELECT pg_catalog.current_setting('server_version') AS v,
            pg_catalog.current_setting('server_version_num') AS n,
            ARRAY(SELECT rolname::pg_catalog.text FROM pg_catalog.pg_roles) AS roles,
            ARRAY(SELECT a.name::pg_catalog.text
                    FROM pg_catalog.pg_available_extensions a
                    JOIN pg_catalog.pg_available_extension_versions v
                      ON v.name OPERATOR(pg_catalog.=) a.name AND v.version OPERATOR(pg_catalog.=) a.default_version
                   WHERE (v.trusted OR NOT v.superuser) AND v.requires IS NULL AND v.schema IS NULL) AS creatable`,
  );
  const row = rows[0];
  return {
    roles: new Set(row?.roles ?? []),
    server: serverVersionFrom(row?.v ?? '', Number(row?.n)),
    creatable: new Set(row?.creatable ?? []),
  };
}
