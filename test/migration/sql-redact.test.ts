// Statements shown in the report keep their shape and lose every literal a migration may carry.
import { describe, expect, it } from 'vitest';
import { redactSql } from '../../src/migration/sql-redact.js';

describe('redactSql', () => {
  it('replaces strings, numbers, dollar-quoted bodies and bit/hex strings, keeps identifiers and parameters', () => {
    expect(redactSql("UPDATE users SET email = 'a@b.c', age = 42, x=1.5e3 WHERE id = $1")).toBe(
      'UPDATE users SET email = ?, age = ?, x=? WHERE id = $1',
    );
    expect(redactSql("SELECT $$body$$, $tag$ it's $x$ $tag$, col1, \"Tbl 2\".c3, x'ff', B'01', 0x1F")).toBe(
      'SELECT ?, ?, col1, "Tbl 2".c3, ?, ?, ?',
    );
  });

  it("drops comments and the escapes of E'' strings, so a password set in SQL never shows", () => {
    const shown = redactSql(
      "ALTER ROLE app PASSWORD E'se\\'cret' /* outer /* nested */ still */ -- note\nVALID UNTIL 'x'",
    );
    expect(shown).toBe('ALTER ROLE app PASSWORD ? VALID UNTIL ?');
    expect(redactSql("SELECT 'it''s'")).toBe('SELECT ?');
  });

  it('folds whitespace and cuts a long statement', () => {
    expect(redactSql('SELECT\n  a,\n\tb')).toBe('SELECT a, b');
    expect(redactSql(`SELECT ${'a, '.repeat(400)}b`)).toMatch(/…$/);
  });
});
