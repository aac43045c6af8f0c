import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  setMaintenance
} from "./chunk-5CK3TBJR.js";
import {
  dropWhatWasMade
} from "./chunk-KJ4R23QH.js";
import {
  isSameGroupLeader,
  stopProcessTree
} from "./chunk-KTT63NWK.js";

// src/drill/cleanup.ts
async function cleanup(ctx, state) {
  const { log } = ctx;
  if (state.maintenanceOn) {
    const off = await setMaintenance(ctx, false, "restore drill cleanup");
    if (off.ok) log.info("Maintenance mode disabled.");
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
function describe(ctx, error) {
  return ctx.secrets.redact(error instanceof Error ? error.message : String(error));
}

export {
  cleanup
};
