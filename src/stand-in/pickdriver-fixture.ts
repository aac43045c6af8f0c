// A PickDriver-shaped database for tests, the demo and the benchmark: schema, Fluent ledger and
// seed data, applied over one connection in three statements batches.
import pg from 'pg';
import { ledgerSql, PICKDRIVER_MIGRATIONS, PICKDRIVER_SCHEMA_SQL } from './pickdriver-schema.js';
import { seedSql } from './pickdriver-seed.js';

export {
  ledgerSql,
  PICKDRIVER_CRITICAL_TABLES,
  PICKDRIVER_MIGRATIONS,
  PICKDRIVER_SCHEMA_SQL,
} from './pickdriver-schema.js';
export { type SeedSizes, seedSizes, seedSql } from './pickdriver-seed.js';

/**
 * The text of test/stand-in/pickdriver-schema.sql, a convenience copy for psql users (schema and
 * ledger, no seed). This module stays the source; a test keeps the copy in step.
 */
export function schemaFileText(): string {
  return `-- Generated from src/stand-in/pickdriver-schema.ts (schemaFileText); do not edit by hand.\n${PICKDRIVER_SCHEMA_SQL}\n${ledgerSql(PICKDRIVER_MIGRATIONS)}`;
}

interface PickdriverDatabaseOptions {
  /** 1 ≈ 1,000 users and 2,400 rows; 0 = schema (and ledger) only. */
  scale: number;
  /** false leaves Fluent's ledger table empty. Default true. */
  migrations?: boolean;
}

/** Applies schema, ledger and seed to an existing, empty database. */
export async function createPickdriverDatabase(url: string, options: PickdriverDatabaseOptions): Promise<void> {
  const seed = seedSql(options.scale);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(PICKDRIVER_SCHEMA_SQL);
    if (options.migrations !== false) await client.query(ledgerSql(PICKDRIVER_MIGRATIONS));
    if (seed) await client.query(seed);
    await client.query('COMMIT');
    // Fresh statistics, as a long-running production database has them.
    if (seed) await client.query('ANALYZE');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
