// Where and why this drill runs, from the variables GitHub Actions sets (all absent off GitHub).
import type { RunInfo } from './types.js';

function value(env: NodeJS.ProcessEnv, name: string): string | null {
  const v = env[name]?.trim();
  return v ? v : null;
}

export function runInfoFromEnv(env: NodeJS.ProcessEnv, startedAt: Date): RunInfo {
  const repository = value(env, 'GITHUB_REPOSITORY');
  const runId = value(env, 'GITHUB_RUN_ID');
  const serverUrl = value(env, 'GITHUB_SERVER_URL');
  const attemptText = value(env, 'GITHUB_RUN_ATTEMPT');
  const attempt = attemptText !== null && /^\d+$/.test(attemptText) ? Number(attemptText) : null;
  return {
    trigger: value(env, 'GITHUB_EVENT_NAME') ?? 'manual',
    repository,
    workflow: value(env, 'GITHUB_WORKFLOW'),
    runId,
    runAttempt: attempt,
    ref: value(env, 'GITHUB_REF'),
    sha: value(env, 'GITHUB_SHA'),
    actor: value(env, 'GITHUB_ACTOR'),
    serverUrl,
    runUrl: runUrl(serverUrl, repository, runId),
    startedAt: startedAt.toISOString(),
    finishedAt: null,
  };
}

/** The run's page. Not the attempt's: artifact links (`<runUrl>/artifacts/<id>`) hang off the run. */
function runUrl(serverUrl: string | null, repository: string | null, runId: string | null): string | null {
  if (serverUrl === null || repository === null || runId === null) return null;
  return `${serverUrl.replace(/\/+$/, '')}/${repository}/actions/runs/${runId}`;
}
