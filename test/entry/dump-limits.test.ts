// Plain dumps built to exhaust the drill, drilled through the command-line bundle: a statement
// held over 150 000 lines (it overflowed the filter's stack), a 24 MiB line of SQL and a 24 MiB
// COPY row in a gzipped dump (once quadratic), a line over the cap (a clear failed check); and a
// crash nobody caught (injected into the bundle's process): each writes a report and leaves no
// database, no role and no temporary file behind.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libpqEnv } from '../../src/restore/pg-connection.js';
import { readCommandFile, runBundle, runnerFiles } from '../helpers/bundles.js';
import { adminQuery, adminUrl, createTestDatabase, type TestDatabase, uniqueName } from '../helpers/postgres.js';

const execFileAsync = promisify(execFile);
const STACK = /\n\s+at .+[:(]\d+:\d+/;

let source: TestDatabase;
let dir: string;
let admin: string;
let plain: string;

beforeAll(async () => {
  admin = await adminUrl();
  dir = await mkdtemp(path.join(os.tmpdir(), 'pdv-limits-'));
  source = await createTestDatabase('pdv_limits_src');
  await adminQuery('SELECT 1');
  const { Client } = (await import('pg')).default;
  const client = new Client({ connectionString: source.url });
  await client.connect();
  await client.query(
    `CREATE TABLE public.drivers (id serial PRIMARY KEY, name text NOT NULL);
     INSERT INTO public.drivers (name) SELECT 'driver ' || g FROM generate_series(1, 20) g;
     CREATE TABLE public.notes (id int PRIMARY KEY, body text);`,
  );
  await client.end();
  plain = (await execFileAsync('pg_dump', ['-Fp'], { env: { ...process.env, ...libpqEnv(source.url) } })).stdout;
}, 60_000);

afterAll(async () => {
  await source?.drop();
  await rm(dir, { recursive: true, force: true });
});

/** The real dump with `extra` (SQL, or COPY data when `copyRows`) before pg_dump's completion marker. */
async function dumpWith(name: string, extra: string, gzip = false): Promise<string> {
  const at = plain.indexOf('--\n-- PostgreSQL database dump complete');
  const text = `${plain.slice(0, at)}${extra}\n${plain.slice(at)}`;
  const file = path.join(dir, gzip ? `${name}.sql.gz` : `${name}.sql`);
  await writeFile(file, gzip ? gzipSync(text) : text);
  return file;
}

interface Drilled {
  code: number | null;
  output: string;
  // biome-ignore lint/suspicious/noExplicitAny: the report is read as JSON.
  report: any;
  database: string;
  temp: string;
}

async function drill(backup: string, env: Record<string, string> = {}, args: string[] = []): Promise<Drilled> {
  const database = uniqueName('pdv_limits_drill');
  const reportDir = path.join(dir, `report-${database}`);
  // The drill's temporary files go here (TMPDIR), so a test can see that none are left.
  const temp = path.join(dir, `tmp-${database}`);
  await mkdir(temp);
  const run = await runBundle('dist/cli/index.js', {
    args: [
      'drill',
      ...['--backup-source', backup, '--database-url', admin, '--drill-database', database],
      ...['--baseline', 'none', '--report-dir', reportDir, ...args],
    ],
    env: { TMPDIR: temp, ...env },
  });
  const output = run.stdout + run.stderr;
  const report = JSON.parse(
    await readFile(path.join(reportDir, 'report.json'), 'utf8').catch(() => {
      throw new Error(`no report (exit ${run.code}):\n${output}`);
    }),
  );
  return { code: run.code, output: run.stdout + run.stderr, report, database, temp };
}

const check = (report: Drilled['report'], id: string) =>
  (report.checks as { id: string; status: string; summary: string }[]).find((c) => c.id === id);

/** The drill role a drill made, as its log names it. */
const roleIn = (output: string) => /owned by (pdv_drill_[0-9a-f]+)/.exec(output)?.[1] ?? null;

/** Nothing of the drill is left: its database, its drill role (when it made one), its temporary files. */
async function expectNothingLeft(d: Drilled, role = roleIn(d.output)): Promise<void> {
  const db = await adminQuery('SELECT 1 FROM pg_database WHERE datname = $1', [d.database]);
  expect(db.rowCount).toBe(0);
  if (role !== null) expect((await adminQuery('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rowCount).toBe(0);
  expect(await readdir(d.temp)).toEqual([]);
}

describe('plain dumps built to exhaust the drill, through the command-line bundle', () => {
  it('a statement held over 150 000 lines (150 KB) restores: no stack overflow', async () => {
    const backup = await dumpWith('held', `ALTER TABLE public.notes\n${'\n'.repeat(150_000)}  ADD COLUMN extra int;`);
    const d = await drill(backup);
    expect(d.output).not.toMatch(/Maximum call stack|RangeError/);
    expect(d.output).not.toMatch(STACK);
    expect(check(d.report, 'backup.archive')?.status).toBe('ok');
    expect(check(d.report, 'restore.completed')?.status).toBe('ok');
    await expectNothingLeft(d);
  });

  it('a 24 MiB line of SQL and a 24 MiB COPY row, gzipped, restore whole', async () => {
    const big = 'x'.repeat(24 * 1024 * 1024);
    const backup = await dumpWith(
      'long-lines',
      `-- ${big}\nCOPY public.notes (id, body) FROM stdin;\n1\t${big}\n2\tshort\n\\.\n`,
      true,
    );
    const d = await drill(backup, {}, ['--checks-file', await checksFile()]);
    expect(check(d.report, 'backup.archive')?.status).toBe('ok');
    expect(check(d.report, 'restore.completed')?.status).toBe('ok');
    // The row arrived whole: the checks-file reads its length back from the drill database.
    expect(check(d.report, 'custom.long-row')).toMatchObject({ status: 'ok' });
    await expectNothingLeft(d);
  });

  it('a line of SQL over the 64 MiB cap is a failed backup.archive naming the cap, and nothing is restored', async () => {
    const backup = await dumpWith('over-cap', `SELECT '${'y'.repeat(65 * 1024 * 1024)}';`, true);
    const d = await drill(backup);
    expect(d.code).toBe(1);
    expect(check(d.report, 'backup.archive')).toMatchObject({ status: 'fail' });
    expect(check(d.report, 'backup.archive')?.summary).toMatch(/a line of SQL longer than 64 MiB/);
    expect(check(d.report, 'restore.completed')?.status).toBe('skip');
    await expectNothingLeft(d);
  });
});

async function checksFile(): Promise<string> {
  const file = path.join(dir, 'checks.yml');
  await writeFile(
    file,
    `checks:\n  - name: long-row\n    sql: SELECT length(body) FROM public.notes WHERE id = 1\n    expect: "= ${24 * 1024 * 1024}"\n`,
  );
  return file;
}

/**
 * Preloaded into the bundle's process (node --import): throws an error nothing catches 300 ms after
 * the restore tool starts, as a bug would. No hook in the shipped code: the test patches
 * child_process.spawn from outside.
 */
const CRASH_PRELOAD = `
import cp from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
const spawn = cp.spawn;
cp.spawn = function (command, args, ...rest) {
  const child = spawn.call(this, command, args, ...rest);
  if (Array.isArray(args) && args.some((a) => String(a).startsWith('--dbname='))) {
    setTimeout(() => { throw new TypeError('injected crash while the restore runs'); }, 300);
  }
  return child;
};
syncBuiltinESMExports();
`;

describe('a crash nobody caught', () => {
  let slow: string;
  let preload: string;
  beforeAll(async () => {
    preload = path.join(dir, 'crash.mjs');
    await writeFile(preload, CRASH_PRELOAD);
    // A dump whose restore takes long enough for the crash to come during it.
    slow = await dumpWith('slow', 'SELECT pg_sleep(30);');
  });

  it('on the command line: the report says the drill crashed, exit 1, nothing left behind', async () => {
    const d = await drill(slow, { NODE_OPTIONS: `--import=${preload}` });
    expect(d.code).toBe(1);
    expect(d.output).toMatch(/Drill crashed: TypeError: injected crash while the restore runs \(exit 1\)/);
    expect(d.output).not.toMatch(STACK);
    expect(d.report.result).toBe('failed');
    expect(check(d.report, 'restore.completed')?.summary).toMatch(
      /the drill crashed \(TypeError: injected crash while the restore runs\) before this check finished/,
    );
    expect(roleIn(d.output)).not.toBeNull();
    await expectNothingLeft(d);
  });

  it('in the action: report written, exit 1, and the post step drops the database and role', async () => {
    const files = await runnerFiles();
    const database = uniqueName('pdv_limits_drill');
    const temp = path.join(files.dir, 'temp');
    await mkdir(temp);
    const inputs = {
      'backup-source': slow,
      'database-url': admin,
      'drill-database': database,
      baseline: 'none',
      'report-dir': path.join(files.dir, 'report'),
      'artifact-name': '',
    };
    const runnerEnv = { GITHUB_OUTPUT: files.output, GITHUB_STATE: files.state, RUNNER_TEMP: temp };
    const main = await runBundle('dist/index.js', {
      inputs,
      env: { ...runnerEnv, NODE_OPTIONS: `--import=${preload}` },
    });
    expect(main.code).toBe(1);
    expect(main.stdout).toMatch(/::error::Drill crashed: TypeError: injected crash/);
    const report = JSON.parse(await readFile(path.join(files.dir, 'report', 'report.json'), 'utf8'));
    expect(check(report, 'restore.completed')?.summary).toMatch(/the drill crashed/);
    expect(await readdir(temp)).toEqual([]);
    const state = await readCommandFile(files.state);
    expect(state['created-database']).toBe(database);
    const stateEnv = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
    const post = await runBundle('dist/post/index.js', { inputs, env: { ...runnerEnv, ...stateEnv } });
    expect(post.code).toBe(0);
    expect(state['drill-role']).toMatch(/^pdv_drill_/);
    await expectNothingLeft({ code: 1, output: '', report, database, temp }, state['drill-role'] ?? null);
  });
});
