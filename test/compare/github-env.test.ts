import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baselineBranchFromEvent, pullRequestNumber, readGitHubRunEnv } from '../../src/compare/github-env.js';

let tmp = '';
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'github-env-test-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function envFor(eventName: string, payload: unknown): Promise<NodeJS.ProcessEnv> {
  const file = path.join(tmp, `${eventName}.json`);
  await writeFile(file, JSON.stringify(payload));
  return {
    GITHUB_REPOSITORY: 'pickdriver/pickdriver',
    GITHUB_RUN_ID: '3000',
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: file,
    GITHUB_WORKFLOW_REF: 'pickdriver/pickdriver/.github/workflows/drill.yml@refs/pull/7/merge',
  };
}

describe('readGitHubRunEnv', () => {
  it('reads the repository, run, workflow file and API URL', async () => {
    const gh = readGitHubRunEnv({ ...(await envFor('schedule', {})), GITHUB_API_URL: 'https://ghe.example/api/v3/' });
    expect(gh).toMatchObject({
      apiUrl: 'https://ghe.example/api/v3',
      owner: 'pickdriver',
      repo: 'pickdriver',
      runId: 3000,
      workflowFile: 'drill.yml',
    });
  });

  it('is null off GitHub Actions', () => {
    expect(readGitHubRunEnv({})).toBeNull();
    expect(readGitHubRunEnv({ GITHUB_REPOSITORY: 'pickdriver/pickdriver' })).toBeNull();
  });

  it("takes a pull request's base branch and number from the event file", async () => {
    const gh = readGitHubRunEnv(
      await envFor('pull_request', {
        pull_request: { number: 7, base: { ref: 'release' } },
        repository: { default_branch: 'main' },
      }),
    )!;
    expect(baselineBranchFromEvent(gh)).toBe('release');
    expect(pullRequestNumber(gh)).toBe(7);
  });

  it('takes the default branch for other events, and no pull request', async () => {
    const gh = readGitHubRunEnv(await envFor('push', { repository: { default_branch: 'trunk' } }))!;
    expect(baselineBranchFromEvent(gh)).toBe('trunk');
    expect(pullRequestNumber(gh)).toBeNull();
  });

  it('says nothing about the branch when the event file is missing', async () => {
    const gh = readGitHubRunEnv({ ...(await envFor('push', {})), GITHUB_EVENT_PATH: path.join(tmp, 'missing.json') })!;
    expect(gh.event).toBeNull();
    expect(baselineBranchFromEvent(gh)).toBeNull();
  });
});
