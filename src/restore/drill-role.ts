// The role of the drill's own: what the backup's SQL, post-restore-command, PickDriver and the
// checks connect as, so nothing in a backup runs with the database-url role's rights (a
// superuser can run programs on the server with COPY … TO PROGRAM). It and the drill database
// carry this run's mark (a random nonce, when, and which run), so the cleanup drops only what
// this run made and a concurrent drill can say whose database it found.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type pg from 'pg';
import { sanitizeName } from '../util/sanitize.js';

/** Every role the action creates carries a comment starting with this. */
export const ROLE_MARKER = 'pickdriver-vault-action drill role';

/** This run, as its marks name it. */
export interface RunIdentity {
  /** Random per run; kept in the action's state so the post step finds what this run made. */
  nonce: string;
  /** The run's page, or the machine and process of a command-line drill. */
  by: string;
}

export function newRunIdentity(env: NodeJS.ProcessEnv): RunIdentity {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: runId } = env;
  const by =
    server && repo && runId
      ? `${server.replace(/\/+$/, '')}/${repo}/actions/runs/${runId}`
      : `pid ${process.pid} on ${hostname()}`;
  // `;` separates the mark's fields.
  return { nonce: randomBytes(16).toString('hex'), by: sanitizeName(by).replace(/;/g, ',') };
}

/** A fresh role name per run: a role is never reused by another drill. */
export function drillRoleName(run: RunIdentity): string {
  return `pdv_drill_${run.nonce.slice(0, 16)}`;
}

export function markText(marker: string, run: RunIdentity, now = new Date()): string {
  return `${marker}; run ${run.nonce}; created ${now.toISOString()}; by ${run.by}; dropped by the action's post step unless keep-database is true`;
}

export interface ParsedMark {
  nonce: string;
  createdAt: Date;
  by: string;
}

/** The run a mark names; null for a mark written before marks carried one. */
export function parseMark(comment: string | null): ParsedMark | null {
  const m = comment === null ? null : /; run ([0-9a-f]{32}); created ([^;]+); by ([^;]*);/.exec(comment);
  if (!m) return null;
  const createdAt = new Date(m[2] as string);
  if (Number.isNaN(createdAt.getTime())) return null;
  return { nonce: m[1] as string, createdAt, by: m[3] as string };
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

/** The owner of a pre-provisioned database may lend its rights to the drill role only when it has none to spare. */
export async function ownerProblem(client: pg.Client, owner: string): Promise<string | null> {
  const { rows } = await client.query<{ risky: string[] }>(
    `SELECT array_remove(ARRAY[
              CASE WHEN rolsuper THEN 'SUPERUSER' END, CASE WHEN rolcreaterole THEN 'CREATEROLE' END,
              CASE WHEN rolcreatedb THEN 'CREATEDB' END, CASE WHEN rolreplication THEN 'REPLICATION' END,
              CASE WHEN rolbypassrls THEN 'BYPASSRLS' END,
              CASE WHEN pg_has_role(oid, 'pg_execute_server_program', 'USAGE') THEN 'pg_execute_server_program' END,
              CASE WHEN pg_has_role(oid, 'pg_write_server_files', 'USAGE') THEN 'pg_write_server_files' END,
              CASE WHEN pg_has_role(oid, 'pg_read_server_files', 'USAGE') THEN 'pg_read_server_files' END
            ], NULL) AS risky
       FROM pg_roles WHERE rolname = $1`,
    [owner],
  );
  const risky = rows[0]?.risky ?? [];
  return risky.length === 0 ? null : risky.join(', ');
}
