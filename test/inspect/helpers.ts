// A minimal PickDriver-shaped database for the inspection tests: the 15 critical tables with a
// serial id and a timestamp, and Fluent's ledger with rows the test chooses.
import { CRITICAL_TABLES } from '../../src/inspect/critical-tables.js';
import { createTestDatabase, queryDb, type TestDatabase } from '../helpers/postgres.js';

export interface LedgerRow {
  name: string;
  batch: number;
  createdAt: string | null;
}

export async function createInspectDatabase(options: {
  ledger: LedgerRow[] | null;
  rowsPerTable: number;
  omit?: string[];
}): Promise<TestDatabase> {
  const db = await createTestDatabase('pdv_inspect');
  const tables = CRITICAL_TABLES.filter((t) => !options.omit?.includes(t));
  const sql = tables
    .map(
      (t) => `CREATE TABLE public.${t} (id serial PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now());
        INSERT INTO public.${t} (created_at) SELECT now() - g * interval '1 hour' FROM generate_series(1, ${options.rowsPerTable}) g;`,
    )
    .join('\n');
  await queryDb(db.url, sql);
  if (options.ledger) {
    await queryDb(
      db.url,
      `CREATE TABLE public._fluent_migrations (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL,
         batch bigint NOT NULL, created_at timestamptz, updated_at timestamptz)`,
    );
    for (const row of options.ledger) {
      await queryDb(db.url, 'INSERT INTO public._fluent_migrations (name, batch, created_at) VALUES ($1, $2, $3)', [
        row.name,
        row.batch,
        row.createdAt,
      ]);
    }
  }
  return db;
}
