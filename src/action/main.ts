// The action's main step.
import * as core from '@actions/core';
import { ConfigError, loadConfig } from '../config/config.js';
import { registerInputSecrets } from '../config/input-secrets.js';
import { readInputs } from '../config/input-spec.js';
import { INPUTS } from '../config/inputs.js';
import { drillCrashed, handleCancellation } from '../drill/cancel.js';
import { newProgress } from '../drill/progress.js';
import { runDrill } from '../drill/run.js';
import { shouldFail } from '../model/result.js';
import { announceDrill } from '../notify/announce-drill.js';
import { publishToGitHub } from '../report/publish.js';
import { coreLogger } from '../util/core-logger.js';
import { SecretRegistry } from '../util/secrets.js';
import { type CleanupState, emptyState, MAIN_STARTED_KEY, type StateStore, toStateEntries } from '../util/state.js';
import { removeTempDirs } from '../util/temp-files.js';
import { commentOnPullRequest } from './pr-comment.js';

/** Saves cleanup state for the post step as soon as it changes, so a crash loses nothing. */
class ActionState implements StateStore {
  private state: CleanupState = emptyState();
  save(patch: Partial<CleanupState>): void {
    this.state = { ...this.state, ...patch };
    for (const [key, value] of toStateEntries(patch)) core.saveState(key, value);
  }
  get(): CleanupState {
    return { ...this.state };
  }
}

export async function run(): Promise<void> {
  const secrets = new SecretRegistry((value) => core.setSecret(value));
  try {
    const raw = readInputs(INPUTS, process.env);
    registerInputSecrets(raw, secrets);
    const config = loadConfig(raw);
    core.saveState(MAIN_STARTED_KEY, 'true');
    const ctx = { config, log: coreLogger, secrets, env: process.env };
    const state = new ActionState();
    const progress = newProgress();
    // Cancelled (SIGINT, then SIGTERM from the runner) or crashed: the report so far, the state
    // left for the post step.
    const stop = { ctx, state, progress, leaveForPostStep: true, announce: (line: string) => core.error(line) };
    handleCancellation(stop);
    const { report, paths } = await runDrill(ctx, state, progress).catch((error: unknown) =>
      error instanceof ConfigError ? Promise.reject(error) : drillCrashed(stop, error),
    );
    const { artifactId } = await publishToGitHub(report, paths, config, coreLogger);

    await commentOnPullRequest({
      prComment: config.prComment,
      token: config.githubToken,
      markdownPath: paths.markdownPath,
      runUrl: report.run.runUrl,
      artifactUrl: artifactId !== null && report.run.runUrl ? `${report.run.runUrl}/artifacts/${artifactId}` : null,
      whose: { drill: config.drillName },
      log: coreLogger,
    });

    await announceDrill({ report, jsonPath: paths.jsonPath }, config, coreLogger);

    const verdict = `Drill ${report.result}: ${report.checks.filter((c) => c.status === 'fail').length} failed, ${report.regressions.length} regression(s). Report: ${paths.jsonPath}`;
    if (shouldFail(report.result, config.failOn)) core.setFailed(verdict);
    else core.info(verdict);
  } catch (error) {
    if (error instanceof ConfigError) {
      core.setFailed(secrets.redact(`Invalid input:\n${error.message}`));
    } else {
      core.setFailed(secrets.redact(error instanceof Error ? error.message : String(error)));
    }
  } finally {
    await removeTempDirs();
  }
}
