// The stand-in's database environments for a postgres:// URL, as PickDriver's deployment sets
// them: for its tests and for the demo (which is bundled, so nothing here may import vitest).
import type { Env } from './server.js';

/** DATABASE_* variables for a postgres:// URL (trust auth: any password will do). */
export function primaryEnv(url: string): Env {
  const parsed = new URL(url);
  return {
    DATABASE_HOST: parsed.hostname,
    DATABASE_PORT: parsed.port || '5432',
    DATABASE_NAME: decodeURIComponent(parsed.pathname.slice(1)),
    DATABASE_USERNAME: decodeURIComponent(parsed.username) || 'postgres',
    DATABASE_PASSWORD: decodeURIComponent(parsed.password) || 'unused',
    DATABASE_TLS_MODE: 'disable',
  };
}

/** DRILL_DB_* variables for a postgres:// URL. */
export function drillEnv(url: string): Env {
  const parsed = new URL(url);
  return {
    DRILL_DB_HOST: parsed.hostname,
    DRILL_DB_PORT: parsed.port || '5432',
    DRILL_DB_NAME: decodeURIComponent(parsed.pathname.slice(1)),
    DRILL_DB_USER: decodeURIComponent(parsed.username) || 'postgres',
    DRILL_DB_PASSWORD: decodeURIComponent(parsed.password) || 'unused',
    DRILL_DB_SSLMODE: 'disable',
  };
}
