// pg_dump and pg_restore 17+ write `SET transaction_timeout = 0`, which servers 13–16 reject: the
// plain-dump filter leaves out the SET of a setting the target server does not have, and only that.
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { NO_FACTS } from '../../src/dump/plain/verdict.js';
import { PlainDumpFilter } from '../../src/restore/plain-dump-filter.js';
import { settingsUnknownTo } from '../../src/restore/versions-check.js';

const PREAMBLE = [
  'SET statement_timeout = 0;',
  'SET lock_timeout = 0;',
  'SET idle_in_transaction_session_timeout = 0;',
  'SET transaction_timeout = 0;',
  "SET client_encoding = 'UTF8';",
  "SELECT pg_catalog.set_config('search_path', '', false);",
  'CREATE TABLE t (transaction_timeout int);',
  'COPY t (transaction_timeout) FROM stdin;',
  'SET transaction_timeout = 0;',
  '\\.',
  '',
].join('\n');

async function filtered(serverMajor: number): Promise<string> {
  const out = await buffer(
    Readable.from([Buffer.from(PREAMBLE)]).pipe(
      new PlainDumpFilter({ ...NO_FACTS, unknownSettings: settingsUnknownTo(serverMajor) }),
    ),
  );
  return out.toString();
}

describe('settings the target server does not have', () => {
  it('are transaction_timeout before 17 and default_toast_compression before 14', () => {
    expect([...settingsUnknownTo(13)].sort()).toEqual(['default_toast_compression', 'transaction_timeout']);
    expect([...settingsUnknownTo(16)]).toEqual(['transaction_timeout']);
    expect([...settingsUnknownTo(17)]).toEqual([]);
  });

  it('have their SET left out for a 13–16 server, line numbers kept, COPY data untouched', async () => {
    const lines = (await filtered(16)).split('\n');
    expect(lines).toHaveLength(PREAMBLE.split('\n').length);
    expect(lines[3]).toBe('-- (skipped by pickdriver-vault-action)');
    expect(lines[0]).toBe('SET statement_timeout = 0;');
    expect(lines[8]).toBe('SET transaction_timeout = 0;');
  });

  it('are passed as they are to a server that has them', async () => {
    expect(await filtered(17)).toBe(PREAMBLE);
  });
});
