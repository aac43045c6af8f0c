// PostgreSQL 15 made the public schema of a new database its owner's (pg_database_owner); on 13
// and 14 it is the bootstrap superuser's, so the drill role, which owns the drill database, may
// not do what a dump does to it: `COMMENT ON SCHEMA public` (pg_dump writes it when the comment is
// not the default) failed the whole restore with `must be owner of schema public`. On those
// servers the admin gives the drill database's public schema to the role the restore acts as,
// before anything of the backup runs: the 15+ arrangement, inside the drill database only, and
// no code of the backup runs with the admin's rights.
import type { DrillContext } from '../model/context.js';
import { ADMIN_STATEMENT_TIMEOUT_MS, withPinnedClient } from '../util/pg-session.js';
import { drillDatabaseUrl } from './pg-connection.js';

/** The major from which a new database's public schema belongs to its owner. */
const PUBLIC_OWNED_BY_DATABASE_OWNER = 15;

export async function givePublicSchema(
  ctx: DrillContext,
  database: string,
  serverMajor: number,
  restoreAs: string,
): Promise<void> {
  if (serverMajor >= PUBLIC_OWNED_BY_DATABASE_OWNER) return;
  const adminUrl = drillDatabaseUrl(ctx.config.databaseUrl, database);
  await withPinnedClient(adminUrl, { statementTimeoutMs: ADMIN_STATEMENT_TIMEOUT_MS }, async (client) => {
    const { rows } = await client.query<{ owner: string }>(
      `SELECT pg_catalog.pg_get_userbyid(nspowner) AS owner FROM pg_catalog.pg_namespace
        WHERE nspname OPERATOR(pg_catalog.=) 'public'`,
    );
    const owner = rows[0]?.owner;
    if (owner === undefined || owner === restoreAs) return;
    try {
      await client.query(`ALTER SCHEMA public OWNER TO ${client.escapeIdentifier(restoreAs)}`);
      ctx.log.info(
        `restore: PostgreSQL ${serverMajor}: the drill database's public schema now belongs to ${restoreAs}, the role the restore acts as, as PostgreSQL 15 and newer arrange it`,
      );
    } catch (e) {
      // A database-url role that is not a superuser may not: the restore then meets the server as it is.
      ctx.log.debug(`restore: the public schema stays ${owner}'s: ${ctx.secrets.redact((e as Error).message)}`);
    }
  });
}
