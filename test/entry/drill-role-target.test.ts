// The drill role as the PickDriver instance and a pre-provisioned database see it, through the
// action's main and post bundles as a runner runs them, on a server with trust authentication
// (database-url without a password):
//  - api-start-command gets the drill role's full DRILL_DB_* set, its password the role's random
//    one (checked against the server's SCRAM verifier by the command itself, which writes only
//    the password's digest), the stand-in it starts passes the API checks against the drill
//    database, and the password is in no log, output, summary or report;
//  - a database of the drill-database name that no run marked is refused by name and never
//    dropped, neither by the main step nor by the post step.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/demo/embedded-postgres.js';
import { actionSteps } from '../helpers/action-steps.js';
import { ROOT } from '../helpers/bundles.js';
import { createDrillWorld, type DrillWorld } from '../helpers/drill-world.js';
import { adminQuery, queryDb, uniqueName, urlFor } from '../helpers/postgres.js';

interface Report {
  result: string;
  checks: { id: string; status: string; summary: string }[];
  restore: { role: { mode: string; name: string } | null };
}

let world: DrillWorld;
let dir: string;
let backup: string;

beforeAll(async () => {
  world = await createDrillWorld({ api: false });
  backup = await world.backup('custom', 'pickdriver.dump');
  dir = await mkdtemp(path.join(os.tmpdir(), 'pdv-role-target-'));
}, 120_000);
afterAll(async () => {
  await world?.close();
  await rm(dir, { recursive: true, force: true });
});

const actionDrill = (inputs: Record<string, string>) => actionSteps<Report>(inputs);

/** Everything the drill wrote a person could read, by where: logs, outputs, summary, state, report folder. */
async function everythingWritten(
  drill: Awaited<ReturnType<typeof actionDrill>>,
  postOut: string,
): Promise<Record<string, string>> {
  const reportDir = path.join(drill.files.dir, 'report');
  const written: Record<string, string> = {
    // The runner reads `::add-mask::` lines and shows none of them: they are how it is told to mask.
    'main log': (drill.run.stdout + drill.run.stderr).replace(/^::add-mask::.*$/gm, ''),
    'post log': postOut,
    outputs: await readFile(drill.files.output, 'utf8'),
    summary: await readFile(drill.files.summary, 'utf8'),
    state: await readFile(drill.files.state, 'utf8'),
  };
  for (const f of await readdir(reportDir)) written[f] = await readFile(path.join(reportDir, f), 'utf8');
  return written;
}

// What api-start-command's environment holds, written by the command itself: variable names, the
// DRILL_DB_* values that are not secret, whether DRILL_DB_PASSWORD is the password the server
// keeps for DRILL_DB_USER (its SCRAM StoredKey recomputed from it), and its SHA-256 (to look for
// it in what the drill wrote), never the password.
const PROBE = `
import { execFileSync } from 'node:child_process';
import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
const [out, adminUrl] = process.argv.slice(2);
const env = process.env;
const verifier = execFileSync('psql', ['-XAt', adminUrl, '-v', 'role=' + env.DRILL_DB_USER, '-f', '-'],
  { encoding: 'utf8', input: "SELECT rolpassword FROM pg_authid WHERE rolname = :'role';" }).trim();
const m = /^SCRAM-SHA-256\\$(\\d+):([^$]+)\\$([^:]+):/.exec(verifier);
let roles = false;
if (m && env.DRILL_DB_PASSWORD) {
  const salted = pbkdf2Sync(env.DRILL_DB_PASSWORD, Buffer.from(m[2], 'base64'), Number(m[1]), 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  roles = createHash('sha256').update(clientKey).digest('base64') === m[3];
}
writeFileSync(out, JSON.stringify({
  names: Object.keys(env).filter((n) => /^(DRILL_DB_|DATABASE_)/.test(n)).sort(),
  host: env.DRILL_DB_HOST, port: env.DRILL_DB_PORT, name: env.DRILL_DB_NAME, user: env.DRILL_DB_USER,
  passwordLength: (env.DRILL_DB_PASSWORD ?? '').length, passwordIsTheRoles: roles,
  passwordSha256: createHash('sha256').update(env.DRILL_DB_PASSWORD ?? '').digest('hex'),
}));
`;

describe('api-target: drill under trust authentication', () => {
  it("starts the instance with the drill role's DRILL_DB_* (its random password), the API checks pass on the drill database, the password is written nowhere", async () => {
    expect(new URL(world.adminUrl).password).toBe('');
    const probe = path.join(dir, 'probe.mjs');
    await writeFile(probe, PROBE);
    const seen = path.join(dir, 'api-env.json');
    const port = await freePort();
    const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
    const standIn = path.join(ROOT, 'src/stand-in/main.ts');
    const q = JSON.stringify;
    const drill = await actionDrill({
      'backup-source': backup,
      'database-url': world.adminUrl,
      'drill-database': world.drillDatabase,
      'api-url': `http://127.0.0.1:${port}`,
      'api-target': 'drill',
      'internal-token': world.token,
      'api-start-command':
        `${q(process.execPath)} ${q(probe)} ${q(seen)} ${q(world.adminUrl)} && ` +
        `ENVIRONMENT=testing DATABASE_TLS_MODE=disable DRILL_DB_SSLMODE=disable exec ${q(tsx)} ${q(standIn)} --port ${port}`,
      'api-ready-timeout': '60s',
    });
    let postOut = '';
    let env: { passwordSha256: string } = { passwordSha256: '' };
    try {
      const role = drill.state['drill-role'] as string;
      expect(role).toMatch(/^pdv_drill_[0-9a-f]{16}$/);
      env = JSON.parse(await readFile(seen, 'utf8'));
      expect(env).toEqual({
        names: [
          'DATABASE_HOST',
          'DATABASE_NAME',
          'DATABASE_PASSWORD',
          'DATABASE_PORT',
          'DATABASE_USERNAME',
          'DRILL_DB_HOST',
          'DRILL_DB_NAME',
          'DRILL_DB_PASSWORD',
          'DRILL_DB_PORT',
          'DRILL_DB_USER',
        ],
        host: '127.0.0.1',
        port: new URL(world.adminUrl).port,
        name: world.drillDatabase,
        user: role,
        passwordLength: 32,
        passwordIsTheRoles: true,
        passwordSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      });

      const report = drill.report as Report;
      const status = Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
      expect(status, drill.run.stdout).toMatchObject({
        'restore.completed': 'ok',
        'api.ready': 'ok',
        'api.info': 'ok',
        'api.compatibility': 'ok',
        'api.smoke': 'ok',
        'api.db-info': 'ok',
        'api.validate': 'ok',
      });
      expect(report.result).toBe('passed');
      expect(drill.run.code).toBe(0);
      // The stand-in answered for its drill target, which is the restored database.
      const summary = report.checks.find((c) => c.id === 'api.db-info')?.summary ?? '';
      expect(summary).toMatch(/^target drill matches the restored database/);
    } finally {
      const post = await drill.post();
      postOut = post.stdout + post.stderr;
    }
    // It was never written anywhere a person reads; the post step dropped the role (below).
    const written = await everythingWritten(drill, postOut);
    expect(written['report.json']).toContain(world.drillDatabase);
    // The runner was told to mask it, in case a command prints it.
    const masks = [...drill.run.stdout.matchAll(/^::add-mask::(.*)$/gm)].map((m) => m[1] ?? '');
    // The password itself once, and any connection URL that carries it as a whole (so a tool that
    // echoes the URL is masked as one piece), nothing else.
    const holding = masks.filter((m) => passwordFound(m, env.passwordSha256).length > 0);
    expect(holding.filter((m) => m.length === 32)).toHaveLength(1);
    // (A URL is also registered percent-encoded, as a tool may print it that way.)
    const decoded = (m: string): string => (decodeURIComponent(m) === m ? m : decoded(decodeURIComponent(m)));
    for (const m of holding.filter((m) => m.length !== 32)) expect(decoded(m)).toMatch(/^postgres(?:ql)?:\/\/[^\s]+@/);
    for (const [where, text] of Object.entries(written))
      expect(passwordFound(text, env.passwordSha256), where).toEqual([]);
    // The search finds a password where there is one.
    const sample = 'Ab3_-'.repeat(7).slice(0, 32);
    const sampleSha = createHash('sha256').update(sample).digest('hex');
    expect(passwordFound(`${written['report.json']?.slice(0, 200)}x:${sample}@h`, sampleSha)).toHaveLength(1);
    expect(await world.databaseExists(world.drillDatabase)).toBe(false);
    const role = await adminQuery('SELECT 1 FROM pg_roles WHERE rolname = $1', [drill.state['drill-role']]);
    expect(role.rows).toEqual([]);
  }, 180_000);
});

/**
 * Where the password (known here only by its SHA-256) appears in `text`: it is 32 characters of
 * base64url (drill-role.ts), so every 32-character window of every run of those characters is
 * tried.
 */
function passwordFound(text: string, sha256: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/[A-Za-z0-9_-]{32,}/g)) {
    for (let i = 0; i + 32 <= m[0].length; i++) {
      const window = m[0].slice(i, i + 32);
      if (createHash('sha256').update(window).digest('hex') === sha256) {
        const at = (m.index ?? 0) + i;
        found.push(`${text.slice(Math.max(0, at - 60), at)}<password>`);
      }
    }
  }
  return found;
}

describe('a pre-provisioned drill database no run marked', () => {
  for (const empty of [false, true]) {
    it(
      empty
        ? 'empty, but owned by a role with CREATEDB and CREATEROLE: refused by name, nothing dropped, also by the post step'
        : 'holding rows, owned by another role: refused by name, nothing dropped, also by the post step',
      async () => {
        const owner = uniqueName('pdv_provisioner');
        const database = uniqueName('pdv_provisioned');
        await adminQuery(`CREATE ROLE "${owner}" LOGIN CREATEDB CREATEROLE`);
        await adminQuery(`CREATE DATABASE "${database}" OWNER "${owner}"`);
        const url = urlFor(world.adminUrl, database);
        if (!empty) {
          await queryDb(
            url,
            `SET ROLE "${owner}";
             CREATE TABLE public.keepsakes (id int PRIMARY KEY, note text);
             INSERT INTO public.keepsakes SELECT g, 'kept ' || g FROM generate_series(1, 7) g;`,
          );
        }
        try {
          const drill = await actionDrill({
            'backup-source': backup,
            'database-url': world.adminUrl,
            'drill-database': database,
          });
          expect(drill.run.code).toBe(1);
          const completed = (drill.report as Report).checks.find((c) => c.id === 'restore.completed');
          expect(completed?.status).toBe('fail');
          if (empty) {
            expect(completed?.summary).toContain(
              `drill-database '${database}' is pre-provisioned and owned by ${owner}, which has CREATEROLE, CREATEDB`,
            );
          } else {
            expect(completed?.summary).toContain(
              `drill-database '${database}' already exists, was not created by this action and holds 1 user table(s) (public.keepsakes)`,
            );
            expect(completed?.summary).toContain('never drops or writes into a database it did not create');
          }
          expect(drill.state['created-database']).toBeUndefined();
          const post = await drill.post();
          expect(post.code).toBe(0);
          for (const step of ['main', 'post']) {
            const { rows } = await adminQuery<{ owner: string; comment: string | null }>(
              `SELECT pg_get_userbyid(datdba) AS owner, shobj_description(oid, 'pg_database') AS comment
                 FROM pg_database WHERE datname = $1`,
              [database],
            );
            expect(rows, step).toEqual([{ owner, comment: null }]);
          }
          if (!empty) {
            const { rows } = await queryDb<{ n: number }>(url, 'SELECT count(*)::int AS n FROM public.keepsakes');
            expect(rows[0]?.n).toBe(7);
          }
          // No drill role was left behind, nor made a member of the owner.
          const members = await adminQuery(
            `SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid WHERE r.rolname = $1`,
            [owner],
          );
          expect(members.rows).toEqual([]);
        } finally {
          await adminQuery(`DROP DATABASE IF EXISTS "${database}"`);
          await adminQuery(`DROP ROLE IF EXISTS "${owner}"`);
        }
      },
    );
  }
});
