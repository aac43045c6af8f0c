// backup-source: artifact:NAME or artifact:OWNER/REPO/NAME — the newest unexpired workflow artifact
// of that name (this repository when OWNER/REPO is absent), found through the REST API and
// downloaded with @actions/artifact; the files inside are then chosen among like a local folder,
// dated by the artifact's created_at (extraction gives every file the time of the download).
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { DrillContext } from '../model/context.js';
import { formatBytes } from '../util/format.js';
import { backupPick } from './pick.js';
import { freeBytes } from './remote-http.js';
import type { RemoteSelection } from './remote-select.js';
import { selectLocalBackup } from './select.js';
import { EXTRACT_RESERVE_BYTES, extractZipBounded } from './zip-extract.js';

interface ArtifactRef {
  owner: string;
  repo: string;
  name: string;
}

/** A failure the user fixes in the workflow (token, permissions, name): its message is the whole story. */
class SourceError extends Error {
  override name = 'SourceError';
}

function parseArtifactSource(source: string, env: NodeJS.ProcessEnv): ArtifactRef {
  const rest = source.trim().replace(/^artifact:/i, '');
  const parts = rest.split('/');
  if (parts.length === 3 && parts.every((p) => p !== '')) {
    return { owner: parts[0]!, repo: parts[1]!, name: parts[2]! };
  }
  if (parts.length !== 1 || rest === '') {
    throw new SourceError(`'${source}' is not of the form artifact:NAME or artifact:OWNER/REPO/NAME`);
  }
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo) {
    throw new SourceError(
      `'${source}' names no repository and GITHUB_REPOSITORY is not set (not a workflow run): use artifact:OWNER/REPO/NAME`,
    );
  }
  return { owner, repo, name: rest };
}

interface ListedArtifact {
  id: number;
  name: string;
  expired: boolean;
  created_at?: string | null;
  digest?: string | null;
  size_in_bytes?: number | null;
  workflow_run?: {
    id?: number | null;
    repository_id?: number | null;
    head_repository_id?: number | null;
    head_branch?: string | null;
    head_sha?: string | null;
  } | null;
}

function httpStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

function explain(error: unknown, ref: ArtifactRef, what: string, ctx: DrillContext): SourceError {
  const status = httpStatus(error);
  const repo = `${ref.owner}/${ref.repo}`;
  if (status === 403 || status === 401) {
    return new SourceError(
      `GitHub refused to ${what} of ${repo} (HTTP ${status}): give github-token access to the repository's artifacts (the job needs \`permissions: actions: read\`)`,
    );
  }
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new SourceError(ctx.secrets.redact(`could not ${what} of ${repo}: ${message}`));
}

/** The run an artifact came from, as the report names it. */
interface ArtifactRun {
  id: number;
  branch: string;
  sha: string | null;
  workflow: string | null;
}

type Octokit = ReturnType<typeof import('@actions/github').getOctokit>;

/** The branch whose runs count: backup-artifact-branch, else the repository's default branch. */
async function wantedBranch(ctx: DrillContext, octokit: Octokit, ref: ArtifactRef): Promise<string> {
  if (ctx.config.backupArtifactBranch) return ctx.config.backupArtifactBranch;
  try {
    const { data } = await octokit.rest.repos.get({ owner: ref.owner, repo: ref.repo });
    return data.default_branch;
  } catch (error) {
    throw explain(
      error,
      ref,
      "read the default branch (set backup-artifact-branch to name the branch whose runs' artifacts count)",
      ctx,
    );
  }
}

/** Why a listed artifact does not count, or null when it does (workflow checked apart). */
function provenanceProblem(a: ListedArtifact, branch: string): string | null {
  const run = a.workflow_run;
  if (!run?.id) return 'names no workflow run';
  if (run.repository_id == null || run.head_repository_id == null)
    return "the listing does not say which repository the run's code came from";
  if (run.head_repository_id !== run.repository_id) return "from a fork's run (a pull request from another repository)";
  if (branch !== '*' && run.head_branch !== branch) return `from branch ${run.head_branch ?? '(none)'}, not ${branch}`;
  return null;
}

/**
 * The newest unexpired artifact of that name from a run this drill may trust: of the repository
 * itself (never a fork's pull request), on the wanted branch, of the wanted workflow.
 */
async function newestArtifact(
  ctx: DrillContext,
  ref: ArtifactRef,
  token: string,
): Promise<{ artifact: ListedArtifact; run: ArtifactRun }> {
  const github = await import('@actions/github');
  const baseUrl = (ctx.env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
  const octokit = github.getOctokit(token, { baseUrl });
  let listed: ListedArtifact[];
  try {
    const { data } = await octokit.rest.actions.listArtifactsForRepo({
      owner: ref.owner,
      repo: ref.repo,
      name: ref.name,
      per_page: 100,
    });
    listed = data.artifacts.filter((a) => a.name === ref.name);
  } catch (error) {
    throw explain(error, ref, 'list the workflow artifacts', ctx);
  }
  const time = (a: ListedArtifact) => Date.parse(a.created_at ?? '') || 0;
  const live = listed.filter((a) => !a.expired).sort((a, b) => time(b) - time(a) || b.id - a.id);
  if (live.length === 0) {
    const expired = listed.length > 0 ? ` (${listed.length} expired)` : '';
    throw new SourceError(`no unexpired artifact named '${ref.name}' in ${ref.owner}/${ref.repo}${expired}`);
  }
  const branch = await wantedBranch(ctx, octokit, ref);
  const workflow = ctx.config.backupArtifactWorkflow;
  const turnedAway = new Map<string, number>();
  const refuse = (why: string) => turnedAway.set(why, (turnedAway.get(why) ?? 0) + 1);
  // Each candidate's workflow is one more request: the newest 20 that pass the rest are asked.
  let asked = 0;
  for (const artifact of live) {
    const problem = provenanceProblem(artifact, branch);
    if (problem) {
      refuse(problem);
      continue;
    }
    const id = artifact.workflow_run?.id as number;
    let workflowName: string | null = null;
    if (workflow !== null) {
      if (asked++ >= 20) break;
      try {
        const { data } = await octokit.rest.actions.getWorkflowRun({ owner: ref.owner, repo: ref.repo, run_id: id });
        const file = (data.path ?? '').replace(/@.*$/, '').split('/').pop() ?? '';
        workflowName = file || data.name || null;
        if (file !== workflow && data.name !== workflow && data.path !== workflow) {
          refuse(`from workflow ${file || data.name || '(unknown)'}, not ${workflow}`);
          continue;
        }
      } catch (error) {
        throw explain(error, ref, `read workflow run ${id}`, ctx);
      }
    }
    const run = artifact.workflow_run;
    return {
      artifact,
      run: { id, branch: run?.head_branch ?? branch, sha: run?.head_sha ?? null, workflow: workflowName },
    };
  }
  const why = [...turnedAway].map(([reason, n]) => `${n} ${reason}`).join('; ');
  const wanted = `${branch === '*' ? 'any branch' : `branch ${branch}`} of ${ref.owner}/${ref.repo} itself${workflow ? `, workflow ${workflow}` : ''}`;
  throw new SourceError(
    `no artifact named '${ref.name}' from a run on ${wanted} (${live.length} unexpired: ${why}); ` +
      "artifacts of forks' runs never count; set backup-artifact-branch or backup-artifact-workflow to accept others",
  );
}

export async function selectArtifactBackup(ctx: DrillContext, dir: string): Promise<RemoteSelection> {
  const ref = parseArtifactSource(ctx.config.backupSource, ctx.env);
  const token = ctx.config.githubToken;
  if (!token) {
    throw new SourceError(
      'an artifact: source needs github-token (the default `${{ github.token }}` works within this repository)',
    );
  }
  ctx.secrets.add(token);
  const { artifact, run } = await newestArtifact(ctx, ref, token);
  const runId = run.id;
  const from = [
    `on ${run.branch}`,
    run.sha ? `at ${run.sha.slice(0, 12)}` : null,
    run.workflow ? `workflow ${run.workflow}` : null,
  ];
  const label = `artifact:${ref.owner}/${ref.repo}/${ref.name} (id ${artifact.id}, run ${runId} ${from.filter(Boolean).join(', ')})`;
  ctx.log.info(`Artifact: downloading ${label}, created ${artifact.created_at ?? 'at an unknown time'}`);
  const folder = path.join(dir, 'artifact');
  await mkdir(folder, { recursive: true });
  // The zip is downloaded as it is (its size, as GitHub lists it, checked against the free space
  // first) and extracted here, bounded like every other source: a zip bomb stops at the reserve.
  const listedSize = artifact.size_in_bytes ?? 0;
  const room = (await freeBytes(dir)) ?? Number.POSITIVE_INFINITY;
  if (listedSize + EXTRACT_RESERVE_BYTES > room) {
    throw new SourceError(
      `artifact ${artifact.id} is ${formatBytes(listedSize)} but the temporary folder ${dir} has ${formatBytes(room)} free; nothing was downloaded`,
    );
  }
  const zipFolder = path.join(dir, 'zip');
  await mkdir(zipFolder, { recursive: true });
  try {
    // Loaded on demand: the artifact client (and Azure's blob client under it) is most of the bundle.
    const { DefaultArtifactClient } = await import('@actions/artifact');
    const result = await new DefaultArtifactClient().downloadArtifact(artifact.id, {
      path: zipFolder,
      skipDecompress: true,
      ...(artifact.digest ? { expectedHash: artifact.digest } : {}),
      findBy: { token, workflowRunId: runId, repositoryOwner: ref.owner, repositoryName: ref.repo },
    });
    if (result.digestMismatch)
      throw new Error(`the downloaded zip does not match the artifact's digest ${artifact.digest}`);
  } catch (error) {
    throw explain(error, ref, `download artifact ${artifact.id}`, ctx);
  }
  const [zipName] = await readdir(zipFolder);
  if (!zipName) throw new SourceError(`artifact ${artifact.id} downloaded nothing`);
  const zipPath = path.join(zipFolder, zipName);
  try {
    await extractZipBounded(zipPath, folder);
  } catch (error) {
    throw new SourceError(ctx.secrets.redact(`artifact ${artifact.id}: ${(error as Error).message}`));
  } finally {
    await rm(zipFolder, { recursive: true, force: true });
  }
  const created = artifact.created_at ? new Date(artifact.created_at) : null;
  const selection = await selectLocalBackup(
    folder,
    ctx.config.backupPattern,
    created && !Number.isNaN(created.getTime())
      ? { modifiedAt: created, modifiedAtOrigin: 'remote modification time (artifact created_at)' }
      : {},
    backupPick(ctx.config, ctx.env),
  );
  const inside = selection.chosen ? path.relative(folder, selection.chosen.path) : null;
  return {
    ...selection,
    searched: `the files of ${label}`,
    resolved: inside === null ? null : inside === '' ? label : `${label}/${inside.split(path.sep).join('/')}`,
  };
}
