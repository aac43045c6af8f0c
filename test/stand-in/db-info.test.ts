// ops/db-info and target resolution against real primary and drill databases.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPickdriverDatabase,
  PICKDRIVER_CRITICAL_TABLES,
  PICKDRIVER_MIGRATIONS,
  seedSizes,
} from '../../src/stand-in/pickdriver-fixture.js';
import { createTestDatabase, queryDb, type TestDatabase } from '../helpers/postgres.js';
import { call, drillEnv, primaryEnv, startApi, TOKEN, validate } from './helpers.js';

let primary: TestDatabase;
let drill: TestDatabase;
let empty: TestDatabase;

beforeAll(async () => {
  [primary, drill, empty] = await Promise.all([
    createTestDatabase('rapi_dbi_primary'),
    createTestDatabase('rapi_dbi_drill'),
    createTestDatabase('rapi_dbi_empty'),
  ]);
  // The drill database is bigger than the primary, so a count tells which one answered.
  await createPickdriverDatabase(primary.url, { scale: 0.05 });
  await createPickdriverDatabase(drill.url, { scale: 0.1 });
});

afterAll(async () => {
  await Promise.all([primary?.drop(), drill?.drop(), empty?.drop()]);
});

const withDrill = () => ({ ...primaryEnv(primary.url), ...drillEnv(drill.url), INTERNAL_SERVICE_TOKEN: TOKEN });
const dbInfo = (api: Awaited<ReturnType<typeof startApi>>, target?: string) =>
  call(api, `/api/internal/ops/db-info${target === undefined ? '' : `?target=${encodeURIComponent(target)}`}`);

/** The fingerprint computed here, independently of the stand-in's SQL. */
function expectedFingerprint(rows: { name: string; batch: number }[]): string {
  if (rows.length === 0) return 'fluent-empty-b0-n0';
  const sorted = [...rows].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.batch - b.batch));
  const md5 = createHash('md5')
    .update(sorted.map((r) => `${r.name}:${r.batch}`).join(','))
    .digest('hex');
  return `fluent-${md5}-b${Math.max(...rows.map((r) => r.batch))}-n${rows.length}`;
}

describe('db-info', () => {
  it('describes the primary database by default: fingerprint, ledger, critical table counts', async () => {
    const api = await startApi(withDrill());
    const res = await dbInfo(api);
    expect(res.status).toBe(200);
    expect(res.body.schemaVersion).toBe(expectedFingerprint(PICKDRIVER_MIGRATIONS));
    expect(res.body.lastMigrationAt).toBe('2026-02-08T09:00:18Z');
    expect(res.body.expectedCriticalTables).toEqual([...PICKDRIVER_CRITICAL_TABLES]);
    expect(res.body.appliedMigrations).toHaveLength(PICKDRIVER_MIGRATIONS.length);
    expect(res.body.appliedMigrations[0]).toEqual({
      name: 'PickdriverVaporApi.CreatePushNotifications',
      batch: 3,
      createdAt: '2026-02-08T09:00:18Z',
    });
    const sizes = seedSizes(0.05);
    expect(Object.keys(res.body.criticalTableCounts)).toEqual([...PICKDRIVER_CRITICAL_TABLES]);
    expect(res.body.criticalTableCounts).toMatchObject({
      users: sizes.users,
      seasons: 2,
      races: 24,
      player_picks: sizes.playerPicks,
    });
  });

  it('reads the drill database for target=drill and the primary for every staging alias', async () => {
    const api = await startApi(withDrill());
    const drillInfo = await dbInfo(api, ' Drill ');
    expect(drillInfo.body.criticalTableCounts.users).toBe(seedSizes(0.1).users);
    for (const alias of ['', 'staging', 'STAGE', 'test', 'default', ' primary ']) {
      const res = await dbInfo(api, alias);
      expect(res.status).toBe(200);
      expect(res.body.criticalTableCounts.users).toBe(seedSizes(0.05).users);
    }
  });

  it('refuses production targets in any case with 403 and unknown ones with 400', async () => {
    const api = await startApi(withDrill());
    for (const [raw, shown] of [
      ['PROD', 'prod'],
      [' Live ', 'live'],
      ['production', 'production'],
      ['Main', 'main'],
    ]) {
      expect(await dbInfo(api, raw)).toEqual({
        status: 403,
        body: { error: true, reason: `Target '${shown}' is restricted for internal drill operations.` },
      });
    }
    expect(await dbInfo(api, 'QA')).toEqual({
      status: 400,
      body: { error: true, reason: "Unsupported target 'qa'. Allowed values: drill, staging." },
    });
  });

  it('answers 503 for target=drill when no DRILL_DB_* variable is set', async () => {
    const api = await startApi({ ...primaryEnv(primary.url), INTERNAL_SERVICE_TOKEN: TOKEN });
    const expected = {
      status: 503,
      body: {
        error: true,
        reason:
          'Drill target is not configured. Define DRILL_DB_HOST, DRILL_DB_NAME, DRILL_DB_USER/DRILL_DB_USERNAME, and DRILL_DB_PASSWORD.',
      },
    };
    expect(await dbInfo(api, 'drill')).toEqual(expected);
    expect(await validate(api, { target: 'drill', backupId: 'b-1' })).toEqual(expected);
  });

  it('leaves lastMigrationAt and criticalTableCounts out on an empty ledger without critical tables, as Swift does', async () => {
    await queryDb(
      empty.url,
      'CREATE TABLE IF NOT EXISTS public._fluent_migrations (id uuid PRIMARY KEY, name text NOT NULL UNIQUE, batch bigint NOT NULL, created_at timestamptz, updated_at timestamptz)',
    );
    const env = { ...primaryEnv(empty.url), INTERNAL_SERVICE_TOKEN: TOKEN };
    const swift = await dbInfo(await startApi(env));
    expect(swift).toEqual({
      status: 200,
      body: {
        schemaVersion: 'fluent-empty-b0-n0',
        appliedMigrations: [],
        expectedCriticalTables: [...PICKDRIVER_CRITICAL_TABLES],
      },
    });
    expect(Object.keys(swift.body)).not.toContain('criticalTableCounts');
    // The other form, nil keys written as null, carries the same facts.
    expect((await dbInfo(await startApi(env, 'null'))).body).toEqual({
      ...swift.body,
      lastMigrationAt: null,
      criticalTableCounts: null,
    });
  });

  it('counts only the critical tables that exist', async () => {
    const db = await createTestDatabase('rapi_dbi_partial');
    try {
      await createPickdriverDatabase(db.url, { scale: 0.05 });
      await queryDb(db.url, 'DROP TABLE push_notifications, push_tokens');
      const api = await startApi({ ...primaryEnv(db.url), INTERNAL_SERVICE_TOKEN: TOKEN });
      const counts = (await dbInfo(api)).body.criticalTableCounts;
      expect(Object.keys(counts)).toEqual(
        PICKDRIVER_CRITICAL_TABLES.filter((t) => t !== 'push_tokens' && t !== 'push_notifications'),
      );
    } finally {
      await db.drop();
    }
  });

  it('is a 500 when the ledger table itself is missing, as in PickDriver', async () => {
    const db = await createTestDatabase('rapi_dbi_noledger');
    try {
      const api = await startApi({
        ...primaryEnv(db.url),
        INTERNAL_SERVICE_TOKEN: TOKEN,
        ENVIRONMENT: 'production',
        INTERNAL_REQUIRE_HTTPS: 'false',
        DATABASE_TLS_MODE: 'disable',
      });
      expect(await dbInfo(api)).toEqual({ status: 500, body: { error: true, reason: 'Something went wrong.' } });
    } finally {
      await db.drop();
    }
  });

  it('lists the 50 newest migrations by created_at desc nulls last, batch desc, name desc', async () => {
    const db = await createTestDatabase('rapi_dbi_ledger');
    try {
      await createPickdriverDatabase(db.url, { scale: 0, migrations: false });
      // 60 rows: pairs sharing a created_at (batch and name break the tie) and 4 rows without one.
      await queryDb(
        db.url,
        `INSERT INTO _fluent_migrations (id, name, batch, created_at, updated_at)
         SELECT gen_random_uuid(), 'PickdriverVaporApi.M' || lpad(g::text, 2, '0'), 1 + (g % 2),
                CASE WHEN g <= 4 THEN NULL ELSE timestamptz '2026-01-01' + (g / 2) * interval '1 day' END, NULL
         FROM generate_series(1, 60) g`,
      );
      const rows = (
        await queryDb<{ name: string; batch: number }>(
          db.url,
          'SELECT name, batch::int AS batch, created_at FROM _fluent_migrations',
        )
      ).rows;
      const api = await startApi({ ...primaryEnv(db.url), INTERNAL_SERVICE_TOKEN: TOKEN });
      const res = await dbInfo(api);
      expect(res.body.schemaVersion).toBe(expectedFingerprint(rows));
      expect(res.body.schemaVersion).toMatch(/^fluent-[0-9a-f]{32}-b2-n60$/);
      expect(res.body.lastMigrationAt).toBe('2026-01-31T00:00:00Z');
      const listed = res.body.appliedMigrations;
      expect(listed).toHaveLength(50);
      // g=60 (day 30, batch 1) and g=61 does not exist; g=58 (day 29, batch 1) vs g=59 (day 29, batch 2).
      expect(listed.slice(0, 3).map((m: { name: string }) => m.name)).toEqual([
        'PickdriverVaporApi.M60',
        'PickdriverVaporApi.M59',
        'PickdriverVaporApi.M58',
      ]);
      expect(listed[1]).toEqual({ name: 'PickdriverVaporApi.M59', batch: 2, createdAt: '2026-01-30T00:00:00Z' });
      expect(listed.every((m: { createdAt: string | null }) => m.createdAt !== null)).toBe(true);
    } finally {
      await db.drop();
    }
  });
});
