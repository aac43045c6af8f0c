import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  number,
  object,
  string
} from "./chunk-PSHNSFM7.js";
import {
  formatCount
} from "./chunk-LIWSDS64.js";
import {
  getOctokit
} from "./chunk-6OTSEEQP.js";
import "./chunk-FA3P4WUT.js";
import "./chunk-TZ6PIJFA.js";

// src/report/pr-comment.ts
var COMMENT_MARKER = "<!-- pickdriver-vault-action:drill-report -->";
var FLEET_COMMENT_MARKER = "<!-- pickdriver-vault-action:fleet-report -->";
function commentMarker(drillName) {
  return drillName === null ? COMMENT_MARKER : `<!-- pickdriver-vault-action:drill-report:${drillName} -->`;
}
var GITHUB_COMMENT_LIMIT = 65536;
var SAFETY_MARGIN = 1500;
var PULL_REQUESTS_WRITE_HINT = "grant the job `permissions: pull-requests: write` (a pull request from a fork gets a read-only token)";
function closeOpenBlocks(text) {
  let out = text;
  const fences = out.split("\n").filter((line) => line.trimStart().startsWith("```")).length;
  if (fences % 2 === 1) out += "\n```";
  const opened = (out.match(/<details>/g) ?? []).length - (out.match(/<\/details>/g) ?? []).length;
  for (let i = 0; i < opened; i++) out += "\n</details>";
  return out;
}
function commentBody(report, runUrl, artifactUrl = null, marker = COMMENT_MARKER) {
  const head = `${marker}
`;
  if (head.length + report.length <= GITHUB_COMMENT_LIMIT - SAFETY_MARGIN) return head + report;
  const links = [
    runUrl ? `[the workflow run](${runUrl})` : null,
    artifactUrl ? `[the report artifact](${artifactUrl})` : null
  ].filter((l) => l !== null).join(" and ");
  const notice = `

---
**The report was cut to fit GitHub's ${formatCount(GITHUB_COMMENT_LIMIT)}-character comment limit.** The whole report: ${links || "this run's report artifact"}.
`;
  const budget = GITHUB_COMMENT_LIMIT - SAFETY_MARGIN - head.length - notice.length;
  const slice = report.slice(0, budget);
  const lastLine = slice.lastIndexOf("\n");
  const cut = closeOpenBlocks(lastLine > 0 ? slice.slice(0, lastLine) : slice);
  return head + cut + notice;
}
function httpStatus(error) {
  const status = error?.status;
  return typeof status === "number" ? status : void 0;
}
var ACTIONS_BOT_LOGIN = "github-actions[bot]";
var commentSchema = object({
  id: number(),
  body: string().nullish(),
  user: object({ login: string() }).nullish()
});
var viewerSchema = object({ viewer: object({ login: string().min(1) }) });
var userSchema = object({ login: string().min(1) });
async function tokenIdentity(octokit, log) {
  let installation = false;
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    const user = userSchema.safeParse(data);
    if (user.success) return user.data.login;
  } catch (error) {
    installation = httpStatus(error) === 403;
  }
  try {
    const viewer = viewerSchema.safeParse(await octokit.graphql("query { viewer { login } }"));
    if (viewer.success) return viewer.data.viewer.login;
  } catch (error) {
    log.debug(
      `pr-comment: GraphQL did not name the token's identity: ${error instanceof Error ? error.message : String(error)}`
    );
  }
  return installation ? ACTIONS_BOT_LOGIN : null;
}
async function findOwnComment(octokit, where, marker, identity, log) {
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
        `pr-comment: comment ${comment.data.id} carries the drill's marker but was written by ${author ?? "an unknown user"}, not ${identity ?? "this token"}: left alone`
      );
    }
  }
  return null;
}
async function upsertPullRequestComment(opts) {
  const octokit = getOctokit(opts.token, {
    baseUrl: (process.env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, "")
  });
  const where = { owner: opts.owner, repo: opts.repo };
  const marker = opts.marker ?? COMMENT_MARKER;
  const body = commentBody(opts.body, opts.runUrl, opts.artifactUrl ?? null, marker);
  try {
    const identity = await tokenIdentity(octokit, opts.log);
    if (identity === null) {
      opts.log.warning(
        "pr-comment: GitHub did not say whose token this is, so no earlier drill comment can be told from a planted one: a new comment is written"
      );
    }
    const existing = await findOwnComment(
      octokit,
      { ...where, issue_number: opts.issueNumber },
      marker,
      identity,
      opts.log
    );
    if (existing !== null) {
      await octokit.rest.issues.updateComment({ ...where, comment_id: existing, body });
      opts.log.info(`Updated the drill report comment on pull request #${opts.issueNumber}`);
      return { action: "updated", commentId: existing };
    }
    const { data } = await octokit.rest.issues.createComment({ ...where, issue_number: opts.issueNumber, body });
    opts.log.info(`Commented the drill report on pull request #${opts.issueNumber}`);
    return { action: "created", commentId: data.id };
  } catch (error) {
    const status = httpStatus(error);
    const message = status === 403 || status === 401 ? `pr-comment: GitHub refused to comment on pull request #${opts.issueNumber} (HTTP ${status}); ${PULL_REQUESTS_WRITE_HINT}` : `pr-comment: could not comment on pull request #${opts.issueNumber}: ${error instanceof Error ? error.message : String(error)}`;
    opts.log.warning(message);
    return { action: "skipped", commentId: null };
  }
}
export {
  ACTIONS_BOT_LOGIN,
  COMMENT_MARKER,
  FLEET_COMMENT_MARKER,
  GITHUB_COMMENT_LIMIT,
  PULL_REQUESTS_WRITE_HINT,
  commentBody,
  commentMarker,
  tokenIdentity,
  upsertPullRequestComment
};
