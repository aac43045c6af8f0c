// Before the restore tool starts: which role the restore acts as, the extensions the admin
// connection creates (and those it leaves out), and for an archive what the pg_restore -L list
// leaves out (archive-plan.ts). A plain dump's statements are judged as they stream past instead
// (plain-dump-filter.ts), with the same facts: the extensions left out and the server's roles.

import { typeKey } from '../dump/plain/privileged-reasons.js';
import type { DrillContext } from '../model/context.js';
import { ADMIN_STATEMENT_TIMEOUT_MS, withPinnedClient } from '../util/pg-session.js';
import { planArchive } from './archive-plan.js';
import { archiveExtensions, createExtensions, type MadeFirst, restoreList } from './extensions.js';
import { extensionsByRestore } from './extensions-by-restore.js';
import { archiveDataBytes, type DeferredForeignKey, deferredForeignKeys } from './foreign-keys.js';
import type { LeftOut } from './left-out.js';
import { givePublicSchema } from './public-schema.js';
import type { ResolvedBackup } from './types.js';
import { type DeferredUniqueKey, deferredUniqueKeys } from './unique-keys.js';
import { type ServerVersion, serverVersionFrom } from './versions-check.js';

/** What the restore asks the server in a session of its own role, when the run does not know it already. */
export interface RestoreFacts {
  /** The role the restore's sessions log in as. */
  me: string;
  roles: Set<string>;
  server: ServerVersion;
  /**
   * Extensions the restore's own role may create (drill-database-sql.ts serverFacts): an archive's
   * pg_restore creates these itself (extensions-by-restore.ts). Empty when not known.
   */
  creatable: ReadonlySet<string>;
}

export interface Prepared {
  /** The role the restore acts as (a pre-provisioned database's owner), or null: the URL's own. */
  role: string | null;
  made: MadeFirst;
  /** The server's roles: a policy naming another is left out. */
  roles: Set<string>;
  /** An archive's -L list (null: none needed, or a plain dump). */
  list: Awaited<ReturnType<typeof restoreList>>;
  /** What an archive's restore leaves out (a plain dump's is known as it streams). */
  leftOut: LeftOut[];
  /** The archive's dump ids left out of the restore (none for a plain dump). */
  leave: ReadonlySet<number>;
  /** Foreign keys added after pg_restore rather than by it (foreign-keys.ts; out of its -L list). */
  foreignKeys: DeferredForeignKey[];
  /** Unique keys built beside pg_restore rather than by it (unique-keys.ts; out of its -L list). */
  uniqueKeys: DeferredUniqueKey[];
  /** The server restored into. */
  server: ServerVersion;
  /** A plain dump's left-out extensions by schema, and what those schemas held (see dump/plain/dependents.ts). */
  extensionObjects?: { schemas: Map<string, string[]>; existing: Set<string> };
}

/**
 * The names in the schemas of the extensions left out, as the drill database holds them before
 * the restore (what the extensions created first put there): any other name there a plain dump
 * uses and has not created is taken for a left-out extension's.
 */
async function extensionObjects(
  drillUrl: string,
  skipped: ReadonlyMap<string, string>,
  wanted: readonly { name: string; schema: string | null }[],
): Promise<Prepared['extensionObjects']> {
  const schemas = new Map<string, string[]>();
  for (const name of skipped.keys()) {
    const schema = wanted.find((w) => w.name === name)?.schema ?? 'public';
    schemas.set(schema, [...(schemas.get(schema) ?? []), name]);
  }
  if (schemas.size === 0) return undefined;
  const rows = await withPinnedClient(drillUrl, { statementTimeoutMs: ADMIN_STATEMENT_TIMEOUT_MS }, async (client) => {
    const { rows } = await client.query<{ nspname: string; name: string }>(
      `SELECT n.nspname, x.name FROM pg_catalog.pg_namespace n,
         LATERAL (SELECT c.relname::pg_catalog.text AS name FROM pg_catalog.pg_class c WHERE c.relnamespace OPERATOR(pg_catalog.=) n.oid
                  UNION ALL SELECT p.proname::pg_catalog.text FROM pg_catalog.pg_proc p WHERE p.pronamespace OPERATOR(pg_catalog.=) n.oid
                  UNION ALL SELECT t.typname::pg_catalog.text FROM pg_catalog.pg_type t WHERE t.typnamespace OPERATOR(pg_catalog.=) n.oid
                  UNION ALL SELECT f.cfgname::pg_catalog.text FROM pg_catalog.pg_ts_config f WHERE f.cfgnamespace OPERATOR(pg_catalog.=) n.oid
                  UNION ALL SELECT d.dictname::pg_catalog.text FROM pg_catalog.pg_ts_dict d WHERE d.dictnamespace OPERATOR(pg_catalog.=) n.oid
                  UNION ALL SELECT l.collname::pg_catalog.text FROM pg_catalog.pg_collation l WHERE l.collnamespace OPERATOR(pg_catalog.=) n.oid) x
        WHERE n.nspname::pg_catalog.text OPERATOR(pg_catalog.=) ANY ($1::pg_catalog.text[])`,
      [[...schemas.keys()]],
    );
    return rows;
  });
  return { schemas, existing: new Set(rows.map((r) => typeKey(r.nspname, r.name))) };
}

/**
 * The owner of a pre-provisioned drill database (when it is not us and we may act as it), so the
 * restored objects belong to the role PickDriver connects as, as they would in production; and
 * the server's roles.
 */
async function readRoles(drillUrl: string): Promise<RestoreFacts & { role: string | null }> {
  return withPinnedClient(drillUrl, { statementTimeoutMs: ADMIN_STATEMENT_TIMEOUT_MS }, async (client) => {
    const { rows } = await client.query<{ owner: string; me: string; member: boolean; v: string; n: string }>(
      `SELECT pg_catalog.pg_get_userbyid(d.datdba) AS owner, current_user AS me,
              pg_catalog.pg_has_role(current_user, d.datdba, 'MEMBER') AS member,
              pg_catalog.current_setting('server_version') AS v,
              pg_catalog.current_setting('server_version_num') AS n
         FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database()`,
    );
    const all = await client.query<{ rolname: string }>('SELECT rolname FROM pg_catalog.pg_roles');
    const row = rows[0];
    return {
      role: row && row.owner !== row.me && row.member ? row.owner : null,
      creatable: new Set<string>(),
      me: row?.me ?? '',
      roles: new Set(all.rows.map((r) => r.rolname)),
      // The server's version, read in the same query: picking the client adds no round trip.
      server: serverVersionFrom(row?.v ?? '', Number(row?.n)),
    };
  });
}

export async function prepareRestore(
  ctx: DrillContext,
  backup: ResolvedBackup,
  database: string,
  drillUrl: string,
  archive: boolean,
  /** pg_restore runs with several jobs: the foreign keys it would check one by one are left for after it. */
  parallel = false,
  /** Of a database this run created for its drill role (drill-database.ts): it owns it, so no other role acts. */
  facts: RestoreFacts | null = null,
): Promise<Prepared> {
  const { role, me, roles, server, creatable } = facts ? { role: null, ...facts } : await readRoles(drillUrl);
  await givePublicSchema(ctx, database, server.major, role ?? me);
  // A plain dump keeps the admin's way: its filter leaves COMMENT ON EXTENSION out.
  const byRestore = archive && backup.toc ? extensionsByRestore(backup.toc, creatable) : { names: [], first: [] };
  const made = await createExtensions(
    ctx,
    database,
    backup.toc
      ? archiveExtensions(backup.toc).filter((e) => !byRestore.names.includes(e.name))
      : (backup.extensions ?? []),
    drillUrl,
    role,
    role ?? me,
  );
  if (made.schemas.length > 0)
    ctx.log.info(`restore: schemas made first for the extensions in them: ${made.schemas.join(', ')}`);
  if (made.extensions.length > 0)
    ctx.log.info(`restore: extensions created first as the database-url role: ${made.extensions.join(', ')}`);
  if (byRestore.names.length > 0)
    ctx.log.info(`restore: trusted extensions pg_restore creates itself: ${byRestore.names.join(', ')}`);
  if (made.skipped.size > 0)
    ctx.log.warning(
      `restore: extensions left out (not trusted, not in allowed-extensions): ${[...made.skipped.keys()].join(', ')}`,
    );
  if (!backup.toc || !archive) {
    const objects =
      made.skipped.size > 0 ? await extensionObjects(drillUrl, made.skipped, backup.extensions ?? []) : undefined;
    return {
      role,
      made,
      roles,
      list: null,
      leftOut: [],
      leave: new Set(),
      foreignKeys: [],
      uniqueKeys: [],
      server,
      extensionObjects: objects,
    };
  }
  const plan = planArchive(backup.toc, {
    created: new Set(made.extensions),
    skipped: made.skipped,
    madeSchemas: new Set(made.schemas),
    roles,
    privileged: ctx.config.restoreRole === 'drill',
  });
  const dataBytes = parallel ? await archiveDataBytes(backup.toc, backup) : null;
  const foreignKeys = dataBytes ? deferredForeignKeys(backup.toc, plan.leave, dataBytes) : [];
  const keysAfter = new Set(foreignKeys.map((k) => k.dumpId));
  const uniqueKeys = dataBytes ? deferredUniqueKeys(backup.toc, plan.leave, dataBytes, keysAfter) : [];
  const listed = new Set([...plan.leave, ...keysAfter, ...uniqueKeys.map((k) => k.dumpId)]);
  const list = await restoreList(backup.toc, listed, ctx.env, byRestore.first);
  return { role, made, roles, list, leftOut: plan.leftOut, leave: plan.leave, foreignKeys, uniqueKeys, server };
}
