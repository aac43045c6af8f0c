// Undoes what a drill left behind: maintenance mode, the PickDriver process it started, the drill
// database it created and the drill role (unless keep-database), each only while it carries the
// run's nonce. Run by the action's post step and at the end of the
// command line. Problems here are warnings: cleanup never fails a job.
import { setMaintenance } from './api/maintenance.js';
import { dropDrillDatabase } from './restore/index.js';
import type { DrillContext } from './util/context.js';
import { isSameGroupLeader, stopProcessTree } from './util/process-group.js';
import type { CleanupState } from './util/state.js';

export async function cleanup(ctx: DrillContext, state: CleanupState): Promise<void> {
  const { log } = ctx;
  if (state.maintenanceOn) {
    const off = await setMaintenance(ctx, false, 'restore drill cleanup');
    if (off.ok) log.info('Maintenance mode disabled.');
    else log.warning(`Maintenance mode could not be disabled: ${off.message}`);
  }
  if (state.apiPid !== null && !isSameGroupLeader(state.apiPid, state.apiStartTime)) {
    log.info(`The PickDriver instance (pid ${state.apiPid}) has already stopped; nothing else is signalled.`);
  } else if (state.apiPid !== null) {
    try {
      await stopProcessTree(state.apiPid);
      log.info(`Stopped the PickDriver instance started by api-start-command (pid ${state.apiPid}).`);
    } catch (error) {
      log.warning(`Could not stop the PickDriver instance (pid ${state.apiPid}): ${describe(ctx, error)}`);
    }
  }
  await dropWhatWasMade(ctx, state);
}

/** The drill database and role, each only while it carries this run's nonce. */
async function dropWhatWasMade(ctx: DrillContext, state: CleanupState): Promise<void> {
  const { config, log } = ctx;
  const database = state.createdDatabase;
  // A kept database stays with its owner, the drill role; a role lent a pre-provisioned
  // database's rights goes anyway.
  if (database !== null && config.keepDatabase) {
    const owner = state.drillRole ? ` and its owner, the drill role ${state.drillRole}` : '';
    log.info(`Keeping the drill database ${database}${owner} (keep-database: true).`);
    return;
  }
  if (database === null && state.drillRole === null) return;
  const what = [database && `the drill database ${database}`, state.drillRole && `the drill role ${state.drillRole}`]
    .filter(Boolean)
    .join(' and ');
  if (state.runNonce === null) {
    log.warning(`Not dropping ${what}: the state names no run nonce, so nothing proves this run made it.`);
    return;
  }
  try {
    await dropDrillDatabase(config.databaseUrl, database, { nonce: state.runNonce, role: state.drillRole });
    log.info(`Dropped ${what}.`);
  } catch (error) {
    log.warning(`Could not drop ${what}: ${describe(ctx, error)}`);
  }
}

function describe(ctx: DrillContext, error: unknown): string {
  return ctx.secrets.redact(error instanceof Error ? error.message : String(error));
}
