// Undoes what a drill left behind: maintenance mode, the PickDriver process it started, the drill
// database it created (unless keep-database). Run by the action's post step and at the end of the
// command line. Problems here are warnings: cleanup never fails a job.
import { setMaintenance } from './api/maintenance.js';
import { dropDrillDatabase } from './restore/index.js';
import type { DrillContext } from './util/context.js';
import { isSameGroupLeader, stopProcessTree } from './util/process-group.js';
import type { CleanupState } from './util/state.js';

export async function cleanup(ctx: DrillContext, state: CleanupState): Promise<void> {
  const { config, log } = ctx;
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
  if (state.createdDatabase !== null) {
    if (config.keepDatabase) {
      log.info(`Keeping the drill database ${state.createdDatabase} (keep-database: true).`);
    } else {
      try {
        await dropDrillDatabase(config.databaseUrl, state.createdDatabase);
        log.info(`Dropped the drill database ${state.createdDatabase}.`);
      } catch (error) {
        log.warning(`Could not drop the drill database ${state.createdDatabase}: ${describe(ctx, error)}`);
      }
    }
  }
}

function describe(ctx: DrillContext, error: unknown): string {
  return ctx.secrets.redact(error instanceof Error ? error.message : String(error));
}
