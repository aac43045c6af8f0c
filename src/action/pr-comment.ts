// The pull-request comment of the action's steps, one flow for the drill (main) and the fleet
// (merge): only when pr-comment is auto, the run is for a pull request and there is a token. The
// GitHub client (and its HTTP stack) is loaded only then: most runs (schedule, push) never need
// it, and its modules are a third of the main step's start.
import { readFile } from 'node:fs/promises';
import type { Logger } from '../util/logger.js';

interface PullRequestComment {
  prComment: 'auto' | 'off';
  token: string | null;
  /** The Markdown report the comment carries. */
  markdownPath: string;
  runUrl: string | null;
  /** The report artifact's page, linked when the comment had to be cut. */
  artifactUrl: string | null;
  /** Whose comment: a drill's (one per drill-name) or the fleet's; its hidden marker finds it again. */
  whose: { drill: string | null } | 'fleet';
  log: Logger;
}

export async function commentOnPullRequest(comment: PullRequestComment, env = process.env): Promise<void> {
  if (comment.prComment !== 'auto' || env.GITHUB_EVENT_NAME !== 'pull_request' || !comment.token) return;
  const [github, { commentMarker, FLEET_COMMENT_MARKER, upsertPullRequestComment }] = await Promise.all([
    import('@actions/github'),
    import('../report/pr-comment.js'),
  ]);
  await upsertPullRequestComment({
    token: comment.token,
    owner: github.context.repo.owner,
    repo: github.context.repo.repo,
    issueNumber: github.context.issue.number,
    body: await readFile(comment.markdownPath, 'utf8'),
    runUrl: comment.runUrl,
    artifactUrl: comment.artifactUrl,
    marker: comment.whose === 'fleet' ? FLEET_COMMENT_MARKER : commentMarker(comment.whose.drill),
    log: comment.log,
  });
}
