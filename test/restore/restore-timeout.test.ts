// restore-timeout and max-restore-time stop a restore that runs too long: the tool and every
// worker it forked are killed, its server sessions ended, and restore.completed fails saying why.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/model/types.js';
import { dropDrillDatabase, prepareDrillDatabase } from '../../src/restore/drill-database.js';
import { restoreBackup } from '../../src/restore/restore-backup.js';
import type { ResolvedBackup } from '../../src/restore/types.js';
import { adminUrl, createTestDatabase, queryDb, type TestDatabase, uniqueName } from '../helpers/postgres.js';
import { processesWith } from '../helpers/processes.js';
import { asTocTable, dump, tempDir, testContext } from './helpers.js';

let source: TestDatabase;
let work: Awaited<ReturnType<typeof tempDir>>;
const backups: Partial<Record<'custom' | 'plain', ResolvedBackup>> = {};

beforeAll(async () => {
  source = await createTestDatabase('pdv_slow_src');
  // Restoring each row takes 30 s anywhere but in the source database: a restore that would hang.
  await queryDb(
    source.url,
    `CREATE FUNCTION public.slow_ok(v int) RETURNS boolean LANGUAGE plpgsql AS $$
     BEGIN
       IF current_database() <> '${source.name}' THEN PERFORM pg_sleep(30); END IF;
       RETURN true;
     END $$;
     CREATE TABLE public.slow (v int CHECK (public.slow_ok(v)));
     INSERT INTO public.slow VALUES (1);
     CREATE TABLE public.quick (v int);`,
  );
  work = await tempDir();
  for (const format of ['custom', 'plain'] as const) {
    const dir = path.join(work.dir, format);
    await mkdir(dir);
    backups[format] = {
      ...(await dump(source.url, format, dir)),
      tocTables: ['public.slow', 'public.quick'].map(asTocTable),
    };
  }
}, 60_000);

afterAll(async () => {
  await source?.drop();
  await work?.remove();
});

const byId = (checks: CheckResult[], id: string) => checks.find((c) => c.id === id);

async function sessionsOf(name: string): Promise<number> {
  const { rows } = await queryDb<{ n: string }>(
    source.url,
    `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'pickdriver-vault-action'`,
    [name],
  );
  return Number(rows[0]?.n);
}

async function drill(inputs: Record<string, string>) {
  const name = uniqueName('pdv_timeout');
  const ctx = await testContext({ 'drill-database': name, ...inputs });
  const { url } = await prepareDrillDatabase(ctx);
  return { ctx, url, name };
}

describe('a restore that runs too long', () => {
  it('is stopped at restore-timeout: pg_restore and its workers killed, restore.completed failed', async () => {
    const { ctx, url, name } = await drill({ 'restore-timeout': '2s', 'restore-jobs': '2' });
    try {
      const started = Date.now();
      const { info, checks } = await restoreBackup(ctx, backups.custom!, url);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(byId(checks, 'restore.completed')).toMatchObject({
        status: 'fail',
        summary: expect.stringMatching(/^pg_restore stopped after [\d.]+ s: restore-timeout \(2\.0 s\) was reached/),
        details: { timedOut: true },
      });
      expect(byId(checks, 'restore.duration')?.status).toBe('skip');
      expect(info.errors[0]).toMatch(/restore-timeout \(2\.0 s\)/);
      expect(processesWith(backups.custom!.path)).toEqual([]);
      expect(await sessionsOf(name)).toBe(0);
    } finally {
      await dropDrillDatabase(await adminUrl(), name);
    }
  }, 30_000);

  it('is stopped at max-restore-time when that comes first: psql killed, the RTO target failed', async () => {
    const { ctx, url, name } = await drill({ 'max-restore-time': '2s' });
    try {
      const started = Date.now();
      const { info, checks } = await restoreBackup(ctx, backups.plain!, url);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(byId(checks, 'restore.completed')).toMatchObject({
        status: 'fail',
        summary: expect.stringMatching(
          /^psql stopped after [\d.]+ s: the RTO target \(max-restore-time: 2\.0 s\) was reached/,
        ),
      });
      expect(byId(checks, 'restore.duration')).toMatchObject({
        status: 'fail',
        summary: expect.stringMatching(/^not restored within the RTO target of 2\.0 s: stopped after/),
      });
      expect(info).toMatchObject({ rtoTargetSeconds: 2, rtoMet: false });
      expect(processesWith(`--dbname=${name}`)).toEqual([]);
      expect(await sessionsOf(name)).toBe(0);
    } finally {
      await dropDrillDatabase(await adminUrl(), name);
    }
  }, 30_000);
});
