import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  newestFirst,
  readReportFile,
  toBaselineRun
} from "./chunk-SKOUYL5F.js";
import "./chunk-ERDHK7FH.js";
import {
  makeTempDir
} from "./chunk-4W44TVMQ.js";
import "./chunk-KTT63NWK.js";
import "./chunk-WFPRG6TS.js";
import {
  DefaultArtifactClient
} from "./chunk-65NDCDBB.js";
import "./chunk-X36LIMJ5.js";
import {
  getOctokit
} from "./chunk-6OTSEEQP.js";
import "./chunk-FA3P4WUT.js";
import "./chunk-TZ6PIJFA.js";

// src/compare/baseline-auto.ts
import { readdir } from "node:fs/promises";
import path from "node:path";

// src/compare/github-env.ts
import { readFileSync } from "node:fs";
function readEvent(file) {
  if (!file) return null;
  try {
    const data = JSON.parse(readFileSync(file, "utf8"));
    return typeof data === "object" && data !== null ? data : null;
  } catch {
    return null;
  }
}
function readGitHubRunEnv(env) {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? "").split("/");
  const runId = Number(env.GITHUB_RUN_ID);
  if (!owner || !repo || !Number.isSafeInteger(runId) || runId <= 0) return null;
  const workflowPath = (env.GITHUB_WORKFLOW_REF ?? "").split("@")[0] ?? "";
  const workflowFile = /\/\.github\/workflows\/([^/]+)$/.exec(workflowPath)?.[1] ?? null;
  return {
    apiUrl: (env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, ""),
    owner,
    repo,
    runId,
    eventName: env.GITHUB_EVENT_NAME ?? "",
    workflowFile,
    event: readEvent(env.GITHUB_EVENT_PATH)
  };
}
function stringAt(value, ...keys) {
  let node = value;
  for (const key of keys) {
    if (typeof node !== "object" || node === null) return null;
    node = node[key];
  }
  return typeof node === "string" && node !== "" ? node : null;
}
function baselineBranchFromEvent(gh) {
  if (gh.eventName === "pull_request" || gh.eventName === "pull_request_target") {
    const base = stringAt(gh.event, "pull_request", "base", "ref");
    if (base) return base;
  }
  return stringAt(gh.event, "repository", "default_branch");
}

// src/compare/baseline-auto.ts
var ACTIONS_READ_HINT = "grant the job `permissions: actions: read` (and `contents: read`) so it can list this workflow's runs and download their artifacts";
function httpStatus(error) {
  const status = error?.status;
  return typeof status === "number" ? status : void 0;
}
function hasNextPage(link) {
  return link !== void 0 && /rel="next"/.test(link);
}
async function findReportJson(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && e.name === "report.json").map((e) => path.join(e.parentPath, e.name)).sort((a, b) => a.split(path.sep).length - b.split(path.sep).length);
  return files[0] ?? null;
}
var AutoBaseline = class {
  constructor(ctx, gh, octokit, token, artifactName, tmp) {
    this.ctx = ctx;
    this.gh = gh;
    this.octokit = octokit;
    this.token = token;
    this.artifactName = artifactName;
    this.tmp = tmp;
  }
  ctx;
  gh;
  octokit;
  token;
  artifactName;
  tmp;
  notes = [];
  /** Kept on the instance so a request refused halfway still leaves the reports found before it. */
  found = [];
  artifacts = new DefaultArtifactClient();
  async branch() {
    const fromEvent = baselineBranchFromEvent(this.gh);
    if (fromEvent) return fromEvent;
    const { data } = await this.octokit.rest.repos.get({ owner: this.gh.owner, repo: this.gh.repo });
    return data.default_branch;
  }
  async workflowId() {
    if (this.gh.workflowFile) return this.gh.workflowFile;
    const { data } = await this.octokit.rest.actions.getWorkflowRun({
      owner: this.gh.owner,
      repo: this.gh.repo,
      run_id: this.gh.runId
    });
    return data.workflow_id;
  }
  /** Walks the completed runs newest first until `window` reports are in hand. */
  async collect(workflowId, branch, window, currentRunId) {
    const found = this.found;
    const perPage = Math.min(100, Math.max(10, window * 2));
    const maxRunsExamined = Math.max(20, window * 4);
    const fullName = `${this.gh.owner}/${this.gh.repo}`.toLowerCase();
    let examined = 0;
    for (let page = 1; ; page++) {
      const response = await this.octokit.rest.actions.listWorkflowRuns({
        owner: this.gh.owner,
        repo: this.gh.repo,
        workflow_id: workflowId,
        branch,
        status: "completed",
        exclude_pull_requests: true,
        per_page: perPage,
        page
      });
      for (const run of response.data.workflow_runs) {
        if (run.id === this.gh.runId || String(run.id) === currentRunId) continue;
        if (run.event.startsWith("pull_request")) continue;
        if (run.head_repository?.full_name && run.head_repository.full_name.toLowerCase() !== fullName) continue;
        examined++;
        const got = await this.reportOfRun(run);
        if (got) found.push(got);
        if (found.length >= window) return;
        if (examined >= maxRunsExamined) {
          this.notes.push(`stopped after ${examined} earlier runs with only ${found.length} usable report(s)`);
          return;
        }
      }
      if (!hasNextPage(response.headers.link)) return;
    }
  }
  async reportOfRun(run) {
    const label = `run ${run.id} (${run.created_at})`;
    const { data } = await this.octokit.rest.actions.listWorkflowRunArtifacts({
      owner: this.gh.owner,
      repo: this.gh.repo,
      run_id: run.id,
      name: this.artifactName,
      per_page: 10
    });
    const named = data.artifacts.filter((a) => a.name === this.artifactName);
    const artifact = named.filter((a) => !a.expired).sort((a, b) => b.id - a.id)[0];
    if (!artifact) {
      this.notes.push(
        named.length > 0 ? `${label}: artifact ${this.artifactName} expired, skipped` : `${label} (${run.conclusion ?? "no conclusion"}): uploaded no report (no artifact ${this.artifactName}), skipped`
      );
      return null;
    }
    const dir = path.join(this.tmp, String(run.id));
    try {
      await this.artifacts.downloadArtifact(artifact.id, {
        path: dir,
        findBy: {
          token: this.token,
          workflowRunId: run.id,
          repositoryOwner: this.gh.owner,
          repositoryName: this.gh.repo
        }
      });
    } catch (error) {
      const status = httpStatus(error);
      if (status === 403 || status === 401 || error.name === "GHESNotSupportedError") throw error;
      const why = status === 404 || status === 410 ? "artifact expired or deleted" : this.redacted(error);
      if (status !== 404 && status !== 410) this.ctx.log.warning(`baseline: ${label}: download failed: ${why}`);
      this.notes.push(`${label}: ${why}, skipped`);
      return null;
    }
    const file = await findReportJson(dir);
    if (!file) {
      this.notes.push(`${label}: artifact ${this.artifactName} holds no report.json, skipped`);
      return null;
    }
    const parsed = await readReportFile(file);
    if (!parsed.ok) {
      const message = `${label}: ${parsed.reason}, skipped`;
      if (parsed.kind === "unknown-version") this.ctx.log.warning(`baseline: ${message}`);
      this.notes.push(message);
      return null;
    }
    if (parsed.report.drillName !== this.ctx.config.drillName) {
      const theirs = parsed.report.drillName === null ? "a drill without drill-name" : `drill '${parsed.report.drillName}'`;
      this.notes.push(`${label}: the report is of ${theirs}, not this one, skipped`);
      return null;
    }
    return { report: parsed.report, source: `artifact ${artifact.id} of run ${run.id}`, runUrl: run.html_url };
  }
  redacted(error) {
    return this.ctx.secrets.redact(error instanceof Error ? error.message : String(error));
  }
};
async function loadAutoBaseline(ctx, current) {
  const gh = readGitHubRunEnv(ctx.env);
  if (gh === null) {
    ctx.log.info(
      "baseline: auto needs a GitHub Actions workflow run; off GitHub there are no earlier runs to compare with"
    );
    return { info: null, reports: [] };
  }
  const info = { kind: "auto", source: `workflow runs of ${gh.owner}/${gh.repo}`, runs: [], notes: [] };
  const token = ctx.config.githubToken;
  if (!token) {
    const message = "baseline: auto needs github-token to read earlier runs; comparison skipped";
    ctx.log.warning(message);
    info.notes.push(message);
    return { info, reports: [] };
  }
  if (!ctx.config.artifactName) {
    info.notes.push("artifact-name is empty: runs upload no report, so there are none to compare with");
    return { info, reports: [] };
  }
  ctx.secrets.add(token);
  const temp = await makeTempDir("baseline", ctx.env);
  const tmp = temp.dir;
  const auto = new AutoBaseline(
    ctx,
    gh,
    getOctokit(token, { baseUrl: gh.apiUrl }),
    token,
    ctx.config.artifactName,
    tmp
  );
  try {
    const branch = await auto.branch();
    const workflowId = await auto.workflowId();
    info.source = `completed runs of workflow ${workflowId} on ${branch} (artifact ${ctx.config.artifactName})`;
    await auto.collect(workflowId, branch, ctx.config.baselineWindow, current.run.runId);
  } catch (error) {
    const status = httpStatus(error);
    const message = status === 403 || status === 401 ? `baseline: GitHub refused to list earlier runs or download their reports (HTTP ${status}); ${ACTIONS_READ_HINT}` : `baseline: could not read earlier runs: ${auto.redacted(error)}`;
    ctx.log.warning(message);
    auto.notes.push(message);
  } finally {
    await temp.dispose();
  }
  const reports = newestFirst(auto.found.map((f) => f.report));
  const byReport = new Map(auto.found.map((f) => [f.report, f]));
  info.runs = reports.map((r) => {
    const f = byReport.get(r);
    const run = toBaselineRun(r, f?.source ?? "artifact");
    return { ...run, runUrl: run.runUrl ?? f?.runUrl ?? null };
  });
  info.notes.push(...auto.notes);
  if (reports.length === 0) info.notes.push("no earlier drill report found");
  return { info, reports };
}
export {
  ACTIONS_READ_HINT,
  httpStatus,
  loadAutoBaseline
};
