// A plain dump is data, not a script: real pg_dump output with one hostile line added, drilled
// through the command-line and action bundles as a user runs them. The verify pass refuses it
// (backup.archive names the line and what it is) before anything runs: no marker file, the other
// database still there, nothing restored. A dump made with --create restores into the drill
// database.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDrillDatabase } from '../../src/restore/index.js';
import { libpqEnv } from '../../src/restore/pg-connection.js';
import { runBundle, runnerFiles } from '../helpers/bundles.js';
import {
  adminQuery,
  adminUrl,
  createTestDatabase,
  queryDb,
  type TestDatabase,
  uniqueName,
  urlFor,
} from '../helpers/postgres.js';

const execFileAsync = promisify(execFile);

let source: TestDatabase;
let other: TestDatabase;
let dir: string;
let admin: string;
let plain: string;

beforeAll(async () => {
  admin = await adminUrl();
  dir = await mkdtemp(path.join(os.tmpdir(), 'pdv-hostile-'));
  source = await createTestDatabase('pdv_hostile_src');
  other = await createTestDatabase('pdv_hostile_other');
  await queryDb(
    source.url,
    `CREATE TABLE public.drivers (id serial PRIMARY KEY, name text NOT NULL);
     INSERT INTO public.drivers (name) SELECT 'driver ' || g FROM generate_series(1, 50) g;
     CREATE FUNCTION public.shout(t text) RETURNS text LANGUAGE plpgsql AS $$
       BEGIN RETURN upper(t) || ' \\! DROP DATABASE nothing'; END $$;`,
  );
  plain = (await execFileAsync('pg_dump', ['-Fp'], { env: { ...process.env, ...libpqEnv(source.url) } })).stdout;
}, 60_000);

afterAll(async () => {
  await source?.drop();
  await other?.drop();
  await rm(dir, { recursive: true, force: true });
});

/** The real dump with `hostile` added after the table and its data; the line it starts on. */
async function hostileDump(name: string, hostile: string): Promise<{ file: string; line: number }> {
  const at = plain.indexOf('--\n-- PostgreSQL database dump complete');
  expect(at).toBeGreaterThan(0);
  const text = `${plain.slice(0, at)}${hostile}\n${plain.slice(at)}`;
  const file = path.join(dir, `${name}.sql`);
  await writeFile(file, text);
  return { file, line: plain.slice(0, at).split('\n').length };
}

async function drill(backup: string, extra: string[] = []) {
  const database = uniqueName('pdv_hostile_drill');
  const reportDir = path.join(dir, `report-${database}`);
  const run = await runBundle('dist/cli/index.js', {
    args: [
      'drill',
      ...['--backup-source', backup],
      ...['--database-url', admin],
      ...['--drill-database', database],
      ...['--baseline', 'none'],
      ...['--report-dir', reportDir],
      ...extra,
    ],
  });
  const report = JSON.parse(await readFile(path.join(reportDir, 'report.json'), 'utf8'));
  return { run, report, database };
}

const check = (report: { checks: { id: string; status: string; summary: string }[] }, id: string) =>
  report.checks.find((c) => c.id === id);

const databaseExists = async (name: string) =>
  (await adminQuery('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;

describe('a hostile plain dump, drilled through the command-line bundle', () => {
  const marker = () => path.join(dir, 'marker');
  const cases: [string, () => string, RegExp][] = [
    [
      'a shell command',
      () => `\\! touch ${marker()}`,
      /the psql meta-command \\! \(runs a shell command on the runner\)/,
    ],
    ['output to a file', () => `\\o ${marker()}\nSELECT 'leaked';`, /the psql meta-command \\o/],
    [
      '\\copy to a program',
      () => `\\copy (select 1) to program 'touch ${marker()}'`,
      /the psql meta-command \\copy \(reads or writes files \(or runs a program\)/,
    ],
    ['\\connect to another database', () => `\\connect ${other.name}`, /\\connect to database "pdv_hostile_other/],
    ['drop database', () => `drop database ${other.name};`, /DROP DATABASE \(drops a database\)/],
    ['drop database, split and indented', () => `   DrOp\n\t/* x */ DATABASE\n  ${other.name}\n;`, /DROP DATABASE/],
    [
      'drop database through psql variables',
      () => `\\set d ${other.name}\nDROP DATABASE :d;`,
      /the psql meta-command \\set/,
    ],
    [
      'a table renamed through a psql variable',
      () => 'ALTER TABLE public.drivers RENAME TO :DBNAME;',
      /the psql variable reference :DBNAME/,
    ],
    ['COPY TO PROGRAM', () => `COPY (SELECT 1) TO PROGRAM 'touch ${marker()}';`, /COPY … PROGRAM/],
    ['a shell command after SQL on its line', () => `SELECT 1; \\! touch ${marker()}`, /\\! \(runs a shell command/],
  ];

  for (const [name, hostile, what] of cases) {
    it(`${name}: backup.archive fails naming the line, nothing runs`, async () => {
      const { file, line } = await hostileDump(name.replace(/\W+/g, '-'), hostile());
      const { run, report, database } = await drill(file);
      expect(run.code, run.stderr).toBe(1);
      expect(report.result).toBe('failed');
      const archive = check(report, 'backup.archive');
      expect(archive?.status).toBe('fail');
      expect(archive?.summary).toContain(`plain dump refused at line ${line}: `);
      expect(archive?.summary).toMatch(what);
      expect(archive?.summary).toContain('nothing of it was run');
      expect(check(report, 'restore.completed')?.status).toBe('skip');
      expect(existsSync(marker())).toBe(false);
      expect(await databaseExists(other.name)).toBe(true);
      // Nothing restored: the drill database was never made.
      expect(await databaseExists(database)).toBe(false);
    });
  }
});

describe('a hostile plain-gzip dump, drilled through the action bundle', () => {
  it('refuses `\\! env > file` before psql starts: no file, no secret written', async () => {
    const { file: sql } = await hostileDump('env', `\\! env > ${path.join(dir, 'env-dump')}`);
    const gz = path.join(dir, 'env.sql.gz');
    await execFileAsync('sh', ['-c', 'gzip -c "$0" > "$1"', sql, gz]);
    const files = await runnerFiles();
    const run = await runBundle('dist/index.js', {
      inputs: {
        'backup-source': gz,
        'database-url': admin,
        'drill-database': uniqueName('pdv_hostile_action'),
        'internal-token': 'hostile-dump-secret-token',
        baseline: 'none',
        'report-dir': path.join(files.dir, 'report'),
      },
      env: { GITHUB_OUTPUT: files.output, GITHUB_STEP_SUMMARY: files.summary, GITHUB_STATE: files.state },
    });
    expect(run.code).toBe(1);
    const report = JSON.parse(await readFile(path.join(files.dir, 'report', 'report.json'), 'utf8'));
    expect(check(report, 'backup.archive')?.summary).toMatch(
      /gzip-compressed plain dump refused at line \d+: the psql meta-command \\! \(runs a shell command on the runner\)/,
    );
    expect(existsSync(path.join(dir, 'env-dump'))).toBe(false);
    await rm(files.dir, { recursive: true, force: true });
  });
});

describe('a dump made with pg_dump --create', () => {
  it('restores into the drill database: its CREATE DATABASE, ALTER DATABASE and \\connect understood, not obeyed', async () => {
    await queryDb(source.url, `ALTER DATABASE ${source.name} SET work_mem = '8MB'`);
    const file = path.join(dir, 'create.sql');
    await execFileAsync('pg_dump', ['-Fp', '--create', '-f', file], {
      env: { ...process.env, ...libpqEnv(source.url) },
    });
    const text = await readFile(file, 'utf8');
    expect(text).toContain(`CREATE DATABASE ${source.name}`);
    expect(text).toMatch(/^\\connect /m);
    const { run, report, database } = await drill(file, ['--keep-database', 'true']);
    try {
      // (The source is not PickDriver's schema: the database.* checks fail, the restore does not.)
      expect(run.stdout).not.toMatch(/refused/);
      expect(check(report, 'backup.archive')?.status).toBe('ok');
      expect(check(report, 'restore.completed')?.status).toBe('ok');
      expect(check(report, 'restore.toc-complete')?.status).toBe('ok');
      const { rows } = await queryDb<{ n: number }>(
        urlFor(admin, database),
        'SELECT count(*)::int AS n FROM public.drivers',
      );
      expect(rows[0]?.n).toBe(50);
      // The source database was neither dropped nor written to, nor its settings copied elsewhere.
      expect(
        (await queryDb<{ n: number }>(source.url, 'SELECT count(*)::int AS n FROM public.drivers')).rows[0]?.n,
      ).toBe(50);
    } finally {
      await dropDrillDatabase(admin, database);
    }
  });
});

describe('a dump made with pg_dump --clean', () => {
  const variants: string[][] = [['-C', '-c'], ['-C', '-c', '--if-exists'], ['-c'], ['-c', '--if-exists']];
  const sourceOid = async () =>
    (await adminQuery<{ oid: string }>('SELECT oid::text FROM pg_database WHERE datname = $1', [source.name])).rows[0]
      ?.oid;

  for (const flags of variants) {
    it(`pg_dump -Fp ${flags.join(' ')}: restored into the drill database, the source left alone`, async () => {
      const file = path.join(dir, `clean${flags.join('')}.sql`);
      await execFileAsync('pg_dump', ['-Fp', ...flags, '-f', file], {
        env: { ...process.env, ...libpqEnv(source.url) },
      });
      const text = await readFile(file, 'utf8');
      if (flags.includes('-C')) {
        const drop = flags.includes('--if-exists') ? 'DROP DATABASE IF EXISTS' : 'DROP DATABASE';
        expect(text).toContain(`${drop} ${source.name};\n`);
      } else {
        expect(text).not.toMatch(/^DROP DATABASE/m);
        expect(text).toMatch(/^DROP TABLE (IF EXISTS )?public\.drivers;$/m);
      }
      const oid = await sourceOid();
      const { run, report, database } = await drill(file, ['--keep-database', 'true']);
      try {
        expect(run.stdout).not.toMatch(/refused/);
        expect(check(report, 'backup.archive')?.status).toBe('ok');
        expect(check(report, 'restore.completed')?.status, check(report, 'restore.completed')?.summary).toBe('ok');
        expect(check(report, 'restore.toc-complete')?.status).toBe('ok');
        const drill = urlFor(admin, database);
        expect((await queryDb<{ n: number }>(drill, 'SELECT count(*)::int AS n FROM public.drivers')).rows[0]?.n).toBe(
          50,
        );
        expect((await queryDb<{ s: string }>(drill, "SELECT public.shout('a') AS s")).rows[0]?.s).toMatch(/^A /);
        // The source database is the same one (never dropped and made again), its rows all there.
        expect(await sourceOid()).toBe(oid);
        expect(
          (await queryDb<{ n: number }>(source.url, 'SELECT count(*)::int AS n FROM public.drivers')).rows[0]?.n,
        ).toBe(50);
      } finally {
        await dropDrillDatabase(admin, database);
      }
    });
  }

  it('`DROP DATABASE other;` before the CREATE DATABASE: backup.archive names its line, nothing runs', async () => {
    const file = path.join(dir, 'clean-hostile.sql');
    await execFileAsync('pg_dump', ['-Fp', '-C', '-c', '-f', file], {
      env: { ...process.env, ...libpqEnv(source.url) },
    });
    const text = await readFile(file, 'utf8');
    const own = `DROP DATABASE ${source.name};\n`;
    const at = text.indexOf(own);
    expect(at).toBeGreaterThan(0);
    await writeFile(file, `${text.slice(0, at)}DROP DATABASE ${other.name};\n${text.slice(at + own.length)}`);
    const line = text.slice(0, at).split('\n').length;
    const { run, report, database } = await drill(file);
    expect(run.code, run.stderr).toBe(1);
    const archive = check(report, 'backup.archive');
    expect(archive?.status).toBe('fail');
    expect(archive?.summary).toContain(
      `plain dump refused at line ${line}: DROP DATABASE (drops a database): ${other.name}`,
    );
    expect(check(report, 'restore.completed')?.status).toBe('skip');
    expect(await databaseExists(other.name)).toBe(true);
    expect(await databaseExists(source.name)).toBe(true);
    expect(await databaseExists(database)).toBe(false);
  });
});
