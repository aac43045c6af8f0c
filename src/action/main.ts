// The action's main step. What it imports up front is what a drill needs first (the inputs, the
// server's check, the drill database's making: drill/start.ts); the rest of the engine loads
// while the server works on those.
import * as core from '@actions/core';
import { ConfigError, loadConfig } from '../config/config.js';
import { registerInputSecrets } from '../config/input-secrets.js';
import { readInputs } from '../config/input-spec.js';
import { INPUTS } from '../config/inputs.js';
import { drillCrashed, handleCancellation } from '../drill/cancel-signals.js';
import { newProgress, timed } from '../drill/progress.js';
import { startDrill } from '../drill/start.js';
import { coreLogger } from '../util/core-logger.js';
import { SecretRegistry } from '../util/secrets.js';
import { type CleanupState, emptyState, MAIN_STARTED_KEY, type StateStore, toStateEntries } from '../util/state.js';
import { removeTempDirs } from '../util/temp-files.js';

/** The engine and what runs after it, loaded once the drill has begun. */
async function rest() {
  const [{ runDrill }, { shouldFail }, { announceDrill }, { publishToGitHub }, { commentOnPullRequest }] =
    await Promise.all([
      import('../drill/run.js'),
      import('../model/result.js'),
      import('../notify/announce-drill.js'),
      import('../report/publish.js'),
      import('./pr-comment.js'),
    ]);
  return { runDrill, shouldFail, announceDrill, publishToGitHub, commentOnPullRequest };
}

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
    const crashed = (error: unknown) =>
      error instanceof ConfigError ? Promise.reject(error) : drillCrashed(stop, error);
    // The server checked and CREATE DATABASE sent before the rest loads: loading holds this thread,
    // and the server works (creating the database) only on what it has been sent.
    const started = await startDrill(ctx, state, progress).catch(crashed);
    await started.preparing?.begun;
    const { runDrill, shouldFail, announceDrill, publishToGitHub, commentOnPullRequest } = await timed(
      progress.timings,
      'load',
      rest,
    );
    const { report, paths } = await runDrill(ctx, state, progress, started).catch(crashed);
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
