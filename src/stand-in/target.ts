// Which database a drill operation reads: `target` is trimmed and lower-cased; production names
// are refused outright, the drill database must be configured to be used.
import type pg from 'pg';
import type { AppState } from './app-state.js';
import { HttpError } from './http.js';

type ResolvedTarget = 'primary' | 'drill';

const PRIMARY_ALIASES = ['staging', 'stage', 'test', 'default', 'primary'];
const RESTRICTED = ['prod', 'production', 'main', 'live'];

export function resolveTarget(raw: string | undefined): ResolvedTarget {
  const normalized = raw?.trim().toLowerCase();
  if (!normalized) return 'primary';
  if (normalized === 'drill') return 'drill';
  if (PRIMARY_ALIASES.includes(normalized)) return 'primary';
  if (RESTRICTED.includes(normalized)) {
    throw new HttpError(403, `Target '${normalized}' is restricted for internal drill operations.`);
  }
  throw new HttpError(400, `Unsupported target '${normalized}'. Allowed values: drill, staging.`);
}

/** The label PickDriver reports and writes into audit rows. */
export const targetLabel = (target: ResolvedTarget): 'drill' | 'staging' => (target === 'drill' ? 'drill' : 'staging');

export function poolFor(target: ResolvedTarget, app: AppState): pg.Pool {
  if (target === 'primary') return app.primary;
  if (!app.drill) {
    throw new HttpError(
      503,
      'Drill target is not configured. Define DRILL_DB_HOST, DRILL_DB_NAME, DRILL_DB_USER/DRILL_DB_USERNAME, and DRILL_DB_PASSWORD.',
    );
  }
  return app.drill;
}
