// One comment per pull request, found again by a hidden marker and updated in place on every
// run, so a busy pull request carries one current drill report instead of a trail of them.
// Anyone who can comment can write the marker: only a comment the token's own identity wrote
// is ours to update; a marked comment by anyone else is left alone.
import * as github from '@actions/github';
import * as z from 'zod';
import { formatCount } from '../util/format.js';
import type { Logger } from '../util/logger.js';

export const COMMENT_MARKER = '<!-- pickdriver-vault-action:drill-report -->';
/** The fleet's comment (the merge action): one per pull request, apart from the legs' own. */
export const FLEET_COMMENT_MARKER = '<!-- pickdriver-vault-action:fleet-report -->';

/**
 * One comment per drill: the legs of a job matrix each keep their own comment instead of
 * overwriting one another's. Without drill-name the marker is the one of before.
 */
export function commentMarker(drillName: string | null): string {
  return drillName === null ? COMMENT_MARKER : `<!-- pickdriver-vault-action:drill-report:${drillName} -->`;
}

/** GitHub refuses comment bodies longer than this. */
export const GITHUB_COMMENT_LIMIT = 65_536;
// Room for the marker, the notice and characters GitHub may count differently than JavaScript.
const SAFETY_MARGIN = 1_500;

export const PULL_REQUESTS_WRITE_HINT =
  'grant the job `permissions: pull-requests: write` (a pull request from a fork gets a read-only token)';

function closeOpenBlocks(text: string): string {
  let out = text;
  const fences = out.split('\n').filter((line) => line.trimStart().startsWith('```')).length;
  if (fences % 2 === 1) out += '\n```';
  const opened = (out.match(/<details>/g) ?? []).length - (out.match(/<\/details>/g) ?? []).length;
  for (let i = 0; i < opened; i++) out += '\n</details>';
  return out;
}

/** The comment body: the marker, then the report, cut at a line below GitHub's limit with a link to the whole of it. */
export function commentBody(
  report: string,
  runUrl: string | null,
  artifactUrl: string | null = null,
  marker: string = COMMENT_MARKER,
): string {
  const head = `${marker}\n`;
  if (head.length + report.length <= GITHUB_COMMENT_LIMIT - SAFETY_MARGIN) return head + report;
  const links = [
    runUrl ? `[the workflow run](${runUrl})` : null,
    artifactUrl ? `[the report artifact](${artifactUrl})` : null,
  ]
    .filter((l) => l !== null)
    .join(' and ');
  const notice =
    `\n\n---\n**The report was cut to fit GitHub's ${formatCount(GITHUB_COMMENT_LIMIT)}-character comment limit.** ` +
    `The whole report: ${links || "this run's report artifact"}.\n`;
  const budget = GITHUB_COMMENT_LIMIT - SAFETY_MARGIN - head.length - notice.length;
  const slice = report.slice(0, budget);
  const lastLine = slice.lastIndexOf('\n');
  const cut = closeOpenBlocks(lastLine > 0 ? slice.slice(0, lastLine) : slice);
  return head + cut + notice;
}

function httpStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

type Octokit = ReturnType<typeof github.getOctokit>;

/** The workflow's GITHUB_TOKEN writes as this bot. */
export const ACTIONS_BOT_LOGIN = 'github-actions[bot]';

const commentSchema = z.object({
  id: z.number(),
  body: z.string().nullish(),
  user: z.object({ login: z.string() }).nullish(),
});
const viewerSchema = z.object({ viewer: z.object({ login: z.string().min(1) }) });
const userSchema = z.object({ login: z.string().min(1) });

/**
 * The login the token comments as. A personal access token (or a user's token) is told by
 * GET /user. An installation token (the workflow's GITHUB_TOKEN, a GitHub App's) is refused
 * there (403 "Resource not accessible by integration"); GraphQL's `viewer` names its bot
 * (`github-actions[bot]`, `<app-slug>[bot]`), the login its REST comments carry. Without an
 * answer from either, an installation token is taken for the workflow's own bot. null: unknown.
 */
export async function tokenIdentity(octokit: Octokit, log: Logger): Promise<string | null> {
  let installation = false;
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    const user = userSchema.safeParse(data);
    if (user.success) return user.data.login;
  } catch (error) {
    installation = httpStatus(error) === 403;
  }
  try {
    const viewer = viewerSchema.safeParse(await octokit.graphql('query { viewer { login } }'));
    if (viewer.success) return viewer.data.viewer.login;
  } catch (error) {
    log.debug(
      `pr-comment: GraphQL did not name the token's identity: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return installation ? ACTIONS_BOT_LOGIN : null;
}

/** Our comment: it carries the marker and was written by the token's identity; others with the marker are named. */
async function findOwnComment(
  octokit: Octokit,
  where: { owner: string; repo: string; issue_number: number },
  marker: string,
  identity: string | null,
  log: Logger,
): Promise<number | null> {
  // Page by page, stopping at the first page that holds our comment.
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, { ...where, per_page: 100 });
  for await (const page of pages) {
    for (const raw of page.data) {
      const comment = commentSchema.safeParse(raw);
      if (!comment.success || !comment.data.body?.includes(marker)) continue;
      const author = comment.data.user?.login ?? null;
      if (identity !== null && author !== null && author.toLowerCase() === identity.toLowerCase()) {
        return comment.data.id;
      }
      log.info(
        `pr-comment: comment ${comment.data.id} carries the drill's marker but was written by ${author ?? 'an unknown user'}, not ${identity ?? 'this token'}: left alone`,
      );
    }
  }
  return null;
}

export async function upsertPullRequestComment(opts: {
  token: string;
  owner: string;
  repo: string;
  issueNumber: number;
  body: string;
  runUrl: string | null;
  artifactUrl?: string | null;
  /** The hidden marker the comment is found by; the single drill's by default. */
  marker?: string;
  log: Logger;
}): Promise<{ action: 'created' | 'updated' | 'skipped'; commentId: number | null }> {
  const octokit = github.getOctokit(opts.token, {
    baseUrl: (process.env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
  });
  const where = { owner: opts.owner, repo: opts.repo };
  const marker = opts.marker ?? COMMENT_MARKER;
  const body = commentBody(opts.body, opts.runUrl, opts.artifactUrl ?? null, marker);
  try {
    const identity = await tokenIdentity(octokit, opts.log);
    if (identity === null) {
      opts.log.warning(
        'pr-comment: GitHub did not say whose token this is, so no earlier drill comment can be told from a planted one: a new comment is written',
      );
    }
    const existing = await findOwnComment(
      octokit,
      { ...where, issue_number: opts.issueNumber },
      marker,
      identity,
      opts.log,
    );
    if (existing !== null) {
      await octokit.rest.issues.updateComment({ ...where, comment_id: existing, body });
      opts.log.info(`Updated the drill report comment on pull request #${opts.issueNumber}`);
      return { action: 'updated', commentId: existing };
    }
    const { data } = await octokit.rest.issues.createComment({ ...where, issue_number: opts.issueNumber, body });
    opts.log.info(`Commented the drill report on pull request #${opts.issueNumber}`);
    return { action: 'created', commentId: data.id };
  } catch (error) {
    const status = httpStatus(error);
    const message =
      status === 403 || status === 401
        ? `pr-comment: GitHub refused to comment on pull request #${opts.issueNumber} (HTTP ${status}); ${PULL_REQUESTS_WRITE_HINT}`
        : `pr-comment: could not comment on pull request #${opts.issueNumber}: ${error instanceof Error ? error.message : String(error)}`;
    opts.log.warning(message);
    return { action: 'skipped', commentId: null };
  }
}
