// The action's post step: undoes what the main step left behind. Exports run() as src/main.ts does
// (the typescript-action convention), so `npx @github/local-action run . src/post.ts .env` runs it too.
import * as core from '@actions/core';
import { cleanup } from './cleanup.js';
import { readActionInputs } from './config/action-inputs.js';
import { loadConfig } from './config/config.js';
import { coreLogger } from './util/core-logger.js';
import { registerInputSecrets, SecretRegistry } from './util/secrets.js';
import { fromStateEntries } from './util/state.js';

export async function run(): Promise<void> {
  const secrets = new SecretRegistry((value) => core.setSecret(value));
  try {
    const state = fromStateEntries((key) => core.getState(key));
    if (state.createdDatabase === null && state.drillRole === null && state.apiPid === null && !state.maintenanceOn) {
      core.info('Nothing to clean up.');
      return;
    }
    const raw = readActionInputs();
    registerInputSecrets(raw, secrets);
    const config = loadConfig(raw);
    await cleanup({ config, log: coreLogger, secrets, env: process.env }, state);
  } catch (error) {
    // Cleanup never fails the job.
    core.warning(secrets.redact(`Cleanup incomplete: ${error instanceof Error ? error.message : String(error)}`));
  }
}
