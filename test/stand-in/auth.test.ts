// Middleware conformance: token, HTTPS, internal routes switch, maintenance mode, unknown routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPickdriverDatabase } from '../../src/stand-in/pickdriver-fixture.js';
import { createTestDatabase, queryDb, type TestDatabase } from '../helpers/postgres.js';
import { call, primaryEnv, startApi, TOKEN } from './helpers.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('rapi_auth');
  await createPickdriverDatabase(db.url, { scale: 0.05 });
});

afterAll(async () => {
  await db?.drop();
});

const env = () => ({ ...primaryEnv(db.url), INTERNAL_SERVICE_TOKEN: TOKEN });

describe('internal service token', () => {
  it('answers 401 "Missing" without a token, with an empty one and with a blank one', async () => {
    const api = await startApi(env());
    for (const token of [null, '', '   ']) {
      const res = await call(api, '/api/internal/system/info', { token });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: true, reason: 'Missing internal service token.' });
    }
  });

  it('answers 401 "Invalid" for a different token, also on POST routes', async () => {
    const api = await startApi(env());
    const info = await call(api, '/api/internal/system/info', { token: `${TOKEN}x` });
    expect(info).toEqual({ status: 401, body: { error: true, reason: 'Invalid internal service token.' } });
    const enable = await call(api, '/api/internal/system/maintenance/enable', { method: 'POST', token: 'nope' });
    expect(enable.status).toBe(401);
    expect(enable.body.reason).toBe('Invalid internal service token.');
    // A refused request changes nothing.
    const live = await call(api, '/api/seasons', { token: null });
    expect(live.status).toBe(200);
  });

  it('accepts the configured token (trimmed from the environment)', async () => {
    const api = await startApi({ ...env(), INTERNAL_SERVICE_TOKEN: `  ${TOKEN}  ` });
    const res = await call(api, '/api/internal/system/info');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
  });
});

describe('HTTPS requirement', () => {
  it('refuses plain HTTP with 403 when INTERNAL_REQUIRE_HTTPS is on', async () => {
    const api = await startApi({ ...env(), INTERNAL_REQUIRE_HTTPS: 'yes' });
    const res = await call(api, '/api/internal/system/info');
    expect(res).toEqual({ status: 403, body: { error: true, reason: 'HTTPS is required for internal routes.' } });
  });

  it('checks the token first: no token over plain HTTP is 401, a wrong one too', async () => {
    const api = await startApi({ ...env(), INTERNAL_REQUIRE_HTTPS: 'true' });
    expect((await call(api, '/api/internal/system/info', { token: null })).status).toBe(401);
    expect((await call(api, '/api/internal/system/info', { token: 'wrong' })).status).toBe(401);
  });

  it('accepts X-Forwarded-Proto whose first comma-separated value is https', async () => {
    const api = await startApi({ ...env(), INTERNAL_REQUIRE_HTTPS: '1' });
    const ok = await call(api, '/api/internal/system/info', { headers: { 'x-forwarded-proto': ' HTTPS , http' } });
    expect(ok.status).toBe(200);
    const second = await call(api, '/api/internal/system/info', { headers: { 'x-forwarded-proto': 'http, https' } });
    expect(second.status).toBe(403);
  });

  it('accepts a Forwarded header containing proto=https', async () => {
    const api = await startApi({ ...env(), INTERNAL_REQUIRE_HTTPS: 'on' });
    const ok = await call(api, '/api/internal/system/info', {
      headers: { forwarded: 'for=10.0.0.1;Proto=HTTPS;host=api.pickdriver.cc' },
    });
    expect(ok.status).toBe(200);
    const plain = await call(api, '/api/internal/system/info', { headers: { forwarded: 'for=10.0.0.1;proto=http' } });
    expect(plain.status).toBe(403);
  });

  it('is required by default in production and not in development', async () => {
    const prod = await startApi({ ...env(), ENVIRONMENT: 'production' });
    expect((await call(prod, '/api/internal/system/info')).status).toBe(403);
    const dev = await startApi(env());
    expect((await call(dev, '/api/internal/system/info')).status).toBe(200);
    const prodOff = await startApi({ ...env(), APP_ENV: 'production', INTERNAL_REQUIRE_HTTPS: 'false' });
    const res = await call(prodOff, '/api/internal/system/info');
    expect(res.status).toBe(200);
    expect(res.body.environment).toBe('production');
  });
});

describe('route table', () => {
  it('has no internal routes when ENABLE_INTERNAL_ROUTES=false (no token needed then)', async () => {
    const api = await startApi({ ...primaryEnv(db.url), ENABLE_INTERNAL_ROUTES: 'off' });
    for (const path of ['/api/internal/system/info', '/api/internal/ops/db-info']) {
      const res = await call(api, path);
      expect(res).toEqual({ status: 404, body: { error: true, reason: 'Not Found' } });
    }
    expect((await call(api, '/api/health/live')).status).toBe(200);
  });

  it('answers unknown routes and wrong methods with a Vapor 404, before any token check', async () => {
    const api = await startApi(env());
    expect(await call(api, '/api/nothing-here', { token: null })).toEqual({
      status: 404,
      body: { error: true, reason: 'Not Found' },
    });
    expect((await call(api, '/api/internal/system/unknown', { token: null })).status).toBe(404);
    expect((await call(api, '/api/internal/system/info', { method: 'POST' })).status).toBe(404);
    expect((await call(api, '/api/internal/ops/backup/validate')).status).toBe(404);
  });
});

describe('maintenance mode', () => {
  it('blocks ordinary /api routes with 503 while on, never health or internal routes', async () => {
    const api = await startApi(env());
    expect((await call(api, '/api/races', { token: null })).status).toBe(200);

    const enabled = await call(api, '/api/internal/system/maintenance/enable', { method: 'POST' });
    expect(enabled.body).toMatchObject({ maintenanceMode: true, changed: true, eventType: 'maintenance_enabled' });

    for (const path of ['/api/races', '/api/seasons']) {
      expect(await call(api, path, { token: null })).toEqual({
        status: 503,
        body: { error: true, reason: 'Service is in maintenance mode.' },
      });
    }
    expect((await call(api, '/api/health/live', { token: null })).status).toBe(200);
    expect((await call(api, '/api/health/ready', { token: null })).status).toBe(200);
    expect((await call(api, '/api/internal/system/smoke')).status).toBe(200);
    expect((await call(api, '/api/internal/ops/db-info')).status).toBe(200);
    // Unknown routes stay 404; internal routes still want their token.
    expect((await call(api, '/api/nothing-here', { token: null })).status).toBe(404);
    expect((await call(api, '/api/internal/system/info', { token: null })).status).toBe(401);

    await call(api, '/api/internal/system/maintenance/disable', { method: 'POST' });
    expect((await call(api, '/api/races', { token: null })).status).toBe(200);
  });

  it('starts in maintenance when MAINTENANCE_MODE is set', async () => {
    const api = await startApi({ ...env(), MAINTENANCE_MODE: 'yes' });
    expect((await call(api, '/api/seasons', { token: null })).status).toBe(503);
    const disabled = await call(api, '/api/internal/system/maintenance/disable', { method: 'POST' });
    expect(disabled.body).toMatchObject({ maintenanceMode: false, changed: true, eventType: 'maintenance_disabled' });
    const seasons = await call(api, '/api/seasons', { token: null });
    expect(seasons.status).toBe(200);
    // Straight from the database: the fixture's two seasons.
    const rows = await queryDb(db.url, 'SELECT count(*)::int AS n FROM seasons');
    expect(seasons.body).toHaveLength(rows.rows[0]?.n);
  });
});
