// The action's post step: undoes what the main step left behind. Exports run() as src/main.ts does
// (the typescript-action convention), so `npx @github/local-action run . src/post.ts .env` runs it too.
// Without the main step's state (it died before saving it, or the runner did not carry it), what
// this run made is found by its mark (src/restore/orphan-cleanup.ts).
import * as core from '@actions/core';
import { cleanup } from './cleanup.js';
import { readActionInputs } from './config/action-inputs.js';
import { ConfigError, type DrillConfig, loadConfig } from './config/config.js';
import { registerInputSecrets } from './config/input-secrets.js';
import { cleanupByMark } from './restore/orphan-cleanup.js';
import { coreLogger } from './util/core-logger.js';
import { SecretRegistry } from './util/secrets.js';
import { fromStateEntries, MAIN_STARTED_KEY } from './util/state.js';

export async function run(): Promise<void> {
  const secrets = new SecretRegistry((value) => core.setSecret(value));
  try {
    const state = fromStateEntries((key) => core.getState(key));
    const nothingSaved =
      state.createdDatabase === null && state.drillRole === null && state.apiPid === null && !state.maintenanceOn;
    // The main step ran and saved all it made: nothing.
    if (nothingSaved && core.getState(MAIN_STARTED_KEY) === 'true') {
      core.info('Nothing to clean up.');
      return;
    }
    const raw = readActionInputs();
    registerInputSecrets(raw, secrets);
    let config: DrillConfig;
    try {
      config = loadConfig(raw);
    } catch (error) {
      // Inputs the main step would have refused too: it made nothing.
      if (nothingSaved && error instanceof ConfigError) {
        core.info('Nothing to clean up (the inputs are invalid, so the main step made nothing).');
        return;
      }
      throw error;
    }
    const ctx = { config, log: coreLogger, secrets, env: process.env };
    if (nothingSaved) {
      // No state from the main step at all: find what this run made by its mark.
      core.info('No state from the main step: looking for what this run made by its mark.');
      const done = await cleanupByMark(ctx);
      for (const line of done) core.info(line);
      if (done.length === 0) core.info('Nothing to clean up: nothing carries the mark of this run.');
      return;
    }
    await cleanup(ctx, state);
  } catch (error) {
    // Cleanup never fails the job.
    core.warning(secrets.redact(`Cleanup incomplete: ${error instanceof Error ? error.message : String(error)}`));
  }
}
