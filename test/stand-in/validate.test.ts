// ops/backup/validate: request decoding, both profiles on empty and seeded databases, and the
// audit trail, which goes to the primary database only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPickdriverDatabase,
  PICKDRIVER_CRITICAL_TABLES,
  PICKDRIVER_MIGRATIONS,
} from '../../src/stand-in/pickdriver-fixture.js';
import { createTestDatabase, queryDb, type TestDatabase } from '../helpers/postgres.js';
import { call, drillEnv, ISO_SECONDS, primaryEnv, startApi, TOKEN, validate } from './helpers.js';

let primary: TestDatabase;
let drill: TestDatabase;
let bare: TestDatabase;

beforeAll(async () => {
  [primary, drill, bare] = await Promise.all([
    createTestDatabase('rapi_val_primary'),
    createTestDatabase('rapi_val_drill'),
    createTestDatabase('rapi_val_bare'),
  ]);
  await createPickdriverDatabase(primary.url, { scale: 0.05 });
  await createPickdriverDatabase(drill.url, { scale: 0.05 });
});

afterAll(async () => {
  await Promise.all([primary?.drop(), drill?.drop(), bare?.drop()]);
});

const envWithDrill = (drillUrl: string) => ({
  ...primaryEnv(primary.url),
  ...drillEnv(drillUrl),
  INTERNAL_SERVICE_TOKEN: TOKEN,
});

const statusAndDetails = (checks: { name: string; status: string; details: string }[]) =>
  checks.map((c) => [c.name, c.status, c.details]);

async function maxAuditId(): Promise<number> {
  const { rows } = await queryDb<{ max: number }>(
    primary.url,
    'SELECT coalesce(max(id), 0)::int AS max FROM ops_audit_events',
  );
  return rows[0]?.max ?? 0;
}

async function auditCount(url: string): Promise<number> {
  return (await queryDb(url, 'SELECT count(*)::int AS n FROM ops_audit_events')).rows[0]?.n;
}

describe('backup/validate requests', () => {
  it('answers 400 for a blank target or backupId, target first', async () => {
    const api = await startApi(envWithDrill(drill.url));
    expect(await validate(api, { target: '  ', backupId: '' })).toEqual({
      status: 400,
      body: { error: true, reason: "Field 'target' is required." },
    });
    expect(await validate(api, { target: 'drill', backupId: ' \t ' })).toEqual({
      status: 400,
      body: { error: true, reason: "Field 'backupId' is required." },
    });
  });

  it('answers 400 decode errors for an unknown checksProfile, a missing field or a non-JSON body', async () => {
    const api = await startApi(envWithDrill(drill.url));
    for (const body of [
      { target: 'drill', backupId: 'b', checksProfile: 'deep' },
      { target: 'drill', backupId: 'b', checksProfile: 'Quick' },
      { target: 'drill', backupId: 'b', checksProfile: 3 },
      { backupId: 'b' },
      '{"target":',
    ]) {
      const res = await validate(api, body);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe(true);
      expect(res.body.reason).not.toMatch(/is required/);
    }
    expect((await validate(api, { target: 'drill', backupId: 'b', checksProfile: 'deep' })).body.reason).toContain(
      'checksProfile',
    );
  });

  it('applies target rules before reading anything', async () => {
    const api = await startApi(envWithDrill(drill.url));
    const before = await auditCount(primary.url);
    expect((await validate(api, { target: 'PROD', backupId: 'b' })).body).toEqual({
      error: true,
      reason: "Target 'prod' is restricted for internal drill operations.",
    });
    expect((await validate(api, { target: 'nightly', backupId: 'b' })).status).toBe(400);
    // A refused target is checked before backupId, and nothing is audited.
    expect((await validate(api, { target: 'live', backupId: '' })).status).toBe(403);
    expect(await auditCount(primary.url)).toBe(before);
  });
});

describe('backup/validate checks', () => {
  it('passes quick and full on a seeded drill database', async () => {
    const api = await startApi(envWithDrill(drill.url));
    const quick = await validate(api, { target: 'drill', backupId: 'nightly-1' });
    expect(quick.status).toBe(200);
    expect(quick.body.success).toBe(true);
    expect(quick.body.summary).toEqual({ passed: 3, failed: 0, warnings: 0 });
    expect(quick.body.validatedAtUtc).toMatch(ISO_SECONDS);
    expect(quick.body.checks).toEqual([
      { name: 'db-connectivity', status: 'ok', details: 'drill database reachable.', latencyMs: expect.any(Number) },
      {
        name: 'migration_history_available',
        status: 'ok',
        details: `Migration rows: ${PICKDRIVER_MIGRATIONS.length}.`,
      },
      {
        name: 'critical_tables_presence',
        status: 'ok',
        details: 'All critical tables are present.',
        latencyMs: expect.any(Number),
      },
    ]);

    const full = await validate(api, { target: 'drill', backupId: 'nightly-1', checksProfile: 'full' });
    expect(full.body.success).toBe(true);
    expect(full.body.summary).toEqual({ passed: 6, failed: 0, warnings: 0 });
    expect(statusAndDetails(full.body.checks).slice(3)).toEqual([
      ['critical_table_counts', 'ok', 'All critical tables contain rows.'],
      ['active_season_exists', 'ok', 'Active seasons: 1.'],
      ['race_catalog_available', 'ok', 'Races: 24.'],
    ]);
  });

  it('labels the primary database "staging"', async () => {
    const api = await startApi(envWithDrill(drill.url));
    const res = await validate(api, { target: 'Primary', backupId: 'b' });
    expect(res.body.checks[0].details).toBe('staging database reachable.');
  });

  it('warns about empty critical tables (sorted by name) and fails on an empty ledger and catalog', async () => {
    const db = await createTestDatabase('rapi_val_schema');
    try {
      await createPickdriverDatabase(db.url, { scale: 0, migrations: false });
      const api = await startApi(envWithDrill(db.url));
      const quick = await validate(api, { target: 'drill', backupId: 'b' });
      expect(quick.body.success).toBe(false);
      expect(quick.body.summary).toEqual({ passed: 2, failed: 1, warnings: 0 });
      expect(quick.body.checks[1].details).toBe('No migration rows found in _fluent_migrations.');

      const full = await validate(api, { target: 'drill', backupId: 'b', checksProfile: 'full' });
      expect(full.body.summary).toEqual({ passed: 2, failed: 3, warnings: 1 });
      const sorted = [...PICKDRIVER_CRITICAL_TABLES].sort().join(', ');
      expect(statusAndDetails(full.body.checks)).toEqual([
        ['db-connectivity', 'ok', 'drill database reachable.'],
        ['migration_history_available', 'fail', 'No migration rows found in _fluent_migrations.'],
        ['critical_tables_presence', 'ok', 'All critical tables are present.'],
        ['critical_table_counts', 'warn', `Critical tables with zero rows: ${sorted}.`],
        ['active_season_exists', 'fail', 'No active season found.'],
        ['race_catalog_available', 'fail', 'No races found.'],
      ]);
    } finally {
      await db.drop();
    }
  });

  it('fails on a database without tables: missing ledger, missing tables, failed queries', async () => {
    const api = await startApi(envWithDrill(bare.url));
    const quick = await validate(api, { target: 'drill', backupId: 'b' });
    expect(quick.body.summary).toEqual({ passed: 1, failed: 2, warnings: 0 });
    expect(statusAndDetails(quick.body.checks)).toEqual([
      ['db-connectivity', 'ok', 'drill database reachable.'],
      ['migration_history_available', 'fail', 'Failed to query migration history.'],
      ['critical_tables_presence', 'fail', `Missing critical tables: ${PICKDRIVER_CRITICAL_TABLES.join(', ')}.`],
    ]);
    // With nothing present there is nothing to count, so the count check passes, as in PickDriver.
    const full = await validate(api, { target: 'drill', backupId: 'b', checksProfile: 'full' });
    expect(full.body.summary).toEqual({ passed: 2, failed: 4, warnings: 0 });
    expect(statusAndDetails(full.body.checks).slice(3)).toEqual([
      ['critical_table_counts', 'ok', 'All critical tables contain rows.'],
      ['active_season_exists', 'fail', 'Failed to query seasons.'],
      ['race_catalog_available', 'fail', 'Failed to query races.'],
    ]);
  });

  it('lists missing tables in critical-table order', async () => {
    const db = await createTestDatabase('rapi_val_missing');
    try {
      await createPickdriverDatabase(db.url, { scale: 0.05 });
      await queryDb(db.url, 'DROP TABLE player_bans, users CASCADE');
      const api = await startApi(envWithDrill(db.url));
      const res = await validate(api, { target: 'drill', backupId: 'b' });
      expect(res.body.checks[2]).toMatchObject({
        status: 'fail',
        details: 'Missing critical tables: users, player_bans.',
      });
    } finally {
      await db.drop();
    }
  });
});

describe('backup/validate audit trail', () => {
  it('writes four rows to the primary database and none to the drill database', async () => {
    const api = await startApi(envWithDrill(drill.url));
    const drillBefore = await auditCount(drill.url);
    const max = await maxAuditId();
    const res = await validate(api, {
      target: ' DRILL ',
      backupId: ' nightly-42 ',
      checksProfile: 'full',
      source: ` ${'s'.repeat(70)} `,
      reason: '  weekly drill ',
    });
    expect(res.body.success).toBe(true);

    const { rows } = await queryDb(
      primary.url,
      'SELECT event_type, source, metadata FROM ops_audit_events WHERE id > $1 ORDER BY id',
      [max],
    );
    expect(rows.map((r) => r.event_type)).toEqual([
      'drill_started',
      'restore_completed',
      'functional_validation_completed',
      'drill_finished',
    ]);
    expect(rows.every((r) => r.source === 's'.repeat(64))).toBe(true);
    const shared = {
      target: 'drill',
      backupId: 'nightly-42',
      checksProfile: 'full',
      reason: 'weekly drill',
      requestPath: '/api/internal/ops/backup/validate',
      requestMethod: 'POST',
    };
    expect(rows[0]?.metadata).toEqual(shared);
    expect(rows[1]?.metadata).toEqual(shared);
    expect(rows[3]?.metadata).toEqual({
      ...shared,
      success: true,
      summary: { passed: 6, failed: 0, warnings: 0 },
      validatedAtUtc: expect.any(Number),
    });
    expect(await auditCount(drill.url)).toBe(drillBefore);
  });

  it('defaults source to vault-worker and records a failed validation', async () => {
    const api = await startApi(envWithDrill(bare.url));
    const max = await maxAuditId();
    await validate(api, { target: 'drill', backupId: 'b-7', source: '   ' });
    const { rows } = await queryDb(
      primary.url,
      'SELECT event_type, source, metadata FROM ops_audit_events WHERE id > $1 ORDER BY id',
      [max],
    );
    expect(rows.map((r) => [r.event_type, r.source])).toEqual([
      ['drill_started', 'vault-worker'],
      ['restore_completed', 'vault-worker'],
      ['functional_validation_failed', 'vault-worker'],
      ['drill_finished', 'vault-worker'],
    ]);
    expect(rows[0]?.metadata).not.toHaveProperty('reason');
    expect(rows[2]?.metadata).toMatchObject({ success: false, summary: { passed: 1, failed: 2, warnings: 0 } });
  });

  it('still answers when the audit write fails (primary database without the audit table)', async () => {
    const api = await startApi({ ...primaryEnv(bare.url), ...drillEnv(drill.url), INTERNAL_SERVICE_TOKEN: TOKEN });
    const res = await validate(api, { target: 'drill', backupId: 'b' });
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
    // Unused route, same server: db-info still works on the drill target.
    expect((await call(api, '/api/internal/ops/db-info?target=drill')).status).toBe(200);
  });
});
