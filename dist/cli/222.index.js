export const id = 222;
export const ids = [222];
export const modules = {

/***/ 44222:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ACTIONS_READ_HINT: () => (/* binding */ ACTIONS_READ_HINT),
  httpStatus: () => (/* binding */ httpStatus),
  loadAutoBaseline: () => (/* binding */ loadAutoBaseline)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/@actions/artifact/lib/artifact.js + 318 modules
var artifact = __webpack_require__(35690);
// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js
var github = __webpack_require__(61351);
// EXTERNAL MODULE: ./src/util/temp-files.ts
var temp_files = __webpack_require__(27558);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
;// CONCATENATED MODULE: ./src/compare/github-env.ts
// What a workflow run tells about itself through the runner's environment variables and the
// event file; read from the drill's env (process.env in production, a copy in tests).

function readEvent(file) {
    if (!file)
        return null;
    try {
        const data = JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
        return typeof data === 'object' && data !== null ? data : null;
    }
    catch {
        return null;
    }
}
/** Null off GitHub Actions (no repository or run id): there are no earlier runs to ask for. */
function readGitHubRunEnv(env) {
    const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
    const runId = Number(env.GITHUB_RUN_ID);
    if (!owner || !repo || !Number.isSafeInteger(runId) || runId <= 0)
        return null;
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
function stringAt(value, ...keys) {
    let node = value;
    for (const key of keys) {
        if (typeof node !== 'object' || node === null)
            return null;
        node = node[key];
    }
    return typeof node === 'string' && node !== '' ? node : null;
}
/** The branch whose runs form the baseline: a pull request's base, else the default branch; null when the event does not say. */
function baselineBranchFromEvent(gh) {
    if (gh.eventName === 'pull_request' || gh.eventName === 'pull_request_target') {
        const base = stringAt(gh.event, 'pull_request', 'base', 'ref');
        if (base)
            return base;
    }
    return stringAt(gh.event, 'repository', 'default_branch');
}
/** The pull request number of a pull_request event; null for any other event. */
function pullRequestNumber(gh) {
    if (gh.eventName !== 'pull_request' && gh.eventName !== 'pull_request_target')
        return null;
    const pr = gh.event?.pull_request;
    const n = typeof pr === 'object' && pr !== null ? pr.number : undefined;
    return typeof n === 'number' ? n : null;
}

// EXTERNAL MODULE: ./src/compare/report-file.ts
var report_file = __webpack_require__(50824);
;// CONCATENATED MODULE: ./src/compare/baseline-auto.ts
// `baseline: auto`: the reports of this workflow's recent completed runs on the default branch
// (on a pull request, its base branch), from the artifacts those runs uploaded. Failed runs count:
// a run that failed because of a regression uploaded its report, and the next drill must compare
// with it, or a loss would be reported every night after; a run that uploaded no report is skipped
// and said so. Few API calls:
// runs are listed newest first, page by page, and the listing stops once the window is full.
// Nothing here fails the drill: a refused request, an expired artifact or a report of an
// unknown version becomes a warning or a note, and the comparison works with what it has.







const ACTIONS_READ_HINT = "grant the job `permissions: actions: read` (and `contents: read`) so it can list this workflow's runs and download their artifacts";
/** The HTTP status of an Octokit RequestError, or undefined. */
function httpStatus(error) {
    const status = error?.status;
    return typeof status === 'number' ? status : undefined;
}
function hasNextPage(link) {
    return link !== undefined && /rel="next"/.test(link);
}
async function findReportJson(dir) {
    const entries = await (0,promises_.readdir)(dir, { recursive: true, withFileTypes: true });
    const files = entries
        .filter((e) => e.isFile() && e.name === 'report.json')
        .map((e) => external_node_path_default().join(e.parentPath, e.name))
        // The shallowest one: the report itself, not a copy of an earlier one inside it.
        .sort((a, b) => a.split((external_node_path_default()).sep).length - b.split((external_node_path_default()).sep).length);
    return files[0] ?? null;
}
class AutoBaseline {
    ctx;
    gh;
    octokit;
    token;
    artifactName;
    tmp;
    notes = [];
    /** Kept on the instance so a request refused halfway still leaves the reports found before it. */
    found = [];
    artifacts = new artifact.DefaultArtifactClient();
    constructor(ctx, gh, octokit, token, artifactName, tmp) {
        this.ctx = ctx;
        this.gh = gh;
        this.octokit = octokit;
        this.token = token;
        this.artifactName = artifactName;
        this.tmp = tmp;
    }
    async branch() {
        const fromEvent = baselineBranchFromEvent(this.gh);
        if (fromEvent)
            return fromEvent;
        const { data } = await this.octokit.rest.repos.get({ owner: this.gh.owner, repo: this.gh.repo });
        return data.default_branch;
    }
    async workflowId() {
        if (this.gh.workflowFile)
            return this.gh.workflowFile;
        const { data } = await this.octokit.rest.actions.getWorkflowRun({
            owner: this.gh.owner,
            repo: this.gh.repo,
            run_id: this.gh.runId,
        });
        return data.workflow_id;
    }
    /** Walks the completed runs newest first until `window` reports are in hand. */
    async collect(workflowId, branch, window, currentRunId) {
        const found = this.found;
        const perPage = Math.min(100, Math.max(10, window * 2));
        // Runs without a usable artifact cost calls too; past this many, stop looking.
        const maxRunsExamined = Math.max(20, window * 4);
        const fullName = `${this.gh.owner}/${this.gh.repo}`.toLowerCase();
        let examined = 0;
        for (let page = 1;; page++) {
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
            for (const run of response.data.workflow_runs) {
                if (run.id === this.gh.runId || String(run.id) === currentRunId)
                    continue;
                // A fork's pull request can come from a branch that is also called main: not the base branch's history.
                if (run.event.startsWith('pull_request'))
                    continue;
                if (run.head_repository?.full_name && run.head_repository.full_name.toLowerCase() !== fullName)
                    continue;
                examined++;
                const got = await this.reportOfRun(run);
                if (got)
                    found.push(got);
                if (found.length >= window)
                    return;
                if (examined >= maxRunsExamined) {
                    this.notes.push(`stopped after ${examined} earlier runs with only ${found.length} usable report(s)`);
                    return;
                }
            }
            if (!hasNextPage(response.headers.link))
                return;
        }
    }
    async reportOfRun(run) {
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
            this.notes.push(named.length > 0
                ? `${label}: artifact ${this.artifactName} expired, skipped`
                : `${label} (${run.conclusion ?? 'no conclusion'}): uploaded no report (no artifact ${this.artifactName}), skipped`);
            return null;
        }
        const dir = external_node_path_default().join(this.tmp, String(run.id));
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
        }
        catch (error) {
            const status = httpStatus(error);
            // Refused, or a server where artifacts of other runs cannot be downloaded: no other run will do better.
            if (status === 403 || status === 401 || error.name === 'GHESNotSupportedError')
                throw error;
            const why = status === 404 || status === 410 ? 'artifact expired or deleted' : this.redacted(error);
            if (status !== 404 && status !== 410)
                this.ctx.log.warning(`baseline: ${label}: download failed: ${why}`);
            this.notes.push(`${label}: ${why}, skipped`);
            return null;
        }
        const file = await findReportJson(dir);
        if (!file) {
            this.notes.push(`${label}: artifact ${this.artifactName} holds no report.json, skipped`);
            return null;
        }
        const parsed = await (0,report_file/* readReportFile */.$h)(file);
        if (!parsed.ok) {
            const message = `${label}: ${parsed.reason}, skipped`;
            if (parsed.kind === 'unknown-version')
                this.ctx.log.warning(`baseline: ${message}`);
            this.notes.push(message);
            return null;
        }
        // An artifact name shared by the legs of a matrix would mix drills: only this drill's report counts.
        if (parsed.report.drillName !== this.ctx.config.drillName) {
            const theirs = parsed.report.drillName === null ? 'a drill without drill-name' : `drill '${parsed.report.drillName}'`;
            this.notes.push(`${label}: the report is of ${theirs}, not this one, skipped`);
            return null;
        }
        return { report: parsed.report, source: `artifact ${artifact.id} of run ${run.id}`, runUrl: run.html_url };
    }
    redacted(error) {
        return this.ctx.secrets.redact(error instanceof Error ? error.message : String(error));
    }
}
async function loadAutoBaseline(ctx, current) {
    const gh = readGitHubRunEnv(ctx.env);
    if (gh === null) {
        ctx.log.info('baseline: auto needs a GitHub Actions workflow run; off GitHub there are no earlier runs to compare with');
        return { info: null, reports: [] };
    }
    const info = { kind: 'auto', source: `workflow runs of ${gh.owner}/${gh.repo}`, runs: [], notes: [] };
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
    const temp = await (0,temp_files/* makeTempDir */.mk)('baseline', ctx.env);
    const tmp = temp.dir;
    const auto = new AutoBaseline(ctx, gh, github.getOctokit(token, { baseUrl: gh.apiUrl }), token, ctx.config.artifactName, tmp);
    try {
        const branch = await auto.branch();
        const workflowId = await auto.workflowId();
        info.source = `completed runs of workflow ${workflowId} on ${branch} (artifact ${ctx.config.artifactName})`;
        await auto.collect(workflowId, branch, ctx.config.baselineWindow, current.run.runId);
    }
    catch (error) {
        const status = httpStatus(error);
        const message = status === 403 || status === 401
            ? `baseline: GitHub refused to list earlier runs or download their reports (HTTP ${status}); ${ACTIONS_READ_HINT}`
            : `baseline: could not read earlier runs: ${auto.redacted(error)}`;
        ctx.log.warning(message);
        auto.notes.push(message);
    }
    finally {
        await temp.dispose();
    }
    const reports = (0,report_file/* newestFirst */.ll)(auto.found.map((f) => f.report));
    const byReport = new Map(auto.found.map((f) => [f.report, f]));
    info.runs = reports.map((r) => {
        const f = byReport.get(r);
        const run = (0,report_file/* toBaselineRun */.mm)(r, f?.source ?? 'artifact');
        return { ...run, runUrl: run.runUrl ?? f?.runUrl ?? null };
    });
    info.notes.push(...auto.notes);
    if (reports.length === 0)
        info.notes.push('no earlier drill report found');
    return { info, reports };
}


/***/ })

};
