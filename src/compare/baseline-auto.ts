// `baseline: auto`: the reports of this workflow's recent completed runs on the default branch
// (on a pull request, its base branch), from the artifacts those runs uploaded. Failed runs count:
// a run that failed because of a regression uploaded its report, and the next drill must compare
// with it, or a loss would be reported every night after; a run that uploaded no report is skipped
// and said so. Few API calls:
// runs are listed newest first, page by page, and the listing stops once the window is full.
// Nothing here fails the drill: a refused request, an expired artifact or a report of an
// unknown version becomes a warning or a note, and the comparison works with what it has.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import * as github from '@actions/github';
import type { DrillContext } from '../model/context.js';
import type { BaselineInfo, DrillReport, RunInfo } from '../model/types.js';
import { makeTempDir } from '../util/temp-files.js';
import { baselineBranchFromEvent, type GitHubRunEnv, readGitHubRunEnv } from './github-env.js';
import { newestFirst, readReportFile, toBaselineRun } from './report-file.js';

type Octokit = ReturnType<typeof github.getOctokit>;

interface ListedRun {
  id: number;
  event: string;
  html_url: string;
  created_at: string;
  conclusion?: string | null;
  head_repository?: { full_name?: string } | null;
}

interface Found {
  report: DrillReport;
  source: string;
  runUrl: string;
}

export const ACTIONS_READ_HINT =
  "grant the job `permissions: actions: read` (and `contents: read`) so it can list this workflow's runs and download their artifacts";

/** The HTTP status of an Octokit RequestError, or undefined. */
export function httpStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

function hasNextPage(link: string | undefined): boolean {
  return link !== undefined && /rel="next"/.test(link);
}

async function findReportJson(dir: string): Promise<string | null> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && e.name === 'report.json')
    .map((e) => path.join(e.parentPath, e.name))
    // The shallowest one: the report itself, not a copy of an earlier one inside it.
    .sort((a, b) => a.split(path.sep).length - b.split(path.sep).length);
  return files[0] ?? null;
}

class AutoBaseline {
  readonly notes: string[] = [];
  /** Kept on the instance so a request refused halfway still leaves the reports found before it. */
  readonly found: Found[] = [];
  private readonly artifacts = new DefaultArtifactClient();

  constructor(
    private readonly ctx: DrillContext,
    private readonly gh: GitHubRunEnv,
    private readonly octokit: Octokit,
    private readonly token: string,
    private readonly artifactName: string,
    private readonly tmp: string,
  ) {}

  async branch(): Promise<string> {
    const fromEvent = baselineBranchFromEvent(this.gh);
    if (fromEvent) return fromEvent;
    const { data } = await this.octokit.rest.repos.get({ owner: this.gh.owner, repo: this.gh.repo });
    return data.default_branch;
  }

  async workflowId(): Promise<string | number> {
    if (this.gh.workflowFile) return this.gh.workflowFile;
    const { data } = await this.octokit.rest.actions.getWorkflowRun({
      owner: this.gh.owner,
      repo: this.gh.repo,
      run_id: this.gh.runId,
    });
    return data.workflow_id;
  }

  /** Walks the completed runs newest first until `window` reports are in hand. */
  async collect(workflowId: string | number, branch: string, window: number, currentRunId: string | null) {
    const found = this.found;
    const perPage = Math.min(100, Math.max(10, window * 2));
    // Runs without a usable artifact cost calls too; past this many, stop looking.
    const maxRunsExamined = Math.max(20, window * 4);
    const fullName = `${this.gh.owner}/${this.gh.repo}`.toLowerCase();
    let examined = 0;
    for (let page = 1; ; page++) {
      const response = await this.octokit.rest.actions.listWorkflowRuns({
        owner: this.gh.owner,
        repo: this.gh.repo,
        workflow_id: workflowId,
        branch,
        status: 'completed',
        exclude_pull_requests: true,
        per_page: perPage,
        page,
      });
      for (const run of response.data.workflow_runs as ListedRun[]) {
        if (run.id === this.gh.runId || String(run.id) === currentRunId) continue;
        // A fork's pull request can come from a branch that is also called main: not the base branch's history.
        if (run.event.startsWith('pull_request')) continue;
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

  private async reportOfRun(run: ListedRun): Promise<Found | null> {
    const label = `run ${run.id} (${run.created_at})`;
    const { data } = await this.octokit.rest.actions.listWorkflowRunArtifacts({
      owner: this.gh.owner,
      repo: this.gh.repo,
      run_id: run.id,
      name: this.artifactName,
      per_page: 10,
    });
    const named = data.artifacts.filter((a) => a.name === this.artifactName);
    // Several attempts of one run may each have uploaded one: the newest counts.
    const artifact = named.filter((a) => !a.expired).sort((a, b) => b.id - a.id)[0];
    if (!artifact) {
      this.notes.push(
        named.length > 0
          ? `${label}: artifact ${this.artifactName} expired, skipped`
          : `${label} (${run.conclusion ?? 'no conclusion'}): uploaded no report (no artifact ${this.artifactName}), skipped`,
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
          repositoryName: this.gh.repo,
        },
      });
    } catch (error) {
      const status = httpStatus(error);
      // Refused, or a server where artifacts of other runs cannot be downloaded: no other run will do better.
      if (status === 403 || status === 401 || (error as Error).name === 'GHESNotSupportedError') throw error;
      const why = status === 404 || status === 410 ? 'artifact expired or deleted' : this.redacted(error);
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
      if (parsed.kind === 'unknown-version') this.ctx.log.warning(`baseline: ${message}`);
      this.notes.push(message);
      return null;
    }
    // An artifact name shared by the legs of a matrix would mix drills: only this drill's report counts.
    if (parsed.report.drillName !== this.ctx.config.drillName) {
      const theirs =
        parsed.report.drillName === null ? 'a drill without drill-name' : `drill '${parsed.report.drillName}'`;
      this.notes.push(`${label}: the report is of ${theirs}, not this one, skipped`);
      return null;
    }
    return { report: parsed.report, source: `artifact ${artifact.id} of run ${run.id}`, runUrl: run.html_url };
  }

  redacted(error: unknown): string {
    return this.ctx.secrets.redact(error instanceof Error ? error.message : String(error));
  }
}

export async function loadAutoBaseline(
  ctx: DrillContext,
  current: { run: RunInfo },
): Promise<{ info: BaselineInfo | null; reports: DrillReport[] }> {
  const gh = readGitHubRunEnv(ctx.env);
  if (gh === null) {
    ctx.log.info(
      'baseline: auto needs a GitHub Actions workflow run; off GitHub there are no earlier runs to compare with',
    );
    return { info: null, reports: [] };
  }
  const info: BaselineInfo = { kind: 'auto', source: `workflow runs of ${gh.owner}/${gh.repo}`, runs: [], notes: [] };
  const token = ctx.config.githubToken;
  if (!token) {
    const message = 'baseline: auto needs github-token to read earlier runs; comparison skipped';
    ctx.log.warning(message);
    info.notes.push(message);
    return { info, reports: [] };
  }
  if (!ctx.config.artifactName) {
    info.notes.push('artifact-name is empty: runs upload no report, so there are none to compare with');
    return { info, reports: [] };
  }
  ctx.secrets.add(token);
  const temp = await makeTempDir('baseline', ctx.env);
  const tmp = temp.dir;
  const auto = new AutoBaseline(
    ctx,
    gh,
    github.getOctokit(token, { baseUrl: gh.apiUrl }),
    token,
    ctx.config.artifactName,
    tmp,
  );
  try {
    const branch = await auto.branch();
    const workflowId = await auto.workflowId();
    info.source = `completed runs of workflow ${workflowId} on ${branch} (artifact ${ctx.config.artifactName})`;
    await auto.collect(workflowId, branch, ctx.config.baselineWindow, current.run.runId);
  } catch (error) {
    const status = httpStatus(error);
    const message =
      status === 403 || status === 401
        ? `baseline: GitHub refused to list earlier runs or download their reports (HTTP ${status}); ${ACTIONS_READ_HINT}`
        : `baseline: could not read earlier runs: ${auto.redacted(error)}`;
    ctx.log.warning(message);
    auto.notes.push(message);
  } finally {
    await temp.dispose();
  }
  const reports = newestFirst(auto.found.map((f) => f.report));
  const byReport = new Map(auto.found.map((f) => [f.report, f]));
  info.runs = reports.map((r) => {
    const f = byReport.get(r);
    const run = toBaselineRun(r, f?.source ?? 'artifact');
    return { ...run, runUrl: run.runUrl ?? f?.runUrl ?? null };
  });
  info.notes.push(...auto.notes);
  if (reports.length === 0) info.notes.push('no earlier drill report found');
  return { info, reports };
}
