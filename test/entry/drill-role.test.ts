// The role model through the real bundles on a real Postgres: the backup's SQL, the commands and
// the checks run as a role of the drill's own, which the post step (and the command line at exit)
// drops with the database, each only while it carries the run's nonce; a drill database another
// drill made recently is in use; a server where the role cannot be made stops the drill.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpDatabase } from '../../src/demo/make-backup.js';
import { dropDrillDatabase } from '../../src/restore/index.js';
import { actionSteps } from '../helpers/action-steps.js';
import { runBundle } from '../helpers/bundles.js';
import {
  adminQuery,
  adminUrl,
  createTestDatabase,
  queryDb,
  type TestDatabase,
  uniqueName,
  urlFor,
} from '../helpers/postgres.js';

interface Check {
  id: string;
  status: string;
  summary: string;
}
interface Report {
  result: string;
  checks: Check[];
  restore: { role: { mode: string; name: string; risk: string | null } | null; errors: string[] };
}

let admin: string;
let source: TestDatabase;
let dir: string;
let dump: string;
let hostileDump: string;
let pwned: string;

beforeAll(async () => {
  admin = await adminUrl();
  dir = await mkdtemp(path.join(os.tmpdir(), 'pdv-role-'));
  source = await createTestDatabase('pdv_role_src');
  await queryDb(
    source.url,
    `CREATE TABLE seasons (id serial PRIMARY KEY, year int NOT NULL);
     INSERT INTO seasons (year) SELECT 2000 + g FROM generate_series(1, 26) g;`,
  );
  dump = path.join(dir, 'pickdriver.dump');
  await dumpDatabase(source.url, dump, 'custom');

  // The hostile archive: a CHECK constraint calling a function that runs a program on the
  // database server, once its rows are restored anywhere but here. The program reads what COPY
  // writes to it before it exits: `touch` alone exits at once, and under load the server's write
  // then meets a closed pipe (COPY failed … Broken pipe) and the restore fails for that reason.
  pwned = path.join('/tmp', uniqueName('pdv_pwned'));
  const hostile = await createTestDatabase('pdv_role_hostile');
  try {
    await queryDb(
      hostile.url,
      `CREATE FUNCTION public.valid_pick(v int) RETURNS boolean LANGUAGE plpgsql AS $$
       BEGIN
         IF current_database() <> '${hostile.name}' THEN
           EXECUTE format('COPY (SELECT 1) TO PROGRAM %L', 'cat > /dev/null; touch ${pwned}');
         END IF;
         RETURN v > 0;
       END $$;
       CREATE TABLE public.picks (id int CHECK (public.valid_pick(id)));
       INSERT INTO public.picks VALUES (1), (2), (3);`,
    );
    hostileDump = path.join(dir, 'hostile.dump');
    await dumpDatabase(hostile.url, hostileDump, 'custom');
  } finally {
    await hostile.drop();
  }
}, 60_000);

afterAll(async () => {
  await source?.drop();
  await rm(dir, { recursive: true, force: true });
  await rm(pwned, { force: true });
});

const byId = (report: Report, id: string) => report.checks.find((c) => c.id === id);

async function databaseOwner(name: string): Promise<string | null> {
  const { rows } = await adminQuery<{ owner: string }>(
    'SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1',
    [name],
  );
  return rows[0]?.owner ?? null;
}

async function roleExists(name: string): Promise<boolean> {
  return (await adminQuery('SELECT 1 FROM pg_roles WHERE rolname = $1', [name])).rows.length === 1;
}

async function cliDrill(database: string, extra: string[] = [], url = admin) {
  const reportDir = await mkdtemp(path.join(dir, 'report-'));
  const run = await runBundle('dist/cli/index.js', {
    args: [
      'drill',
      ...['--database-url', url],
      ...['--drill-database', database],
      ...['--baseline', 'none'],
      ...['--report-dir', reportDir],
      ...extra,
    ],
  });
  const file = path.join(reportDir, 'report.json');
  const report = existsSync(file) ? (JSON.parse(await readFile(file, 'utf8')) as Report) : null;
  return { run, report };
}

const actionDrill = (inputs: Record<string, string>, runId: string) => actionSteps<Report>(inputs, runId);

describe('the drill role', () => {
  it('restores a backup whose CHECK constraint runs COPY … TO PROGRAM without running it: the restore fails naming the missing right', async () => {
    const database = uniqueName('pdv_role_hostile');
    const { run, report } = await cliDrill(database, ['--backup-source', hostileDump]);
    expect(run.code).toBe(1);
    expect(existsSync(pwned)).toBe(false);
    const completed = byId(report as Report, 'restore.completed');
    expect(completed?.status).toBe('fail');
    expect(completed?.summary).toContain('pg_execute_server_program');
    expect(completed?.summary).toMatch(/permission: the restore runs as the drill role pdv_drill_[0-9a-f]{16}/);
    // The command line dropped the database and the role at exit.
    const role = report?.restore.role?.name as string;
    expect(report?.restore.role?.mode).toBe('drill');
    expect(await databaseOwner(database)).toBeNull();
    expect(await roleExists(role)).toBe(false);
  });

  it('with restore-role: admin the same archive does run the program, and the report and summary name the risk', async () => {
    const database = uniqueName('pdv_role_admin');
    const drill = await actionDrill(
      { 'backup-source': hostileDump, 'database-url': admin, 'drill-database': database, 'restore-role': 'admin' },
      '3333',
    );
    try {
      expect(existsSync(pwned)).toBe(true);
      const completed = byId(drill.report as Report, 'restore.completed');
      expect(completed?.status, completed?.summary).toBe('ok');
      expect(drill.report?.restore.role?.mode).toBe('admin');
      expect(drill.report?.restore.role?.risk).toMatch(/ran as the database-url role postgres.*run programs/);
      expect(drill.summary).toContain('ran as the database-url role postgres');
      expect(drill.state['drill-role']).toBeUndefined();
    } finally {
      await rm(pwned, { force: true });
      await drill.post();
    }
    expect(await databaseOwner(database)).toBeNull();
  });

  it('is a LOGIN role without any other right, owns the database, serves post-restore-command, and goes with the database in the post step (and only with this run’s nonce)', async () => {
    const database = uniqueName('pdv_role_attrs');
    const seen = path.join(dir, `${database}.txt`);
    const drill = await actionDrill(
      {
        'backup-source': dump,
        'database-url': admin,
        'drill-database': database,
        'post-restore-command': `psql -XAt -c "SELECT current_user, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = current_user" > ${seen}`,
      },
      '4444',
    );
    const role = drill.state['drill-role'] as string;
    expect(role).toMatch(/^pdv_drill_[0-9a-f]{16}$/);
    expect(drill.report?.restore.role).toEqual({ mode: 'drill', name: role, risk: null });
    expect(byId(drill.report as Report, 'restore.completed')?.status).toBe('ok');
    // What post-restore-command's connection was, and what the role is between the steps.
    expect((await readFile(seen, 'utf8')).trim()).toBe(`${role}|f|f|f|f|f|t`);
    const { rows } = await adminQuery(
      `SELECT rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, rolcanlogin,
              shobj_description(oid, 'pg_authid') AS comment
         FROM pg_roles WHERE rolname = $1`,
      [role],
    );
    expect(rows[0]).toMatchObject({
      rolsuper: false,
      rolcreatedb: false,
      rolcreaterole: false,
      rolreplication: false,
      rolbypassrls: false,
      rolcanlogin: true,
    });
    expect(rows[0]?.comment).toContain(`run ${drill.state['run-nonce']}`);
    expect(await databaseOwner(database)).toBe(role);
    const tables = await queryDb(
      urlFor(admin, database),
      `SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'`,
    );
    expect(tables.rows).toEqual([{ tableowner: role }]);

    // A post step whose state carries another nonce leaves both alone.
    const other = await drill.post({ 'run-nonce': 'f'.repeat(32) });
    expect(other.stdout).toContain("carries another run's mark");
    expect(await databaseOwner(database)).toBe(role);
    expect(await roleExists(role)).toBe(true);

    const post = await drill.post();
    expect(post.code).toBe(0);
    expect(post.stdout).toContain(`Dropped the drill database ${database} and the drill role ${role}.`);
    expect(await databaseOwner(database)).toBeNull();
    expect(await roleExists(role)).toBe(false);
  });

  it('stops with the reason when the database-url role may not create roles, and creates nothing', async () => {
    const weak = uniqueName('pdv_nocreaterole');
    await adminQuery(`CREATE ROLE "${weak}" LOGIN CREATEDB`);
    const url = new URL(admin);
    url.username = weak;
    url.password = '';
    const database = uniqueName('pdv_role_weak');
    try {
      const { run, report } = await cliDrill(database, ['--backup-source', dump], url.toString());
      expect(run.code).toBe(1);
      const completed = byId(report as Report, 'restore.completed');
      expect(completed?.status).toBe('fail');
      expect(completed?.summary).toContain(
        `the database-url role ${weak} may not create roles (it has neither SUPERUSER nor CREATEROLE)`,
      );
      expect(completed?.summary).toContain('restore-role: admin');
      expect(await databaseOwner(database)).toBeNull();
    } finally {
      await adminQuery(`DROP ROLE IF EXISTS "${weak}"`);
    }
  });

  it('runs checks-file queries read-only as the drill role, with their statement timeout', async () => {
    const database = uniqueName('pdv_role_checks');
    const checksFile = path.join(dir, 'checks.yml');
    await writeFile(
      checksFile,
      [
        'checks:',
        '  - name: as-drill-role',
        "    sql: SELECT current_user LIKE 'pdv_drill_%' AND NOT rolsuper FROM pg_roles WHERE rolname = current_user",
        '  - name: insert',
        '    sql: INSERT INTO seasons (year) VALUES (1999) RETURNING 1',
        '    expect: "= 1"',
        '  - name: create',
        '    sql: CREATE TABLE sneaky (id int)',
        '  - name: slow',
        '    sql: SELECT pg_sleep(30) IS NOT NULL',
        '    timeout: 1s',
        '',
      ].join('\n'),
    );
    const { report } = await cliDrill(database, [
      ...['--backup-source', dump],
      ...['--checks-file', checksFile],
      ...['--keep-database', 'true'],
    ]);
    try {
      expect(byId(report as Report, 'custom.as-drill-role')?.status).toBe('ok');
      expect(byId(report as Report, 'custom.insert')?.summary).toMatch(/read-only transaction/);
      expect(byId(report as Report, 'custom.create')?.summary).toMatch(/read-only transaction/);
      expect(byId(report as Report, 'custom.slow')?.summary).toMatch(/statement timeout/);
      const url = urlFor(admin, database);
      expect((await queryDb(url, 'SELECT count(*)::int AS n FROM seasons')).rows[0]?.n).toBe(26);
      expect((await queryDb(url, `SELECT to_regclass('public.sneaky') AS t`)).rows[0]?.t).toBeNull();
    } finally {
      await dropDrillDatabase(admin, database);
    }
    expect(await roleExists(report?.restore.role?.name as string)).toBe(false);
  });
});

describe('two drills with one drill-database', () => {
  it('the second fails naming the first and drops nothing; the first finishes', async () => {
    const database = uniqueName('pdv_role_shared');
    const signals = await mkdtemp(path.join(dir, 'signals-'));
    const started = path.join(signals, 'started');
    const go = path.join(signals, 'go');
    // The first drill waits inside post-restore-command (at most 2 minutes) until the second is done.
    const first = actionDrill(
      {
        'backup-source': dump,
        'database-url': admin,
        'drill-database': database,
        'post-restore-command': `touch ${started}; i=0; while [ ! -f ${go} ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done`,
      },
      '1111',
    );
    try {
      for (let i = 0; i < 1200 && !existsSync(started); i++) await new Promise((r) => setTimeout(r, 100));
      expect(existsSync(started)).toBe(true);
      const owner = await databaseOwner(database);

      const second = await actionDrill(
        { 'backup-source': dump, 'database-url': admin, 'drill-database': database },
        '2222',
      );
      expect(second.run.code).toBe(1);
      const completed = byId(second.report as Report, 'restore.completed');
      expect(completed?.status).toBe('fail');
      expect(completed?.summary).toContain(
        `drill-database '${database}' is in use by another drill (https://github.com/pickdriver/api/actions/runs/1111)`,
      );
      expect(completed?.summary).toContain('nothing was dropped');
      expect(second.state['created-database']).toBeUndefined();
      await second.post();
      expect(await databaseOwner(database)).toBe(owner);
    } finally {
      await writeFile(go, '');
    }
    const done = await first;
    expect(byId(done.report as Report, 'restore.completed')?.status).toBe('ok');
    expect(byId(done.report as Report, 'restore.toc-complete')?.status).toBe('ok');
    await done.post();
    expect(await databaseOwner(database)).toBeNull();
  });
});
