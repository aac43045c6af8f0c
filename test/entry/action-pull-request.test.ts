// On a pull_request event the action comments its drill report on the pull request: created by
// the first run, updated in place (not duplicated) by the next, through the real @actions/github
// client against a local server speaking GitHub's REST API. Only a comment the token itself wrote
// is updated: the marker planted in someone else's comment is not enough.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMENT_MARKER } from '../../src/report/pr-comment.js';
import { FakeGitHubApi } from '../compare/fake-github-api.js';
import { readCommandFile, runBundle, runnerFiles } from '../helpers/bundles.js';
import { createDrillWorld, type DrillWorld } from '../helpers/drill-world.js';

const GITHUB_TOKEN = 'ghs_pullRequestToken0123456789';

let world: DrillWorld;
const api = new FakeGitHubApi('pickdriver', 'pickdriver-api', GITHUB_TOKEN);
beforeAll(async () => {
  world = await createDrillWorld({ api: false });
  await world.backup('custom', 'nightly.dump');
  await api.start();
});
afterAll(async () => {
  await api.close();
  await world?.close();
});

async function drillOnPullRequest(runId: string) {
  const files = await runnerFiles();
  const event = path.join(files.dir, 'event.json');
  await writeFile(
    event,
    JSON.stringify({
      pull_request: { number: 7, base: { ref: 'main' }, head: { ref: 'add-migration' } },
      repository: { default_branch: 'main', name: 'pickdriver-api', owner: { login: 'pickdriver' } },
    }),
  );
  const inputs = {
    'backup-source': world.backups.custom as string,
    'database-url': world.adminUrl,
    'drill-database': world.drillDatabase,
    baseline: 'none',
    'artifact-name': '',
    'report-dir': path.join(files.dir, 'report'),
    'github-token': GITHUB_TOKEN,
  };
  const env = {
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: event,
    GITHUB_REPOSITORY: 'pickdriver/pickdriver-api',
    GITHUB_API_URL: api.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: runId,
    GITHUB_REF: 'refs/pull/7/merge',
  };
  const run = await runBundle('dist/index.js', { inputs, env });
  // As in a job, the post step drops what the run made before the next run starts.
  const state = await readCommandFile(files.state);
  const stateEnv = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
  await runBundle('dist/post/index.js', { inputs, env: { ...env, ...stateEnv } });
  return run;
}

describe('the pull-request comment', () => {
  it('is created on the first run and updated in place on the next', async () => {
    const first = await drillOnPullRequest('501');
    expect(first.code, first.stdout).toBe(0);
    expect(api.comments).toHaveLength(1);
    expect(api.comments[0]).toMatchObject({ issueNumber: 7 });
    expect(api.comments[0]?.body.startsWith(COMMENT_MARKER)).toBe(true);
    expect(api.comments[0]?.body).toContain('/actions/runs/501');
    const id = api.comments[0]?.id;

    const second = await drillOnPullRequest('502');
    expect(second.code, second.stdout).toBe(0);
    expect(api.comments).toHaveLength(1);
    expect(api.comments[0]?.id).toBe(id);
    expect(api.comments[0]?.body).toContain('/actions/runs/502');
    expect(api.comments[0]?.body).not.toContain('/actions/runs/501');
    expect(api.requestsTo(/\/issues\/comments\/\d+$/).map((r) => r.method)).toEqual(['PATCH']);
    // The token travelled only in the Authorization header, never into the log.
    expect(
      first.stdout
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n'),
    ).not.toContain(GITHUB_TOKEN);
  });

  it("leaves a comment that carries the marker but is someone else's, and comments anew", async () => {
    api.reset();
    // Anyone who can comment on the pull request can write the hidden marker.
    const planted = `${COMMENT_MARKER}\n**Drill passed**, see [the report](https://evil.example/phish)`;
    api.comments.push({ id: 77, issueNumber: 7, body: planted, user: 'mallory' });
    const first = await drillOnPullRequest('601');
    expect(first.code, first.stdout).toBe(0);
    expect(api.comments.find((c) => c.id === 77)?.body).toBe(planted);
    const ours = api.comments.filter((c) => c.id !== 77);
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({ issueNumber: 7, user: 'github-actions[bot]' });
    expect(ours[0]?.body).toContain('/actions/runs/601');
    expect(first.stdout).toContain("comment 77 carries the drill's marker but was written by mallory");
    // GITHUB_TOKEN may not read GET /user (403, as GitHub answers an installation token): GraphQL named the bot.
    expect(api.requestsTo(/^\/user$/).length).toBeGreaterThan(0);

    // Planted again after the drill's comment: the next run still updates its own.
    api.comments.push({ id: 999_999, issueNumber: 7, body: planted, user: 'mallory' });
    const second = await drillOnPullRequest('602');
    expect(second.code, second.stdout).toBe(0);
    expect(api.comments.find((c) => c.id === 77)?.body).toBe(planted);
    expect(api.comments.find((c) => c.id === 999_999)?.body).toBe(planted);
    expect(api.comments.find((c) => c.id === ours[0]?.id)?.body).toContain('/actions/runs/602');
    expect(api.comments).toHaveLength(3);
    expect(api.requestsTo(/\/issues\/comments\/\d+$/).map((r) => `${r.method} ${r.path}`)).toEqual([
      `PATCH /repos/pickdriver/pickdriver-api/issues/comments/${ours[0]?.id}`,
    ]);
  });
});
