import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { CRITICAL_TABLES } from '../../src/inspect/critical-tables.js';
import { schemaFingerprint } from '../../src/inspect/fingerprint.js';
import { inspectDatabase } from '../../src/inspect/inspect-database.js';
import type { CheckResult } from '../../src/model/types.js';
import { queryDb, type TestDatabase } from '../helpers/postgres.js';
import { testContext } from '../restore/helpers.js';
import { createInspectDatabase, type LedgerRow } from './helpers.js';

const LEDGER: LedgerRow[] = [
  { name: 'PickdriverVaporApi.CreateUsers', batch: 1, createdAt: '2026-01-10T10:00:00Z' },
  { name: 'PickdriverVaporApi.CreateSeasons', batch: 1, createdAt: '2026-01-10T10:00:00Z' },
  { name: 'PickdriverVaporApi.AddPushTokens', batch: 2, createdAt: '2026-02-01T09:30:00Z' },
  { name: 'PickdriverVaporApi.CreateOpsAuditEvents', batch: 3, createdAt: null },
  { name: 'PickdriverVaporApi.AddPlayerBans', batch: 3, createdAt: '2026-02-20T08:00:00Z' },
];

let db: TestDatabase | undefined;
afterEach(async () => {
  await db?.drop();
  db = undefined;
});

const byId = (checks: CheckResult[], id: string) => checks.find((c) => c.id === id);
const ctx = () => testContext({ 'drill-database': 'pickdriver_drill' });

describe('inspectDatabase', () => {
  it('computes PickDriver’s schema version and reads the critical tables', async () => {
    db = await createInspectDatabase({ ledger: LEDGER, rowsPerTable: 3 });
    const { info, checks } = await inspectDatabase(await ctx(), db.url);

    // Independently: "name:batch" sorted by name then batch, joined with commas, md5.
    const joined = [...LEDGER]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.batch - b.batch))
      .map((r) => `${r.name}:${r.batch}`)
      .join(',');
    const expected = `fluent-${createHash('md5').update(joined).digest('hex')}-b3-n5`;
    expect(info.schemaVersion).toBe(expected);
    expect(schemaFingerprint(LEDGER)).toBe(expected);
    expect(info.ledgerSize).toBe(5);
    // created_at desc nulls last, then batch desc, name desc.
    expect(info.lastMigration).toEqual({
      name: 'PickdriverVaporApi.AddPlayerBans',
      batch: 3,
      createdAt: '2026-02-20T08:00:00.000Z',
    });
    expect(info.criticalTables.map((t) => t.name)).toEqual([...CRITICAL_TABLES]);
    expect(info.criticalTables.every((t) => t.present && t.rows === 3)).toBe(true);
    expect(info.totalCriticalRows).toBe(45);
    expect(info.sequencesBehind).toEqual([]);
    expect(byId(checks, 'database.migrations')).toMatchObject({
      status: 'ok',
      summary: expect.stringContaining(expected),
    });
    expect(byId(checks, 'database.critical-tables')).toMatchObject({ status: 'ok' });
    expect(byId(checks, 'database.sequences')).toMatchObject({ status: 'ok', details: { checked: 15, behind: [] } });
  });

  it('reports an empty ledger as fluent-empty-b0-n0 and fails the migrations check', async () => {
    db = await createInspectDatabase({ ledger: [], rowsPerTable: 1 });
    const { info, checks } = await inspectDatabase(await ctx(), db.url);
    expect(info.schemaVersion).toBe('fluent-empty-b0-n0');
    expect(schemaFingerprint([])).toBe('fluent-empty-b0-n0');
    expect(info).toMatchObject({ ledgerSize: 0, lastMigration: null });
    expect(byId(checks, 'database.migrations')).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/is empty/),
    });
  });

  it('lists missing critical tables and a missing ledger', async () => {
    db = await createInspectDatabase({ ledger: null, rowsPerTable: 2, omit: ['race_drafts', 'push_tokens'] });
    const { info, checks } = await inspectDatabase(await ctx(), db.url);
    expect(info.schemaVersion).toBeNull();
    expect(byId(checks, 'database.migrations')).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/is missing/),
    });
    expect(byId(checks, 'database.critical-tables')).toMatchObject({
      status: 'fail',
      summary: '2 of 15 critical tables are missing: race_drafts, push_tokens',
      details: { missing: ['race_drafts', 'push_tokens'] },
    });
    expect(info.criticalTables.find((t) => t.name === 'race_drafts')).toEqual({
      name: 'race_drafts',
      present: false,
      rows: null,
    });
    expect(info.totalCriticalRows).toBe(26);
  });

  it('warns when every critical table is present but empty', async () => {
    db = await createInspectDatabase({ ledger: LEDGER, rowsPerTable: 0 });
    const { checks } = await inspectDatabase(await ctx(), db.url);
    expect(byId(checks, 'database.critical-tables')).toMatchObject({ status: 'warn' });
  });

  it('detects a sequence behind its column’s largest value', async () => {
    db = await createInspectDatabase({ ledger: LEDGER, rowsPerTable: 5 });
    await queryDb(db.url, `SELECT setval('public.races_id_seq', 2)`);
    // An identity column whose sequence was never used while rows carry explicit ids.
    await queryDb(
      db.url,
      'CREATE TABLE public.extra (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY); INSERT INTO extra VALUES (7)',
    );
    const { info, checks } = await inspectDatabase(await ctx(), db.url);
    expect(info.sequencesBehind).toEqual([
      { table: 'public.extra', column: 'id', sequence: 'public.extra_id_seq', lastValue: 0, maxValue: 7 },
      { table: 'public.races', column: 'id', sequence: 'public.races_id_seq', lastValue: 2, maxValue: 5 },
    ]);
    expect(byId(checks, 'database.sequences')).toMatchObject({
      status: 'fail',
      summary: expect.stringContaining('public.races.id (public.races_id_seq at 2, max 5)'),
    });
  });

  it('reads a sequence set with is_called = false (as pg_dump and setval(..., false) leave it) by its next value', async () => {
    db = await createInspectDatabase({ ledger: LEDGER, rowsPerTable: 5 });
    // Next value 6: past the largest id 5, so not behind.
    await queryDb(db.url, `SELECT setval('public.races_id_seq', 6, false)`);
    // Next value 5: the next insert would collide with id 5.
    await queryDb(db.url, `SELECT setval('public.users_id_seq', 5, false)`);
    const { info } = await inspectDatabase(await ctx(), db.url);
    expect(info.sequencesBehind).toEqual([
      { table: 'public.users', column: 'id', sequence: 'public.users_id_seq', lastValue: 4, maxValue: 5 },
    ]);
  });

  it('fails the three checks with a clear message when the database cannot be reached', async () => {
    const url = 'postgresql://postgres:Inspect-Secret-1@127.0.0.1:1/nothing';
    const c = await ctx();
    const { checks } = await inspectDatabase(c, url);
    expect(checks.map((x) => [x.id, x.status])).toEqual([
      ['database.migrations', 'fail'],
      ['database.critical-tables', 'fail'],
      ['database.sequences', 'fail'],
    ]);
    expect(checks[0]?.summary).toMatch(/could not connect to the drill database: .*ECONNREFUSED/);
    expect(JSON.stringify(checks)).not.toContain('Inspect-Secret-1');
  });
});
