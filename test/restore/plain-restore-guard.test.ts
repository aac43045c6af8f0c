// What stands between a plain dump and the runner at restore time, with the real psql and a real
// database: psql's \restrict under the drill's own key, and the filter that stops psql before a
// refused line (should a dump change after the verify pass read it).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDrillDatabase, prepareDrillDatabase } from '../../src/restore/drill-database.js';
import { libpqEnv } from '../../src/restore/pg-connection.js';
import { restoreBackup, restrictKeyFile } from '../../src/restore/restore-backup.js';
import { childEnv } from '../../src/util/child-env.js';
import { psqlHasRestrict } from '../../src/util/pg-tools.js';
import { adminUrl, createTestDatabase, queryDb, type TestDatabase, uniqueName } from '../helpers/postgres.js';
import { processesWith } from '../helpers/processes.js';
import { tempDir, testContext } from './helpers.js';

let db: TestDatabase;
let work: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  db = await createTestDatabase('pdv_guard');
  work = await tempDir('pdv-guard-');
});
afterAll(async () => {
  await db?.drop();
  await work?.remove();
});

/** psql as the restore runs it (its key file read first), fed `sql` directly, unfiltered. */
async function psql(sql: string): Promise<{ code: number | null; stderr: string }> {
  const key = await restrictKeyFile({ RUNNER_TEMP: work.dir });
  try {
    return await new Promise((resolve) => {
      const child = spawn('psql', ['-v', 'ON_ERROR_STOP=1', '-X', '-q', '-f', key.file, '-f', '-'], {
        env: childEnv(process.env, libpqEnv(db.url)),
      });
      let stderr = '';
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      child.on('close', (code) => resolve({ code, stderr }));
      child.stdin.end(sql);
    });
  } finally {
    await key.dispose();
  }
}

describe("psql under the drill's \\restrict key", () => {
  it('refuses every meta-command, and a dump cannot lift the key with its own', async () => {
    const marker = path.join(work.dir, 'restrict-marker');
    for (const lift of ['', '\\unrestrict wrongkey\n', '\\restrict another\n\\unrestrict another\n']) {
      const run = await psql(`CREATE TABLE IF NOT EXISTS t (id int);\n${lift}\\! touch ${marker}\nSELECT 1;\n`);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(
        /backslash commands are restricted; only \\unrestrict is allowed|\\unrestrict: wrong key/,
      );
      expect(existsSync(marker)).toBe(false);
    }
    // The SQL before it did run: the key is psql's, not a refusal of the whole input.
    expect((await queryDb(db.url, 'SELECT count(*)::int AS n FROM t')).rows[0]).toEqual({ n: 0 });
  });
});

describe("the drill's key", () => {
  it('is never on the command line: psql reads it from a file only this user may read, removed afterwards', async () => {
    const name = uniqueName('pdv_guard_key');
    const runnerTemp = path.join(work.dir, 'runner-temp');
    await mkdir(runnerTemp);
    const ctx = await testContext({ 'drill-database': name }, { ...process.env, RUNNER_TEMP: runnerTemp });
    const { url } = await prepareDrillDatabase(ctx);
    const file = path.join(work.dir, 'slow.sql');
    await writeFile(file, 'SELECT pg_sleep(1.5);\nCREATE TABLE done (id int);\n-- PostgreSQL database dump complete\n');
    try {
      const backup = { path: file, name: 'slow.sql', format: 'plain' as const, sizeBytes: 0 };
      const restoring = restoreBackup(ctx, { ...backup, toc: null, tocTables: [], tocEntries: null }, url);
      let seen: string[] = [];
      for (let i = 0; i < 50 && seen.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
        seen = processesWith(runnerTemp);
      }
      expect(seen, 'psql reading the key file').toHaveLength(1);
      expect(seen[0]).not.toContain('restrict ');
      const keyFile = /-f (\S+restrict\.psql)/.exec(seen[0] ?? '')?.[1] as string;
      expect(((await stat(keyFile)).mode & 0o777).toString(8)).toBe('600');
      const { checks } = await restoring;
      expect(checks.find((c) => c.id === 'restore.completed')?.status).toBe('ok');
      expect(await readdir(runnerTemp)).toEqual([]);
    } finally {
      await dropDrillDatabase(await adminUrl(), name);
    }
  });
});

describe('the restore filter', () => {
  it('stops psql before a refused line that the verify pass did not see (the file changed), naming the line', async () => {
    const name = uniqueName('pdv_guard_drill');
    const ctx = await testContext({ 'drill-database': name });
    const { url } = await prepareDrillDatabase(ctx);
    const marker = path.join(work.dir, 'filter-marker');
    const file = path.join(work.dir, 'changed.sql');
    // A statement left open over the refused line: psql would run it at the end of its input.
    await writeFile(
      file,
      `CREATE TABLE before (id int);\nCREATE TABLE after_open (id int)\n\\! touch ${marker}\n;\nCREATE TABLE after (id int);\n`,
    );
    try {
      const backup = { path: file, name: 'changed.sql', format: 'plain' as const, sizeBytes: 0 };
      const resolved = { ...backup, toc: null, tocTables: [], tocEntries: null };
      const { checks } = await restoreBackup(ctx, resolved, url);
      const completed = checks.find((c) => c.id === 'restore.completed');
      expect(completed?.status).toBe('fail');
      expect(completed?.summary).toContain(
        'the plain dump was refused at line 3: the psql meta-command \\! (runs a shell command on the runner)',
      );
      expect(existsSync(marker)).toBe(false);
      const { rows } = await queryDb<{ name: string }>(
        url,
        "SELECT relname AS name FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace ORDER BY 1",
      );
      expect(rows.map((r) => r.name)).not.toContain('after_open');
      expect(rows.map((r) => r.name)).not.toContain('after');
    } finally {
      await dropDrillDatabase(await adminUrl(), name);
    }
  });
});

describe('the psql a plain dump needs', () => {
  it('has \\restrict: 13.22, 14.19, 15.14, 16.10, 17.6, 18 and later; not the releases before', () => {
    const has = (version: string) => psqlHasRestrict({ version, major: Number(version.split('.')[0]) });
    for (const v of ['13.22', '13.23', '14.19', '15.14', '15.20', '16.10', '17.6', '17.10', '18', '18.1', '19'])
      expect(has(v), v).toBe(true);
    for (const v of ['13.21', '13.2', '14.18', '15.13', '15.2', '16.9', '17.5', '12.22']) expect(has(v), v).toBe(false);
  });
});
