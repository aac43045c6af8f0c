// What the main step leaves for the post step to undo. In the action it travels through
// GITHUB_STATE (core.saveState → STATE_* in the post step); on the command line it stays in memory
// and the command runs the cleanup itself at the end.

export interface CleanupState {
  /** The drill database the action created (only set when it did create or recreate it). */
  createdDatabase: string | null;
  /** Process group of the PickDriver instance api-start-command started. */
  apiPid: number | null;
  /** Its leader's start time (/proc/<pid>/stat): the post step stops the group only while it matches. */
  apiStartTime: string | null;
  /** True while maintenance mode is (or may be) on because of this drill. */
  maintenanceOn: boolean;
  /** This run's nonce: the drill database's comment and the drill role's carry it, and the cleanup
   *  drops only objects that do, so a rewritten state cannot point it at anything else. */
  runNonce: string | null;
  /** The role of the drill's own (restore-role: drill), dropped with the database. */
  drillRole: string | null;
  /** The oid of the database this run created: the cleanup drops a database by this name only
   *  while it has this oid (or carries the nonce), whatever the backup wrote into its comment. */
  databaseOid: number | null;
}

export function emptyState(): CleanupState {
  return {
    createdDatabase: null,
    apiPid: null,
    apiStartTime: null,
    maintenanceOn: false,
    runNonce: null,
    drillRole: null,
    databaseOid: null,
  };
}

export interface StateStore {
  save(patch: Partial<CleanupState>): void;
  get(): CleanupState;
}

export class MemoryState implements StateStore {
  private state: CleanupState = emptyState();
  save(patch: Partial<CleanupState>): void {
    this.state = { ...this.state, ...patch };
  }
  get(): CleanupState {
    return { ...this.state };
  }
}

/**
 * Saved by the main step as soon as its inputs are valid: a post step that finds it knows the
 * state came through (and names all that was made); one that does not was run without the main
 * step's state (@github/local-action running the post step on its own) and looks for marks instead.
 */
export const MAIN_STARTED_KEY = 'main-started';

const KEYS = {
  createdDatabase: 'created-database',
  apiPid: 'api-pid',
  apiStartTime: 'api-start-time',
  maintenanceOn: 'maintenance-on',
  runNonce: 'run-nonce',
  drillRole: 'drill-role',
  databaseOid: 'database-oid',
} as const;

/** Encodes the state as the action's state entries (strings). */
export function toStateEntries(patch: Partial<CleanupState>): [string, string][] {
  const out: [string, string][] = [];
  if ('createdDatabase' in patch) out.push([KEYS.createdDatabase, patch.createdDatabase ?? '']);
  if ('apiPid' in patch)
    out.push([KEYS.apiPid, patch.apiPid === null || patch.apiPid === undefined ? '' : String(patch.apiPid)]);
  if ('apiStartTime' in patch) out.push([KEYS.apiStartTime, patch.apiStartTime ?? '']);
  if ('maintenanceOn' in patch) out.push([KEYS.maintenanceOn, patch.maintenanceOn ? 'true' : 'false']);
  if ('runNonce' in patch) out.push([KEYS.runNonce, patch.runNonce ?? '']);
  if ('drillRole' in patch) out.push([KEYS.drillRole, patch.drillRole ?? '']);
  if ('databaseOid' in patch) out.push([KEYS.databaseOid, patch.databaseOid == null ? '' : String(patch.databaseOid)]);
  return out;
}

/** Reads the state back from the post step's STATE_* variables. */
export function fromStateEntries(get: (key: string) => string): CleanupState {
  const pid = Number.parseInt(get(KEYS.apiPid), 10);
  return {
    createdDatabase: get(KEYS.createdDatabase) || null,
    apiPid: Number.isInteger(pid) && pid > 0 ? pid : null,
    apiStartTime: get(KEYS.apiStartTime) || null,
    maintenanceOn: get(KEYS.maintenanceOn) === 'true',
    runNonce: get(KEYS.runNonce) || null,
    drillRole: get(KEYS.drillRole) || null,
    databaseOid: /^\d+$/.test(get(KEYS.databaseOid)) ? Number(get(KEYS.databaseOid)) : null,
  };
}
