import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config.js';
import { parseChecksFile } from '../../src/inspect/checks-file.js';
import { runCustomChecks } from '../../src/inspect/custom-checks.js';
import { queryDb, type TestDatabase } from '../helpers/postgres.js';
import { tempDir, testContext } from '../restore/helpers.js';
import { createInspectDatabase } from './helpers.js';

let db: TestDatabase;
let work: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  db = await createInspectDatabase({ ledger: [], rowsPerTable: 20 });
  await queryDb(
    db.url,
    'ALTER TABLE seasons ADD COLUMN is_active boolean NOT NULL DEFAULT false; UPDATE seasons SET is_active = (id = 20)',
  );
  work = await tempDir('pdv-checks-');
});
afterAll(async () => {
  await db?.drop();
  await work?.remove();
});

async function run(file: string, content: string) {
  const full = path.join(work.dir, file);
  await writeFile(full, content);
  const ctx = await testContext({ 'drill-database': 'pickdriver_drill', 'checks-file': full });
  return runCustomChecks(ctx, db.url);
}

const YAML_FILE = `
checks:
  - name: active-season
    sql: SELECT count(*) FROM seasons WHERE is_active
    expect: ">= 1"
  - name: users-min-rows
    table: users
    min-rows: 100
  - name: fresh-picks
    table: player_picks
    timestamp-column: created_at
    max-age: 2d
    severity: warn
  - name: stale-picks
    table: public.player_picks
    timestamp-column: created_at
    max-age: 30m
    severity: warn
  - name: no-orphans
    description: every league has members
    sql: SELECT NOT EXISTS (SELECT 1 FROM leagues WHERE id > 1000)
`;

describe('runCustomChecks', () => {
  it('runs a YAML file: SQL assertions, minimum rows, freshness, with fail and warn severities', async () => {
    const checks = await run('checks.yml', YAML_FILE);
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['custom.active-season', 'ok'],
      ['custom.users-min-rows', 'fail'],
      ['custom.fresh-picks', 'ok'],
      ['custom.stale-picks', 'warn'],
      ['custom.no-orphans', 'ok'],
    ]);
    expect(checks[0]?.summary).toBe('returned "1", expected >= 1');
    expect(checks[1]).toMatchObject({
      summary: 'users has 20 rows (minimum 100)',
      details: { rows: 20, minRows: 100 },
    });
    expect(checks[3]?.summary).toMatch(/^newest public\.player_picks\.created_at is 1h 00m old \(max 30m 00s\)$/);
  });

  it('runs a JSON file the same way', async () => {
    const checks = await run(
      'checks.json',
      JSON.stringify({
        checks: [
          { name: 'twenty-races', sql: 'SELECT count(*) FROM races', expect: '= 20' },
          { name: 'few-bans', sql: 'SELECT count(*) FROM player_bans', expect: '< 5', severity: 'warn' },
        ],
      }),
    );
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['custom.twenty-races', 'ok'],
      ['custom.few-bans', 'warn'],
    ]);
  });

  it('runs checks read-only: a check that writes fails and changes nothing', async () => {
    const checks = await run(
      'writes.yml',
      `checks:
  - name: sneaky-delete
    sql: DELETE FROM users RETURNING 1
  - name: sneaky-commit
    sql: "COMMIT; DELETE FROM users"
  - name: slow
    sql: SELECT pg_sleep(5) IS NOT NULL
    timeout: 200ms
`,
    );
    expect(checks.map((c) => c.status)).toEqual(['fail', 'fail', 'fail']);
    expect(checks[0]?.summary).toMatch(/read-only transaction/);
    expect(checks[1]?.summary).toMatch(/multiple commands/);
    expect(checks[2]?.summary).toMatch(/statement timeout/);
    const { rows } = await queryDb(db.url, 'SELECT count(*)::int AS n FROM users');
    expect(rows[0]?.n).toBe(20);
  });

  it('returns no checks without a checks-file', async () => {
    const ctx = await testContext({ 'drill-database': 'pickdriver_drill' });
    expect(await runCustomChecks(ctx, db.url)).toEqual([]);
  });

  it('treats a bad file as a configuration error naming checks-file and what is wrong', async () => {
    const error = await run(
      'bad.yml',
      `checks:
  - name: ok-one
    sql: SELECT true
  - name: bad expect
    sql: SELECT 1
    expect: "about 3"
  - name: no-kind
  - name: ok-one
    table: users
    min-rows: -1
`,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.every((p) => p.startsWith(`checks-file (${path.join(work.dir, 'bad.yml')}): `))).toBe(true);
    expect(problems.join('\n')).toMatch(/checks\[1\]\.name: expected letters/);
    expect(problems.join('\n')).toMatch(/checks\[1\]\.expect: expected '= n'.*got 'about 3'/);
    expect(problems.join('\n')).toMatch(/checks\[2\]: expected one of sql/);
    expect(problems.join('\n')).toMatch(/checks\[3\]\.min-rows/);

    await expect(run('broken.yml', 'checks: [unclosed')).rejects.toThrow(/checks-file .*: not valid YAML or JSON/);
    await expect(run('empty.yml', 'something: else')).rejects.toThrow(/expected a top-level 'checks' list/);
    const ctx = await testContext({
      'drill-database': 'pickdriver_drill',
      'checks-file': path.join(work.dir, 'absent.yml'),
    });
    await expect(runCustomChecks(ctx, db.url)).rejects.toThrow(/checks-file .*absent\.yml\): cannot be read: ENOENT/);
  });

  it('rejects duplicate names', async () => {
    await expect(
      parseChecksFile('checks:\n  - {name: a, sql: SELECT true}\n  - {name: a, table: users, min-rows: 1}\n', 'c.yml'),
    ).rejects.toThrow(/the name 'a' is used twice/);
  });
});
