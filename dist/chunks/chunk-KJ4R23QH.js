import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  dropDrillDatabase
} from "./chunk-MFMXUWMA.js";

// src/drill/cleanup-drop.ts
function madeWords(state) {
  const { createdDatabase: database, drillRole: role } = state;
  return [database && `the drill database ${database}`, role && `the drill role ${role}`].filter(Boolean).join(" and ");
}
async function dropWhatWasMade(target, log, secrets, state) {
  const database = state.createdDatabase;
  if (database !== null && target.keepDatabase) {
    const owner = state.drillRole ? ` and its owner, the drill role ${state.drillRole}` : "";
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
      databaseOid: state.databaseOid
    });
    log.info(`Dropped ${what}.`);
  } catch (error) {
    log.warning(`Could not drop ${what}: ${secrets.redact(error instanceof Error ? error.message : String(error))}`);
  }
}

export {
  madeWords,
  dropWhatWasMade
};
