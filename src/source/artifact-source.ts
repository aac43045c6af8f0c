// backup-source: artifact:NAME or artifact:OWNER/REPO/NAME — the newest unexpired workflow artifact
// of that name (this repository when OWNER/REPO is absent), found through the REST API and
// downloaded with @actions/artifact; the files inside are then chosen among like a local folder,
// dated by the artifact's created_at (extraction gives every file the time of the download).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { DrillContext } from '../util/context.js';
import { backupPick } from './pick.js';
import type { RemoteSelection } from './remote-select.js';
import { selectLocalBackup } from './select.js';

export interface ArtifactRef {
  owner: string;
  repo: string;
  name: string;
}

/** A failure the user fixes in the workflow (token, permissions, name): its message is the whole story. */
export class SourceError extends Error {
  override name = 'SourceError';
}

export function parseArtifactSource(source: string, env: NodeJS.ProcessEnv): ArtifactRef {
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
  workflow_run?: { id?: number | null } | null;
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

async function newestArtifact(ctx: DrillContext, ref: ArtifactRef, token: string): Promise<ListedArtifact> {
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
  const newest = live[0];
  if (!newest) {
    const expired = listed.length > 0 ? ` (${listed.length} expired)` : '';
    throw new SourceError(`no unexpired artifact named '${ref.name}' in ${ref.owner}/${ref.repo}${expired}`);
  }
  return newest;
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
  const artifact = await newestArtifact(ctx, ref, token);
  const runId = artifact.workflow_run?.id;
  if (!runId)
    throw new SourceError(`artifact ${artifact.id} ('${ref.name}') names no workflow run to download it from`);
  const label = `artifact:${ref.owner}/${ref.repo}/${ref.name} (id ${artifact.id}, run ${runId})`;
  ctx.log.info(`Artifact: downloading ${label}, created ${artifact.created_at ?? 'at an unknown time'}`);
  const folder = path.join(dir, 'artifact');
  await mkdir(folder, { recursive: true });
  try {
    // Loaded on demand: the artifact client (and Azure's blob client under it) is most of the bundle.
    const { DefaultArtifactClient } = await import('@actions/artifact');
    const result = await new DefaultArtifactClient().downloadArtifact(artifact.id, {
      path: folder,
      ...(artifact.digest ? { expectedHash: artifact.digest } : {}),
      findBy: { token, workflowRunId: runId, repositoryOwner: ref.owner, repositoryName: ref.repo },
    });
    if (result.digestMismatch)
      throw new Error(`the downloaded zip does not match the artifact's digest ${artifact.digest}`);
  } catch (error) {
    throw explain(error, ref, `download artifact ${artifact.id}`, ctx);
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
