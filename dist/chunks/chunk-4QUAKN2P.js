import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);

// src/action/pr-comment.ts
import { readFile } from "node:fs/promises";
async function commentOnPullRequest(comment, env = process.env) {
  if (comment.prComment !== "auto" || env.GITHUB_EVENT_NAME !== "pull_request" || !comment.token) return;
  const [github, { commentMarker, FLEET_COMMENT_MARKER, upsertPullRequestComment }] = await Promise.all([
    import("./github-MFJLF2JF.js"),
    import("./pr-comment-PXUW3PBN.js")
  ]);
  await upsertPullRequestComment({
    token: comment.token,
    owner: github.context.repo.owner,
    repo: github.context.repo.repo,
    issueNumber: github.context.issue.number,
    body: await readFile(comment.markdownPath, "utf8"),
    runUrl: comment.runUrl,
    artifactUrl: comment.artifactUrl,
    marker: comment.whose === "fleet" ? FLEET_COMMENT_MARKER : commentMarker(comment.whose.drill),
    log: comment.log
  });
}

export {
  commentOnPullRequest
};
