// Deadlines of the phases a hostile backup can stretch, through the command-line bundle with
// dumps made by the real pg_dump: the verification pass of a plain dump inside zstd → xz → gzip
// that inflates to tens of gigabytes (no disk to fill: only the deadline stops it), and ANALYZE
// of a table whose expression index calls a function declared IMMUTABLE that sleeps once ANALYZE
// runs it, setting statement_timeout to 0 for itself and catching the cancel the statement timeout
// sends. Each drill ends by its deadline with a report; no tool and no server session of it is
// left, even with keep-database.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libpqEnv } from '../../src/restore/pg-connection.js';
import { runBundle } from '../helpers/bundles.js';
import {
  adminQuery,
  adminUrl,
  createTestDatabase,
  queryDb,
  type TestDatabase,
  uniqueName,
} from '../helpers/postgres.js';
import { processesWithEnv } from '../helpers/processes.js';

const STACK = /\n\s+at .+[:(]\d+:\d+/;
let source: TestDatabase;
let admin: string;
let dir: string;

beforeAll(async () => {
  admin = await adminUrl();
  dir = await mkdtemp(path.join(os.tmpdir(), 'pdv-deadlines-'));
  source = await createTestDatabase('pdv_deadlines_src');
  await queryDb(
    source.url,
    `CREATE TABLE public.drivers (id int PRIMARY KEY, name text NOT NULL);
     INSERT INTO public.drivers SELECT g, 'driver ' || g FROM generate_series(1, 50) g;
     -- Sleeps only under ANALYZE (not while pg_dump reads nor while the restore builds the index),
     -- and neither statement_timeout nor its cancel ends it.
     CREATE FUNCTION public.slow_key(v int) RETURNS int LANGUAGE plpgsql IMMUTABLE
       SET statement_timeout = 0 AS $$
     BEGIN
       IF pg_catalog.current_query() ILIKE 'analyze%' THEN
         LOOP
           BEGIN
             PERFORM pg_catalog.pg_sleep(3600);
           EXCEPTION WHEN query_canceled THEN
             NULL;
           END;
         END LOOP;
       END IF;
       RETURN v;
     END $$;
     CREATE INDEX drivers_slow ON public.drivers (public.slow_key(id));
     -- What a checks-file check reads: a view whose rows never come, whatever cancels them.
     CREATE FUNCTION public.points() RETURNS int LANGUAGE plpgsql STABLE SET statement_timeout = 0 AS $$
     BEGIN
       LOOP
         BEGIN
           PERFORM pg_catalog.pg_sleep(3600);
         EXCEPTION WHEN query_canceled THEN
           NULL;
         END;
       END LOOP;
     END $$;
     CREATE VIEW public.standings AS SELECT public.points() AS points;`,
  );
}, 60_000);

afterAll(async () => {
  await source?.drop();
  await rm(dir, { recursive: true, force: true });
});

async function drill(backup: string, marker: string, args: string[]) {
  const database = uniqueName('pdv_deadlines_drill');
  const reportDir = path.join(dir, `report-${database}`);
  const temp = path.join(dir, `tmp-${database}`);
  await mkdir(temp);
  const started = Date.now();
  const run = await runBundle('dist/cli/index.js', {
    args: [
      'drill',
      ...['--backup-source', backup, '--database-url', admin, '--drill-database', database],
      ...['--baseline', 'none', '--report-dir', reportDir, ...args],
    ],
    env: { TMPDIR: temp, PATH: `${process.env.PATH}:/nonexistent/${marker}` },
  });
  const output = run.stdout + run.stderr;
  const report = JSON.parse(
    await readFile(path.join(reportDir, 'report.json'), 'utf8').catch(() => {
      throw new Error(`no report (exit ${run.code}):\n${output}`);
    }),
  );
  return { code: run.code, output, report, database, temp, seconds: (Date.now() - started) / 1000 };
}

const check = (report: { checks: { id: string; status: string; summary: string }[] }, id: string) =>
  report.checks.find((c) => c.id === id);

describe('phase deadlines against a hostile backup', () => {
  it('a plain dump inflating to 64 GB inside zstd → xz → gzip: the verification pass stops at restore-timeout', async () => {
    const plain = execFileSync('pg_dump', ['-Fp'], { env: { ...process.env, ...libpqEnv(source.url) } });
    const gzip = (input: Buffer) => execFileSync('gzip', ['-1', '-c'], { input, maxBuffer: 1 << 30 });
    const zeros = Buffer.alloc(64 * 1024 * 1024);
    const member = gzip(zeros);
    const gz = Buffer.concat([gzip(Buffer.concat([plain, zeros])), ...Array<Buffer>(1000).fill(member)]);
    const xz = execFileSync('xz', ['-0', '-c', '-T1'], { input: gz, maxBuffer: 1 << 30 });
    const bomb = path.join(dir, 'nightly.sql');
    await writeFile(bomb, execFileSync('zstd', ['-1', '-c', '-q'], { input: xz, maxBuffer: 1 << 30 }));

    const marker = `pdv-marker-${randomBytes(6).toString('hex')}`;
    const d = await drill(bomb, marker, ['--restore-timeout', '5s']);
    expect(d.code, d.output).toBe(1);
    expect(d.output).not.toMatch(STACK);
    // Without the deadline the pass reads on for minutes (64 GB through three layers).
    expect(d.seconds).toBeLessThan(40);
    expect(d.report.backup.wrapping).toEqual(['zstd', 'xz', 'gzip']);
    expect(check(d.report, 'backup.archive')).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/the verification pass did not finish within 5\.0 s/),
    });
    expect(check(d.report, 'restore.completed')?.status).not.toBe('ok');
    expect(processesWithEnv(marker)).toEqual([]);
    expect((await adminQuery('SELECT 1 FROM pg_database WHERE datname = $1', [d.database])).rowCount).toBe(0);
    expect(await readdir(d.temp)).toEqual([]);
  }, 120_000);

  it('ANALYZE of an expression index whose IMMUTABLE function sleeps and swallows its cancel, and a checks-file check reading such a view, end by their deadlines; no session is left', async () => {
    const dump = path.join(dir, 'slow-index.dump');
    execFileSync('pg_dump', ['-Fc', '-f', dump], { env: { ...process.env, ...libpqEnv(source.url) } });
    const marker = `pdv-marker-${randomBytes(6).toString('hex')}`;
    const checksFile = path.join(dir, 'checks.yml');
    await writeFile(
      checksFile,
      'checks:\n  - name: standings\n    sql: SELECT sum(points) >= 0 FROM standings\n    timeout: 2s\n',
    );
    // keep-database: nothing drops the database (and so ends its sessions) for the drill.
    const d = await drill(dump, marker, [
      ...['--restore-timeout', '20s', '--keep-database', 'true', '--checks-file', checksFile],
    ]);
    try {
      expect(d.output).not.toMatch(STACK);
      expect(d.seconds, d.output).toBeLessThan(60);
      expect(check(d.report, 'restore.completed')?.status).toBe('ok');
      expect(d.output).toMatch(/ANALYZE failed: ANALYZE did not finish within 20\.0 s/);
      // The inspection shares the connections ANALYZE had: it still counts.
      expect(d.report.database.criticalTables.find((t: { name: string }) => t.name === 'drivers')).toMatchObject({
        present: true,
        rows: 50,
      });
      // The check's own timeout cannot end the view; the phase's deadline does.
      expect(check(d.report, 'custom.standings')).toMatchObject({
        status: 'fail',
        summary: expect.stringMatching(/the checks-file checks did not finish within 20\.0 s/),
      });
      // The server-side sessions of ANALYZE and of the check are gone too, not sleeping on with the database kept.
      let left: unknown[] = [];
      for (let i = 0; i < 50; i++) {
        left = (
          await adminQuery('SELECT pid, query FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [
            d.database,
          ])
        ).rows;
        if (left.length === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(left).toEqual([]);
      expect(processesWithEnv(marker)).toEqual([]);
    } finally {
      const owner = await adminQuery<{ owner: string }>(
        'SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1',
        [d.database],
      );
      await adminQuery(`DROP DATABASE IF EXISTS "${d.database}" WITH (FORCE)`);
      const role = owner.rows[0]?.owner;
      if (role?.startsWith('pdv_drill_') || role?.startsWith('pickdriver_drill'))
        await adminQuery(`DROP ROLE "${role}"`);
    }
  }, 120_000);
});
