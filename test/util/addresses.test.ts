import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../src/util/addresses.js';

describe('isLoopbackHost, the one loopback check (token policy, database targets, remote backups, S3)', () => {
  it.each([
    'localhost',
    'LOCALHOST.',
    'db.localhost',
    '127.0.0.1',
    '127.1',
    '2130706433',
    '0x7f000001',
    '0177.0.0.1',
    '::1',
    '[::1]',
    '::ffff:127.0.0.1',
    '[::ffff:127.0.0.1]',
    '::ffff:7f00:1',
  ])('%s is loopback', (host) => expect(isLoopbackHost(host)).toBe(true));

  it.each(['10.0.0.1', '::ffff:10.0.0.1', '::', '0.0.0.0', 'example.com', 'localhost.example.com', '128.0.0.1'])(
    '%s is not',
    (host) => expect(isLoopbackHost(host)).toBe(false),
  );
});
