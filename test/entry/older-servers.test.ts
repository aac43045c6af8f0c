// Real dumps restored under the default drill role into servers older than 15, and the client a
// GitHub-hosted runner installs, through the command-line bundle with embedded servers 13 and 17
// (one each for the file) and the client kits of other majors:
//  - `COMMENT ON SCHEMA public` (pg_dump writes it when the comment is not the default) restores
//    into a 13 server, whose new databases' public schema is the bootstrap superuser's: before,
//    the drill role failed the restore at it (`must be owner of schema public`); now the drill
//    database's public schema is the restoring role's, as on 15+. Plain (psql 17) and custom
//    (pg_restore 17, in parallel) dumps of pg_dump 17, of a 17 and a 13 server.
//  - pg_restore 17 into a 13 server restores in parallel with the SET transaction_timeout it
//    sends on each connection ignored, and stops at any other error: a function of the backup
//    that sets transaction_timeout (which 13 lacks) fails the restore, named.
//  - pg-client-install installs the major the pick rule wants for the server, already at the
//    backup's verification (which used to pick before the server was known, so it installed the
//    archive's major): a pg_dump 16 archive drilled into a 17 server on a runner with client 15
//    installs postgresql-client-17, once, and restores with it. sudo, install and apt-get are
//    stand-ins first on PATH that log their arguments and "install" a kit's client.
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBundle } from '../helpers/bundles.js';
import { clientBinDir, type PgServer, serverPackage, startPgServer } from '../helpers/pg-servers.js';

const servers = new Map<number, PgServer>();
const bins = new Map<number, string>();
const dumps = new Map<string, string>();
let work = '';
let standins = '';
let commandLog = '';
let missing: string | null = null;

async function query<T extends pg.QueryResultRow = pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const withDb = (url: string, db: string) => Object.assign(new URL(url), { pathname: `/${db}` }).toString();

function dump(major: number, source: string, format: 'c' | 'p', name: string): void {
  const file = path.join(work, name);
  execFileSync(path.join(bins.get(major) as string, 'pg_dump'), [`--format=${format}`, '--file', file, source]);
  dumps.set(name, file);
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'pdv-older-'));
  for (const major of [13, 16, 17]) {
    const bin = await clientBinDir(major);
    if (bin) bins.set(major, bin);
  }
  if (!(await serverPackage(13)) || !(await serverPackage(17)) || bins.size < 3) {
    missing = 'servers 13 and 17 (tools/pg-servers) and clients 13, 16 and 17 are needed';
    return;
  }
  for (const major of [13, 17]) servers.set(major, await startPgServer(major));
  const s13 = servers.get(13) as PgServer;
  const s17 = servers.get(17) as PgServer;
  for (const server of [s13, s17]) {
    await query(server.url, 'CREATE DATABASE commented');
    await query(
      withDb(server.url, 'commented'),
      `COMMENT ON SCHEMA public IS 'PickDriver''s data';
       CREATE TABLE public.picks (id int PRIMARY KEY, who text NOT NULL);
       INSERT INTO public.picks SELECT g, 'user ' || g FROM generate_series(1, 25) g;`,
    );
  }
  dump(17, withDb(s17.url, 'commented'), 'p', 'pg17-of-17.sql');
  dump(17, withDb(s17.url, 'commented'), 'c', 'pg17-of-17.dump');
  dump(17, withDb(s13.url, 'commented'), 'p', 'pg17-of-13.sql');
  dump(16, withDb(s13.url, 'commented'), 'c', 'pg16-of-13.dump');
  await query(s17.url, 'CREATE DATABASE with_timeout');
  await query(
    withDb(s17.url, 'with_timeout'),
    `CREATE TABLE public.picks (id int PRIMARY KEY, who text NOT NULL);
     INSERT INTO public.picks SELECT g, 'user ' || g FROM generate_series(1, 25) g;
     CREATE FUNCTION public.quick_pick() RETURNS int LANGUAGE sql SET transaction_timeout = '1s' AS 'SELECT 1';
     CREATE TABLE public.later (id int PRIMARY KEY);`,
  );
  dump(17, withDb(s17.url, 'with_timeout'), 'c', 'pg17-timeout-of-17.dump');

  // The runner's stand-ins: apt-get install postgresql-client-<major> lays wrappers of that kit here.
  standins = path.join(work, 'bin');
  commandLog = path.join(work, 'commands.log');
  await mkdir(standins);
  await writeFile(commandLog, '');
  const script = (body: string) => `#!/bin/sh\necho "$(basename "$0") $*" >> ${commandLog}\n${body}\n`;
  const lay = (major: number) =>
    ['pg_restore', 'psql', 'pg_dump']
      .map(
        (t) =>
          `printf '#!/bin/sh\\nexec ${bins.get(major)}/${t} "$@"\\n' > ${standins}/${t}; chmod +x ${standins}/${t}`,
      )
      .join('; ');
  const files: Record<string, string> = {
    sudo: script('[ "$1" = -n ] && shift\nexec "$@"'),
    install: script('exit 0'),
    'apt-get': script(
      `case "$*" in *"install"*postgresql-client-16*) ${lay(16)};; *"install"*postgresql-client-17*) ${lay(17)};; esac\nexit 0`,
    ),
  };
  for (const [name, body] of Object.entries(files)) {
    await writeFile(path.join(standins, name), body);
    await chmod(path.join(standins, name), 0o755);
  }
}, 300_000);

afterAll(async () => {
  for (const server of servers.values()) await server.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

async function drill(file: string, server: PgServer, env: Record<string, string>) {
  const reportDir = await mkdtemp(path.join(work, 'report-'));
  const inputs: Record<string, string> = {
    'backup-source': file,
    'database-url': server.url,
    'drill-database': 'older_drill',
    'keep-database': 'true',
    baseline: 'none',
    'artifact-name': '',
    'job-summary': 'false',
    'pr-comment': 'off',
    'report-dir': reportDir,
    'restore-jobs': '2',
  };
  const run = await runBundle('dist/cli/index.js', {
    args: ['drill', ...Object.entries(inputs).flatMap(([k, v]) => [`--${k}`, v])],
    env,
  });
  const report = JSON.parse(await readFile(path.join(reportDir, 'report.json'), 'utf8'));
  const markdown = await readFile(path.join(reportDir, 'report.md'), 'utf8');
  return { run, report, markdown };
}

async function cleanDrill(server: PgServer): Promise<void> {
  const owners = await query<{ owner: string }>(
    server.url,
    "SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = 'older_drill'",
  );
  await query(server.url, 'DROP DATABASE IF EXISTS older_drill WITH (FORCE)');
  for (const { owner } of owners) if (owner !== 'postgres') await query(server.url, `DROP ROLE IF EXISTS "${owner}"`);
}

const check = (
  report: { checks: { id: string; status: string; summary: string; details?: Record<string, unknown> }[] },
  id: string,
) => report.checks.find((c) => c.id === id);

describe('COMMENT ON SCHEMA public into a PostgreSQL 13 server, under the drill role', () => {
  it.each([
    ['pg17-of-17.sql', 'psql'],
    ['pg17-of-17.dump', 'pg_restore'],
    ['pg17-of-13.sql', 'psql'],
  ])('%s restores with its comment on public', async (name, tool) => {
    if (missing) return expect.soft(missing).toBe(missing);
    const server = servers.get(13) as PgServer;
    const { run, report, markdown } = await drill(dumps.get(name) as string, server, {
      PATH: [bins.get(17), process.env.PATH].join(path.delimiter),
    });
    try {
      const completed = check(report, 'restore.completed');
      expect(completed?.status, `${completed?.summary}\n${run.stderr}`).toBe('ok');
      expect(report.restore.tool).toBe(tool);
      expect(report.restore.client.major).toBe(17);
      // pg_restore 17 into a 13 server: in parallel, the failed SETs said and ignored.
      if (tool === 'pg_restore') {
        expect(report.restore.client.route).toBe('settings-ignored');
        expect(report.restore.jobs).toBe(2);
        expect(completed?.summary).toMatch(
          /with pg_restore 17\.\d+ with 2 jobs; its SET transaction_timeout, which PostgreSQL 13 lacks, failed on \d+ connection\(s\) and was ignored/,
        );
        expect(completed?.details?.ignoredSettingErrors).toBeGreaterThanOrEqual(2);
        expect(report.restore.errors).toEqual([]);
        expect(markdown).toMatch(/pg_restore 17\.\d+ \(its SET transaction_timeout, unknown to the server, ignored\)/);
        expect(run.stdout + run.stderr).toMatch(
          /sets transaction_timeout on each connection, which PostgreSQL 13\.\d+ lacks/,
        );
      } else {
        expect(report.restore.client.route).toBe('direct');
      }
      const restored = withDb(server.url, 'older_drill');
      const [row] = await query<{ comment: string; n: number; owner: string; dbowner: string }>(
        restored,
        `SELECT obj_description('public'::regnamespace, 'pg_namespace') AS comment,
                (SELECT count(*)::int FROM public.picks) AS n,
                pg_get_userbyid(nspowner) AS owner,
                (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()) AS dbowner
           FROM pg_namespace WHERE nspname = 'public'`,
      );
      expect(row).toEqual({ comment: "PickDriver's data", n: 25, owner: row?.dbowner, dbowner: row?.dbowner });
      expect(row?.owner).toMatch(/^pdv_drill_/);
    } finally {
      await cleanDrill(server);
    }
  });
});

describe('pg_restore 17 into a PostgreSQL 13 server ignores only its own SET transaction_timeout', () => {
  it("fails at a function of the backup's that sets transaction_timeout, naming it, and goes no further", async () => {
    if (missing) return expect.soft(missing).toBe(missing);
    const server = servers.get(13) as PgServer;
    const { run, report } = await drill(dumps.get('pg17-timeout-of-17.dump') as string, server, {
      PATH: [bins.get(17), process.env.PATH].join(path.delimiter),
    });
    try {
      const completed = check(report, 'restore.completed');
      expect(completed?.status, `${completed?.summary}\n${run.stderr}`).toBe('fail');
      expect(completed?.summary).toMatch(/^pg_restore failed \(stopped at its first error\): .*transaction_timeout/);
      expect(report.restore.errors.join('\n')).toMatch(/Command was: CREATE FUNCTION public\.quick_pick\(\)/);
      expect(report.restore.client.route).toBe('settings-ignored');
      expect(report.result).toBe('failed');
      expect(run.code).toBe(1);
      // Stopped there: no session of the restore goes on.
      const sessions = await query<{ n: number }>(
        server.url,
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = 'older_drill' AND application_name = 'pickdriver-vault-action'",
      );
      expect(sessions[0]?.n).toBe(0);
    } finally {
      await cleanDrill(server);
    }
  });
});

describe('pg-client-install on a GitHub-hosted Ubuntu runner', () => {
  it("installs the server's major, which the pick rule wants, at the verification already, and only that", async () => {
    if (missing) return expect.soft(missing).toBe(missing);
    const server = servers.get(17) as PgServer;
    await writeFile(commandLog, '');
    for (const t of ['pg_restore', 'psql', 'pg_dump']) await rm(path.join(standins, t), { force: true });
    const githubPath = path.join(work, 'github_path');
    await writeFile(githubPath, '');
    const { run, report } = await drill(dumps.get('pg16-of-13.dump') as string, server, {
      // The runner's own client is 15 (/usr/lib/postgresql/15/bin): it cannot read a pg_dump 16 archive.
      PATH: `${standins}:/usr/bin:/bin`,
      GITHUB_ACTIONS: 'true',
      RUNNER_ENVIRONMENT: 'github-hosted',
      RUNNER_OS: 'Linux',
      ImageOS: 'ubuntu24',
      RUNNER_TEMP: work,
      GITHUB_PATH: githubPath,
    });
    try {
      const completed = check(report, 'restore.completed');
      expect(completed?.status, `${completed?.summary}\n${run.stderr}`).toBe('ok');
      const installs = (await readFile(commandLog, 'utf8')).split('\n').filter((l) => /apt-get install/.test(l));
      expect(installs).toEqual(['apt-get install -y -qq --no-install-recommends postgresql-client-17']);
      expect(report.restore.client).toMatchObject({ major: 17, reason: 'installed' });
      expect(check(report, 'restore.versions')?.summary).toMatch(/pg_dump 16\.\d+ .*PostgreSQL 17\.\d+.*17\.\d+/);
      expect(await readFile(githubPath, 'utf8')).toBe(`${standins}\n`);
      const [row] = await query<{ n: number }>(
        withDb(server.url, 'older_drill'),
        'SELECT count(*)::int AS n FROM public.picks',
      );
      expect(row?.n).toBe(25);
    } finally {
      await cleanDrill(server);
    }
  });
});
