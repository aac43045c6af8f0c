// Whose is a drill database that is already there? The answer comes from what the backup cannot
// write: its owner, when that is a drill role, and that role's mark (a comment in a shared
// catalog that takes CREATEROLE or superuser to write; the drill role has neither, and cannot
// give its database another owner without CREATEDB). The database's own comment is the owner's to
// write, so a restored backup could forge or erase it: it counts only for a database whose owner
// is not a drill role (restore-role: admin, where the backup runs with the admin's rights anyway).
// This run's own cleanup also checks the database's oid, kept in the runner's state.
import type pg from 'pg';
import { formatDuration } from '../util/format.js';
import { withoutPassword } from '../util/secrets.js';
import {
  type AdminRights,
  markOwnerGone,
  type ParsedMark,
  parseMark,
  ROLE_MARKER,
  type RunIdentity,
} from './drill-role.js';

/** Every database the action creates carries a comment starting with this (for people; see above). */
export const DRILL_MARKER = 'pickdriver-vault-action drill database';

/** Another drill's database, younger than restore-timeout: that drill may still be running. */
class DrillDatabaseInUse extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DrillDatabaseInUse';
  }
}

interface ExistingDatabase {
  oid: number;
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
export async function lookUp(client: pg.Client, name: string): Promise<Lookup> {
  const { rows } = await client.query<{
    user: string;
    superuser: boolean;
    createrole: boolean;
    oid: string | null;
    comment: string | null;
    owner: string | null;
    owner_comment: string | null;
    member_mark: string | null;
  }>(
    `SELECT r.rolname AS user, r.rolsuper AS superuser, r.rolcreaterole AS createrole, d.oid::int8::text AS oid,
            pg_catalog.shobj_description(d.oid, 'pg_database') AS comment, pg_catalog.pg_get_userbyid(d.datdba) AS owner,
            pg_catalog.shobj_description(d.datdba, 'pg_authid') AS owner_comment,
            (SELECT pg_catalog.max(pg_catalog.shobj_description(m.member, 'pg_authid'))
               FROM pg_catalog.pg_auth_members m
              WHERE m.roleid = d.datdba
                AND pg_catalog.starts_with(pg_catalog.shobj_description(m.member, 'pg_authid'), $2)) AS member_mark
       FROM pg_catalog.pg_roles r LEFT JOIN pg_catalog.pg_database d ON d.datname = $1
      WHERE r.rolname = current_user`,
    [name, ROLE_MARKER],
  );
  const row = rows[0];
  if (!row) throw new Error('the database-url role is not in pg_roles');
  return {
    rights: { user: row.user, superuser: row.superuser, createRole: row.createrole },
    existing:
      row.oid !== null
        ? {
            oid: Number(row.oid),
            comment: row.comment,
            owner: row.owner ?? '',
            ownerComment: row.owner_comment,
            memberMark: row.member_mark,
          }
        : null,
  };
}

/** Owned by a drill role: its mark is the only one that counts. */
const ownedByDrillRole = (db: ExistingDatabase) => db.ownerComment?.startsWith(ROLE_MARKER) === true;

export const isMarked = (db: ExistingDatabase) => ownedByDrillRole(db) || db.comment?.startsWith(DRILL_MARKER) === true;

/** The run that made a marked database: its drill role's mark, else (admin mode) its own comment. */
export const markOf = (db: ExistingDatabase): ParsedMark | null =>
  ownedByDrillRole(db) ? parseMark(db.ownerComment) : parseMark(db.comment);

/** The SQL that drops a leftover drill database (and its drill role) by hand: to paste as it is. */
export function dropCommand(adminUrl: string, database: string | null, roles: string[]): string {
  // One -c each: DROP DATABASE cannot run in the transaction several statements in one -c share.
  // Databases first: a role that owns one cannot be dropped before it.
  const sql = [
    ...(database === null ? [] : [`DROP DATABASE "${database}" WITH (FORCE)`]),
    ...roles.map((role) => `DROP ROLE "${role}"`),
  ];
  return `psql "${noPassword(adminUrl)}" ${sql.map((s) => `-c '${s}'`).join(' ')}`;
}

/** The URL to paste: no password at all (psql asks for it, or takes PGPASSWORD), not a `***` to edit out. */
function noPassword(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return withoutPassword(url);
  }
}

interface InUseContext {
  name: string;
  adminUrl: string;
  run: RunIdentity;
  restoreTimeoutMs: number;
  /** The drill role that owns it (dropped with it), if any. */
  ownerRole: string | null;
  log: (line: string) => void;
}

/**
 * Refuses a database another drill made less than restore-timeout ago, unless that drill is
 * certainly gone (it ran on this host and its process is dead): then it is a leftover to drop.
 * The refusal says exactly what to run to clear it.
 */
export function assertNotInUse(mark: ParsedMark | null, c: InUseContext): void {
  if (mark === null || mark.nonce === c.run.nonce) return;
  const ageMs = Date.now() - mark.createdAt.getTime();
  if (ageMs >= c.restoreTimeoutMs) return;
  const who = mark.pid !== null && mark.host !== null ? `pid ${mark.pid} on ${mark.host}` : mark.by;
  if (markOwnerGone(mark, c.run)) {
    c.log(
      `drill-database '${c.name}' was made ${formatDuration(Math.max(0, ageMs))} ago by a drill that is gone (${who} is no longer running on this host): dropping its leftovers`,
    );
    return;
  }
  const process = mark.by.includes(who) || who === mark.by ? '' : ` as ${who}`;
  throw new DrillDatabaseInUse(
    `drill-database '${c.name}' is in use by another drill (${mark.by})${process}, which made it ${formatDuration(Math.max(0, ageMs))} ago, ` +
      `less than restore-timeout (${formatDuration(c.restoreTimeoutMs)}); nothing was dropped. ` +
      'Give concurrent drills different drill-database names, or let them run one after the other (a concurrency group). ' +
      `If that drill is over (killed, its runner gone), clear its leftovers with: ${dropCommand(c.adminUrl, c.name, c.ownerRole ? [c.ownerRole] : [])}`,
  );
}
