// The PostgreSQL apt key is used only when it is the pinned one and nothing else.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  assertPgdgKey,
  PGDG_KEY_FINGERPRINT,
  PGDG_KEY_PATH,
  primaryKeyFingerprints,
} from '../../src/clients/pgdg-key.js';

/** A fresh key made by gpg, and gpg's own word on its fingerprint. */
function gpgKey(): { armored: string; fingerprint: string } {
  const home = mkdtempSync(path.join(os.tmpdir(), 'pdv-gpg-'));
  try {
    const gpg = (args: string[]) => execFileSync('gpg', ['--homedir', home, '--batch', ...args], { encoding: 'utf8' });
    gpg(['--passphrase', '', '--quick-gen-key', 'stand-in <x@example.invalid>', 'ed25519', 'sign', 'never']);
    const fpr = /^fpr:+([0-9A-F]{40}):/m.exec(gpg(['--with-colons', '--list-keys']))?.[1] ?? '';
    return { armored: gpg(['--armor', '--export']), fingerprint: fpr };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

describe('the pinned PostgreSQL apt key', () => {
  it('computes the fingerprint gpg computes', () => {
    const key = gpgKey();
    expect(primaryKeyFingerprints(key.armored)).toEqual([key.fingerprint]);
    expect(() => assertPgdgKey(key.armored, 'stand-in.asc')).toThrow(
      /is not the PostgreSQL apt signing key.*expected exactly B97B0AFC/,
    );
  });

  it.runIf(existsSync(PGDG_KEY_PATH))('accepts the real key (postgresql-common’s copy)', () => {
    const real = readFileSync(PGDG_KEY_PATH, 'utf8');
    expect(primaryKeyFingerprints(real)).toEqual([PGDG_KEY_FINGERPRINT]);
    expect(() => assertPgdgKey(real, PGDG_KEY_PATH)).not.toThrow();
    // Another key appended would be trusted by apt too: refused.
    expect(() => assertPgdgKey(`${real}\n${gpgKey().armored}`, 'two.asc')).toThrow(/more than one key block/);
  });

  it('refuses what is not a key', () => {
    expect(() => assertPgdgKey('<html>moved</html>', 'x')).toThrow(/not an ASCII-armored/);
  });
});
