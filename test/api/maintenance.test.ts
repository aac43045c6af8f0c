import { afterEach, describe, expect, it } from 'vitest';
import { setMaintenance } from '../../src/api/maintenance.js';
import { type FakePickdriver, startFakePickdriver } from './fake-pickdriver.js';
import { everythingPrinted, testContext } from './helpers.js';

let fake: FakePickdriver | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('setMaintenance', () => {
  it('enables and disables maintenance mode, saying when nothing changed', async () => {
    fake = await startFakePickdriver();
    const ctx = testContext({ apiUrl: fake.url, internalTokens: [fake.state.token] });

    expect(await setMaintenance(ctx, true, 'restore drill 17')).toEqual({
      ok: true,
      message: 'maintenance mode enabled (maintenance_enabled)',
      changed: true,
    });
    expect(fake.state.maintenanceMode).toBe(true);
    expect(await setMaintenance(ctx, true, 'restore drill 17')).toMatchObject({ ok: true, changed: false });
    expect(await setMaintenance(ctx, false, 'restore drill 17')).toEqual({
      ok: true,
      message: 'maintenance mode disabled (maintenance_disabled)',
      changed: true,
    });
    expect(fake.state.maintenanceMode).toBe(false);
    const enable = fake.requests.find((r) => r.path === '/api/internal/system/maintenance/enable');
    expect(enable).toMatchObject({
      method: 'POST',
      token: fake.state.token,
      body: { source: 'pickdriver-vault-action', reason: 'restore drill 17' },
    });
  });

  it('returns ok: false with the reason, never throwing, for a refused token', async () => {
    fake = await startFakePickdriver();
    const ctx = testContext({ apiUrl: fake.url, internalTokens: ['not-the-right-token'] });
    const result = await setMaintenance(ctx, true, 'drill');
    expect(result).toEqual({
      ok: false,
      message:
        'could not enable maintenance mode: HTTP 401: Invalid internal service token. (all 1 configured internal tokens were refused)',
      changed: null,
    });
    expect(everythingPrinted(ctx, result)).not.toContain('not-the-right-token');
  });

  it('returns ok: false for an unreachable API, an HTML answer, an empty api-url and a remote http host', async () => {
    const closed = testContext({ apiUrl: 'http://127.0.0.1:9', internalTokens: ['some-token'] });
    const unreachable = await setMaintenance(closed, false, 'drill');
    expect(unreachable.ok).toBe(false);
    expect(unreachable.message).toBe(
      'could not disable maintenance mode: connection refused (ECONNREFUSED) after 3 attempts',
    );

    fake = await startFakePickdriver();
    fake.queue('POST /api/internal/system/maintenance/enable', { status: 200, body: '<html>hi</html>', raw: true });
    const html = await setMaintenance(testContext({ apiUrl: fake.url, internalTokens: [fake.state.token] }), true, 'x');
    expect(html).toEqual({
      ok: false,
      message: 'could not enable maintenance mode: HTTP 200 answered with HTML that is not JSON: "<html>hi</html>"',
      changed: null,
    });

    const empty = await setMaintenance(testContext({ apiUrl: null, internalTokens: [] }), true, 'x');
    expect(empty).toEqual({ ok: false, message: 'cannot enable maintenance mode: api-url is empty', changed: null });

    const before = fake.requests.length;
    const remote = await setMaintenance(
      testContext({ apiUrl: 'http://pickdriver.example.com', internalTokens: ['some-token'] }),
      true,
      'x',
    );
    expect(remote.ok).toBe(false);
    expect(remote.message).toContain('allow-insecure-http');
    expect(fake.requests.length).toBe(before);
  });
});
