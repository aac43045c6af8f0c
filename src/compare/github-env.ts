// What a workflow run tells about itself through the runner's environment variables and the
// event file; read from the drill's env (process.env in production, a copy in tests).
import { readFileSync } from 'node:fs';

export interface GitHubRunEnv {
  apiUrl: string;
  owner: string;
  repo: string;
  runId: number;
  eventName: string;
  /** The workflow's file name (`drill.yml`) from GITHUB_WORKFLOW_REF; null when the variable is missing. */
  workflowFile: string | null;
  /** The parsed event payload; null when the file is missing or unreadable. */
  event: Record<string, unknown> | null;
}

function readEvent(file: string | undefined): Record<string, unknown> | null {
  if (!file) return null;
  try {
    const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Null off GitHub Actions (no repository or run id): there are no earlier runs to ask for. */
export function readGitHubRunEnv(env: NodeJS.ProcessEnv): GitHubRunEnv | null {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const runId = Number(env.GITHUB_RUN_ID);
  if (!owner || !repo || !Number.isSafeInteger(runId) || runId <= 0) return null;
  // owner/repo/.github/workflows/drill.yml@refs/heads/main
  const workflowPath = (env.GITHUB_WORKFLOW_REF ?? '').split('@')[0] ?? '';
  const workflowFile = /\/\.github\/workflows\/([^/]+)$/.exec(workflowPath)?.[1] ?? null;
  return {
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    owner,
    repo,
    runId,
    eventName: env.GITHUB_EVENT_NAME ?? '',
    workflowFile,
    event: readEvent(env.GITHUB_EVENT_PATH),
  };
}

function stringAt(value: unknown, ...keys: string[]): string | null {
  let node = value;
  for (const key of keys) {
    if (typeof node !== 'object' || node === null) return null;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'string' && node !== '' ? node : null;
}

/** The branch whose runs form the baseline: a pull request's base, else the default branch; null when the event does not say. */
export function baselineBranchFromEvent(gh: GitHubRunEnv): string | null {
  if (gh.eventName === 'pull_request' || gh.eventName === 'pull_request_target') {
    const base = stringAt(gh.event, 'pull_request', 'base', 'ref');
    if (base) return base;
  }
  return stringAt(gh.event, 'repository', 'default_branch');
}

/** The pull request number of a pull_request event; null for any other event. */
export function pullRequestNumber(gh: GitHubRunEnv): number | null {
  if (gh.eventName !== 'pull_request' && gh.eventName !== 'pull_request_target') return null;
  const pr = gh.event?.pull_request;
  const n = typeof pr === 'object' && pr !== null ? (pr as Record<string, unknown>).number : undefined;
  return typeof n === 'number' ? n : null;
}
