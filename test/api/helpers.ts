// A DrillContext for the API tests: the real config loader, a memory logger, a fresh secret registry.
import { type DrillConfig, loadConfig } from '../../src/config/config.js';
import type { DrillContext } from '../../src/model/context.js';
import type { DatabaseInfo } from '../../src/model/types.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { SecretRegistry } from '../../src/util/secrets.js';
import { createTestDatabase, queryDb, type TestDatabase } from '../helpers/postgres.js';
import { migrationNames } from './fake-pickdriver.js';

export interface TestContext extends DrillContext {
  log: MemoryLogger;
}

export function testContext(overrides: Partial<DrillConfig> = {}, env: NodeJS.ProcessEnv = {}): TestContext {
  const base = loadConfig({
    'backup-source': 'backups/*.dump',
    'api-url': 'http://127.0.0.1:9',
    'internal-token': 'placeholder-token',
    'api-ready-timeout': '2s',
  });
  return {
    config: { ...base, ...overrides },
    log: new MemoryLogger(),
    secrets: new SecretRegistry(),
    env,
  };
}

/** Everything a user could read: checks, API info, log lines. */
export function everythingPrinted(ctx: TestContext, result: unknown): string {
  return `${JSON.stringify(result)}\n${ctx.log.lines.join('\n')}`;
}

/** The direct inspection that matches the fake's default db-info. */
export function matchingDatabaseInfo(): DatabaseInfo {
  return {
    schemaVersion: 'fluent-abc-b3-n25',
    ledgerSize: 25,
    lastMigration: null,
    criticalTables: [
      { name: 'users', present: true, rows: 10 },
      { name: 'seasons', present: true, rows: 2 },
    ],
    totalCriticalRows: 12,
    sequencesBehind: [],
  };
}

/** A restored database whose Fluent ledger holds `count` migrations named as the fake names them. */
export async function createLedgerDatabase(count: number): Promise<TestDatabase> {
  const db = await createTestDatabase('pdv_api');
  await queryDb(
    db.url,
    'CREATE TABLE public._fluent_migrations (id serial, name text NOT NULL, batch bigint NOT NULL, created_at timestamptz, updated_at timestamptz)',
  );
  for (const m of migrationNames(count)) {
    await queryDb(db.url, 'INSERT INTO public._fluent_migrations (name, batch, created_at) VALUES ($1, $2, $3)', [
      m.name,
      m.batch,
      m.createdAt,
    ]);
  }
  return db;
}
