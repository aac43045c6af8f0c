import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPostRestoreCommand } from '../../src/restore/post-restore-command.js';
import { createTestDatabase, queryDb, type TestDatabase, urlFor } from '../helpers/postgres.js';
import { adminUrlWithPassword, tempDir, testContext } from './helpers.js';

const PASSWORD = 'Post-Cmd-Secret-7';
let db: TestDatabase;
let work: Awaited<ReturnType<typeof tempDir>>;
let drillUrl: string;

beforeAll(async () => {
  db = await createTestDatabase('pdv_post');
  work = await tempDir();
  drillUrl = urlFor(await adminUrlWithPassword(PASSWORD), db.name);
});
afterAll(async () => {
  await db?.drop();
  await work?.remove();
});

describe('runPostRestoreCommand', () => {
  it('runs the command against the drill database with DRILL_DATABASE_URL and DATABASE_* set', async () => {
    const out = path.join(work.dir, 'env.txt');
    const command = `printf '%s\\n' "$DRILL_DATABASE_URL" "$DATABASE_HOST" "$DATABASE_PORT" "$DATABASE_NAME" "$DATABASE_USERNAME" "$DATABASE_PASSWORD" > ${out}
      psql -X -q -c 'CREATE TABLE migrated_by_pr (id int)' && echo "migrated with $DATABASE_PASSWORD"`;
    const ctx = await testContext(
      {
        'drill-database': 'pickdriver_drill',
        'post-restore-command': command,
        'database-url': await adminUrlWithPassword(PASSWORD),
      },
      // The parent environment points at another database: the command must not see it.
      { ...process.env, DATABASE_HOST: 'prod.example.com', DATABASE_NAME: 'pickdriver', PGDATABASE: 'postgres' },
    );
    const result = await runPostRestoreCommand(ctx, drillUrl);
    expect(result).toMatchObject({ id: 'restore.post-command', status: 'ok' });
    const url = new URL(drillUrl);
    expect((await readFile(out, 'utf8')).split('\n').slice(0, 6)).toEqual([
      drillUrl,
      url.hostname,
      url.port || '5432',
      db.name,
      'postgres',
      PASSWORD,
    ]);
    const { rows } = await queryDb(db.url, `SELECT to_regclass('public.migrated_by_pr') IS NOT NULL AS made`);
    expect(rows[0]?.made).toBe(true);
    // The output is logged line by line, without the password.
    expect(ctx.log.lines).toContain('  | migrated with ***');
    expect(JSON.stringify(result) + ctx.log.lines.join('\n')).not.toContain(PASSWORD);
  });

  it('fails the check with the exit code and the last lines of output', async () => {
    const ctx = await testContext({
      'drill-database': 'pickdriver_drill',
      'post-restore-command': '{ echo "running migrations"; echo "migration 42 failed"; } >&2; exit 3',
    });
    const result = await runPostRestoreCommand(ctx, db.url);
    expect(result).toMatchObject({
      id: 'restore.post-command',
      status: 'fail',
      summary: 'post-restore-command failed (exit code 3); last output: migration 42 failed',
      details: { exitCode: 3, lastLines: ['running migrations', 'migration 42 failed'] },
    });
  });

  it('is skipped when no command is given', async () => {
    const ctx = await testContext({ 'drill-database': 'pickdriver_drill' });
    expect(await runPostRestoreCommand(ctx, db.url)).toMatchObject({ id: 'restore.post-command', status: 'skip' });
  });
});
