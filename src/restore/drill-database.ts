import type pg from 'pg';
import { drillDatabaseProblem } from '../config/database-target.js';
import { RESTRICTED_NAMES } from '../config/plain-values.js';
import type { DrillContext } from '../model/context.js';
import type { RestoreRole } from '../model/types.js';
import { withoutPassword } from '../util/secrets.js';
import { createMarked, dropDatabase, listed, serverFacts, userRelations } from './drill-database-sql.js';
import { assertNotInUse, DRILL_MARKER, isMarked, lookUp, markOf } from './drill-mark.js';
import {
  assertCanCreateRole,
  createDrillRole,
  DrillRoleRefused,
  drillRoleName,
  dropMarkedRole,
  newRunIdentity,
  ownerProblem,
  parseMark,
  ROLE_MARKER,
  type RunIdentity,
} from './drill-role.js';
import { connectionParts, drillDatabaseUrl } from './pg-connection.js';
import type { RestoreFacts } from './prepare-restore.js';
import { connectWhenReady, type WaitOptions } from './wait-for-postgres.js';

export { DRILL_MARKER, drillDatabaseUrl };

type DrillDatabaseOrigin = 'created' | 'recreated' | 'reused';

export class DrillDatabaseRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DrillDatabaseRefused';
  }
}

const NAME_RE = /^[a-z_][a-z0-9_]{0,62}$/;

/** The config schema enforces these already; checked again because dropping is irreversible. */
function assertSafeDrillName(name: string, adminUrl: string): void {
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
function adminRole(adminUrl: string): RestoreRole {
  const name = connectionParts(adminUrl).user ?? 'postgres';
  return {
    mode: 'admin',
    name,
    risk: `the restore and the checks ran as the database-url role ${name}: SQL in the backup ran with all of its rights (a superuser can run programs on the database server)`,
  };
}

interface PreparedDatabase {
  /** What the restore, the commands and the checks connect with: the drill role's, or the admin's. */
  url: string;
  origin: DrillDatabaseOrigin;
  role: RestoreRole;
  /** The oid of the database this run created (null: reused): its own cleanup checks it. */
  databaseOid: number | null;
  /** Of a database created for the drill role, read on the admin's session (null: the restore asks). */
  facts: RestoreFacts | null;
}

interface PrepareOptions extends WaitOptions {
  /** This run (a fresh one when not given). */
  run?: RunIdentity;
  /** Called with the drill role's name before it is created, so a cancelled drill's cleanup finds it. */
  onRole?: (name: string) => void;
  /** An open session of database-url's (the server's check left it open): used, then ended. */
  session?: pg.Client | null;
  /** Called once CREATE DATABASE has gone to the server (the server's longest work here). */
  onCreating?: () => void;
}

export async function prepareDrillDatabase(ctx: DrillContext, options: PrepareOptions = {}): Promise<PreparedDatabase> {
  const { run = newRunIdentity(ctx.env), onRole, session = null, onCreating, ...waitOptions } = options;
  const adminUrl = ctx.config.databaseUrl;
  const name = ctx.config.drillDatabase;
  ctx.secrets.addUrl(adminUrl);
  try {
    assertSafeDrillName(name, adminUrl);
  } catch (error) {
    await session?.end().catch(() => {});
    throw error;
  }
  const wait: WaitOptions = { redact: (t) => ctx.secrets.redact(t), ...waitOptions };
  const adminDrillUrl = drillDatabaseUrl(adminUrl, name);
  const asDrill = ctx.config.restoreRole === 'drill';

  const client = session ?? (await connectWhenReady(adminUrl, wait));
  try {
    const { rights, existing } = await lookUp(client, name);
    if (asDrill) assertCanCreateRole(rights);
    let origin: DrillDatabaseOrigin;
    const inUse = (ownerRole: string | null) => ({
      name,
      adminUrl,
      run,
      restoreTimeoutMs: ctx.config.restoreTimeoutMs,
      ownerRole,
      log: (line: string) => ctx.log.info(line),
    });
    if (existing === null || isMarked(existing)) {
      if (existing !== null) {
        const owner = existing.ownerComment?.startsWith(ROLE_MARKER) ? existing.owner : null;
        assertNotInUse(markOf(existing), inUse(owner));
        await dropDatabase(client, name);
        // The earlier drill's role goes with its database: a role is never reused by another run.
        await dropMarkedRole(client, existing.owner, null).catch(() => false);
      }
      origin = existing === null ? 'created' : 'recreated';
    } else {
      assertNotInUse(parseMark(existing.memberMark), { ...inUse(null), name });
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
      const databaseOid = origin === 'reused' ? null : await createMarked(client, name, run, null, onCreating);
      ctx.log.info(`drill database ${name}: ${originWords(origin, null)} on ${withoutPassword(adminUrl)}`);
      return { url: adminDrillUrl, origin, role: adminRole(adminUrl), databaseOid, facts: null };
    }

    const roleName = drillRoleName(run);
    onRole?.(roleName);
    const password = await createDrillRole(client, roleName, run, rights);
    ctx.secrets.add(password);
    let databaseOid: number | null = null;
    let facts: RestoreFacts | null = null;
    if (origin === 'reused') {
      // The restore runs as the owner (SET ROLE), so the tables belong to the role PickDriver uses.
      await client.query(
        `GRANT ${client.escapeIdentifier(existing?.owner ?? '')} TO ${client.escapeIdentifier(roleName)}`,
      );
    } else {
      databaseOid = await createMarked(client, name, run, roleName, onCreating);
      facts = { me: roleName, ...(await serverFacts(client)) };
    }
    ctx.log.info(`drill database ${name}: ${originWords(origin, roleName)} on ${withoutPassword(adminUrl)}`);
    return {
      url: roleUrl(adminDrillUrl, roleName, password),
      origin,
      role: drillRole(roleName),
      databaseOid,
      facts,
    };
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

function drillRole(name: string): RestoreRole {
  return { mode: 'drill', name, risk: null };
}

interface DropOptions extends WaitOptions {
  /** Drop only objects carrying this run's nonce; null: any drill's mark (manual and test cleanups). */
  nonce?: string | null;
  /** The drill role to drop too (when the database was not created, or is already gone). */
  role?: string | null;
  /**
   * The oid of the database this run created (from the runner's state): a fact of the server the
   * backup cannot change. A database with this oid is this run's, whatever its comment says.
   */
  databaseOid?: number | null;
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
  const { nonce = null, role = null, databaseOid = null, ...wait } = options;
  if (name !== null) assertSafeDrillName(name, adminUrl);
  const client = await connectWhenReady(adminUrl, wait);
  try {
    const existing = name === null ? null : (await lookUp(client, name)).existing;
    // The very database this run created (its oid, from the state) needs no mark when it has no
    // drill role to carry one (restore-role: admin, where its comment is the backup's to rewrite);
    // a drill role's mark, which the backup cannot write, must carry this run's nonce.
    const made =
      existing !== null &&
      databaseOid !== null &&
      existing.oid === databaseOid &&
      existing.ownerComment?.startsWith(ROLE_MARKER) !== true;
    if (name !== null && existing !== null && !made) {
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
    }
    if (name !== null && existing !== null) {
      await dropDatabase(client, name);
      await dropMarkedRole(client, existing.owner, nonce);
    }
    if (role !== null && role !== existing?.owner) await dropMarkedRole(client, role, nonce);
  } finally {
    await client.end().catch(() => {});
  }
}
