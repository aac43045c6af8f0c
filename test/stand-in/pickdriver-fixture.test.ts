// The PickDriver-shaped fixture: its tables, ledger, seed sizes and sequences.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPickdriverDatabase,
  PICKDRIVER_CRITICAL_TABLES,
  PICKDRIVER_MIGRATIONS,
  PICKDRIVER_SCHEMA_SQL,
  schemaFileText,
  seedSizes,
  seedSql,
} from '../../src/stand-in/pickdriver-fixture.js';
import { createTestDatabase, queryDb, type TestDatabase } from '../helpers/postgres.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('fixture_seeded');
  await createPickdriverDatabase(db.url, { scale: 0.1 });
});

afterAll(async () => {
  await db?.drop();
});

async function counts(url: string): Promise<Record<string, number>> {
  const sql = PICKDRIVER_CRITICAL_TABLES.map((t) => `SELECT '${t}' AS t, count(*)::int AS n FROM public.${t}`).join(
    ' UNION ALL ',
  );
  const { rows } = await queryDb(url, sql);
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}

describe('createPickdriverDatabase', () => {
  it('creates every critical table with rows and the sizes seedSizes predicts', async () => {
    const sizes = seedSizes(0.1);
    const actual = await counts(db.url);
    expect(Object.keys(actual).sort()).toEqual([...PICKDRIVER_CRITICAL_TABLES].sort());
    expect(Object.values(actual).every((n) => n > 0)).toBe(true);
    expect(actual).toMatchObject({
      users: sizes.users,
      seasons: 2,
      f1_teams: 10,
      drivers: 20,
      races: 24,
      leagues: sizes.leagues,
      league_members: sizes.leagueMembers,
      league_teams: sizes.leagueTeams,
      team_members: sizes.teamMembers,
      race_drafts: sizes.raceDrafts,
      player_picks: sizes.playerPicks,
      player_bans: sizes.playerBans,
      push_tokens: sizes.pushTokens,
      push_notifications: sizes.pushNotifications,
    });
    const active = await queryDb(db.url, 'SELECT count(*)::int AS n FROM seasons WHERE active');
    expect(active.rows[0]?.n).toBe(1);
  });

  it('fills Fluent’s ledger with module-qualified names in three batches', async () => {
    const { rows } = await queryDb(
      db.url,
      'SELECT name, batch::int AS batch FROM _fluent_migrations ORDER BY created_at',
    );
    expect(rows).toEqual(PICKDRIVER_MIGRATIONS);
    expect(new Set(rows.map((r) => r.batch))).toEqual(new Set([1, 2, 3]));
    expect(rows.every((r) => r.name.startsWith('PickdriverVaporApi.'))).toBe(true);
  });

  it('leaves every sequence past its table’s largest id', async () => {
    const { rows } = await queryDb(
      db.url,
      `SELECT s.relname AS seq, t.relname AS tbl, a.attname AS col
       FROM pg_depend d
       JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
       JOIN pg_class t ON t.oid = d.refobjid
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(10);
    for (const { seq, tbl, col } of rows) {
      const { rows: [state] = [] } = await queryDb(
        db.url,
        `SELECT (SELECT coalesce(max(${col}), 0) FROM ${tbl}) AS max_id,
                (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM ${seq}) AS used`,
      );
      expect(Number(state?.used), `${seq}`).toBeGreaterThanOrEqual(Number(state?.max_id));
    }
    // The next user gets a fresh id instead of a duplicate-key error.
    await queryDb(db.url, "INSERT INTO users (username, email) VALUES ('newcomer', 'new@pickdriver.test')");
  });

  it('has the pg_trgm index on users.username and a mix of id types', async () => {
    const index = await queryDb(db.url, "SELECT indexdef FROM pg_indexes WHERE indexname = 'trgm_idx_username'");
    expect(index.rows[0]?.indexdef).toMatch(/USING gin \(username (public\.)?gin_trgm_ops\)/);
    const ids = await queryDb(
      db.url,
      `SELECT DISTINCT data_type FROM information_schema.columns
       WHERE table_schema = 'public' AND column_name = 'id'`,
    );
    expect(ids.rows.map((r) => r.data_type).sort()).toEqual(['bigint', 'integer', 'uuid']);
  });

  it('leaves the ledger empty with migrations: false, and seeds nothing at scale 0', async () => {
    const bare = await createTestDatabase('fixture_bare');
    try {
      await createPickdriverDatabase(bare.url, { scale: 0, migrations: false });
      const ledger = await queryDb(bare.url, 'SELECT count(*)::int AS n FROM _fluent_migrations');
      expect(ledger.rows[0]?.n).toBe(0);
      expect(Object.values(await counts(bare.url)).every((n) => n === 0)).toBe(true);
    } finally {
      await bare.drop();
    }
  });
});

describe('sizes', () => {
  it('scale linearly: 1000 is about 2.4 million rows', () => {
    const total = (scale: number) => Object.values(seedSizes(scale)).reduce((a, b) => a + b, 0);
    expect(total(1000)).toBeGreaterThan(2_300_000);
    expect(total(1000)).toBeLessThan(2_500_000);
    expect(total(1000)).toBe(total(100) * 10);
    expect(seedSizes(2).users).toBe(2 * seedSizes(1).users);
    expect(seedSizes(0.1).users).toBe(100);
  });

  it('match the convenience copy in pickdriver-schema.sql', () => {
    const copy = readFileSync(new URL('./pickdriver-schema.sql', import.meta.url), 'utf8');
    expect(copy).toBe(schemaFileText());
  });

  it('are plain SQL strings, with no file read at run time', () => {
    expect(PICKDRIVER_SCHEMA_SQL).toContain('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    expect(seedSql(0)).toBe('');
    expect(seedSql(0.5)).toContain('generate_series(1, 500)');
    expect(() => seedSql(-1)).toThrow('Invalid fixture scale');
  });
});
