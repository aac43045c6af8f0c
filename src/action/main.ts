// The action's main step.
import { readFile } from 'node:fs/promises';
import * as core from '@actions/core';
import { ConfigError, loadConfig } from '../config/config.js';
import { registerInputSecrets } from '../config/input-secrets.js';
import { drillCrashed, handleCancellation, newProgress } from '../drill/cancel.js';
import { runDrill } from '../drill/run.js';
import { shouldFail } from '../model/result.js';
import { announceDrill } from '../notify/announce-drill.js';
import { publishToGitHub } from '../report/publish.js';
import { coreLogger } from '../util/core-logger.js';
import { SecretRegistry } from '../util/secrets.js';
import { type CleanupState, emptyState, MAIN_STARTED_KEY, type StateStore, toStateEntries } from '../util/state.js';
import { removeTempDirs } from '../util/temp-files.js';
import { readActionInputs } from './action-inputs.js';

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
    const raw = readActionInputs();
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

    // The GitHub client (and its HTTP stack) is loaded only for the pull-request comment: most
    // drills (schedule, push) never need it, and its modules are a third of the step's start.
    if (config.prComment === 'auto' && process.env.GITHUB_EVENT_NAME === 'pull_request' && config.githubToken) {
      const [github, { commentMarker, upsertPullRequestComment }] = await Promise.all([
        import('@actions/github'),
        import('../report/pr-comment.js'),
      ]);
      const markdown = await readFile(paths.markdownPath, 'utf8');
      await upsertPullRequestComment({
        token: config.githubToken,
        owner: github.context.repo.owner,
        repo: github.context.repo.repo,
        issueNumber: github.context.issue.number,
        body: markdown,
        runUrl: report.run.runUrl,
        artifactUrl: artifactId !== null && report.run.runUrl ? `${report.run.runUrl}/artifacts/${artifactId}` : null,
        marker: commentMarker(config.drillName),
        log: coreLogger,
      });
    }

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
