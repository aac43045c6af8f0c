import os from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runApiPhase } from '../../src/api/api-phase.js';
import type { CheckResult } from '../../src/model/types.js';
import type { TestDatabase } from '../helpers/postgres.js';
import { type FakePickdriver, migrationNames, startFakePickdriver } from './fake-pickdriver.js';
import { createLedgerDatabase, everythingPrinted, matchingDatabaseInfo, testContext } from './helpers.js';

const IDS = ['api.ready', 'api.info', 'api.compatibility', 'api.smoke', 'api.db-info', 'api.validate'];
const byId = (checks: CheckResult[], id: string) => checks.find((c) => c.id === id)!;

let restored: TestDatabase;
let fake: FakePickdriver;

beforeAll(async () => {
  restored = await createLedgerDatabase(25);
});
afterAll(async () => {
  await restored.drop();
});
afterEach(async () => {
  await fake?.close();
});

function input(overrides: Partial<Parameters<typeof runApiPhase>[1]> = {}) {
  return {
    database: matchingDatabaseInfo(),
    backupId: 'pickdriver-2026-03-01.dump',
    drillDatabaseUrl: restored.url,
    restoreOk: true,
    ...overrides,
  };
}

describe('runApiPhase', () => {
  it('skips all six api checks, in order, when api-url is empty', async () => {
    const ctx = testContext({ apiUrl: null, internalTokens: [] });
    const result = await runApiPhase(ctx, input());
    expect(result.checks.map((c) => c.id)).toEqual(IDS);
    expect(result.checks.every((c) => c.status === 'skip')).toBe(true);
    expect(result.skippedReason).toBe('api-url is empty');
    expect(result.info).toBeNull();
  });

  it.each(['omit', 'null'] as const)(
    'passes every check against an instance that matches the restored database (nil keys: %s)',
    async (nilKeys) => {
      fake = await startFakePickdriver({ nilKeys });
      const ctx = testContext({ apiUrl: fake.url, internalTokens: [fake.state.token] }, { GITHUB_RUN_ID: '4242' });
      const result = await runApiPhase(ctx, input());
      expect(result.checks.map((c) => [c.id, c.status])).toEqual(IDS.map((id) => [id, 'ok']));
      expect(result.info).toMatchObject({ url: fake.url, target: 'drill', version: '1.4.2', environment: 'testing' });
      expect(result.skippedReason).toBeNull();
      const validate = fake.requests.find((r) => r.path === '/api/internal/ops/backup/validate');
      expect(validate?.body).toEqual({
        target: 'drill',
        backupId: 'pickdriver-2026-03-01.dump',
        checksProfile: 'full',
        source: 'pickdriver-vault-action',
        reason: 'restore drill 4242',
      });
      expect(fake.requests.find((r) => r.path === '/api/internal/ops/db-info')?.query.get('target')).toBe('drill');
      expect(fake.requests.find((r) => r.path === '/api/health/ready')?.token).toBeNull();
    },
  );

  it('fails api.info naming the 401 reason for a wrong token, and never prints the token', async () => {
    fake = await startFakePickdriver();
    const ctx = testContext({ apiUrl: fake.url, internalTokens: ['wrong-token-value'] });
    const result = await runApiPhase(ctx, input());
    const info = byId(result.checks, 'api.info');
    expect(info.status).toBe('fail');
    expect(info.summary).toContain('HTTP 401: Invalid internal service token.');
    // One cause, one failure: the other internal routes are skipped naming it, not failed four more times.
    for (const id of ['api.compatibility', 'api.smoke', 'api.db-info', 'api.validate']) {
      expect(byId(result.checks, id), id).toMatchObject({
        status: 'skip',
        summary:
          'not run: the API refused the internal-token (HTTP 401: Invalid internal service token.) (see api.info)',
      });
    }
    expect(result.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['api.info']);
    expect(everythingPrinted(ctx, result)).not.toContain('wrong-token-value');
    expect(everythingPrinted(ctx, result)).not.toContain(fake.state.token);
  });

  it('rotates to the second token when the first is refused and reports which one worked', async () => {
    fake = await startFakePickdriver();
    const ctx = testContext({ apiUrl: fake.url, internalTokens: ['old-rotated-token', fake.state.token] });
    const result = await runApiPhase(ctx, input());
    const info = byId(result.checks, 'api.info');
    expect(info.status).toBe('ok');
    expect(info.summary).toContain('internal token #2 of 2 accepted');
    expect(info.details).toMatchObject({ tokenIndex: 1, tokensConfigured: 2 });
    expect(result.checks.every((c) => c.status === 'ok')).toBe(true);
    // Once the second token worked, the first is not tried again.
    const internal = fake.requests.filter((r) => r.path.startsWith('/api/internal/'));
    expect(internal.filter((r) => r.token === 'old-rotated-token')).toHaveLength(1);
    const printed = everythingPrinted(ctx, result);
    expect(printed).not.toContain('old-rotated-token');
    expect(printed).not.toContain(fake.state.token);
  });

  it('refuses to send the token over plain http to a remote host: internal checks fail, no token request made', async () => {
    // A non-loopback address of this machine stands for a remote host; the fake listens on it too.
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    fake = await startFakePickdriver({}, '0.0.0.0');
    const host = external ?? 'pickdriver.example.com';
    const ctx = testContext({
      apiUrl: `http://${host}:${fake.port}`,
      internalTokens: [fake.state.token],
      apiReadyTimeoutMs: 1000,
    });
    const result = await runApiPhase(ctx, input());
    expect(result.checks.map((c) => c.id)).toEqual(IDS);
    for (const id of IDS.slice(1)) {
      const c = byId(result.checks, id);
      expect(c.status).toBe('fail');
      expect(c.summary).toContain('allow-insecure-http');
      expect(c.summary).toContain(host);
    }
    expect(fake.requests.filter((r) => r.path.startsWith('/api/internal/'))).toHaveLength(0);
    expect(fake.requests.filter((r) => r.token !== null)).toHaveLength(0);
    if (external) expect(byId(result.checks, 'api.ready').status).toBe('ok');
  });

  it('sends the token over plain http to a remote host when allow-insecure-http is true', async () => {
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    fake = await startFakePickdriver({}, '0.0.0.0');
    const ctx = testContext({
      apiUrl: `http://${external ?? '127.0.0.1'}:${fake.port}`,
      internalTokens: [fake.state.token],
      allowInsecureHttp: true,
    });
    const result = await runApiPhase(ctx, input());
    expect(byId(result.checks, 'api.info').status).toBe('ok');
  });

  it('fails api.ready after the timeout when nothing listens, with no stack trace', async () => {
    const ctx = testContext({ apiUrl: 'http://127.0.0.1:9', internalTokens: ['some-token'], apiReadyTimeoutMs: 800 });
    const t0 = Date.now();
    const result = await runApiPhase(ctx, input());
    expect(Date.now() - t0).toBeGreaterThanOrEqual(700);
    const ready = byId(result.checks, 'api.ready');
    expect(ready.status).toBe('fail');
    expect(ready.summary).toMatch(/^not ready within 800 ms: connection refused \(ECONNREFUSED\)/);
    expect(everythingPrinted(ctx, result)).not.toMatch(/\n\s+at /);
    for (const id of IDS.slice(1)) expect(byId(result.checks, id).status).toBe('skip');
  });

  it('waits for readiness while the API answers 503 not ready', async () => {
    fake = await startFakePickdriver();
    const notReady = {
      status: 503,
      body: {
        status: 'fail',
        timestamp: new Date().toISOString(),
        checks: [{ name: 'database', status: 'fail', reason: 'connection refused' }],
      },
    };
    fake.queue('GET /api/health/ready', notReady, notReady);
    const ctx = testContext({ apiUrl: fake.url, internalTokens: [fake.state.token], apiReadyTimeoutMs: 5000 });
    const result = await runApiPhase(ctx, input());
    expect(byId(result.checks, 'api.ready').status).toBe('ok');
    expect(fake.requests.filter((r) => r.path === '/api/health/ready')).toHaveLength(3);
  });

  it('quotes the last not-ready answer when readiness never comes', async () => {
    fake = await startFakePickdriver();
    const notReady = {
      status: 503,
      body: {
        status: 'fail',
        timestamp: new Date().toISOString(),
        checks: [{ name: 'database', status: 'fail', reason: 'password authentication failed' }],
      },
    };
    fake.queue('GET /api/health/ready', ...Array.from({ length: 20 }, () => notReady));
    const ctx = testContext({ apiUrl: fake.url, internalTokens: [fake.state.token], apiReadyTimeoutMs: 700 });
    const result = await runApiPhase(ctx, input());
    expect(byId(result.checks, 'api.ready').summary).toContain(
      'HTTP 503, status fail (database: password authentication failed)',
    );
  });

  it('fails api.smoke listing the failed checks from the 503 body, without retrying it', async () => {
    fake = await startFakePickdriver();
    fake.queue('GET /api/internal/system/smoke', {
      status: 503,
      body: {
        status: 'fail',
        timestamp: new Date().toISOString(),
        checks: [
          { name: 'database_connection', status: 'ok', details: 'Database reachable (2 ms).' },
          { name: 'active_season_exists', status: 'fail', details: 'No active season found.' },
          { name: 'race_catalog_available', status: 'fail', details: 'No races found.' },
          { name: 'migration_history_available', status: 'ok', details: 'Migration rows: 25.' },
        ],
      },
    });
    const ctx = testContext({ apiUrl: fake.url, internalTokens: [fake.state.token] });
    const result = await runApiPhase(ctx, input());
    const smoke = byId(result.checks, 'api.smoke');
    expect(smoke.status).toBe('fail');
    expect(smoke.summary).toBe(
      'HTTP 503, smoke failed: active_season_exists: No active season found.; race_catalog_available: No races found.',
    );
    expect(fake.requests.filter((r) => r.path === '/api/internal/system/smoke')).toHaveLength(1);
    expect(result.info?.smoke).toMatchObject({ status: 'fail' });
  });

  it('reads Swift answers without nil keys: a ledger row without created_at, a database without critical tables', async () => {
    const migrations: { name: string; batch: number; createdAt: string | null }[] = migrationNames(25);
    migrations[0] = { ...migrations[0]!, createdAt: null };
    fake = await startFakePickdriver({
      migrations,
      criticalTableCounts: null,
      validateChecks: [{ name: 'migration_history_available', status: 'ok', details: 'Migration rows: 25.' }],
    });
    const ctx = testContext({ apiUrl: fake.url, internalTokens: [fake.state.token] });
    const database = { ...matchingDatabaseInfo(), criticalTables: [], totalCriticalRows: 0 };
    const result = await runApiPhase(ctx, input({ database }));
    expect(result.checks.map((c) => [c.id, c.status])).toEqual(IDS.map((id) => [id, 'ok']));
    // What the fake sent really lacks the keys (so this is the form the real API sends).
    const raw: Record<string, unknown> = (await (
      await fetch(`${fake.url}/api/internal/ops/db-info?target=drill`, {
        headers: { 'x-internal-token': fake.state.token },
      })
    ).json()) as Record<string, unknown>;
    expect(Object.keys(raw)).not.toContain('criticalTableCounts');
    const info: { recentMigrations: object[] } = (await (
      await fetch(`${fake.url}/api/internal/system/info`, {
        headers: { 'x-internal-token': fake.state.token },
      })
    ).json()) as { recentMigrations: object[] };
    expect(Object.keys(info.recentMigrations[0] ?? {})).toEqual(['name', 'batch']);
  });

  it('fails api.db-info when the API reads another database', async () => {
    fake = await startFakePickdriver({
      schemaVersion: 'fluent-zzz-b1-n3',
      criticalTableCounts: { users: 99, seasons: 2 },
    });
    const ctx = testContext({ apiUrl: fake.url, internalTokens: [fake.state.token] });
    const result = await runApiPhase(ctx, input());
    const dbInfo = byId(result.checks, 'api.db-info');
    expect(dbInfo.status).toBe('fail');
    expect(dbInfo.summary).toContain('the API reads another database');
    expect(dbInfo.summary).toContain('schemaVersion fluent-abc-b3-n25 (direct) ≠ fluent-zzz-b1-n3 (API)');
    expect(dbInfo.summary).toContain('users 10 (direct) ≠ 99 (API)');
    expect(dbInfo.details).toMatchObject({
      differences: expect.arrayContaining([{ field: 'users', direct: 10, api: 99 }]),
    });
  });

  it('warns on api.validate success with warnings and fails on failure, listing the checks', async () => {
    fake = await startFakePickdriver({
      validateChecks: [
        { name: 'db-connectivity', status: 'ok', details: 'drill database reachable.', latencyMs: 2 },
        { name: 'critical_table_counts', status: 'warn', details: 'Critical tables with zero rows: push_tokens.' },
      ],
    });
    const ctx = testContext({ apiUrl: fake.url, internalTokens: [fake.state.token], checksProfile: 'quick' });
    const warned = byId((await runApiPhase(ctx, input())).checks, 'api.validate');
    expect(warned.status).toBe('warn');
    expect(warned.summary).toBe(
      'validation passed with warnings (1 passed, 0 failed, 1 warnings): critical_table_counts: Critical tables with zero rows: push_tokens.',
    );

    fake.state.validateChecks = [
      { name: 'db-connectivity', status: 'ok', details: 'drill database reachable.' },
      { name: 'critical_tables_presence', status: 'fail', details: 'Missing critical tables: races, drivers.' },
    ];
    const failed = byId((await runApiPhase(ctx, input())).checks, 'api.validate');
    expect(failed.status).toBe('fail');
    expect(failed.summary).toContain('critical_tables_presence: Missing critical tables: races, drivers.');
    expect(fake.requests.filter((r) => r.path.endsWith('/validate')).at(-1)?.body).toMatchObject({
      checksProfile: 'quick',
      reason: 'restore drill manual',
    });
  });

  it('fails api.compatibility when the restored ledger lacks migrations the API knows', async () => {
    fake = await startFakePickdriver({ migrations: migrationNames(27) });
    const ctx = testContext({ apiUrl: fake.url, internalTokens: [fake.state.token] });
    const result = await runApiPhase(ctx, input());
    const compat = byId(result.checks, 'api.compatibility');
    expect(compat.status).toBe('fail');
    expect(compat.summary).toBe(
      'restored database lacks migrations the API expects: PickdriverVaporApi.Migration027, PickdriverVaporApi.Migration026',
    );
  });

  it('warns on api.compatibility when the restored ledger is newer than the API', async () => {
    fake = await startFakePickdriver({ migrations: migrationNames(23) });
    const ctx = testContext({ apiUrl: fake.url, internalTokens: [fake.state.token] });
    const compat = byId((await runApiPhase(ctx, input())).checks, 'api.compatibility');
    expect(compat.status).toBe('warn');
    expect(compat.summary).toContain('PickdriverVaporApi.Migration025, PickdriverVaporApi.Migration024');
    expect(compat.details).toMatchObject({
      missingInRestored: [],
      unknownToApi: ['PickdriverVaporApi.Migration025', 'PickdriverVaporApi.Migration024'],
    });
  });

  it('after a failed restore runs ready, info and smoke but skips the checks of the restored database', async () => {
    fake = await startFakePickdriver();
    const ctx = testContext({ apiUrl: fake.url, internalTokens: [fake.state.token] });
    const result = await runApiPhase(ctx, input({ restoreOk: false, database: null }));
    expect(result.checks.map((c) => [c.id, c.status])).toEqual([
      ['api.ready', 'ok'],
      ['api.info', 'ok'],
      ['api.compatibility', 'skip'],
      ['api.smoke', 'ok'],
      ['api.db-info', 'skip'],
      ['api.validate', 'skip'],
    ]);
    expect(byId(result.checks, 'api.validate').summary).toContain('the restore failed');
    expect(fake.requests.some((r) => r.path.endsWith('/validate'))).toBe(false);
  });

  it('fails api.info quoting an HTML answer, truncated, and goes on with the other checks', async () => {
    fake = await startFakePickdriver();
    const page = `<html><body><h1>Sign in to continue</h1>${'<p>corporate proxy</p>'.repeat(30)}</body></html>`;
    fake.queue('GET /api/internal/system/info', { status: 200, body: page, raw: true });
    const ctx = testContext({ apiUrl: fake.url, internalTokens: [fake.state.token] });
    const result = await runApiPhase(ctx, input());
    const info = byId(result.checks, 'api.info');
    expect(info.status).toBe('fail');
    expect(info.summary).toMatch(/^HTTP 200 answered with HTML that is not JSON: "<html><body><h1>Sign in to continue/);
    expect(info.summary.length).toBeLessThan(300);
    expect(byId(result.checks, 'api.compatibility')).toMatchObject({
      status: 'skip',
      summary: 'not compared: api.info failed',
    });
    expect(byId(result.checks, 'api.smoke').status).toBe('ok');
  });

  it('sends the token to a loopback host named localhost', async () => {
    fake = await startFakePickdriver();
    const ctx = testContext({ apiUrl: `http://localhost:${fake.port}`, internalTokens: [fake.state.token] });
    const result = await runApiPhase(ctx, input());
    expect(result.checks.every((c) => c.status === 'ok')).toBe(true);
  });

  it('fails every api check before any request for a restricted target', async () => {
    fake = await startFakePickdriver();
    const ctx = testContext({ apiUrl: fake.url, internalTokens: [fake.state.token] });
    (ctx.config as { apiTarget: string }).apiTarget = 'production';
    const result = await runApiPhase(ctx, input());
    expect(result.checks.every((c) => c.status === 'fail' && c.summary.includes("'production' is restricted"))).toBe(
      true,
    );
    expect(fake.requests).toHaveLength(0);
  });
});
