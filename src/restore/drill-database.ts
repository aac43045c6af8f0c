// The drill database, handled safely: the action creates it and marks it as its own with a
// database comment, recreates only a database carrying that mark, reuses a pre-provisioned one
// only while it holds no user tables, and never drops or writes into anything else.
import type pg from 'pg';
import { drillDatabaseProblem } from '../config/database-target.js';
import { RESTRICTED_NAMES } from '../config/schema.js';
import type { RestoreRole } from '../report/types.js';
import type { DrillContext } from '../util/context.js';
import { withoutPassword } from '../util/secrets.js';
import { connectionParts, drillDatabaseUrl } from './pg-connection.js';
import { connectWhenReady, type WaitOptions } from './wait-for-postgres.js';

export { drillDatabaseUrl };

/** Every database the action creates carries a comment starting with this. */
export const DRILL_MARKER = 'pickdriver-vault-action drill database';

export type DrillDatabaseOrigin = 'created' | 'recreated' | 'reused';

export class DrillDatabaseRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DrillDatabaseRefused';
  }
}

const NAME_RE = /^[a-z_][a-z0-9_]{0,62}$/;

/** The config schema enforces these already; checked again because dropping is irreversible. */
export function assertSafeDrillName(name: string, adminUrl: string): void {
  if (!NAME_RE.test(name)) {
    throw new DrillDatabaseRefused(`drill-database '${name}' is not a plain lower-case name (${NAME_RE.source})`);
  }
  if ((RESTRICTED_NAMES as readonly string[]).includes(name.toLowerCase())) {
    throw new DrillDatabaseRefused(`drill-database '${name}' is a restricted name (${RESTRICTED_NAMES.join(', ')})`);
  }
  const problem = drillDatabaseProblem(name, adminUrl);
  if (problem !== null) throw new DrillDatabaseRefused(problem);
}

/** The database-url role, named as the risk it is: the backup's SQL runs with all of its rights. */
export function adminRole(adminUrl: string): RestoreRole {
  const name = connectionParts(adminUrl).user ?? 'postgres';
  return {
    mode: 'admin',
    name,
    risk: `the restore and the checks ran as the database-url role ${name}: SQL in the backup ran with all of its rights (a superuser can run programs on the database server)`,
  };
}

interface ExistingDatabase {
  comment: string | null;
  owner: string;
}

async function findDatabase(client: pg.Client, name: string): Promise<ExistingDatabase | null> {
  const { rows } = await client.query<{ comment: string | null; owner: string }>(
    `SELECT shobj_description(oid, 'pg_database') AS comment, pg_get_userbyid(datdba) AS owner
       FROM pg_database WHERE datname = $1`,
    [name],
  );
  return rows[0] ?? null;
}

const isMarked = (db: ExistingDatabase) => db.comment?.startsWith(DRILL_MARKER) === true;

async function createMarked(client: pg.Client, name: string): Promise<void> {
  const ident = client.escapeIdentifier(name);
  // template0: a clean database, as pg_dump's documentation recommends for restores.
  await client.query(`CREATE DATABASE ${ident} TEMPLATE template0`);
  const marker = `${DRILL_MARKER}; created ${new Date().toISOString()}; dropped by the action's post step unless keep-database is true`;
  await client.query(`COMMENT ON DATABASE ${ident} IS ${client.escapeLiteral(marker)}`);
}

async function dropDatabase(client: pg.Client, name: string): Promise<void> {
  const ident = client.escapeIdentifier(name);
  const { rows } = await client.query<{ v: number }>(`SELECT current_setting('server_version_num')::int AS v`);
  if ((rows[0]?.v ?? 0) >= 130000) {
    await client.query(`DROP DATABASE IF EXISTS ${ident} WITH (FORCE)`);
    return;
  }
  // Before Postgres 13 there is no FORCE: end the other sessions first.
  await client.query(
    'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
    [name],
  );
  await client.query(`DROP DATABASE IF EXISTS ${ident}`);
}

/** Relations in user schemas, tables first: a database holding any is somebody's data. */
async function userRelations(url: string, options: WaitOptions): Promise<{ tables: string[]; others: string[] }> {
  const client = await connectWhenReady(url, options);
  try {
    const { rows } = await client.query<{ name: string; is_table: boolean }>(
      `SELECT n.nspname || '.' || c.relname AS name, c.relkind IN ('r', 'p', 'f', 'm') AS is_table
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
          AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
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

function listed(names: string[]): string {
  return names.slice(0, 5).join(', ') + (names.length > 5 ? ', …' : '');
}

export async function prepareDrillDatabase(
  ctx: DrillContext,
  options: WaitOptions = {},
): Promise<{ url: string; origin: DrillDatabaseOrigin; role: RestoreRole }> {
  const adminUrl = ctx.config.databaseUrl;
  const name = ctx.config.drillDatabase;
  ctx.secrets.addUrl(adminUrl);
  assertSafeDrillName(name, adminUrl);
  const wait: WaitOptions = { redact: (t) => ctx.secrets.redact(t), ...options };
  const url = drillDatabaseUrl(adminUrl, name);
  const role = adminRole(adminUrl);

  const client = await connectWhenReady(adminUrl, wait);
  try {
    const existing = await findDatabase(client, name);
    if (existing === null) {
      await createMarked(client, name);
      ctx.log.info(`drill database ${name}: created on ${withoutPassword(adminUrl)}`);
      return { url, origin: 'created', role };
    }
    if (isMarked(existing)) {
      await dropDatabase(client, name);
      await createMarked(client, name);
      ctx.log.info(`drill database ${name}: left over from an earlier drill; dropped and created again`);
      return { url, origin: 'recreated', role };
    }
    const { tables, others } = await userRelations(url, wait);
    if (tables.length > 0 || others.length > 0) {
      const holds =
        tables.length > 0
          ? `${tables.length} user table(s) (${listed(tables)})`
          : `${others.length} user relation(s) (${listed(others)})`;
      throw new DrillDatabaseRefused(
        `drill-database '${name}' already exists, was not created by this action and holds ${holds}. ` +
          'The action never drops or writes into a database it did not create: choose another drill-database name, ' +
          'or empty or drop that database yourself if it is a stale copy.',
      );
    }
    ctx.log.info(`drill database ${name}: pre-provisioned (owner ${existing.owner}) and empty; restoring into it`);
    return { url, origin: 'reused', role };
  } finally {
    await client.end().catch(() => {});
  }
}

/** Drops the drill database, but only when it carries the action's mark. */
export async function dropDrillDatabase(adminUrl: string, name: string, options: WaitOptions = {}): Promise<void> {
  assertSafeDrillName(name, adminUrl);
  const client = await connectWhenReady(adminUrl, options);
  try {
    const existing = await findDatabase(client, name);
    if (existing === null) return;
    if (!isMarked(existing)) {
      throw new DrillDatabaseRefused(
        `drill database '${name}' was not created by this action (no '${DRILL_MARKER}' comment); not dropping it`,
      );
    }
    await dropDatabase(client, name);
  } finally {
    await client.end().catch(() => {});
  }
}
