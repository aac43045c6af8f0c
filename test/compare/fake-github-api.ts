// A local server speaking the GitHub REST endpoints the real @actions/github and @actions/artifact
// clients call for baselines and pull request comments: workflow runs (with Link pagination),
// run artifacts, the artifact zip (302 to a blob URL that serves a real zip), issue comments
// (list with pagination, create, update, each with its author), a mode answering 403 like a token
// without permission, and who the token is: GET /user answers a user's token and refuses an
// installation token (GITHUB_TOKEN) with 403 "Resource not accessible by integration", as GitHub
// does; GraphQL's `viewer` names either (`github-actions[bot]` for GITHUB_TOKEN).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRun {
  id: number;
  workflowId: number;
  workflowFile: string;
  headBranch: string;
  event: string;
  /** null: still running, as the current run is. */
  conclusion: 'success' | 'failure' | 'cancelled' | null;
  createdAt: string;
  headRepository?: string;
}

export interface FakeArtifact {
  id: number;
  runId: number;
  name: string;
  expired: boolean;
  zip: Buffer;
}

export interface FakeComment {
  id: number;
  issueNumber: number;
  body: string;
  /** The author's login; comments written through the API are the token's. */
  user?: string;
}

interface Route {
  method: string;
  /** Matched against the path after /repos/{owner}/{repo}. */
  pattern: RegExp;
  handle: (m: RegExpExecArray, url: URL, req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
}

export class FakeGitHubApi {
  readonly runs: FakeRun[] = [];
  readonly artifacts: FakeArtifact[] = [];
  readonly comments: FakeComment[] = [];
  readonly requests: RecordedRequest[] = [];
  /** Path families answered with 403, as for a token without `actions: read` / `pull-requests: write`. */
  readonly forbidden = new Set<'actions' | 'issues'>();
  /** GitHub caps per_page at 100; a lower cap makes a handful of items span pages. */
  maxPerPage = 100;
  defaultBranch = 'main';
  /** installation: the workflow's GITHUB_TOKEN (or an app's); user: a personal access token. */
  tokenKind: 'installation' | 'user' = 'installation';
  botLogin = 'github-actions[bot]';
  userLogin = 'pickdriver-ci';
  /** GraphQL answers 502, as when it is down. */
  graphqlDown = false;
  private server: Server | null = null;
  private nextCommentId = 9001;
  url = '';

  constructor(
    readonly owner: string,
    readonly repo: string,
    readonly token: string,
  ) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: Error) => send(res, 500, { message: error.message }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Forgets every run, artifact, comment and request: one server serves a whole test file. */
  reset(): void {
    this.runs.length = 0;
    this.artifacts.length = 0;
    this.comments.length = 0;
    this.requests.length = 0;
    this.forbidden.clear();
    this.maxPerPage = 100;
    this.defaultBranch = 'main';
    this.tokenKind = 'installation';
    this.botLogin = 'github-actions[bot]';
    this.graphqlDown = false;
    this.nextCommentId = 9001;
  }

  /** The login the token's comments carry. */
  get identity(): string {
    return this.tokenKind === 'installation' ? this.botLogin : this.userLogin;
  }

  /** Requests whose path matches, e.g. /\/runs$/ for the runs lists. */
  requestsTo(pattern: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => pattern.test(r.path));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    this.requests.push({ method, path: url.pathname, query: url.searchParams });
    // The blob store authorizes by the signed URL, not by the token, as Azure blob storage does.
    const blob = /^\/blob\/artifact-(\d+)\.zip$/.exec(url.pathname);
    if (blob && method === 'GET') return this.blob(Number(blob[1]), res);
    const auth = req.headers.authorization ?? '';
    if (auth !== `token ${this.token}` && auth !== `Bearer ${this.token}`) {
      return send(res, 401, { message: 'Bad credentials' });
    }
    if (url.pathname === '/user' && method === 'GET') return this.user(res);
    if (url.pathname === '/graphql' && method === 'POST') return this.graphql(req, res);
    const prefix = `/repos/${this.owner}/${this.repo}`;
    if (!url.pathname.startsWith(prefix)) return send(res, 404, { message: 'Not Found' });
    const rest = url.pathname.slice(prefix.length);
    const family = rest.startsWith('/actions/') ? 'actions' : rest.startsWith('/issues/') ? 'issues' : null;
    if (family && this.forbidden.has(family)) {
      return send(res, 403, { message: 'Resource not accessible by integration', status: '403' });
    }
    const route = this.routes().find((r) => r.method === method && r.pattern.test(rest));
    if (!route) return send(res, 404, { message: `Not Found: ${method} ${url.pathname}` });
    await route.handle(route.pattern.exec(rest)!, url, req, res);
  }

  private routes(): Route[] {
    const notFound = (res: ServerResponse) => send(res, 404, { message: 'Not Found' });
    return [
      {
        method: 'GET',
        pattern: /^$/,
        handle: (_m, _url, _req, res) =>
          send(res, 200, { full_name: `${this.owner}/${this.repo}`, default_branch: this.defaultBranch }),
      },
      {
        method: 'GET',
        pattern: /^\/actions\/runs\/(\d+)$/,
        handle: (m, _url, _req, res) => {
          const run = this.runs.find((r) => r.id === Number(m[1]));
          if (run) send(res, 200, this.runJson(run));
          else notFound(res);
        },
      },
      {
        method: 'GET',
        pattern: /^\/actions\/workflows\/([^/]+)\/runs$/,
        handle: (m, url, _req, res) => this.listRuns(decodeURIComponent(m[1]!), url, res),
      },
      {
        method: 'GET',
        pattern: /^\/actions\/runs\/(\d+)\/artifacts$/,
        handle: (m, url, _req, res) => {
          const name = url.searchParams.get('name');
          const list = this.artifacts.filter((a) => a.runId === Number(m[1]) && (name === null || a.name === name));
          send(res, 200, { total_count: list.length, artifacts: list.map((a) => this.artifactJson(a)) });
        },
      },
      {
        method: 'GET',
        pattern: /^\/actions\/artifacts\/(\d+)\/zip$/,
        handle: (m, _url, _req, res) => {
          const artifact = this.artifacts.find((a) => a.id === Number(m[1]));
          if (!artifact) return notFound(res);
          if (artifact.expired) return send(res, 410, { message: 'Artifact has expired' });
          res.writeHead(302, { location: `${this.url}/blob/artifact-${artifact.id}.zip?sig=signed-blob-secret` });
          res.end();
        },
      },
      {
        method: 'GET',
        pattern: /^\/issues\/(\d+)\/comments$/,
        handle: (m, url, _req, res) => {
          const list = this.comments.filter((c) => c.issueNumber === Number(m[1])).sort((a, b) => a.id - b.id);
          this.paginated(list, url, res, (page) => page.map((c) => this.commentJson(c)));
        },
      },
      {
        method: 'POST',
        pattern: /^\/issues\/(\d+)\/comments$/,
        handle: async (m, _url, req, res) => {
          const { body } = (await readJson(req)) as { body: string };
          const id = Math.max(this.nextCommentId, ...this.comments.map((c) => c.id + 1));
          this.nextCommentId = id + 1;
          const comment = { id, issueNumber: Number(m[1]), body, user: this.identity };
          this.comments.push(comment);
          send(res, 201, this.commentJson(comment));
        },
      },
      {
        method: 'PATCH',
        pattern: /^\/issues\/comments\/(\d+)$/,
        handle: async (m, _url, req, res) => {
          const comment = this.comments.find((c) => c.id === Number(m[1]));
          if (!comment) return notFound(res);
          comment.body = ((await readJson(req)) as { body: string }).body;
          send(res, 200, this.commentJson(comment));
        },
      },
    ];
  }

  private user(res: ServerResponse): void {
    if (this.tokenKind === 'installation') {
      send(res, 403, {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
        status: '403',
      });
      return;
    }
    send(res, 200, { login: this.userLogin, id: 583231, type: 'User' });
  }

  private async graphql(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { query } = (await readJson(req)) as { query: string };
    if (this.graphqlDown) return send(res, 502, { message: 'Server Error' });
    if (!/\bviewer\s*\{\s*login\s*\}/.test(query)) {
      return send(res, 200, { errors: [{ message: 'only viewer { login } is spoken here' }] });
    }
    send(res, 200, { data: { viewer: { login: this.identity } } });
  }

  private listRuns(workflow: string, url: URL, res: ServerResponse): void {
    const branch = url.searchParams.get('branch');
    const status = url.searchParams.get('status');
    const list = this.runs
      .filter((r) => r.workflowFile === workflow || String(r.workflowId) === workflow)
      .filter((r) => branch === null || r.headBranch === branch)
      // GitHub's status filter takes a status (completed: any conclusion) or a conclusion.
      .filter((r) => status === null || (status === 'completed' ? r.conclusion !== null : r.conclusion === status))
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
    this.paginated(list, url, res, (page) => ({
      total_count: list.length,
      workflow_runs: page.map((r) => this.runJson(r)),
    }));
  }

  private paginated<T>(list: T[], url: URL, res: ServerResponse, shape: (page: T[]) => unknown): void {
    const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), this.maxPerPage);
    const page = Number(url.searchParams.get('page') ?? 1);
    const last = Math.max(1, Math.ceil(list.length / perPage));
    const at = (n: number) => {
      const next = new URL(url);
      next.searchParams.set('page', String(n));
      next.searchParams.set('per_page', String(perPage));
      return next.toString();
    };
    const links: string[] = [];
    if (page < last) links.push(`<${at(page + 1)}>; rel="next"`, `<${at(last)}>; rel="last"`);
    if (page > 1) links.push(`<${at(page - 1)}>; rel="prev"`, `<${at(1)}>; rel="first"`);
    const headers: Record<string, string> = links.length > 0 ? { link: links.join(', ') } : {};
    send(res, 200, shape(list.slice((page - 1) * perPage, page * perPage)), headers);
  }

  private blob(id: number, res: ServerResponse): void {
    const artifact = this.artifacts.find((a) => a.id === id);
    if (!artifact) {
      send(res, 404, { message: 'BlobNotFound' });
      return;
    }
    res.writeHead(200, { 'content-type': 'application/zip', 'content-length': artifact.zip.length });
    res.end(artifact.zip);
  }

  private runJson(r: FakeRun) {
    const repo = `${this.owner}/${this.repo}`;
    return {
      id: r.id,
      name: 'Backup drill',
      workflow_id: r.workflowId,
      path: `.github/workflows/${r.workflowFile}`,
      head_branch: r.headBranch,
      event: r.event,
      status: r.conclusion === null ? 'in_progress' : 'completed',
      conclusion: r.conclusion,
      created_at: r.createdAt,
      run_started_at: r.createdAt,
      html_url: `https://github.com/${repo}/actions/runs/${r.id}`,
      head_repository: { full_name: r.headRepository ?? repo },
      repository: { full_name: repo },
    };
  }

  private artifactJson(a: FakeArtifact) {
    return {
      id: a.id,
      name: a.name,
      size_in_bytes: a.zip.length,
      expired: a.expired,
      archive_download_url: `${this.url}/repos/${this.owner}/${this.repo}/actions/artifacts/${a.id}/zip`,
      workflow_run: { id: a.runId },
    };
  }

  private commentJson(c: FakeComment) {
    return {
      id: c.id,
      body: c.body,
      html_url: `https://github.com/${this.owner}/${this.repo}/pull/${c.issueNumber}#issuecomment-${c.id}`,
      user: { login: c.user ?? 'a-reviewer', type: c.user?.endsWith('[bot]') ? 'Bot' : 'User' },
    };
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}
