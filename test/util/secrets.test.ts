// Which passwords are secrets: a well-known default or the user name is not (masking it would turn
// every "postgres" of the log into ***), anything else is, and a URL carrying one is masked whole.
import { describe, expect, it } from 'vitest';
import { registerInputSecrets } from '../../src/config/input-secrets.js';
import { isGuessablePassword, SecretRegistry } from '../../src/util/secrets.js';

function registered(raw: Record<string, string>): string[] {
  const added: string[] = [];
  registerInputSecrets(raw, new SecretRegistry((v) => added.push(v)));
  return added;
}

describe('passwords in connection URLs', () => {
  it('does not register a well-known default or the user name, but masks the URL carrying it whole', () => {
    for (const [user, password] of [
      ['postgres', 'postgres'],
      ['app', 'password'],
      ['drill', 'drill'],
      ['Admin', 'admin'],
    ] as const) {
      expect(isGuessablePassword(password, user), `${user}:${password}`).toBe(true);
      const url = `postgresql://${user}:${password}@localhost:5432/postgres`;
      const added = registered({ 'database-url': url });
      expect(added).toContain(url);
      expect(added).not.toContain(password);
    }
    const redactor = new SecretRegistry();
    redactor.addUrl('postgresql://postgres:postgres@localhost:5432/postgres');
    expect(redactor.redact('postgresql://postgres@127.0.0.1/postgres')).toBe(
      'postgresql://postgres@127.0.0.1/postgres',
    );
  });

  it('registers any other password, and the URL whole', () => {
    const url = 'postgresql://drill:Dr1ll-pw-2026@localhost:5432/postgres';
    expect(isGuessablePassword('Dr1ll-pw-2026', 'drill')).toBe(false);
    expect(registered({ 'database-url': url })).toEqual(expect.arrayContaining([url, 'Dr1ll-pw-2026']));
    const redactor = new SecretRegistry();
    redactor.addUrl(url);
    expect(redactor.redact(`could not connect to ${url}; password Dr1ll-pw-2026`)).toBe(
      'could not connect to ***; password ***',
    );
  });
});
