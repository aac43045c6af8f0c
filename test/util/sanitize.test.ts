import { describe, expect, it } from 'vitest';
import { hasControlCharacters, sanitizeName } from '../../src/util/sanitize.js';

describe('sanitizeName', () => {
  it('turns a name carrying workflow commands into one harmless line', () => {
    const hostile = 'nightly.dump\n::save-state name=api-pid::1\r\n::warning::pwned\u2028x';
    const clean = sanitizeName(hostile);
    expect(clean).toBe('nightly.dump?::save-state name=api-pid::1??::warning::pwned?x');
    expect(clean.split(/\r?\n/)).toHaveLength(1);
    expect(hasControlCharacters(hostile)).toBe(true);
    expect(hasControlCharacters(clean)).toBe(false);
  });

  it('removes escape sequences, C1 controls and bidi overrides but keeps ordinary Unicode', () => {
    expect(sanitizeName('a\u001b[31mred\u009b\u202egpj.exe')).toBe('a?[31mred??gpj.exe');
    expect(sanitizeName('Pérez 🏎 día/año.dump')).toBe('Pérez 🏎 día/año.dump');
    expect(hasControlCharacters('Pérez 🏎')).toBe(false);
  });
});
