// The role of the drill's own: what the backup's SQL, post-restore-command, PickDriver and the
// checks connect as, so nothing in a backup runs with the database-url role's rights (a
// superuser can run programs on the server with COPY … TO PROGRAM). It and the drill database
// carry this run's mark (a random nonce, when, which run, and the process and host it runs as),
// so the cleanup drops only what this run made and a concurrent drill can say whose database it
// found, and whether that drill is still alive. The mark that counts is the role's comment: a
// shared catalog entry only a superuser or a CREATEROLE role can write, so the backup, which runs
// as the drill role, can neither forge nor erase it (a COMMENT ON DATABASE it can write).
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type pg from 'pg';
import { processStartTime } from '../util/process-group.js';
import { sanitizeName } from '../util/sanitize.js';

/** Every role the action creates carries a comment starting with this. */
export const ROLE_MARKER = 'pickdriver-vault-action drill role';

/** This run, as its marks name it. */
export interface RunIdentity {
  /** Random per run; kept in the action's state so the post step finds what this run made. */
  nonce: string;
  /** The run's page, or the machine and process of a command-line drill. */
  by: string;
  /** The process that makes the marks, its start time (with the pid it names one process) and host. */
  pid: number;
  startTime: string | null;
  host: string;
}

export function newRunIdentity(env: NodeJS.ProcessEnv): RunIdentity {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: runId } = env;
  const by =
    server && repo && runId
      ? `${server.replace(/\/+$/, '')}/${repo}/actions/runs/${runId}`
      : `pid ${process.pid} on ${hostname()}`;
  // `;` separates the mark's fields.
  const field = (text: string) => sanitizeName(text).replace(/;/g, ',');
  return {
    nonce: randomBytes(16).toString('hex'),
    by: field(by),
    pid: process.pid,
    startTime: processStartTime(process.pid),
    host: field(hostname()).replace(/\s/g, '_'),
  };
}

/** A fresh role name per run: a role is never reused by another drill. */
export function drillRoleName(run: RunIdentity): string {
  return `pdv_drill_${run.nonce.slice(0, 16)}`;
}

/** A mark; `databaseOid`: the database the drill role was made for, once it exists. */
export function markText(
  marker: string,
  run: RunIdentity,
  now = new Date(),
  databaseOid: number | null = null,
): string {
  const database = databaseOid === null ? '' : ` database oid ${databaseOid};`;
  return (
    `${marker}; run ${run.nonce}; created ${now.toISOString()}; by ${run.by}; ` +
    `pid ${run.pid} started ${run.startTime ?? '-'} on ${run.host};${database} dropped by the action's post step unless keep-database is true`
  );
}

export interface ParsedMark {
  nonce: string;
  createdAt: Date;
  by: string;
  /** The process that made it (null in marks written before they named one). */
  pid: number | null;
  startTime: string | null;
  host: string | null;
  databaseOid: number | null;
}

/** The run a mark names; null for a mark written before marks carried one. */
export function parseMark(comment: string | null): ParsedMark | null {
  const m = comment === null ? null : /; run ([0-9a-f]{32}); created ([^;]+); by ([^;]*);/.exec(comment);
  if (!m || comment === null) return null;
  const createdAt = new Date(m[2] as string);
  if (Number.isNaN(createdAt.getTime())) return null;
  const p = /; pid (\d+) started (\S+) on (\S+);/.exec(comment);
  const oid = /; database oid (\d+);/.exec(comment);
  return {
    nonce: m[1] as string,
    createdAt,
    by: m[3] as string,
    pid: p ? Number(p[1]) : null,
    startTime: p && p[2] !== '-' ? (p[2] as string) : null,
    host: p ? (p[3] as string) : null,
    databaseOid: oid ? Number(oid[1]) : null,
  };
}

/**
 * True when the drill that made a mark is certainly gone: it ran on this host, and its process
 * is dead or its pid now names another process (another start time). A drill killed outright
 * (SIGKILL, a cancelled runner) leaves its database behind; this lets the next one drop it.
 */
export function markOwnerGone(mark: ParsedMark, here: RunIdentity): boolean {
  if (mark.pid === null || mark.host === null || mark.host !== here.host) return false;
  if (mark.pid === here.pid) return mark.startTime !== here.startTime;
  const started = processStartTime(mark.pid);
  if (started !== null) return mark.startTime !== null && started !== mark.startTime;
  try {
    process.kill(mark.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export class DrillRoleRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DrillRoleRefused';
  }
}

export interface AdminRights {
  user: string;
  superuser: boolean;
  createRole: boolean;
}

/** Stops the drill, before anything is created, when the role cannot be made. */
export function assertCanCreateRole(rights: AdminRights): void {
  if (rights.superuser || rights.createRole) return;
  throw new DrillRoleRefused(
    `the database-url role ${rights.user} may not create roles (it has neither SUPERUSER nor CREATEROLE), so the drill cannot restore as a role of its own. ` +
      `Grant it CREATEROLE (ALTER ROLE ${rights.user} CREATEROLE), or set restore-role: admin to restore as ${rights.user} itself, ` +
      "accepting that the backup's SQL then runs with all of that role's rights",
  );
}

const ATTRIBUTES = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT';

/** Creates the drill role with a random password and marks it; returns the password. */
export async function createDrillRole(
  client: pg.Client,
  name: string,
  run: RunIdentity,
  rights: AdminRights,
): Promise<string> {
  const password = randomBytes(24).toString('base64url');
  const ident = client.escapeIdentifier(name);
  await client.query(
    `CREATE ROLE ${ident} ${ATTRIBUTES} PASSWORD ${client.escapeLiteral(password)};
     COMMENT ON ROLE ${ident} IS ${client.escapeLiteral(markText(ROLE_MARKER, run))}`,
  );
  // CREATE DATABASE … OWNER needs membership in the owner unless one is a superuser.
  if (!rights.superuser) await client.query(`GRANT ${ident} TO CURRENT_USER`);
  return password;
}

/**
 * Drops a role only while it carries the drill mark (with `nonce`, when given). Its membership
 * grants go with it; anything it still owns keeps it (and the error says what).
 */
export async function dropMarkedRole(client: pg.Client, name: string, nonce: string | null): Promise<boolean> {
  const { rows } = await client.query<{ comment: string | null }>(
    `SELECT shobj_description(oid, 'pg_authid') AS comment FROM pg_roles WHERE rolname = $1`,
    [name],
  );
  const comment = rows[0]?.comment ?? null;
  if (rows.length === 0 || !comment?.startsWith(ROLE_MARKER)) return false;
  if (nonce !== null && parseMark(comment)?.nonce !== nonce) return false;
  await client.query(`DROP ROLE IF EXISTS ${client.escapeIdentifier(name)}`);
  return true;
}

/**
 * The owner of a pre-provisioned database may lend its rights to the drill role only when it has
 * none to spare: no attribute beyond LOGIN and no membership in any role at all (a predefined one
 * such as pg_signal_backend or pg_read_all_data, or an ordinary one: their rights come with it).
 */
export async function ownerProblem(client: pg.Client, owner: string): Promise<string | null> {
  const { rows } = await client.query<{ risky: string[]; member_of: string[] }>(
    `SELECT array_remove(ARRAY[
              CASE WHEN rolsuper THEN 'SUPERUSER' END, CASE WHEN rolcreaterole THEN 'CREATEROLE' END,
              CASE WHEN rolcreatedb THEN 'CREATEDB' END, CASE WHEN rolreplication THEN 'REPLICATION' END,
              CASE WHEN rolbypassrls THEN 'BYPASSRLS' END,
              CASE WHEN pg_catalog.pg_has_role(r.oid, 'pg_execute_server_program', 'USAGE') THEN 'pg_execute_server_program' END,
              CASE WHEN pg_catalog.pg_has_role(r.oid, 'pg_write_server_files', 'USAGE') THEN 'pg_write_server_files' END,
              CASE WHEN pg_catalog.pg_has_role(r.oid, 'pg_read_server_files', 'USAGE') THEN 'pg_read_server_files' END
            ], NULL) AS risky,
            ARRAY(SELECT pg_catalog.pg_get_userbyid(m.roleid)::text FROM pg_catalog.pg_auth_members m
                   WHERE m.member = r.oid ORDER BY 1) AS member_of
       FROM pg_catalog.pg_roles r WHERE rolname = $1`,
    [owner],
  );
  const risky = [...(rows[0]?.risky ?? [])];
  const memberOf = rows[0]?.member_of ?? [];
  if (memberOf.length > 0) risky.push(`membership in ${memberOf.join(', ')}`);
  return risky.length === 0 ? null : risky.join(', ');
}
