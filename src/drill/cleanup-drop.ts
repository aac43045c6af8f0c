// The drill database and role a run made, dropped each only while it carries the run's nonce:
// the part of the cleanup nearly every job needs, kept apart from the API's (maintenance mode,
// stopping PickDriver) so the post step can do it without loading the API client or the whole
// configuration.
import { dropDrillDatabase } from '../restore/drill-database.js';
import type { Logger } from '../util/logger.js';
import type { SecretRegistry } from '../util/secrets.js';
import type { CleanupState } from '../util/state.js';

/** The two inputs the drop depends on. */
interface DropTarget {
  databaseUrl: string;
  keepDatabase: boolean;
}

/** The drill database and role the state names, in words: "the drill database x and the drill role y". */
export function madeWords(state: Pick<CleanupState, 'createdDatabase' | 'drillRole'>): string {
  const { createdDatabase: database, drillRole: role } = state;
  return [database && `the drill database ${database}`, role && `the drill role ${role}`].filter(Boolean).join(' and ');
}

export async function dropWhatWasMade(
  target: DropTarget,
  log: Logger,
  secrets: SecretRegistry,
  state: CleanupState,
): Promise<void> {
  const database = state.createdDatabase;
  // A kept database stays with its owner, the drill role; a role lent a pre-provisioned
  // database's rights goes anyway.
  if (database !== null && target.keepDatabase) {
    const owner = state.drillRole ? ` and its owner, the drill role ${state.drillRole}` : '';
    log.info(`Keeping the drill database ${database}${owner} (keep-database: true).`);
    return;
  }
  if (database === null && state.drillRole === null) return;
  const what = madeWords(state);
  if (state.runNonce === null) {
    log.warning(`Not dropping ${what}: the state names no run nonce, so nothing proves this run made it.`);
    return;
  }
  try {
    await dropDrillDatabase(target.databaseUrl, database, {
      nonce: state.runNonce,
      role: state.drillRole,
      databaseOid: state.databaseOid,
    });
    log.info(`Dropped ${what}.`);
  } catch (error) {
    log.warning(`Could not drop ${what}: ${secrets.redact(error instanceof Error ? error.message : String(error))}`);
  }
}
