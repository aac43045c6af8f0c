import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  readActionInputs
} from "../chunks/chunk-QCXJ2E5I.js";
import {
  cleanup,
  fromStateEntries
} from "../chunks/chunk-R4KTMK2M.js";
import "../chunks/chunk-OQY6ZNAY.js";
import {
  coreLogger
} from "../chunks/chunk-CMDPJTUG.js";
import {
  SecretRegistry,
  loadConfig,
  registerInputSecrets
} from "../chunks/chunk-UUKFOL4B.js";
import "../chunks/chunk-KNVGH5LI.js";
import {
  getState,
  info,
  setSecret,
  warning
} from "../chunks/chunk-PWUNM4WA.js";
import "../chunks/chunk-SCDKNOOW.js";
import "../chunks/chunk-TZ6PIJFA.js";

// src/post.ts
async function run() {
  const secrets = new SecretRegistry((value) => setSecret(value));
  try {
    const state = fromStateEntries((key) => getState(key));
    if (state.createdDatabase === null && state.drillRole === null && state.apiPid === null && !state.maintenanceOn) {
      info("Nothing to clean up.");
      return;
    }
    const raw = readActionInputs();
    registerInputSecrets(raw, secrets);
    const config = loadConfig(raw);
    await cleanup({ config, log: coreLogger, secrets, env: process.env }, state);
  } catch (error) {
    warning(secrets.redact(`Cleanup incomplete: ${error instanceof Error ? error.message : String(error)}`));
  }
}

// src/entry-post.ts
await run();
