// Undoes what a drill left behind: maintenance mode, the PickDriver process it started, the drill
// database it created and the drill role (unless keep-database), each only while it carries the
// run's nonce. Run by the action's post step and at the end of the
// command line. Problems here are warnings: cleanup never fails a job.
import { setMaintenance } from '../api/maintenance.js';
import type { DrillContext } from '../model/context.js';
import { isSameGroupLeader, stopProcessTree } from '../util/process-group.js';
import type { CleanupState } from '../util/state.js';
import { dropWhatWasMade } from './cleanup-drop.js';

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
  await dropWhatWasMade(ctx.config, ctx.log, ctx.secrets, state);
}

function describe(ctx: DrillContext, error: unknown): string {
  return ctx.secrets.redact(error instanceof Error ? error.message : String(error));
}
