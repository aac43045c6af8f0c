// The post step as a job runs it after the main step: the drill database and role are dropped with
// the inputs that concern them (database-url, keep-database, allow-remote-database) read as the
// configuration reads them; keep-database keeps both; inputs that would not pass the configuration
// drop nothing and say why, as a warning that does not fail the job.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpDatabase } from '../../src/demo/make-backup.js';
import { dropDrillDatabase } from '../../src/restore/drill-database.js';
import { actionSteps } from '../helpers/action-steps.js';
import {
  adminQuery,
  adminUrl,
  createTestDatabase,
  queryDb,
  type TestDatabase,
  uniqueName,
} from '../helpers/postgres.js';

let admin: string;
let source: TestDatabase;
let dir: string;
let dump: string;
const made: string[] = [];

beforeAll(async () => {
  admin = await adminUrl();
  dir = await mkdtemp(path.join(os.tmpdir(), 'pdv-post-'));
  source = await createTestDatabase('pdv_post_src');
  await queryDb(
    source.url,
    'CREATE TABLE seasons (id serial PRIMARY KEY, year int NOT NULL); INSERT INTO seasons (year) VALUES (2026);',
  );
  dump = path.join(dir, 'pickdriver.dump');
  await dumpDatabase(source.url, dump, 'custom');
});

afterAll(async () => {
  for (const name of made) await dropDrillDatabase(admin, name).catch(() => {});
  await source?.drop();
  await rm(dir, { recursive: true, force: true });
});

async function exists(database: string, role: string): Promise<[boolean, boolean]> {
  const { rows } = await adminQuery<{ db: boolean; role: boolean }>(
    `SELECT EXISTS (SELECT FROM pg_database WHERE datname = $1) AS db, EXISTS (SELECT FROM pg_roles WHERE rolname = $2) AS role`,
    [database, role],
  );
  return [rows[0]?.db === true, rows[0]?.role === true];
}

describe('the post step', () => {
  it('keeps the database with keep-database, refuses inputs the configuration refuses, and drops both otherwise', async () => {
    const database = uniqueName('pdv_post');
    made.push(database);
    const steps = await actionSteps(
      { 'backup-source': dump, 'database-url': admin, 'drill-database': database, 'fail-on': 'never' },
      '2201',
    );
    expect(steps.run.code, steps.run.stdout + steps.run.stderr).toBe(0);
    const role = steps.state['drill-role'] as string;
    expect(await exists(database, role)).toEqual([true, true]);

    const kept = await steps.post({}, { 'keep-database': 'yes' });
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain(
      `Keeping the drill database ${database} and its owner, the drill role ${role} (keep-database: true).`,
    );
    expect(await exists(database, role)).toEqual([true, true]);

    // Not a URL, a keep-database that is no boolean, a remote host not allowed: the configuration's own words.
    const refusals: [Record<string, string>, RegExp][] = [
      [{ 'database-url': 'not a url' }, /::warning::Cleanup incomplete: database-url: expected postgresql:\/\//],
      [
        { 'keep-database': 'maybe' },
        /::warning::Cleanup incomplete: keep-database: expected true or false, got 'maybe'/,
      ],
      [
        { 'database-url': admin.replace('127.0.0.1', 'db.example.com') },
        /::warning::Cleanup incomplete: database-url: the host db\.example\.com is neither loopback/,
      ],
    ];
    for (const [inputs, warning] of refusals) {
      const refused = await steps.post({}, inputs);
      expect(refused.code).toBe(0);
      expect(refused.stdout).toMatch(warning);
      expect(await exists(database, role)).toEqual([true, true]);
    }

    const post = await steps.post();
    expect(post.code).toBe(0);
    expect(post.stdout).toContain(`Dropped the drill database ${database} and the drill role ${role}.`);
    expect(await exists(database, role)).toEqual([false, false]);
  });
});
