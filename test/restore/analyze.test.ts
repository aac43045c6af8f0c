import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { analyzeDatabase, shareOut } from '../../src/restore/analyze.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { SecretRegistry } from '../../src/util/secrets.js';
import { createTestDatabase, queryDb, type TestDatabase } from '../helpers/postgres.js';

describe('shareOut', () => {
  it('balances tables by size, largest first, over the connections', () => {
    const groups = shareOut(
      [
        { name: 'a', bytes: 100 },
        { name: 'b', bytes: 60 },
        { name: 'c', bytes: 50 },
        { name: 'd', bytes: 10 },
      ],
      2,
    );
    expect(groups).toEqual([
      ['a', 'd'],
      ['b', 'c'],
    ]);
    expect(shareOut([{ name: 'a', bytes: 1 }], 4)).toEqual([['a']]);
    expect(shareOut([], 2)).toEqual([]);
  });
});

describe('analyzeDatabase', () => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.drop();
  });

  it('analyzes every user table, over parallel connections', async () => {
    db = await createTestDatabase('pdv_analyze');
    await queryDb(
      db.url,
      `CREATE SCHEMA "Odd Schema";
       CREATE TABLE big AS SELECT g AS id FROM generate_series(1, 20000) g;
       CREATE TABLE small AS SELECT g AS id FROM generate_series(1, 10) g;
       CREATE TABLE "Odd Schema"."Mixed Case" AS SELECT 1 AS id;`,
    );
    const log = new MemoryLogger();
    const ctx = { config: loadConfig({ 'backup-source': 'x' }), log, secrets: new SecretRegistry(), env: {} };
    await analyzeDatabase(ctx, db.url, 2);
    const { rows } = await queryDb<{ relname: string; analyzed: boolean }>(
      db.url,
      'SELECT relname, last_analyze IS NOT NULL AS analyzed FROM pg_stat_user_tables ORDER BY relname',
    );
    expect(rows).toEqual([
      { relname: 'Mixed Case', analyzed: true },
      { relname: 'big', analyzed: true },
      { relname: 'small', analyzed: true },
    ]);
    expect(log.lines.join('\n')).toMatch(/ANALYZE of 3 tables on 2 connection\(s\)/);
  });
});
