import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { analyzeDatabase } from '../../src/restore/analyze.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { SecretRegistry } from '../../src/util/secrets.js';
import { createTestDatabase, queryDb, type TestDatabase } from '../helpers/postgres.js';

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

  it('analyzes a partitioned table once: its own statistics over all partitions, each partition once', async () => {
    db = await createTestDatabase('pdv_analyze_parts');
    await queryDb(
      db.url,
      `CREATE TABLE picks (season int NOT NULL, id int NOT NULL) PARTITION BY LIST (season);
       CREATE TABLE picks_2025 PARTITION OF picks FOR VALUES IN (2025);
       CREATE TABLE picks_2026 PARTITION OF picks FOR VALUES IN (2026);
       INSERT INTO picks SELECT 2025 + g % 2, g FROM generate_series(1, 5000) g;`,
    );
    const log = new MemoryLogger();
    const ctx = { config: loadConfig({ 'backup-source': 'x' }), log, secrets: new SecretRegistry(), env: {} };
    await analyzeDatabase(ctx, db.url, 2);
    const { rows } = await queryDb<{ relname: string; analyze_count: string }>(
      db.url,
      'SELECT relname, analyze_count::text FROM pg_stat_user_tables ORDER BY relname',
    );
    expect(rows).toEqual([
      { relname: 'picks', analyze_count: '1' },
      { relname: 'picks_2025', analyze_count: '1' },
      { relname: 'picks_2026', analyze_count: '1' },
    ]);
    const inherited = await queryDb<{ n: string }>(
      db.url,
      "SELECT count(*)::text AS n FROM pg_stats WHERE tablename = 'picks' AND inherited",
    );
    expect(inherited.rows[0]?.n).toBe('2');
    expect(log.lines.join('\n')).toMatch(/ANALYZE of 1 tables on 1 connection\(s\)/);
  });
});
