// The action's post step: undoes what the main step left behind. Exports run() as src/action/main.ts does
// (the typescript-action convention), so `npx @github/local-action run . src/action/post.ts .env` runs it too.
// Without the main step's state (it died before saving it, or the runner did not carry it), what
// this run made is found by its mark (src/restore/orphan-cleanup.ts).
// Most jobs leave only the drill database and role: those are dropped with the three inputs that
// concern them, read as the configuration reads them, without loading the whole configuration and
// the API client first (modules only maintenance mode, a started PickDriver or a lost state need).
import * as core from '@actions/core';
import { remoteHostProblem } from '../config/database-target.js';
import { registerInputSecrets } from '../config/input-secrets.js';
import { readInputs } from '../config/input-spec.js';
import { INPUTS } from '../config/inputs.js';
import { isPostgresUrl, parseBooleanWord, withDefaults } from '../config/plain-values.js';
import { dropWhatWasMade } from '../drill/cleanup-drop.js';
import { coreLogger } from '../util/core-logger.js';
import { SecretRegistry } from '../util/secrets.js';
import { fromStateEntries, MAIN_STARTED_KEY } from '../util/state.js';
import { removeLeftoverTempDirs } from '../util/temp-files.js';

/**
 * database-url and keep-database as loadConfig reads them, or null when they (or
 * allow-remote-database) would not pass it: then the whole configuration is loaded and says why.
 */
function dropTarget(raw: Record<string, string | undefined>): { databaseUrl: string; keepDatabase: boolean } | null {
  const v = withDefaults(raw);
  const databaseUrl = (v['database-url'] ?? '').trim();
  const keepDatabase = parseBooleanWord(v['keep-database'] ?? '');
  const allowRemote = parseBooleanWord(v['allow-remote-database'] ?? '');
  if (!isPostgresUrl(databaseUrl) || keepDatabase === null || allowRemote === null) return null;
  if (remoteHostProblem(databaseUrl, allowRemote) !== null) return null;
  return { databaseUrl, keepDatabase };
}

export async function run(): Promise<void> {
  const secrets = new SecretRegistry((value) => core.setSecret(value));
  try {
    // A main step killed outright (SIGKILL after the cancel's grace) left its temporary folders.
    for (const dir of await removeLeftoverTempDirs())
      core.info(`Removed ${dir}: a temporary folder left by a drill that was killed before it could remove it.`);
    const state = fromStateEntries((key) => core.getState(key));
    const nothingSaved =
      state.createdDatabase === null && state.drillRole === null && state.apiPid === null && !state.maintenanceOn;
    // The main step ran and saved all it made: nothing.
    if (nothingSaved && core.getState(MAIN_STARTED_KEY) === 'true') {
      core.info('Nothing to clean up.');
      return;
    }
    const raw = readInputs(INPUTS, process.env);
    registerInputSecrets(raw, secrets);
    const target = !nothingSaved && state.apiPid === null && !state.maintenanceOn ? dropTarget(raw) : null;
    if (target !== null) {
      await dropWhatWasMade(target, coreLogger, secrets, state);
      return;
    }
    const { ConfigError, loadConfig } = await import('../config/config.js');
    let config: ReturnType<typeof loadConfig>;
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
      const { cleanupByMark } = await import('../restore/orphan-cleanup.js');
      const done = await cleanupByMark(ctx);
      for (const line of done) core.info(line);
      if (done.length === 0) core.info('Nothing to clean up: nothing carries the mark of this run.');
      return;
    }
    const { cleanup } = await import('../drill/cleanup.js');
    await cleanup(ctx, state);
  } catch (error) {
    // Cleanup never fails the job.
    core.warning(secrets.redact(`Cleanup incomplete: ${error instanceof Error ? error.message : String(error)}`));
  }
}
