import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  dropDrillDatabase
} from "./chunk-2D5QSA6L.js";

// src/drill/cleanup-drop.ts
async function dropWhatWasMade(target, log, secrets, state) {
  const database = state.createdDatabase;
  if (database !== null && target.keepDatabase) {
    const owner = state.drillRole ? ` and its owner, the drill role ${state.drillRole}` : "";
    log.info(`Keeping the drill database ${database}${owner} (keep-database: true).`);
    return;
  }
  if (database === null && state.drillRole === null) return;
  const what = [database && `the drill database ${database}`, state.drillRole && `the drill role ${state.drillRole}`].filter(Boolean).join(" and ");
  if (state.runNonce === null) {
    log.warning(`Not dropping ${what}: the state names no run nonce, so nothing proves this run made it.`);
    return;
  }
  try {
    await dropDrillDatabase(target.databaseUrl, database, {
      nonce: state.runNonce,
      role: state.drillRole,
      databaseOid: state.databaseOid
    });
    log.info(`Dropped ${what}.`);
  } catch (error) {
    log.warning(`Could not drop ${what}: ${secrets.redact(error instanceof Error ? error.message : String(error))}`);
  }
}

export {
  dropWhatWasMade
};
