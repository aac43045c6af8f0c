// Connections and the SQL the PickDriver API runs on the routes the drill uses. Every answer is
// read at request time; nothing is cached. A missing table surfaces as a Postgres error, which
// the routes turn into the same failed check or 500 that PickDriver produces.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { DatabaseSettings } from './config.js';
// PickDriver's side of the contract: the same list the fixture builds.
import { PICKDRIVER_CRITICAL_TABLES as CRITICAL_TABLES } from './pickdriver-schema.js';

export { CRITICAL_TABLES };

// node-pg has no "prefer"; the stand-in only meets local servers, where prefer means plain TCP.
function sslOption(settings: DatabaseSettings): pg.PoolConfig['ssl'] {
  if (settings.tlsMode !== 'require') return false;
  return settings.caFile ? { ca: readFileSync(settings.caFile, 'utf8') } : true;
}

/** A small pool, connecting lazily as Fluent does: a dead server fails requests, not startup. */
export function createPool(settings: DatabaseSettings): pg.Pool {
  const pool = new pg.Pool({
    host: settings.host,
    port: settings.port,
    database: settings.database,
    user: settings.user,
    password: settings.password,
    ssl: sslOption(settings),
    max: 4,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 10_000,
  });
  // An idle connection killed by the server (a dropped database, a restart) must not crash the process.
  pool.on('error', () => {});
  return pool;
}

/** Milliseconds a `SELECT 1` took. */
export async function pingDatabase(pool: pg.Pool): Promise<number> {
  const start = performance.now();
  await pool.query('SELECT 1 AS one');
  return performance.now() - start;
}

async function countRows(pool: pg.Pool, sql: string): Promise<number> {
  const result = await pool.query<{ count: number }>(sql);
  return result.rows[0]?.count ?? 0;
}

export const countActiveSeasons = (pool: pg.Pool) =>
  countRows(pool, 'SELECT COUNT(*)::int AS count FROM public.seasons WHERE active = true');
export const countRaces = (pool: pg.Pool) => countRows(pool, 'SELECT COUNT(*)::int AS count FROM public.races');
export const countMigrations = (pool: pg.Pool) =>
  countRows(pool, 'SELECT COUNT(*)::int AS count FROM public._fluent_migrations');

interface MigrationRow {
  name: string;
  batch: number;
  createdAt: Date | null;
}

interface LedgerRow {
  name: string;
  batch: string;
  created_at: Date | null;
}

const toMigration = (row: LedgerRow): MigrationRow => ({
  name: row.name,
  batch: Number(row.batch),
  createdAt: row.created_at,
});

/** system/info: the 20 newest ledger rows, by created_at only (as PickDriver orders them). */
export async function recentMigrationsForInfo(pool: pg.Pool): Promise<MigrationRow[]> {
  const result = await pool.query<LedgerRow>(
    'SELECT name, batch, created_at FROM public._fluent_migrations ORDER BY created_at DESC LIMIT 20',
  );
  return result.rows.map(toMigration);
}

/** db-info: the newest rows with PickDriver's full tie-break. */
export async function appliedMigrations(pool: pg.Pool, limit: number): Promise<MigrationRow[]> {
  const result = await pool.query<LedgerRow>(
    `SELECT name, batch, created_at FROM public._fluent_migrations
     ORDER BY created_at DESC NULLS LAST, batch DESC, name DESC LIMIT $1`,
    [Math.max(1, limit)],
  );
  return result.rows.map(toMigration);
}

interface Fingerprint {
  schemaVersion: string;
  lastMigrationAt: Date | null;
}

export async function migrationFingerprint(pool: pg.Pool): Promise<Fingerprint> {
  const result = await pool.query<{
    schema_version: string;
    migration_count: number;
    max_batch: number;
    last_migration_at: Date | null;
  }>(`SELECT
        COALESCE(md5(string_agg(name || ':' || batch::text, ',' ORDER BY name, batch)), 'empty') AS schema_version,
        COUNT(*)::int AS migration_count,
        COALESCE(MAX(batch), 0)::int AS max_batch,
        MAX(created_at) AS last_migration_at
      FROM public._fluent_migrations`);
  const row = result.rows[0];
  return {
    schemaVersion: `fluent-${row?.schema_version ?? 'empty'}-b${row?.max_batch ?? 0}-n${row?.migration_count ?? 0}`,
    lastMigrationAt: row?.last_migration_at ?? null,
  };
}

/** Presence of each critical table, one to_regclass query per table as PickDriver does. */
export async function criticalTablePresence(pool: pg.Pool): Promise<Map<string, boolean>> {
  const presence = new Map<string, boolean>();
  for (const table of CRITICAL_TABLES) {
    const result = await pool.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [
      `public.${table}`,
    ]);
    presence.set(table, result.rows[0]?.exists ?? false);
  }
  return presence;
}

/** Row counts of the present critical tables, in critical-table order. */
export async function criticalTableCounts(pool: pg.Pool, presence: Map<string, boolean>): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const table of CRITICAL_TABLES) {
    if (presence.get(table) !== true) continue;
    counts.set(table, await countRows(pool, `SELECT COUNT(*)::int AS count FROM public.${table}`));
  }
  return counts;
}

/** Inserts one audit row; false when the write failed (it never fails the request). */
export async function logOpsEvent(
  pool: pg.Pool,
  eventType: string,
  source: string,
  metadata: Record<string, unknown>,
): Promise<boolean> {
  try {
    await pool.query('INSERT INTO public.ops_audit_events (event_type, source, metadata) VALUES ($1, $2, $3::jsonb)', [
      eventType,
      source,
      JSON.stringify(metadata),
    ]);
    return true;
  } catch {
    return false;
  }
}
