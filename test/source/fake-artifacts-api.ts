// The GitHub REST endpoints an `artifact:` backup source calls through the real @actions/github and
// @actions/artifact clients: the repository's artifacts by name (newest first), the artifact zip
// (302 to a signed blob URL serving a real zip, as GitHub does) and a 403 mode for a token without
// `actions: read`. The zips come from the zip writer of test/compare.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { zipFiles } from '../compare/zip.js';

export interface FakeBackupArtifact {
  id: number;
  runId: number;
  name: string;
  expired: boolean;
  createdAt: string;
  zip: Buffer;
  /** What the listing says the zip's digest is; the true one unless a test lies. */
  digest: string;
  /** The run's branch (main unless given) and whether its code came from a fork. */
  branch?: string;
  fork?: boolean;
  /** The run's workflow file (.github/workflows/backup.yml unless given). */
  workflowPath?: string;
}

export const BLOB_SIGNATURE = 'sv=2025&sig=fakeBlobSignature0123456789';

export class FakeArtifactsApi {
  readonly artifacts: FakeBackupArtifact[] = [];
  readonly paths: string[] = [];
  forbidden = false;
  url = '';
  private server: Server | null = null;

  constructor(
    readonly owner: string,
    readonly repo: string,
    readonly token: string,
  ) {}

  add(
    a: Omit<FakeBackupArtifact, 'zip' | 'digest'> & {
      files?: { name: string; content: string | Buffer }[];
      zip?: Buffer;
    },
  ): void {
    const zip = a.zip ?? zipFiles(a.files ?? []);
    this.artifacts.push({ ...a, zip, digest: `sha256:${createHash('sha256').update(zip).digest('hex')}` });
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server?.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', this.url);
    this.paths.push(url.pathname);
    const blob = /^\/blob\/artifact-(\d+)\.zip$/.exec(url.pathname);
    if (blob) {
      const artifact = this.artifacts.find((a) => a.id === Number(blob[1]));
      if (!artifact || url.search !== `?${BLOB_SIGNATURE}`) return send(res, 403, { message: 'AuthenticationFailed' });
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': artifact.zip.length });
      res.end(artifact.zip);
      return;
    }
    const auth = req.headers.authorization ?? '';
    if (auth !== `token ${this.token}` && auth !== `Bearer ${this.token}`)
      return send(res, 401, { message: 'Bad credentials' });
    const repoPath = `/repos/${this.owner}/${this.repo}`;
    if (url.pathname === repoPath && !this.forbidden)
      return send(res, 200, { id: 1, full_name: `${this.owner}/${this.repo}`, default_branch: 'main' });
    const runMatch = new RegExp(`^${repoPath}/actions/runs/(\\d+)$`).exec(url.pathname);
    const ran = runMatch ? this.artifacts.find((a) => a.runId === Number(runMatch[1])) : undefined;
    if (ran) {
      const file = ran.workflowPath ?? '.github/workflows/backup.yml';
      return send(res, 200, {
        id: ran.runId,
        name: file.split('/').pop(),
        path: file,
        head_branch: ran.branch ?? 'main',
      });
    }
    const prefix = `${repoPath}/actions/artifacts`;
    if (!url.pathname.startsWith(prefix)) return send(res, 404, { message: 'Not Found' });
    if (this.forbidden) return send(res, 403, { message: 'Resource not accessible by integration' });
    const rest = url.pathname.slice(prefix.length);
    if (rest === '') {
      const name = url.searchParams.get('name');
      const list = this.artifacts
        .filter((a) => name === null || a.name === name)
        .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
      return send(res, 200, { total_count: list.length, artifacts: list.map((a) => this.json(a)) });
    }
    const zip = /^\/(\d+)\/zip$/.exec(rest);
    const artifact = zip ? this.artifacts.find((a) => a.id === Number(zip[1])) : undefined;
    if (!artifact) return send(res, 404, { message: 'Not Found' });
    if (artifact.expired) return send(res, 410, { message: 'Artifact has expired' });
    res.writeHead(302, { location: `${this.url}/blob/artifact-${artifact.id}.zip?${BLOB_SIGNATURE}` });
    res.end();
  }

  private json(a: FakeBackupArtifact) {
    return {
      id: a.id,
      node_id: `A_${a.id}`,
      name: a.name,
      size_in_bytes: a.zip.length,
      url: `${this.url}/repos/${this.owner}/${this.repo}/actions/artifacts/${a.id}`,
      archive_download_url: `${this.url}/repos/${this.owner}/${this.repo}/actions/artifacts/${a.id}/zip`,
      expired: a.expired,
      digest: a.digest,
      created_at: a.createdAt,
      updated_at: a.createdAt,
      expires_at: new Date(Date.parse(a.createdAt) + 90 * 86_400_000).toISOString(),
      workflow_run: {
        id: a.runId,
        repository_id: 1,
        head_repository_id: a.fork ? 2 : 1,
        head_branch: a.branch ?? 'main',
        head_sha: `${a.runId}`.padEnd(40, 'a'),
      },
    };
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
