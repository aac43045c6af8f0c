// The pull request comment through the real @actions/github client, against a local server
// speaking GitHub's issue comment endpoints.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  COMMENT_MARKER,
  commentBody,
  GITHUB_COMMENT_LIMIT,
  upsertPullRequestComment,
} from '../../src/report/pr-comment.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { setEnv } from '../compare/env.js';
import { FakeGitHubApi } from '../compare/fake-github-api.js';

const TOKEN = 'ghs_fakeTokenForTheCommentTest98765';
const RUN_URL = 'https://github.com/pickdriver/pickdriver/actions/runs/3000';
const ARTIFACT_URL = 'https://github.com/pickdriver/pickdriver/actions/runs/3000/artifacts/30000';
const api = new FakeGitHubApi('pickdriver', 'pickdriver', TOKEN);
let restoreEnv: () => void = () => {};

beforeAll(async () => {
  await api.start();
  restoreEnv = setEnv({ GITHUB_API_URL: api.url });
});
afterAll(async () => {
  restoreEnv();
  await api.close();
});
afterEach(() => api.reset());

function upsert(body: string, log = new MemoryLogger()) {
  return upsertPullRequestComment({
    token: TOKEN,
    owner: 'pickdriver',
    repo: 'pickdriver',
    issueNumber: 7,
    body,
    runUrl: RUN_URL,
    artifactUrl: ARTIFACT_URL,
    log,
  });
}

function addHumanComments(n: number): void {
  for (let i = 0; i < n; i++) {
    // Ids grow with time, as GitHub's do: the list is in the order comments were written.
    const id = Math.max(100, ...api.comments.map((c) => c.id)) + 1;
    api.comments.push({ id, issueNumber: 7, body: `looks good ${id}` });
  }
}

const pagesListed = () =>
  api
    .requestsTo(/\/issues\/7\/comments$/)
    .filter((r) => r.method === 'GET')
    .map((r) => r.query.get('page') ?? '1');

describe('upsertPullRequestComment', () => {
  it('creates the comment on the first run and updates it, not a second one, on the next', async () => {
    api.maxPerPage = 2;
    addHumanComments(5);
    // Another pull request's drill comment is not ours to update.
    api.comments.push({ id: 99, issueNumber: 8, body: `${COMMENT_MARKER}\nother pull request` });

    const first = await upsert('# Drill report\n\nResult: passed\n');
    expect(first.action).toBe('created');
    expect(pagesListed()).toEqual(['1', '2', '3']);
    const created = api.comments.find((c) => c.id === first.commentId);
    expect(created).toEqual({
      id: first.commentId,
      issueNumber: 7,
      body: `${COMMENT_MARKER}\n# Drill report\n\nResult: passed\n`,
      user: 'github-actions[bot]',
    });

    // People keep talking after the drill's comment: it now sits on page 3 of 5.
    addHumanComments(4);
    api.requests.length = 0;
    const second = await upsert('# Drill report\n\nResult: regressed\n');
    expect(second).toEqual({ action: 'updated', commentId: first.commentId });
    expect(pagesListed()).toEqual(['1', '2', '3']);
    expect(api.requests.filter((r) => r.method === 'POST' && r.path.includes('/comments'))).toEqual([]);
    const ours = api.comments.filter((c) => c.issueNumber === 7 && c.body.includes(COMMENT_MARKER));
    expect(ours).toHaveLength(1);
    expect(ours[0]?.body).toBe(`${COMMENT_MARKER}\n# Drill report\n\nResult: regressed\n`);
    expect(api.comments.filter((c) => c.issueNumber === 7)).toHaveLength(10);
    expect(api.comments.find((c) => c.id === 99)?.body).toContain('other pull request');
  });

  it('updates only a comment the token wrote: a planted marker by anyone else is left alone', async () => {
    // Someone who can comment plants the marker before the first drill, and again after it.
    api.comments.push({ id: 200, issueNumber: 7, body: `${COMMENT_MARKER}\nplanted`, user: 'mallory' });
    const log = new MemoryLogger();
    const first = await upsert('# Drill report\n\nResult: passed\n', log);
    expect(first.action).toBe('created');
    expect(api.comments.find((c) => c.id === first.commentId)?.user).toBe('github-actions[bot]');
    expect(log.lines).toContainEqual(
      expect.stringContaining(
        "comment 200 carries the drill's marker but was written by mallory, not github-actions[bot]: left alone",
      ),
    );
    api.comments.push({
      id: first.commentId! + 1,
      issueNumber: 7,
      body: `${COMMENT_MARKER}\nplanted again`,
      user: 'mallory',
    });
    // A marker quoted by a bot of another app is not ours either.
    api.comments.push({ id: first.commentId! + 2, issueNumber: 7, body: COMMENT_MARKER, user: 'renovate[bot]' });

    const second = await upsert('# Drill report\n\nResult: failed\n');
    expect(second).toEqual({ action: 'updated', commentId: first.commentId });
    expect(api.comments.find((c) => c.id === 200)?.body).toBe(`${COMMENT_MARKER}\nplanted`);
    expect(api.comments.find((c) => c.id === first.commentId! + 1)?.body).toBe(`${COMMENT_MARKER}\nplanted again`);
    expect(api.comments.find((c) => c.id === first.commentId)?.body).toContain('Result: failed');
    // GITHUB_TOKEN may not read /user; GraphQL's viewer named the bot.
    expect(api.requestsTo(/^\/user$/).length).toBeGreaterThan(0);
    expect(api.requestsTo(/^\/graphql$/).length).toBeGreaterThan(0);
  });

  it("a personal access token's comment is found by its user's login, a bot's marker ignored", async () => {
    api.tokenKind = 'user';
    api.comments.push({ id: 300, issueNumber: 7, body: `${COMMENT_MARKER}\nby the bot`, user: 'github-actions[bot]' });
    const first = await upsert('# Drill report\n');
    expect(first.action).toBe('created');
    expect(api.comments.find((c) => c.id === first.commentId)?.user).toBe('pickdriver-ci');
    expect(await upsert('# Drill report, again\n')).toEqual({ action: 'updated', commentId: first.commentId });
    expect(api.comments.find((c) => c.id === 300)?.body).toContain('by the bot');
    // GET /user answered: no GraphQL needed.
    expect(api.requestsTo(/^\/graphql$/)).toEqual([]);
  });

  it('with GraphQL down, an installation token is taken for github-actions[bot]', async () => {
    api.graphqlDown = true;
    api.comments.push({ id: 400, issueNumber: 7, body: `${COMMENT_MARKER}\nplanted`, user: 'mallory' });
    const first = await upsert('# Drill report\n');
    expect(first.action).toBe('created');
    expect(await upsert('# Drill report\n')).toEqual({ action: 'updated', commentId: first.commentId });
    expect(api.comments.find((c) => c.id === 400)?.body).toContain('planted');
  });

  it('turns a 403 into a warning naming pull-requests: write', async () => {
    api.forbidden.add('issues');
    const log = new MemoryLogger();
    const result = await upsert('# Drill report\n', log);
    expect(result).toEqual({ action: 'skipped', commentId: null });
    expect(log.lines).toEqual([
      expect.stringMatching(/^warning: pr-comment: .*HTTP 403.*permissions: pull-requests: write/),
    ]);
    expect(api.comments).toEqual([]);
  });

  it('posts a report longer than GitHub allows cut below the limit, with links to the whole of it', async () => {
    const table = Array.from({ length: 3000 }, (_, i) => `| check ${i} | ok | fine |`).join('\n');
    const chart = `\`\`\`mermaid\nxychart-beta\n  line [${Array.from({ length: 9000 }, () => 1).join(', ')}]\n\`\`\`\n`;
    const report = `# Drill report\n\n${table}\n\n${chart}`;
    expect(report.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
    const result = await upsert(report);
    expect(result.action).toBe('created');
    const body = api.comments[0]!.body;
    expect(body.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(body.startsWith(`${COMMENT_MARKER}\n# Drill report\n`)).toBe(true);
    expect(body).toContain(
      `The whole report: [the workflow run](${RUN_URL}) and [the report artifact](${ARTIFACT_URL}).`,
    );
  });
});

describe('commentBody', () => {
  it('keeps a report that fits whole', () => {
    expect(commentBody('# short\n', RUN_URL)).toBe(`${COMMENT_MARKER}\n# short\n`);
  });

  it('cuts at a line and closes a code block left open by the cut', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i}`).join('\n');
    const body = commentBody(`intro\n\`\`\`mermaid\n${lines}\n\`\`\`\n`, null);
    expect(body.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    const fences = body.split('\n').filter((l) => l.startsWith('```'));
    expect(fences).toEqual(['```mermaid', '```']);
    // The last line kept is whole.
    expect(body).toMatch(/\nline \d+\n```\n\n---\n/);
    expect(body).toContain("The whole report: this run's report artifact.");
  });
});
