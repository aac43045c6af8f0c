import { chmod, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupFormat } from '../../src/model/backup-types.js';
import type { CheckResult } from '../../src/model/types.js';
import { dropDrillDatabase, prepareDrillDatabase } from '../../src/restore/drill-database.js';
import { restoreBackup } from '../../src/restore/restore-backup.js';
import type { ResolvedBackup } from '../../src/restore/types.js';
import { adminQuery, adminUrl, queryDb, uniqueName } from '../helpers/postgres.js';
import {
  adminUrlWithPassword,
  asTocTable,
  createSourceDatabase,
  dump,
  rowCounts,
  SOURCE_TABLES,
  type TestContext,
  tempDir,
  testContext,
} from './helpers.js';

let source: Awaited<ReturnType<typeof createSourceDatabase>>;
let work: Awaited<ReturnType<typeof tempDir>>;
const backups = new Map<BackupFormat, ResolvedBackup>();
const FORMATS: BackupFormat[] = ['custom', 'directory', 'tar', 'plain', 'plain-gzip'];

beforeAll(async () => {
  source = await createSourceDatabase();
  work = await tempDir();
  for (const format of FORMATS) {
    const dir = path.join(work.dir, format);
    await import('node:fs/promises').then((fs) => fs.mkdir(dir));
    backups.set(format, await dump(source.url, format, dir));
  }
});

afterAll(async () => {
  await source?.drop();
  await work?.remove();
});

const drillRoles: string[] = [];
const byId = (checks: CheckResult[], id: string) => checks.find((c) => c.id === id);

async function drill(inputs: Record<string, string> = {}): Promise<{ ctx: TestContext; url: string; name: string }> {
  const name = uniqueName('pdv_restore');
  const ctx = await testContext({ 'drill-database': name, ...inputs });
  const { url } = await prepareDrillDatabase(ctx);
  return { ctx, url, name };
}

describe('restoreBackup', () => {
  for (const format of FORMATS) {
    it(`restores a ${format} backup end to end`, async () => {
      const { ctx, url, name } = await drill({ 'restore-jobs': '1' });
      try {
        const { info, checks } = await restoreBackup(ctx, backups.get(format)!, url);
        expect(byId(checks, 'restore.completed')).toMatchObject({ status: 'ok' });
        expect(byId(checks, 'restore.toc-complete')).toMatchObject({ status: 'ok', details: { missing: [] } });
        expect(byId(checks, 'restore.duration')).toMatchObject({
          status: 'ok',
          summary: expect.stringMatching(/no RTO target/),
        });
        expect(await rowCounts(url)).toEqual(source.counts);
        // The foreign key came along.
        await expect(queryDb(url, 'INSERT INTO races (season_id) VALUES (9999)')).rejects.toThrow(/foreign key/);
        const archive = format !== 'plain' && format !== 'plain-gzip';
        expect(info).toMatchObject({
          tool: archive ? 'pg_restore' : 'psql',
          toolVersion: expect.stringMatching(/^\d+\.\d+$/),
          jobs: 1,
          errors: [],
          rtoTargetSeconds: null,
          rtoMet: null,
        });
        expect(info.durationMs).toBeGreaterThan(0);
        expect(Date.parse(info.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(info.startedAt!));
        const finished = ctx.log.lines.find((l) => l.startsWith('restore: finished'));
        if (archive) {
          const [, done, total] = /\((\d+)\/(\d+) TOC items\)/.exec(finished ?? '') ?? [];
          expect(Number(total)).toBe(backups.get(format)!.tocEntries);
          // Bookkeeping entries (ENCODING, STDSTRINGS...) print nothing without --jobs.
          expect(Number(done)).toBeGreaterThan(Number(total) - 8);
          expect(Number(done)).toBeLessThanOrEqual(Number(total));
        } else {
          expect(finished).toMatch(/ of the dump's [\d.]+ (B|[KMG]iB) read \(100%\)/);
        }
      } finally {
        await dropDrillDatabase(await adminUrl(), name);
      }
    });
  }

  for (const format of ['custom', 'directory'] as const) {
    it(`restores a ${format} backup with 2 parallel jobs`, async () => {
      const { ctx, url, name } = await drill({ 'restore-jobs': '2', 'max-restore-time': '10m' });
      try {
        const { info, checks } = await restoreBackup(ctx, backups.get(format)!, url);
        expect(byId(checks, 'restore.completed')).toMatchObject({
          status: 'ok',
          summary: expect.stringMatching(/with 2 jobs/),
        });
        expect(byId(checks, 'restore.duration')).toMatchObject({
          status: 'ok',
          summary: expect.stringMatching(/within the RTO target of 10m/),
        });
        expect(info).toMatchObject({ jobs: 2, rtoTargetSeconds: 600, rtoMet: true });
        // With --jobs (nearly) every TOC item is numbered: the count reaches about the archive's total.
        const finished = ctx.log.lines.find((l) => l.startsWith('restore: finished')) ?? '';
        const [, done, total] = /\((\d+)\/(\d+) TOC items\)/.exec(finished) ?? [];
        expect(Number(total)).toBe(backups.get(format)!.tocEntries);
        expect(Number(done)).toBeGreaterThanOrEqual(Number(total) - 2);
        expect(Number(done)).toBeLessThanOrEqual(Number(total));
        expect(await rowCounts(url)).toEqual(source.counts);
      } finally {
        await dropDrillDatabase(await adminUrl(), name);
      }
    });
  }

  it('restores a tar backup without parallel jobs even when jobs are asked for', async () => {
    const { ctx, url, name } = await drill({ 'restore-jobs': '4' });
    try {
      const { info, checks } = await restoreBackup(ctx, backups.get('tar')!, url);
      expect(byId(checks, 'restore.completed')?.status).toBe('ok');
      expect(info.jobs).toBe(1);
    } finally {
      await dropDrillDatabase(await adminUrl(), name);
    }
  });

  it('lists the tables of the archive that did not arrive', async () => {
    const { ctx, url, name } = await drill();
    try {
      const backup = {
        ...backups.get('custom')!,
        tocTables: [...SOURCE_TABLES, 'public.users', 'audit.events', 'public.Seasons', 'public.seasons '].map(
          asTocTable,
        ),
      };
      const { checks } = await restoreBackup(ctx, backup, url);
      expect(byId(checks, 'restore.toc-complete')).toMatchObject({
        status: 'fail',
        details: {
          expected: 8,
          missing: [
            { schema: 'public', name: 'users' },
            { schema: 'audit', name: 'events' },
            { schema: 'public', name: 'Seasons' },
            { schema: 'public', name: 'seasons ' },
          ],
        },
      });
    } finally {
      await dropDrillDatabase(await adminUrl(), name);
    }
  });

  it('reports a failing restore as a failed check with the tool’s error, never the password', async () => {
    const password = 'Restore-Secret-9';
    const plain = await readFile(backups.get('plain')!.path, 'utf8');
    const broken = plain.replace(
      'CREATE TABLE public.races',
      `SELECT 'connecting with postgresql://postgres:${password}@db/x';\nINSERT INTO no_such_table VALUES (1);\nCREATE TABLE public.races`,
    );
    const file = path.join(work.dir, 'broken.sql');
    await writeFile(file, broken);
    const name = uniqueName('pdv_restore');
    const ctx = await testContext({ 'drill-database': name, 'database-url': await adminUrlWithPassword(password) });
    const { url } = await prepareDrillDatabase(ctx);
    try {
      const backup: ResolvedBackup = { ...backups.get('plain')!, path: file, name: 'broken.sql' };
      const { info, checks } = await restoreBackup(ctx, backup, url);
      expect(byId(checks, 'restore.completed')).toMatchObject({
        status: 'fail',
        summary: expect.stringMatching(
          /^psql failed \(exit code 3\): psql:<stdin>:\d+: ERROR: +relation "no_such_table" does not exist/,
        ),
      });
      expect(info.errors[0]).toMatch(/relation "no_such_table" does not exist/);
      expect(byId(checks, 'restore.duration')?.status).toBe('skip');
      // ON_ERROR_STOP: nothing after the error ran.
      expect(byId(checks, 'restore.toc-complete')).toMatchObject({ status: 'fail' });
      const everything = JSON.stringify({ info, checks }) + ctx.log.lines.join('\n');
      expect(everything).not.toContain(password);
    } finally {
      await dropDrillDatabase(await adminUrl(), name);
    }
  });

  it('reports an unreadable gzip file as a failed restore', async () => {
    const file = path.join(work.dir, 'corrupt.sql.gz');
    await writeFile(file, Buffer.from('this is not gzip data at all'));
    const { ctx, url, name } = await drill();
    try {
      const backup: ResolvedBackup = {
        ...backups.get('plain-gzip')!,
        path: file,
        name: 'corrupt.sql.gz',
        sizeBytes: 28,
      };
      const { info, checks } = await restoreBackup(ctx, backup, url);
      expect(byId(checks, 'restore.completed')?.status).toBe('fail');
      expect(info.errors.join('\n')).toMatch(/incorrect header check/);
    } finally {
      await dropDrillDatabase(await adminUrl(), name);
    }
  });

  it('streams a plain-gzip backup without writing it out decompressed', async () => {
    const gz = backups.get('plain-gzip')!;
    const dir = path.dirname(gz.path);
    const emptyTmp = (await tempDir('pdv-tmp-')).dir;
    await chmod(dir, 0o555);
    try {
      const { ctx, url, name } = await drill();
      ctx.env.TMPDIR = emptyTmp;
      try {
        const { checks } = await restoreBackup(ctx, gz, url);
        expect(byId(checks, 'restore.completed')?.status).toBe('ok');
        expect(await rowCounts(url)).toEqual(source.counts);
      } finally {
        await dropDrillDatabase(await adminUrl(), name);
      }
      expect(await readdir(dir)).toEqual([path.basename(gz.path)]);
      expect(await readdir(emptyTmp)).toEqual([]);
    } finally {
      await chmod(dir, 0o755);
    }
  });

  it('restores a pre-provisioned database as its owner role, so the application can use the tables', async () => {
    const role = uniqueName('pdv_app');
    const name = uniqueName('pdv_restore');
    await adminQuery(`CREATE ROLE "${role}" LOGIN`);
    await adminQuery(`CREATE DATABASE "${name}" OWNER "${role}"`);
    try {
      const ctx = await testContext({ 'drill-database': name });
      const { url, origin, role: drillRole } = await prepareDrillDatabase(ctx);
      drillRoles.push(drillRole.name);
      expect(origin).toBe('reused');
      const { checks } = await restoreBackup(ctx, backups.get('custom')!, url);
      expect(byId(checks, 'restore.completed')?.status).toBe('ok');
      const { rows } = await queryDb(url, `SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'`);
      expect(rows).toEqual([{ tableowner: role }]);
    } finally {
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await adminQuery(`DROP ROLE IF EXISTS "${role}"`);
      for (const drillRole of drillRoles) await dropDrillDatabase(await adminUrl(), null, { role: drillRole });
    }
  });

  it('restores a plain dump whose objects belong to a role this server does not have', async () => {
    const role = uniqueName('pdv_gone');
    await adminQuery(`CREATE ROLE "${role}"`);
    await queryDb(
      source.url,
      `CREATE TABLE owned_elsewhere (id serial PRIMARY KEY); ALTER TABLE owned_elsewhere OWNER TO "${role}";
      GRANT SELECT ON seasons TO "${role}"`,
    );
    const dir = path.join(work.dir, 'owned');
    await import('node:fs/promises').then((fs) => fs.mkdir(dir));
    let backup: ResolvedBackup;
    try {
      backup = await dump(source.url, 'plain', dir);
    } finally {
      await queryDb(source.url, `DROP TABLE owned_elsewhere; REVOKE ALL ON seasons FROM "${role}"`);
      await adminQuery(`DROP ROLE "${role}"`);
    }
    expect(await readFile(backup.path, 'utf8')).toContain(`OWNER TO ${role}`);
    const { ctx, url, name } = await drill();
    try {
      const { checks } = await restoreBackup(ctx, backup, url);
      expect(byId(checks, 'restore.completed')?.status).toBe('ok');
      expect(await rowCounts(url)).toEqual(source.counts);
    } finally {
      await dropDrillDatabase(await adminUrl(), name);
    }
  });

  it('runs a parallel pg_restore without parallel index-build workers (its jobs keep the CPUs busy), a one-job one with the server’s', async () => {
    const { rows } = await adminQuery<{ w: string }>(
      `SELECT pg_catalog.current_setting('max_parallel_maintenance_workers') AS w`,
    );
    const serverDefault = rows[0]?.w;
    expect(serverDefault).not.toBe('0');
    // pg_restore refreshes the view in its own session: the view keeps the setting it saw there.
    await queryDb(
      source.url,
      `CREATE MATERIALIZED VIEW parallel_seen AS SELECT pg_catalog.current_setting('max_parallel_maintenance_workers') AS workers`,
    );
    const dir = path.join(work.dir, 'parallel');
    await import('node:fs/promises').then((fs) => fs.mkdir(dir));
    let backup: ResolvedBackup;
    try {
      backup = await dump(source.url, 'custom', dir);
    } finally {
      await queryDb(source.url, 'DROP MATERIALIZED VIEW parallel_seen');
    }
    for (const [jobs, seen] of [
      ['2', '0'],
      ['1', serverDefault],
    ]) {
      const { ctx, url, name } = await drill({ 'restore-jobs': jobs as string });
      try {
        const { checks, info } = await restoreBackup(ctx, backup, url);
        expect(byId(checks, 'restore.completed')?.status).toBe('ok');
        expect(info.jobs).toBe(Number(jobs));
        expect((await queryDb<{ workers: string }>(url, 'SELECT workers FROM parallel_seen')).rows).toEqual([
          { workers: seen },
        ]);
      } finally {
        await dropDrillDatabase(await adminUrl(), name);
      }
    }
  });
});
