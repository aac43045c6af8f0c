// The database server, checked before the backup is touched: a drill that cannot restore should
// say so in seconds, not after reading (or downloading) the whole backup. Reachable, the
// credentials accepted, a server major the drill supports, and the rights the drill needs: to
// create the drill database (unless it is pre-provisioned) and, with restore-role: drill, a
// role. A wrong password says which user, which host and where the password came from, never
// the password itself.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { check, type DrillContext } from '../model/context.js';
import type { CheckResult } from '../model/types.js';
import { connectionParts } from './pg-connection.js';
import { connectWhenReady, PostgresUnreachable, type WaitOptions } from './wait-for-postgres.js';

/** The oldest server major the drill restores into (the PostgreSQL project's supported ones). */
const OLDEST_SERVER_MAJOR = 13;

export interface PreflightResult {
  ok: boolean;
  /** `restore.completed` failed with the reason when not ok; null when ok. */
  failure: CheckResult | null;
  /** The server's version (`15.8`), null when it could not be asked. */
  serverVersion: string | null;
  /** Its major (from server_version_num), null when it could not be asked: the backup's verification picks its client by it. */
  serverMajor: number | null;
  /** The admin's session, still open when asked to keep it and the server passed (the caller ends it). */
  session: pg.Client | null;
}

/** Where the password for database-url comes from, in words (never the password). */
function passwordOrigin(databaseUrl: string, env: NodeJS.ProcessEnv, defaultUrl: string): string {
  const url = new URL(databaseUrl);
  if (url.password) {
    return databaseUrl === defaultUrl
      ? "database-url's default (postgresql://postgres:postgres@localhost:5432/postgres): set database-url to your server's credentials"
      : 'the password in database-url (the input, --database-url or INPUT_DATABASE_URL)';
  }
  if (env.PGPASSWORD) return 'PGPASSWORD in the environment (database-url has no password)';
  const passfile = env.PGPASSFILE || path.join(env.HOME || os.homedir(), '.pgpass');
  if (existsSync(passfile))
    return `the password file ${passfile} (database-url has no password and PGPASSWORD is not set)`;
  return 'nowhere: database-url has no password, PGPASSWORD is not set and there is no ~/.pgpass';
}

/** The one line a person needs for a refused connection: who, where, and what to check. */
function refusalHint(ctx: DrillContext, error: { code?: string; message?: string }, defaultUrl: string): string {
  const { host, port, user, database } = connectionParts(ctx.config.databaseUrl);
  const who = `user ${user ?? '(the login name)'} at ${host}:${port}`;
  const said = ctx.secrets.redact(error.message ?? String(error));
  switch (error.code) {
    case '28P01':
      return `the server refused the password of ${who}: ${said}. The password came from ${passwordOrigin(ctx.config.databaseUrl, ctx.env, defaultUrl)}; it must match the server's (a service container's POSTGRES_PASSWORD)`;
    case '28000':
      return `the server refused ${who}: ${said}. Check the user name in database-url and the server's pg_hba.conf`;
    case '3D000':
      return `database ${database} does not exist on ${host}:${port}: ${said}. database-url must name a database that exists (postgres usually does)`;
    default:
      return `${who} could not connect: ${said}`;
  }
}

interface ServerFacts {
  version: string;
  versionNum: number;
  user: string;
  superuser: boolean;
  createDb: boolean;
  createRole: boolean;
  drillDatabaseExists: boolean;
}

/** Checks the server; with `keep`, a server that passes leaves its session open for the caller. */
export async function checkDatabaseServer(
  ctx: DrillContext,
  defaultUrl: string,
  wait: WaitOptions = {},
  keep = false,
): Promise<PreflightResult> {
  // Set by judgeServer once the facts are read, when kept: it ends the session otherwise.
  const kept: { session: pg.Client | null } = { session: null };
  const result = await judgeServer(ctx, defaultUrl, wait, keep ? kept : null);
  if (kept.session && !result.ok) await kept.session.end().catch(() => {});
  return { ...result, session: result.ok ? kept.session : null };
}

async function judgeServer(
  ctx: DrillContext,
  defaultUrl: string,
  wait: WaitOptions,
  /** Where the session goes once its facts are read, to stay open (null: it is ended). */
  keep: { session: pg.Client | null } | null,
): Promise<Omit<PreflightResult, 'session'>> {
  const started = performance.now();
  const { host, port } = connectionParts(ctx.config.databaseUrl);
  const fail = (summary: string, details: Record<string, unknown> = {}): Omit<PreflightResult, 'session'> => ({
    ok: false,
    serverVersion: (details.serverVersion as string | undefined) ?? null,
    serverMajor: null,
    failure: check(
      'restore.completed',
      'fail',
      ctx.secrets.redact(`the database server was checked before the backup was touched: ${summary}`),
      { phase: 'preflight', host, port, ...details },
      started,
    ),
  });
  let facts: ServerFacts;
  try {
    const client = await connectWhenReady(ctx.config.databaseUrl, { redact: (t) => ctx.secrets.redact(t), ...wait });
    try {
      const { rows } = await client.query<{
        version: string;
        num: string;
        user: string;
        superuser: boolean;
        createdb: boolean;
        createrole: boolean;
        exists: boolean;
      }>(
        `SELECT pg_catalog.current_setting('server_version') AS version,
                pg_catalog.current_setting('server_version_num') AS num,
                r.rolname AS user, r.rolsuper AS superuser, r.rolcreatedb AS createdb, r.rolcreaterole AS createrole,
                EXISTS (SELECT FROM pg_catalog.pg_database d WHERE d.datname OPERATOR(pg_catalog.=) $1) AS exists
           FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) CURRENT_USER`,
        [ctx.config.drillDatabase],
      );
      const row = rows[0];
      if (!row) return fail('the database-url role is not in pg_roles');
      facts = {
        version: row.version.split(' ')[0] ?? row.version,
        versionNum: Number(row.num),
        user: row.user,
        superuser: row.superuser,
        createDb: row.createdb,
        createRole: row.createrole,
        drillDatabaseExists: row.exists,
      };
    } finally {
      if (keep) keep.session = client;
      else await client.end().catch(() => {});
    }
  } catch (error) {
    if (error instanceof PostgresUnreachable) {
      const cause = (error as PostgresUnreachable & { cause?: { code?: string; message?: string } }).cause;
      const summary = cause?.code ? refusalHint(ctx, cause, defaultUrl) : error.message;
      return fail(summary, { reachable: cause?.code !== undefined, code: cause?.code ?? null });
    }
    return fail(refusalHint(ctx, error as Error, defaultUrl), { code: (error as { code?: string }).code ?? null });
  }
  const major = Math.floor(facts.versionNum / 10_000);
  const details = { serverVersion: facts.version, user: facts.user };
  if (major < OLDEST_SERVER_MAJOR) {
    return fail(
      `PostgreSQL ${facts.version} at ${host}:${port} is older than ${OLDEST_SERVER_MAJOR}, the oldest major the drill restores into; use a server of ${OLDEST_SERVER_MAJOR} or newer (the production major)`,
      details,
    );
  }
  const privileged = facts.superuser;
  if (!facts.drillDatabaseExists && !privileged && !facts.createDb) {
    return fail(
      `the database-url role ${facts.user} may not create the drill database ${ctx.config.drillDatabase} (it has neither SUPERUSER nor CREATEDB): grant it CREATEDB, or pre-provision the database`,
      details,
    );
  }
  if (ctx.config.restoreRole === 'drill' && !privileged && !facts.createRole) {
    return fail(
      `the database-url role ${facts.user} may not create roles (it has neither SUPERUSER nor CREATEROLE), so the drill cannot restore as a role of its own: grant it CREATEROLE (ALTER ROLE ${facts.user} CREATEROLE), or set restore-role: admin`,
      details,
    );
  }
  ctx.log.info(
    `Database server: PostgreSQL ${facts.version} at ${host}:${port}, connected as ${facts.user}${privileged ? ' (superuser)' : ''}`,
  );
  return { ok: true, failure: null, serverVersion: facts.version, serverMajor: major };
}
