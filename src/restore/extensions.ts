// Extensions need more rights than the drill role has (most are not trusted), so the admin
// connection creates the ones the backup lists, by name and schema only (never the backup's own
// SQL), before the restore; the restore then leaves those statements out: pg_restore -L with a
// list written from the archive's TOC (no extra pass over the archive); in a plain dump pg_dump's
// CREATE EXTENSION IF NOT EXISTS does nothing once the extension is there (checked before any
// privilege), and the filter skips COMMENT ON EXTENSION (only the owner may).
// An extension in a schema the backup itself creates (`CREATE SCHEMA ext; CREATE EXTENSION
// pgcrypto SCHEMA ext`) needs that schema first. The simplest safe order: the restore's own
// connection (the drill role) makes the schema, as the restore would have, so it is the drill
// role's as every other restored object is; then the admin creates the extension in it; then the
// backup's CREATE SCHEMA is left out (of the -L list; skipped by the plain-dump filter). Nothing
// of the backup has run before the extension's script, so the new schema is still empty then.
import type pg from 'pg';
import type { ArchiveToc } from '../dump/archive-toc.js';
import { CREATE_EXTENSION, unquoteQualifiedName } from '../dump/plain-scanner.js';
import type { DrillContext } from '../model/context.js';
import { ADMIN_STATEMENT_TIMEOUT_MS, connectPinned } from '../util/pg-session.js';
import { type TempDir, writePrivateTempFile } from '../util/temp-files.js';
import { drillDatabaseUrl } from './pg-connection.js';

interface BackupExtension {
  name: string;
  /** The schema it is created in; null when the dump names none (the default). */
  schema: string | null;
}

/** The EXTENSION entries of an archive, in the archive's order (its schema is in the entry's SQL). */
export function archiveExtensions(toc: ArchiveToc): BackupExtension[] {
  return toc.entries
    .filter((e) => e.desc === 'EXTENSION')
    .map((e) => {
      // The TOC's namespace is a name as it is (unquoted); the SQL's is quoted where it needs to be.
      if (e.namespace) return { name: e.tag, schema: e.namespace };
      const schema = CREATE_EXTENSION.exec(e.defn ?? '')?.[2];
      return { name: e.tag, schema: schema ? (unquoteQualifiedName(schema)[0] ?? null) : null };
    });
}

export interface MadeFirst {
  /** The extensions created. */
  extensions: string[];
  /** The schemas made for them: the backup's CREATE SCHEMA of these is left out. */
  schemas: string[];
  /** The extensions left out, each with why: not trusted and not in allowed-extensions. */
  skipped: Map<string, string>;
}

interface Availability {
  name: string;
  /** Only a superuser may create it (its default version's control file), unless it is trusted. */
  superuser: boolean;
  trusted: boolean;
}

/** Why an extension is not created (null: it is): trusted ones and those the workflow allows are. */
function notCreatedWhy(found: Availability | undefined, allowed: ReadonlySet<string>): string | null {
  if (found === undefined || !found.superuser || found.trusted || allowed.has(found.name)) return null;
  return `not a trusted extension: only a superuser may create it, and its script would run with the database-url role's rights (name it in allowed-extensions to have it created)`;
}

/**
 * Creates, as the database-url role in the drill database, the extensions the backup lists that
 * are trusted or named in allowed-extensions, each schema one needs made first as the restore's
 * role (`restoreUrl`, `restoreAs`: as the restore connects); the others are left out (`skipped`).
 * The restore's role gets USAGE on the foreign-data wrappers of an extension created (postgres_fdw
 * allowed), as it would have had it created the extension itself. Fails naming the extension the
 * server does not have.
 */
export async function createExtensions(
  ctx: DrillContext,
  database: string,
  wanted: BackupExtension[],
  restoreUrl: string,
  restoreAs: string | null,
  /** The role the restore's objects belong to: it gets USAGE on the wrappers of the extensions created. */
  restorer: string,
): Promise<MadeFirst> {
  const skipped = new Map<string, string>();
  if (wanted.length === 0) return { extensions: [], schemas: [], skipped };
  // The admin's session in the drill database sees nothing the backup defined: search_path pinned
  // to pg_catalog (util/pg-session.ts). So the schema is always named: when the dump names none,
  // the one the extension's control file fixes, else public (never pg_catalog, the search_path).
  const client = await connectPinned(drillDatabaseUrl(ctx.config.databaseUrl, database), {
    statementTimeoutMs: ADMIN_STATEMENT_TIMEOUT_MS,
  });
  try {
    const { rows } = await client.query<Availability>(
      `SELECT a.name, v.superuser, v.trusted
         FROM pg_catalog.pg_available_extensions a
         JOIN pg_catalog.pg_available_extension_versions v ON v.name OPERATOR(pg_catalog.=) a.name
                                                         AND v.version OPERATOR(pg_catalog.=) a.default_version
        WHERE a.name OPERATOR(pg_catalog.=) ANY ($1::pg_catalog.text[])`,
      [wanted.map((e) => e.name)],
    );
    const allowed = new Set(ctx.config.allowedExtensions);
    const created: BackupExtension[] = [];
    for (const e of wanted) {
      const why = notCreatedWhy(
        rows.find((r) => r.name === e.name),
        allowed,
      );
      if (why === null) created.push(e);
      else skipped.set(e.name, why);
    }
    const schemas = [...new Set(created.map((e) => e.schema).filter((s): s is string => s !== null))];
    const made = await makeSchemas(client, restoreUrl, restoreAs, schemas);
    for (const e of created) {
      const target = e.schema ?? (await fixedSchema(client, e.name)) ?? 'public';
      const schema = ` WITH SCHEMA ${client.escapeIdentifier(target)}`;
      try {
        await client.query(`CREATE EXTENSION IF NOT EXISTS ${client.escapeIdentifier(e.name)}${schema}`);
      } catch (error) {
        throw new Error(
          `the backup needs the extension ${e.name}, which could not be created: ${(error as Error).message}`,
        );
      }
    }
    await grantWrapperUsage(client, created, restorer);
    return { extensions: created.map((e) => e.name), schemas: made, skipped };
  } finally {
    await client.end().catch(() => {});
  }
}

/** The schema an extension's control file fixes (`schema = …`), if any. */
async function fixedSchema(client: pg.Client, name: string): Promise<string | null> {
  const { rows } = await client.query<{ schema: string }>(
    `SELECT schema::text FROM pg_catalog.pg_available_extension_versions
      WHERE name = $1 AND schema IS NOT NULL LIMIT 1`,
    [name],
  );
  return rows[0]?.schema ?? null;
}

/** USAGE on the foreign-data wrappers of the extensions created, for the role that restores. */
async function grantWrapperUsage(client: pg.Client, created: BackupExtension[], role: string): Promise<void> {
  if (created.length === 0) return;
  const { rows } = await client.query<{ fdwname: string }>(
    `SELECT w.fdwname FROM pg_catalog.pg_foreign_data_wrapper w
       JOIN pg_catalog.pg_depend d ON d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_foreign_data_wrapper'::pg_catalog.regclass
                                  AND d.objid OPERATOR(pg_catalog.=) w.oid AND d.deptype OPERATOR(pg_catalog.=) 'e'
       JOIN pg_catalog.pg_extension e ON e.oid OPERATOR(pg_catalog.=) d.refobjid
      WHERE e.extname OPERATOR(pg_catalog.=) ANY ($1::pg_catalog.text[])`,
    [created.map((e) => e.name)],
  );
  for (const { fdwname } of rows) {
    await client.query(
      `GRANT USAGE ON FOREIGN DATA WRAPPER ${client.escapeIdentifier(fdwname)} TO ${client.escapeIdentifier(role)}`,
    );
  }
}

/**
 * Makes the schemas that are not in the database yet, as the restore would; returns those made.
 * Which are missing is read on the admin's session (`admin`); only making them takes a session of
 * the restore's role (usually none is missing: public, in a database just made).
 */
async function makeSchemas(
  admin: pg.Client,
  restoreUrl: string,
  restoreAs: string | null,
  schemas: string[],
): Promise<string[]> {
  if (schemas.length === 0) return [];
  const { rows } = await admin.query<{ nspname: string }>(
    'SELECT nspname::pg_catalog.text FROM pg_catalog.pg_namespace WHERE nspname OPERATOR(pg_catalog.=) ANY ($1::pg_catalog.text[])',
    [schemas],
  );
  const present = new Set(rows.map((r) => r.nspname));
  const missing = schemas.filter((s) => !present.has(s));
  if (missing.length === 0) return [];
  const client = await connectPinned(restoreUrl, { statementTimeoutMs: ADMIN_STATEMENT_TIMEOUT_MS });
  try {
    if (restoreAs !== null) await client.query(`SET ROLE ${client.escapeIdentifier(restoreAs)}`);
    for (const schema of missing) {
      try {
        await client.query(`CREATE SCHEMA ${client.escapeIdentifier(schema)}`);
      } catch (error) {
        throw new Error(
          `the schema ${schema}, for an extension of the backup, could not be made: ${(error as Error).message}`,
        );
      }
    }
    return missing;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The extension a COMMENT entry's tag names (`EXTENSION "uuid-ossp"`, `EXTENSION citext`), unquoted;
 * null for a comment on anything else. An EXTENSION entry's own tag is the bare name, but a
 * comment's tag names its object as SQL does: quoted where the name needs it.
 */
export function commentedExtension(tag: string): string | null {
  if (!tag.startsWith('EXTENSION ')) return null;
  const parts = unquoteQualifiedName(tag.slice('EXTENSION '.length));
  return parts.length === 1 ? (parts[0] as string) : null;
}

/**
 * A pg_restore -L list of every TOC entry but those `leave` names (pg_restore reads only each
 * line's leading dump id), `first` first, the others in the archive's order: pg_restore restores
 * in the list's order. Null when nothing is left out or moved.
 */
export async function restoreList(
  toc: ArchiveToc,
  leave: ReadonlySet<number>,
  env: NodeJS.ProcessEnv,
  first: readonly number[] = [],
): Promise<(TempDir & { file: string }) | null> {
  const moved = new Set(first.filter((id) => !leave.has(id)));
  if (leave.size === 0 && moved.size === 0) return null;
  const rest = toc.entries.filter((e) => !leave.has(e.dumpId) && !moved.has(e.dumpId)).map((e) => e.dumpId);
  const ids = [...moved, ...rest];
  return writePrivateTempFile('restore-list', 'restore.list', ids.map((id) => `${id};\n`).join(''), env);
}
