// The small rules behind notifications and heartbeats: which URL a heartbeat requests, how
// Retry-After is read, and which results notify-on sends a message for.
import { describe, expect, it } from 'vitest';
import { shouldNotify } from '../../src/notify/announcement.js';
import { retryAfterMs } from '../../src/notify/deliver.js';
import { heartbeatTarget } from '../../src/notify/heartbeat.js';

describe('heartbeatTarget', () => {
  it('pings the URL on success and <url>/fail otherwise (healthchecks.io, Better Stack)', () => {
    expect(heartbeatTarget('https://hc-ping.com/abc-123', true)).toBe('https://hc-ping.com/abc-123');
    expect(heartbeatTarget('https://hc-ping.com/abc-123', false)).toBe('https://hc-ping.com/abc-123/fail');
    expect(heartbeatTarget('https://uptime.betterstack.com/api/v1/heartbeat/tok/', false)).toBe(
      'https://uptime.betterstack.com/api/v1/heartbeat/tok/fail',
    );
  });
  it("uses Cronitor's state parameter on cronitor.link", () => {
    expect(heartbeatTarget('https://cronitor.link/p/KEY/nightly-drill', true)).toBe(
      'https://cronitor.link/p/KEY/nightly-drill?state=complete',
    );
    expect(heartbeatTarget('https://cronitor.link/p/KEY/nightly-drill', false)).toBe(
      'https://cronitor.link/p/KEY/nightly-drill?state=fail',
    );
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs('soon')).toBeNull();
    const now = Date.parse('2026-11-30T10:00:00Z');
    expect(retryAfterMs('Mon, 30 Nov 2026 10:00:05 GMT', now)).toBe(5000);
  });
});

describe('shouldNotify', () => {
  it('follows notify-on', () => {
    expect(['passed', 'warned', 'regressed', 'failed'].filter((r) => shouldNotify(r as never, 'problems'))).toEqual([
      'regressed',
      'failed',
    ]);
    expect(['passed', 'warned', 'regressed', 'failed'].filter((r) => shouldNotify(r as never, 'failure'))).toEqual([
      'failed',
    ]);
    expect(['passed', 'warned', 'regressed', 'failed'].filter((r) => shouldNotify(r as never, 'always'))).toHaveLength(
      4,
    );
  });
});
