// Health, system/info, system/smoke and the maintenance switch against real databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPickdriverDatabase, PICKDRIVER_MIGRATIONS } from '../../src/stand-in/pickdriver-fixture.js';
import { createTestDatabase, queryDb, type TestDatabase } from '../helpers/postgres.js';
import { call, deadPort, ISO_SECONDS, primaryEnv, startApi, TOKEN } from './helpers.js';

let seeded: TestDatabase;
let schemaOnly: TestDatabase;
let empty: TestDatabase;

beforeAll(async () => {
  [seeded, schemaOnly, empty] = await Promise.all([
    createTestDatabase('rapi_sys_seeded'),
    createTestDatabase('rapi_sys_schema'),
    createTestDatabase('rapi_sys_empty'),
  ]);
  await createPickdriverDatabase(seeded.url, { scale: 0.05 });
  await createPickdriverDatabase(schemaOnly.url, { scale: 0, migrations: false });
});

afterAll(async () => {
  await Promise.all([seeded?.drop(), schemaOnly?.drop(), empty?.drop()]);
});

const envFor = (db: TestDatabase, extra: Record<string, string> = {}) => ({
  ...primaryEnv(db.url),
  INTERNAL_SERVICE_TOKEN: TOKEN,
  ...extra,
});

describe('health', () => {
  it('live reports service, version and uptime without a token', async () => {
    const api = await startApi(envFor(seeded, { APP_VERSION: ' 2.4.1 ' }));
    const res = await call(api, '/api/health/live', { token: null });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      service: 'pickdriver-vapor-api',
      version: '2.4.1',
      uptimeSeconds: expect.any(Number),
      timestamp: expect.stringMatching(ISO_SECONDS),
    });
    const dev = await startApi(envFor(seeded));
    expect((await call(dev, '/api/health/live')).body.version).toBe('dev');
  });

  it('ready is 200 with a database check when SELECT 1 works', async () => {
    const api = await startApi(envFor(empty));
    const res = await call(api, '/api/health/ready', { token: null });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      timestamp: expect.stringMatching(ISO_SECONDS),
      checks: [{ name: 'database', status: 'ok', latencyMs: expect.any(Number) }],
    });
    const explicit = await call(await startApi(envFor(empty), 'null'), '/api/health/ready', { token: null });
    expect(explicit.body.checks).toEqual([
      { name: 'database', status: 'ok', latencyMs: expect.any(Number), reason: null },
    ]);
  });

  it('ready is 503 with the reason when the primary database is unreachable; live stays 200', async () => {
    const api = await startApi({ ...envFor(seeded), DATABASE_PORT: String(await deadPort()) });
    const res = await call(api, '/api/health/ready', { token: null });
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      status: 'fail',
      timestamp: expect.stringMatching(ISO_SECONDS),
      checks: [{ name: 'database', status: 'fail', reason: 'Database health check failed.' }],
    });
    expect((await call(api, '/api/health/live')).status).toBe(200);
  });
});

describe('system/info', () => {
  it('reports version, environment and the ledger newest first', async () => {
    const api = await startApi(envFor(seeded, { APP_VERSION: 'v9', ENVIRONMENT: 'testing' }));
    const res = await call(api, '/api/internal/system/info');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      service: 'pickdriver-vapor-api',
      version: 'v9',
      environment: 'testing',
    });
    expect(res.body.timestamp).toMatch(ISO_SECONDS);
    const names = res.body.recentMigrations.map((m: { name: string }) => m.name);
    expect(names).toEqual(PICKDRIVER_MIGRATIONS.map((m) => m.name).reverse());
    expect(res.body.recentMigrations[0]).toEqual({
      name: 'PickdriverVaporApi.CreatePushNotifications',
      batch: 3,
      createdAt: '2026-02-08T09:00:18Z',
    });
  });

  it('lists only the 20 newest rows once the ledger grows', async () => {
    const db = await createTestDatabase('rapi_sys_info');
    try {
      await createPickdriverDatabase(db.url, { scale: 0 });
      await queryDb(
        db.url,
        `INSERT INTO _fluent_migrations (id, name, batch, created_at, updated_at)
         SELECT gen_random_uuid(), 'PickdriverVaporApi.Later' || g, 4, timestamptz '2026-03-01' + g * interval '1 hour', now()
         FROM generate_series(1, 5) g`,
      );
      const api = await startApi(envFor(db, { APP_ENV: 'prod', INTERNAL_REQUIRE_HTTPS: 'no' }));
      const res = await call(api, '/api/internal/system/info');
      expect(res.body.environment).toBe('production');
      expect(res.body.recentMigrations).toHaveLength(20);
      expect(res.body.recentMigrations.slice(0, 6).map((m: { name: string }) => m.name)).toEqual([
        'PickdriverVaporApi.Later5',
        'PickdriverVaporApi.Later4',
        'PickdriverVaporApi.Later3',
        'PickdriverVaporApi.Later2',
        'PickdriverVaporApi.Later1',
        'PickdriverVaporApi.CreatePushNotifications',
      ]);
      // 24 rows, 20 listed: the four oldest of batch 1 are left out.
      const listed = new Set(res.body.recentMigrations.map((m: { name: string }) => m.name));
      for (const oldest of ['CreatePgTrgmExtension', 'CreateSeasons', 'CreateUsers', 'AddEmailVerificationToUsers']) {
        expect(listed.has(`PickdriverVaporApi.${oldest}`)).toBe(false);
      }
      expect(res.body.recentMigrations[19].name).toBe('PickdriverVaporApi.CreateF1Teams');
    } finally {
      await db.drop();
    }
  });
});

describe('system/smoke', () => {
  it('passes on a seeded database with four checks in order', async () => {
    const api = await startApi(envFor(seeded));
    const res = await call(api, '/api/internal/system/smoke');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.timestamp).toMatch(ISO_SECONDS);
    expect(res.body.checks).toEqual([
      {
        name: 'database_connection',
        status: 'ok',
        details: expect.stringMatching(/^Database reachable \(\d+\.\d ms\)\.$/),
      },
      { name: 'active_season_exists', status: 'ok', details: 'Active seasons: 1.' },
      { name: 'race_catalog_available', status: 'ok', details: 'Races: 24.' },
      {
        name: 'migration_history_available',
        status: 'ok',
        details: `Migration rows: ${PICKDRIVER_MIGRATIONS.length}.`,
      },
    ]);
  });

  it('is 503 with the same body shape on a schema without rows', async () => {
    const api = await startApi(envFor(schemaOnly));
    const res = await call(api, '/api/internal/system/smoke');
    expect(res.status).toBe(503);
    expect(res.body.status).toBe('fail');
    expect(res.body.checks.map((c: { status: string; details: string }) => [c.status, c.details]).slice(1)).toEqual([
      ['fail', 'No active season found.'],
      ['fail', 'No races found.'],
      ['fail', 'No migration rows found in _fluent_migrations.'],
    ]);
    expect(res.body.checks[0]).toMatchObject({ name: 'database_connection', status: 'ok' });
  });

  it('is 503 with "Failed to query" details on a database without the tables', async () => {
    const api = await startApi(envFor(empty));
    const res = await call(api, '/api/internal/system/smoke');
    expect(res.status).toBe(503);
    expect(res.body.checks).toEqual([
      { name: 'database_connection', status: 'ok', details: expect.stringMatching(/^Database reachable/) },
      { name: 'active_season_exists', status: 'fail', details: 'Failed to query seasons.' },
      { name: 'race_catalog_available', status: 'fail', details: 'Failed to query races.' },
      { name: 'migration_history_available', status: 'fail', details: 'Failed to query migration history.' },
    ]);
  });

  it('reports a failed connection when the database is unreachable', async () => {
    const api = await startApi({ ...envFor(seeded), DATABASE_PORT: String(await deadPort()) });
    const res = await call(api, '/api/internal/system/smoke');
    expect(res.status).toBe(503);
    expect(res.body.checks[0]).toEqual({
      name: 'database_connection',
      status: 'fail',
      details: 'Database connectivity check failed.',
    });
  });
});

async function auditRows(db: TestDatabase) {
  const result = await queryDb(db.url, 'SELECT event_type, source, metadata FROM ops_audit_events ORDER BY id');
  return result.rows;
}

describe('maintenance switch', () => {
  it('enables, no-ops, disables and writes one audit row per call', async () => {
    const db = await createTestDatabase('rapi_sys_maint');
    try {
      await createPickdriverDatabase(db.url, { scale: 0 });
      const api = await startApi(envFor(db));
      const path = '/api/internal/system/maintenance';
      const enable = await call(api, `${path}/enable`, {
        method: 'POST',
        body: { source: ' ops-bot ', reason: ' restore ' },
      });
      expect(enable.status).toBe(200);
      expect(enable.body).toEqual({
        status: 'ok',
        maintenanceMode: true,
        changed: true,
        eventType: 'maintenance_enabled',
        auditLogged: true,
        timestamp: expect.stringMatching(ISO_SECONDS),
      });
      const again = await call(api, `${path}/enable`, { method: 'POST' });
      expect(again.body).toMatchObject({ maintenanceMode: true, changed: false, eventType: 'maintenance_enable_noop' });
      const disable = await call(api, `${path}/disable`, { method: 'POST', body: { source: 'x'.repeat(80) } });
      expect(disable.body).toMatchObject({ maintenanceMode: false, changed: true, eventType: 'maintenance_disabled' });
      const noop = await call(api, `${path}/disable`, { method: 'POST', body: 'not json' });
      expect(noop.body).toMatchObject({
        maintenanceMode: false,
        changed: false,
        eventType: 'maintenance_disable_noop',
      });

      expect(await auditRows(db)).toEqual([
        {
          event_type: 'maintenance_enabled',
          source: 'ops-bot',
          metadata: {
            reason: 'restore',
            previousMaintenanceMode: false,
            currentMaintenanceMode: true,
            path: `${path}/enable`,
            method: 'POST',
          },
        },
        {
          event_type: 'maintenance_enable_noop',
          source: 'manual',
          metadata: {
            previousMaintenanceMode: true,
            currentMaintenanceMode: true,
            path: `${path}/enable`,
            method: 'POST',
          },
        },
        {
          event_type: 'maintenance_disabled',
          source: 'x'.repeat(64),
          metadata: {
            previousMaintenanceMode: true,
            currentMaintenanceMode: false,
            path: `${path}/disable`,
            method: 'POST',
          },
        },
        {
          event_type: 'maintenance_disable_noop',
          source: 'manual',
          metadata: {
            previousMaintenanceMode: false,
            currentMaintenanceMode: false,
            path: `${path}/disable`,
            method: 'POST',
          },
        },
      ]);
    } finally {
      await db.drop();
    }
  });

  it('still switches, with auditLogged false, when the audit table is missing', async () => {
    const api = await startApi(envFor(empty));
    const res = await call(api, '/api/internal/system/maintenance/enable', { method: 'POST', body: {} });
    expect(res.body).toMatchObject({ maintenanceMode: true, changed: true, auditLogged: false });
    expect((await call(api, '/api/races', { token: null })).status).toBe(503);
  });
});
