import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  MAIN_STARTED_KEY,
  fromStateEntries
} from "../chunks/chunk-YLL5B6BV.js";
import {
  dropWhatWasMade
} from "../chunks/chunk-KJ4R23QH.js";
import "../chunks/chunk-MFMXUWMA.js";
import {
  coreLogger
} from "../chunks/chunk-PVELB2JC.js";
import {
  readInputs,
  registerInputSecrets
} from "../chunks/chunk-C77EPDCS.js";
import {
  removeLeftoverTempDirs
} from "../chunks/chunk-4W44TVMQ.js";
import {
  SecretRegistry
} from "../chunks/chunk-JBTATGD6.js";
import "../chunks/chunk-KTT63NWK.js";
import "../chunks/chunk-WFPRG6TS.js";
import "../chunks/chunk-CN4I7IFA.js";
import {
  INPUTS,
  isPostgresUrl,
  parseBooleanWord,
  remoteHostProblem,
  withDefaults
} from "../chunks/chunk-C4EZGGVE.js";
import "../chunks/chunk-V6E6NHID.js";
import "../chunks/chunk-LIWSDS64.js";
import {
  getState,
  info,
  setSecret,
  warning
} from "../chunks/chunk-X36LIMJ5.js";
import "../chunks/chunk-TZ6PIJFA.js";

// src/action/post.ts
function dropTarget(raw) {
  const v = withDefaults(raw);
  const databaseUrl = (v["database-url"] ?? "").trim();
  const keepDatabase = parseBooleanWord(v["keep-database"] ?? "");
  const allowRemote = parseBooleanWord(v["allow-remote-database"] ?? "");
  if (!isPostgresUrl(databaseUrl) || keepDatabase === null || allowRemote === null) return null;
  if (remoteHostProblem(databaseUrl, allowRemote) !== null) return null;
  return { databaseUrl, keepDatabase };
}
async function run() {
  const secrets = new SecretRegistry((value) => setSecret(value));
  try {
    for (const dir of await removeLeftoverTempDirs())
      info(`Removed ${dir}: a temporary folder left by a drill that was killed before it could remove it.`);
    const state = fromStateEntries((key) => getState(key));
    const nothingSaved = state.createdDatabase === null && state.drillRole === null && state.apiPid === null && !state.maintenanceOn;
    if (nothingSaved && getState(MAIN_STARTED_KEY) === "true") {
      info("Nothing to clean up.");
      return;
    }
    const raw = readInputs(INPUTS, process.env);
    registerInputSecrets(raw, secrets);
    const target = !nothingSaved && state.apiPid === null && !state.maintenanceOn ? dropTarget(raw) : null;
    if (target !== null) {
      await dropWhatWasMade(target, coreLogger, secrets, state);
      return;
    }
    const { ConfigError, loadConfig } = await import("../chunks/config-FVHQBPN5.js");
    let config;
    try {
      config = loadConfig(raw);
    } catch (error) {
      if (nothingSaved && error instanceof ConfigError) {
        info("Nothing to clean up (the inputs are invalid, so the main step made nothing).");
        return;
      }
      throw error;
    }
    const ctx = { config, log: coreLogger, secrets, env: process.env };
    if (nothingSaved) {
      info("No state from the main step: looking for what this run made by its mark.");
      const { cleanupByMark } = await import("../chunks/orphan-cleanup-YYFBGHI2.js");
      const done = await cleanupByMark(ctx);
      for (const line of done) info(line);
      if (done.length === 0) info("Nothing to clean up: nothing carries the mark of this run.");
      return;
    }
    const { cleanup } = await import("../chunks/cleanup-5D44LDAJ.js");
    await cleanup(ctx, state);
  } catch (error) {
    warning(secrets.redact(`Cleanup incomplete: ${error instanceof Error ? error.message : String(error)}`));
  }
}

// src/entry/post.ts
await run();
