// The "count something; more than zero is ok" checks that smoke and backup/validate share, with
// PickDriver's wording for each outcome (rows found, none found, the query failed).
import type pg from 'pg';
import { countActiveSeasons, countMigrations, countRaces } from './database.js';

export interface CheckResult {
  name: string;
  status: 'ok' | 'fail';
  details: string;
}

/** One "count something, > 0 is ok" check with PickDriver's wording for each outcome. */
async function countCheck(
  name: string,
  count: () => Promise<number>,
  okDetails: (n: number) => string,
  emptyDetails: string,
  errorDetails: string,
): Promise<CheckResult> {
  try {
    const n = await count();
    return n > 0 ? { name, status: 'ok', details: okDetails(n) } : { name, status: 'fail', details: emptyDetails };
  } catch {
    return { name, status: 'fail', details: errorDetails };
  }
}

export const activeSeasonCheck = (pool: pg.Pool) =>
  countCheck(
    'active_season_exists',
    () => countActiveSeasons(pool),
    (n) => `Active seasons: ${n}.`,
    'No active season found.',
    'Failed to query seasons.',
  );

export const raceCatalogCheck = (pool: pg.Pool) =>
  countCheck(
    'race_catalog_available',
    () => countRaces(pool),
    (n) => `Races: ${n}.`,
    'No races found.',
    'Failed to query races.',
  );

export const migrationHistoryCheck = (pool: pg.Pool) =>
  countCheck(
    'migration_history_available',
    () => countMigrations(pool),
    (n) => `Migration rows: ${n}.`,
    'No migration rows found in _fluent_migrations.',
    'Failed to query migration history.',
  );
