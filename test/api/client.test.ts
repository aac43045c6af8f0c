import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PickDriverClient } from '../../src/api/client.js';
import { createHttp, type Http, type SendSpec } from '../../src/api/http.js';
import { infoSchema, smokeSchema } from '../../src/api/schemas.js';
import { type FakePickdriver, startFakePickdriver } from './fake-pickdriver.js';
import { everythingPrinted, testContext } from './helpers.js';

let fake: FakePickdriver;
let http: Http;

beforeEach(async () => {
  fake = await startFakePickdriver();
  http = createHttp({ retryDelaysMs: [50] });
});
afterEach(async () => {
  await http.close();
  await fake.close();
});

const INFO = 'GET /api/internal/system/info';
const infoRequests = () => fake.requests.filter((r) => r.path === '/api/internal/system/info');

function client(tokens = [fake.state.token], url = fake.url) {
  const ctx = testContext({ apiUrl: url, internalTokens: tokens });
  return { ctx, client: new PickDriverClient(ctx, http, url) };
}

describe('PickDriverClient', () => {
  it('turns an HTML answer into a failure quoting it, truncated', async () => {
    const html = `<!DOCTYPE html><html><head><title>Login</title></head><body>${'x'.repeat(400)}</body></html>`;
    fake.queue(INFO, { status: 200, body: html, raw: true });
    const { client: c } = client();
    const result = await c.get('/api/internal/system/info', infoSchema, { token: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem).toMatch(
      /^HTTP 200 answered with HTML that is not JSON: "<!DOCTYPE html><html><head><title>Login/,
    );
    expect(result.problem).toContain('…"');
    expect(result.problem.length).toBeLessThan(300);
  });

  it('turns malformed JSON into a failure quoting it', async () => {
    fake.queue(INFO, { status: 200, body: '{"status": "ok", "version": ', raw: true, contentType: 'application/json' });
    const { client: c } = client();
    const result = await c.get('/api/internal/system/info', infoSchema, { token: true });
    expect(result.ok ? null : result.problem).toBe(
      'HTTP 200 answered with something that is not JSON: "{\\"status\\": \\"ok\\", \\"version\\":"',
    );
  });

  it('names the field of a wrong shape', async () => {
    fake.queue(INFO, { status: 200, body: { status: 'ok', service: 'pickdriver-vapor-api', version: 3 } });
    const { client: c } = client();
    const result = await c.get('/api/internal/system/info', infoSchema, { token: true });
    expect(result.ok ? null : result.problem).toMatch(/^HTTP 200 answered JSON of an unexpected shape \(version: /);
  });

  it('retries a 502 and takes the 200 that follows', async () => {
    fake.queue(INFO, { status: 502, body: '<html>Bad Gateway</html>', raw: true });
    const { client: c } = client();
    const result = await c.get('/api/internal/system/info', infoSchema, { token: true });
    expect(result.ok).toBe(true);
    expect(infoRequests()).toHaveLength(2);
  });

  it('gives up after three attempts of 503/504 and quotes the last answer', async () => {
    fake.queue(INFO, ...[503, 504, 503, 200].map((status) => ({ status, body: 'upstream down', raw: true })));
    const { client: c } = client();
    const result = await c.get('/api/internal/system/info', infoSchema, { token: true });
    expect(result.ok ? null : result.problem).toBe('HTTP 503 after 3 attempts: "upstream down"');
    expect(infoRequests()).toHaveLength(3);
  });

  it('does not retry a 404 and quotes the Vapor reason', async () => {
    fake.queue(INFO, { status: 404, body: { error: true, reason: 'Not Found' } });
    const { client: c } = client();
    const result = await c.get('/api/internal/system/info', infoSchema, { token: true });
    expect(result.ok ? null : result.problem).toBe('HTTP 404: Not Found');
    expect(infoRequests()).toHaveLength(1);
  });

  it('does not retry a 503 Vapor error (the application answered)', async () => {
    fake.queue(INFO, { status: 503, body: { error: true, reason: 'Service is in maintenance mode.' } });
    const { client: c } = client();
    const result = await c.get('/api/internal/system/info', infoSchema, { token: true });
    expect(result.ok ? null : result.problem).toBe('HTTP 503: Service is in maintenance mode.');
    expect(infoRequests()).toHaveLength(1);
  });

  it("reads smoke's 503 body and does not retry it", async () => {
    const body = {
      status: 'fail',
      timestamp: '2026-03-01T12:00:00Z',
      checks: [{ name: 'active_season_exists', status: 'fail', details: 'No active season found.' }],
    };
    fake.queue('GET /api/internal/system/smoke', { status: 503, body });
    const { client: c } = client();
    const result = await c.get('/api/internal/system/smoke', smokeSchema, { token: true, bodyStatuses: [503] });
    expect(result).toMatchObject({ ok: true, status: 503, data: body });
    expect(fake.requests.filter((r) => r.path.endsWith('/smoke'))).toHaveLength(1);
  });

  it('does not follow a redirect', async () => {
    fake.queue(INFO, { status: 302, body: '', raw: true });
    const { client: c } = client();
    const result = await c.get('/api/internal/system/info', infoSchema, { token: true });
    expect(result.ok ? null : result.problem).toMatch(/^HTTP 302 redirect/);
  });

  it('redacts a token the API echoes back', async () => {
    fake.queue(INFO, { status: 500, body: `token ${fake.state.token} rejected by upstream`, raw: true });
    const { ctx, client: c } = client();
    const result = await c.get('/api/internal/system/info', infoSchema, { token: true });
    expect(result.ok ? null : result.problem).toBe('HTTP 500: "token *** rejected by upstream"');
    expect(everythingPrinted(ctx, result)).not.toContain(fake.state.token);
  });

  it('stops asking once every configured token was refused', async () => {
    const { client: c } = client(['bad-token-one', 'bad-token-two']);
    const first = await c.get('/api/internal/system/info', infoSchema, { token: true });
    const second = await c.get('/api/internal/system/smoke', smokeSchema, { token: true });
    expect(first.ok ? null : first.problem).toBe(
      'HTTP 401: Invalid internal service token. (all 2 configured internal tokens were refused)',
    );
    expect(second.ok).toBe(false);
    expect(fake.requests.map((r) => r.token)).toEqual(['bad-token-one', 'bad-token-two']);
    expect(c.tokenIndex).toBeNull();
  });
});

describe('token safety', () => {
  function recordingHttp(): Http & { sent: SendSpec[] } {
    const sent: SendSpec[] = [];
    return {
      sent,
      send: async (spec) => {
        sent.push(spec);
        return { kind: 'error', problem: 'not reachable in this test', code: null, attempts: 1 };
      },
      close: async () => {},
    };
  }

  it.each([
    ['http://pickdriver.example.com', false],
    ['http://10.0.0.5:8080', false],
    ['http://[fd00::2]:8080', false],
    ['https://pickdriver.example.com', true],
    ['http://pickdriver:8080', true],
    ['http://localhost:8080', true],
    ['http://127.0.0.2:8080', true],
    ['http://[::1]:8080', true],
  ])('%s: token sent = %s', async (url, allowed) => {
    const recorder = recordingHttp();
    const ctx = testContext({ apiUrl: url, internalTokens: ['policy-token'] });
    const c = new PickDriverClient(ctx, recorder, url);
    const result = await c.get('/api/internal/system/info', infoSchema, { token: true });
    expect(recorder.sent.length > 0).toBe(allowed);
    if (!allowed) {
      expect(result.ok ? null : result.problem).toContain('allow-insecure-http');
      expect(result.ok ? null : result.problem).toContain(new URL(url).hostname.replace(/[[\]]/g, ''));
    }
  });

  it('sends to a remote http host only with allow-insecure-http', async () => {
    const recorder = recordingHttp();
    const ctx = testContext({
      apiUrl: 'http://pickdriver.example.com',
      internalTokens: ['policy-token'],
      allowInsecureHttp: true,
    });
    await new PickDriverClient(ctx, recorder, 'http://pickdriver.example.com').get('/x', infoSchema, { token: true });
    expect(recorder.sent[0]?.headers).toEqual({ 'x-internal-token': 'policy-token' });
  });

  it('registers every token as a secret before the first request', () => {
    const ctx = testContext({ internalTokens: ['first-secret-token', 'second-secret-token'] });
    new PickDriverClient(ctx, recordingHttp(), 'http://127.0.0.1:9');
    expect(ctx.secrets.redact('a first-secret-token b second-secret-token')).toBe('a *** b ***');
  });
});
