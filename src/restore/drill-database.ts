// The drill database, handled safely: the action creates it and marks it as its own with a
// database comment, recreates only a database carrying that mark, reuses a pre-provisioned one
// only while it holds no user tables, and never drops or writes into anything else.
import type pg from 'pg';
import { drillDatabaseProblem } from '../config/database-target.js';
import { RESTRICTED_NAMES } from '../config/plain-values.js';
import type { RestoreRole } from '../report/types.js';
import type { DrillContext } from '../util/context.js';
import { formatDuration } from '../util/format.js';
import { withoutPassword } from '../util/secrets.js';
import {
  type AdminRights,
  assertCanCreateRole,
  createDrillRole,
  DrillRoleRefused,
  drillRoleName,
  dropMarkedRole,
  markText,
  newRunIdentity,
  ownerProblem,
  type ParsedMark,
  parseMark,
  ROLE_MARKER,
  type RunIdentity,
} from './drill-role.js';
import { connectionParts, drillDatabaseUrl } from './pg-connection.js';
import { connectWhenReady, type WaitOptions } from './wait-for-postgres.js';

export { drillDatabaseUrl };

/** Every database the action creates carries a comment starting with this. */
export const DRILL_MARKER = 'pickdriver-vault-action drill database';

export type DrillDatabaseOrigin = 'created' | 'recreated' | 'reused';

/** Another drill's database, younger than restore-timeout: that drill may still be running. */
export class DrillDatabaseInUse extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DrillDatabaseInUse';
  }
}

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
  /** The owner's comment: a drill role's mark when the database is (being) made by a drill. */
  ownerComment: string | null;
  /** The mark of a drill role lent the owner's rights (a pre-provisioned database in use). */
  memberMark: string | null;
}

interface Lookup {
  rights: AdminRights;
  existing: ExistingDatabase | null;
}

/** The database-url role's rights and the database as it stands, in one round trip. */
async function lookUp(client: pg.Client, name: string): Promise<Lookup> {
  const { rows } = await client.query<{
    user: string;
    superuser: boolean;
    createrole: boolean;
    found: boolean;
    comment: string | null;
    owner: string | null;
    owner_comment: string | null;
    member_mark: string | null;
  }>(
    `SELECT r.rolname AS user, r.rolsuper AS superuser, r.rolcreaterole AS createrole, d.oid IS NOT NULL AS found,
            shobj_description(d.oid, 'pg_database') AS comment, pg_get_userbyid(d.datdba) AS owner,
            shobj_description(d.datdba, 'pg_authid') AS owner_comment,
            (SELECT max(shobj_description(m.member, 'pg_authid')) FROM pg_auth_members m
              WHERE m.roleid = d.datdba AND shobj_description(m.member, 'pg_authid') LIKE $2 || '%') AS member_mark
       FROM pg_roles r LEFT JOIN pg_database d ON d.datname = $1
      WHERE r.rolname = current_user`,
    [name, ROLE_MARKER],
  );
  const row = rows[0];
  if (!row) throw new Error('the database-url role is not in pg_roles');
  return {
    rights: { user: row.user, superuser: row.superuser, createRole: row.createrole },
    existing: row.found
      ? {
          comment: row.comment,
          owner: row.owner ?? '',
          ownerComment: row.owner_comment,
          memberMark: row.member_mark,
        }
      : null,
  };
}

const isMarked = (db: ExistingDatabase) =>
  db.comment?.startsWith(DRILL_MARKER) === true || db.ownerComment?.startsWith(ROLE_MARKER) === true;

/** The run that made a marked database: its own comment, else its owner's (set before the database). */
const markOf = (db: ExistingDatabase): ParsedMark | null => parseMark(db.comment) ?? parseMark(db.ownerComment);

/** Refuses a database another drill made less than restore-timeout ago: it may still be in use. */
function assertNotInUse(name: string, mark: ParsedMark | null, run: RunIdentity, restoreTimeoutMs: number): void {
  if (mark === null || mark.nonce === run.nonce) return;
  const ageMs = Date.now() - mark.createdAt.getTime();
  if (ageMs >= restoreTimeoutMs) return;
  throw new DrillDatabaseInUse(
    `drill-database '${name}' is in use by another drill (${mark.by}), which made it ${formatDuration(Math.max(0, ageMs))} ago, ` +
      `less than restore-timeout (${formatDuration(restoreTimeoutMs)}); nothing was dropped. ` +
      'Give concurrent drills different drill-database names, or let them run one after the other (a concurrency group)',
  );
}

async function createMarked(client: pg.Client, name: string, run: RunIdentity, owner: string | null): Promise<void> {
  const ident = client.escapeIdentifier(name);
  // template0: a clean database, as pg_dump's documentation recommends for restores.
  await client.query(
    `CREATE DATABASE ${ident} TEMPLATE template0${owner ? ` OWNER ${client.escapeIdentifier(owner)}` : ''}`,
  );
  await client.query(`COMMENT ON DATABASE ${ident} IS ${client.escapeLiteral(markText(DRILL_MARKER, run))}`);
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

export interface PreparedDatabase {
  /** What the restore, the commands and the checks connect with: the drill role's, or the admin's. */
  url: string;
  origin: DrillDatabaseOrigin;
  role: RestoreRole;
}

export interface PrepareOptions extends WaitOptions {
  /** This run (a fresh one when not given). */
  run?: RunIdentity;
  /** Called with the drill role's name before it is created, so a cancelled drill's cleanup finds it. */
  onRole?: (name: string) => void;
}

export async function prepareDrillDatabase(ctx: DrillContext, options: PrepareOptions = {}): Promise<PreparedDatabase> {
  const { run = newRunIdentity(ctx.env), onRole, ...waitOptions } = options;
  const adminUrl = ctx.config.databaseUrl;
  const name = ctx.config.drillDatabase;
  ctx.secrets.addUrl(adminUrl);
  assertSafeDrillName(name, adminUrl);
  const wait: WaitOptions = { redact: (t) => ctx.secrets.redact(t), ...waitOptions };
  const adminDrillUrl = drillDatabaseUrl(adminUrl, name);
  const asDrill = ctx.config.restoreRole === 'drill';

  const client = await connectWhenReady(adminUrl, wait);
  try {
    const { rights, existing } = await lookUp(client, name);
    if (asDrill) assertCanCreateRole(rights);
    let origin: DrillDatabaseOrigin;
    if (existing === null || isMarked(existing)) {
      if (existing !== null) {
        assertNotInUse(name, markOf(existing), run, ctx.config.restoreTimeoutMs);
        await dropDatabase(client, name);
        // The earlier drill's role goes with its database: a role is never reused by another run.
        await dropMarkedRole(client, existing.owner, null).catch(() => false);
      }
      origin = existing === null ? 'created' : 'recreated';
    } else {
      assertNotInUse(name, parseMark(existing.memberMark), run, ctx.config.restoreTimeoutMs);
      const { tables, others } = await userRelations(adminDrillUrl, wait);
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
      if (asDrill) {
        const risky = await ownerProblem(client, existing.owner);
        if (risky !== null) {
          throw new DrillRoleRefused(
            `drill-database '${name}' is pre-provisioned and owned by ${existing.owner}, which has ${risky}: ` +
              "the backup's SQL would run with those rights. Give the database an owner without them " +
              '(as PickDriver provisions pickdriver_drill_user), or set restore-role: admin to accept the risk',
          );
        }
      }
      origin = 'reused';
    }

    if (!asDrill) {
      if (origin !== 'reused') await createMarked(client, name, run, null);
      ctx.log.info(`drill database ${name}: ${originWords(origin, null)} on ${withoutPassword(adminUrl)}`);
      return { url: adminDrillUrl, origin, role: adminRole(adminUrl) };
    }

    const roleName = drillRoleName(run);
    onRole?.(roleName);
    const password = await createDrillRole(client, roleName, run, rights);
    ctx.secrets.add(password);
    if (origin === 'reused') {
      // The restore runs as the owner (SET ROLE), so the tables belong to the role PickDriver uses.
      await client.query(
        `GRANT ${client.escapeIdentifier(existing?.owner ?? '')} TO ${client.escapeIdentifier(roleName)}`,
      );
    } else {
      await createMarked(client, name, run, roleName);
    }
    ctx.log.info(`drill database ${name}: ${originWords(origin, roleName)} on ${withoutPassword(adminUrl)}`);
    return { url: roleUrl(adminDrillUrl, roleName, password), origin, role: drillRole(roleName) };
  } finally {
    await client.end().catch(() => {});
  }
}

function originWords(origin: DrillDatabaseOrigin, role: string | null): string {
  const as = role ? `; the restore, the commands and the checks connect as the drill role ${role}` : '';
  if (origin === 'created') return `created${role ? ` owned by ${role}` : ''}${as}`;
  if (origin === 'recreated')
    return `left over from an earlier drill; dropped and created again${role ? ` owned by ${role}` : ''}${as}`;
  return `pre-provisioned and empty; restoring into it${as}`;
}

function roleUrl(url: string, role: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(role);
  u.password = encodeURIComponent(password);
  return u.toString();
}

export function drillRole(name: string): RestoreRole {
  return { mode: 'drill', name, risk: null };
}

export interface DropOptions extends WaitOptions {
  /** Drop only objects carrying this run's nonce; null: any drill's mark (manual and test cleanups). */
  nonce?: string | null;
  /** The drill role to drop too (when the database was not created, or is already gone). */
  role?: string | null;
}

/**
 * Drops the drill database, but only when it carries the action's mark (and this run's nonce when
 * given), and the drill roles with it: its owner and `role`, each only while marked.
 */
export async function dropDrillDatabase(
  adminUrl: string,
  name: string | null,
  options: DropOptions = {},
): Promise<void> {
  const { nonce = null, role = null, ...wait } = options;
  if (name !== null) assertSafeDrillName(name, adminUrl);
  const client = await connectWhenReady(adminUrl, wait);
  try {
    const existing = name === null ? null : (await lookUp(client, name)).existing;
    if (name !== null && existing !== null) {
      if (!isMarked(existing)) {
        throw new DrillDatabaseRefused(
          `drill database '${name}' was not created by this action (no '${DRILL_MARKER}' comment); not dropping it`,
        );
      }
      if (nonce !== null && markOf(existing)?.nonce !== nonce) {
        throw new DrillDatabaseRefused(
          `drill database '${name}' carries another run's mark (${markOf(existing)?.by ?? 'no run named'}); not dropping it`,
        );
      }
      await dropDatabase(client, name);
      await dropMarkedRole(client, existing.owner, nonce);
    }
    if (role !== null && role !== existing?.owner) await dropMarkedRole(client, role, nonce);
  } finally {
    await client.end().catch(() => {});
  }
}
