// The API phase against the project's PickDriver stand-in over real databases: a "staging"
// primary and a restored drill database, both built by the PickDriver fixture.
import { rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drillDatabaseEnv, runApiPhase } from '../../src/api/api-phase.js';
import { setMaintenance } from '../../src/api/maintenance.js';
import type { DatabaseInfo } from '../../src/model/types.js';
import { createPickdriverDatabase, PICKDRIVER_CRITICAL_TABLES } from '../../src/stand-in/pickdriver-fixture.js';
import { type ReferenceApi, startReferenceApi } from '../../src/stand-in/server.js';
import { createTestDatabase, queryDb, type TestDatabase } from '../helpers/postgres.js';
import { everythingPrinted, testContext } from './helpers.js';

const TOKEN = 'reference-token-0123456789';
const MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'stand-in', 'main.ts');

let primary: TestDatabase;
let drill: TestDatabase;
let drillInfo: DatabaseInfo;

function dbEnv(prefix: 'DATABASE' | 'DRILL_DB', url: string): Record<string, string> {
  const u = new URL(url);
  const user = prefix === 'DATABASE' ? 'DATABASE_USERNAME' : 'DRILL_DB_USER';
  return {
    [`${prefix}_HOST`]: u.hostname,
    [`${prefix}_PORT`]: u.port || '5432',
    [`${prefix}_NAME`]: u.pathname.slice(1),
    [user]: decodeURIComponent(u.username) || 'postgres',
    // Trust authentication: any password will do, but the API insists on one.
    [`${prefix}_PASSWORD`]: decodeURIComponent(u.password) || 'unused',
  };
}

/** The direct inspection, computed here the way the contract defines it. */
async function inspect(url: string): Promise<DatabaseInfo> {
  const ledger = await queryDb<{ h: string; b: string; n: string }>(
    url,
    `SELECT CASE WHEN count(*) = 0 THEN 'empty' ELSE md5(string_agg(name || ':' || batch, ',' ORDER BY name, batch)) END AS h,
            coalesce(max(batch), 0) AS b, count(*) AS n FROM public._fluent_migrations`,
  );
  const row = ledger.rows[0]!;
  const criticalTables = [];
  for (const name of PICKDRIVER_CRITICAL_TABLES) {
    const count = await queryDb<{ n: string }>(url, `SELECT count(*) AS n FROM public.${name}`);
    criticalTables.push({ name, present: true, rows: Number(count.rows[0]!.n) });
  }
  return {
    schemaVersion: `fluent-${row.h}-b${row.b}-n${row.n}`,
    ledgerSize: Number(row.n),
    lastMigration: null,
    criticalTables,
    totalCriticalRows: criticalTables.reduce((sum, t) => sum + t.rows, 0),
    sequencesBehind: [],
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  [primary, drill] = await Promise.all([createTestDatabase('pdv_api_primary'), createTestDatabase('pdv_api_drill')]);
  await createPickdriverDatabase(primary.url, { scale: 0.1 });
  await createPickdriverDatabase(drill.url, { scale: 0.05 });
  drillInfo = await inspect(drill.url);
});

afterAll(async () => {
  await Promise.all([primary?.drop(), drill?.drop()]);
});

describe('runApiPhase against the reference API', () => {
  let api: ReferenceApi;
  beforeAll(async () => {
    api = await startReferenceApi({
      env: {
        ...dbEnv('DATABASE', primary.url),
        ...dbEnv('DRILL_DB', drill.url),
        INTERNAL_SERVICE_TOKEN: TOKEN,
        APP_VERSION: '2.3.0',
        ENVIRONMENT: 'testing',
      },
    });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('checks the drill target end to end: the API reads exactly the restored database', async () => {
    const ctx = testContext({ apiUrl: api.url, internalTokens: ['retired-token', TOKEN], checksProfile: 'full' });
    const result = await runApiPhase(ctx, {
      database: drillInfo,
      backupId: 'pickdriver-2026-03-01.dump',
      drillDatabaseUrl: drill.url,
      restoreOk: true,
    });
    const statuses = Object.fromEntries(result.checks.map((c) => [c.id, c.status]));
    expect(statuses).toMatchObject({
      'api.ready': 'ok',
      'api.info': 'ok',
      'api.compatibility': 'ok',
      'api.smoke': 'ok',
      'api.db-info': 'ok',
    });
    // Small seeds may leave a critical table empty: PickDriver then warns, it does not fail.
    expect(['ok', 'warn']).toContain(statuses['api.validate']);
    expect(result.info).toMatchObject({ version: '2.3.0', environment: 'testing', target: 'drill' });
    expect(result.checks[1]!.summary).toContain('internal token #2 of 2 accepted');
    expect(everythingPrinted(ctx, result)).not.toContain(TOKEN);

    // The validation left its audit trail in the primary database, with the drill's source.
    const audit = await queryDb<{ event_type: string }>(
      primary.url,
      `SELECT event_type FROM public.ops_audit_events WHERE source = 'pickdriver-vault-action' ORDER BY id`,
    );
    expect(audit.rows.map((r) => r.event_type)).toContain('drill_finished');
  });

  it('fails api.db-info for the staging target, which reads another database than the restored one', async () => {
    const ctx = testContext({ apiUrl: api.url, internalTokens: [TOKEN], apiTarget: 'staging', checksProfile: 'quick' });
    const result = await runApiPhase(ctx, {
      database: drillInfo,
      backupId: 'pickdriver-2026-03-01.dump',
      drillDatabaseUrl: drill.url,
      restoreOk: true,
    });
    const dbInfo = result.checks.find((c) => c.id === 'api.db-info')!;
    expect(dbInfo.status).toBe('fail');
    expect(dbInfo.summary).toMatch(
      /^the API reads another database \(target staging\): users \d+ \(direct\) ≠ \d+ \(API\)/,
    );
  });

  it('switches maintenance mode on and off', async () => {
    const ctx = testContext({ apiUrl: api.url, internalTokens: [TOKEN] });
    expect(await setMaintenance(ctx, true, 'restore drill manual')).toMatchObject({ ok: true, changed: true });
    expect(await setMaintenance(ctx, false, 'restore drill manual')).toMatchObject({ ok: true, changed: true });
    const audit = await queryDb<{ event_type: string; reason: string }>(
      primary.url,
      `SELECT event_type, metadata->>'reason' AS reason FROM public.ops_audit_events
        WHERE source = 'pickdriver-vault-action' AND event_type LIKE 'maintenance_%' ORDER BY id`,
    );
    expect(audit.rows).toEqual([
      { event_type: 'maintenance_enabled', reason: 'restore drill manual' },
      { event_type: 'maintenance_disabled', reason: 'restore drill manual' },
    ]);
  });
});

describe('api-start-command with the reference API', () => {
  it('starts the stand-in on the restored database and checks it through the staging target', async () => {
    const port = await freePort();
    const tsx = path.resolve('node_modules', '.bin', 'tsx');
    const ctx = testContext(
      {
        apiUrl: `http://127.0.0.1:${port}`,
        internalTokens: [TOKEN],
        apiTarget: 'staging',
        checksProfile: 'quick',
        apiStartCommand: `${JSON.stringify(tsx)} ${JSON.stringify(MAIN)} --port ${port}`,
        apiReadyTimeoutMs: 60_000,
      },
      { ...process.env, ENVIRONMENT: 'testing' },
    );
    // No startEnv: the phase's default, DATABASE_* of the restored database (and no DRILL_DB_*,
    // as the test server's trust authentication has no password).
    expect(drillDatabaseEnv(drill.url)).not.toHaveProperty('DRILL_DB_HOST');
    const result = await runApiPhase(ctx, {
      database: drillInfo,
      backupId: 'pickdriver-2026-03-01.dump',
      drillDatabaseUrl: drill.url,
      restoreOk: true,
    });
    try {
      const statuses = Object.fromEntries(result.checks.map((c) => [c.id, c.status]));
      expect(statuses).toMatchObject({
        'api.ready': 'ok',
        'api.info': 'ok',
        'api.compatibility': 'ok',
        'api.smoke': 'ok',
        'api.db-info': 'ok',
      });
      expect(result.startedProcess).not.toBeNull();
    } finally {
      await result.startedProcess?.stop();
      if (result.startedProcess)
        await rm(path.dirname(result.startedProcess.logFile), { recursive: true, force: true });
    }
  });
});
