// A local stand-in for GitHub's artifact backend, speaking what @actions/artifact v6 uses:
// Twirp JSON with proto field names (CreateArtifact, FinalizeArtifact) under /twirp/github.actions.results.api.v1.ArtifactService/
// and an Azure block blob endpoint at the signed upload URL it hands out (Put Block with
// comp=block&blockid=..., Put Block List with comp=blocklist, or a single Put Blob). For readers
// of this run's artifacts (the merge action): ListArtifacts, GetSignedArtifactURL and a Get Blob
// of the committed zip.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const SERVICE = '/twirp/github.actions.results.api.v1.ArtifactService/';

export interface StoredArtifact {
  id: number;
  name: string;
  createRequest: Record<string, unknown>;
  finalizeRequest: Record<string, unknown> | null;
  /** The committed blob: the zip the client streamed. */
  blob: Buffer | null;
}

export interface FakeArtifactService {
  /** ACTIONS_RESULTS_URL for the client. */
  url: string;
  /** ACTIONS_RUNTIME_TOKEN for the client: a JWT with the Actions.Results scope. */
  token: string;
  artifacts: Map<string, StoredArtifact>;
  /** Every request the service saw, as "METHOD path?query" (the signature query masked). */
  requests: string[];
  /** Makes CreateArtifact answer with this status and Twirp error until set back to null. */
  failCreateWith: number | null;
  close(): Promise<void>;
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** An unsigned JWT: the client only decodes it (for the backend ids), the service compares it. */
export function runtimeToken(runBackendId: string, jobBackendId: string): string {
  const header = base64url({ alg: 'HS256', typ: 'JWT' });
  const payload = base64url({ scp: `Actions.GenericRead:1 Actions.Results:${runBackendId}:${jobBackendId}` });
  return `${header}.${payload}.c2lnbmF0dXJl`;
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

export async function startFakeArtifactService(): Promise<FakeArtifactService> {
  const token = runtimeToken('run-backend-1111', 'job-backend-2222');
  const artifacts = new Map<string, StoredArtifact>();
  const blocks = new Map<string, Map<string, Buffer>>(); // blob path -> block id -> bytes
  const blobs = new Map<string, Buffer>(); // blob path -> committed bytes
  let nextId = 4242;
  let server: Server | null = null;

  const service: FakeArtifactService = {
    url: '',
    token,
    artifacts,
    requests: [],
    failCreateWith: null,
    close: () => new Promise((resolve, reject) => server?.close((e) => (e ? reject(e) : resolve()))),
  };

  async function twirp(method: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.headers.authorization !== `Bearer ${token}`)
      return json(res, 401, { code: 'unauthenticated', msg: 'bad token' });
    const request = JSON.parse((await body(req)).toString('utf8')) as Record<string, unknown>;
    const name = String(request['name']);
    if (
      request['workflow_run_backend_id'] !== 'run-backend-1111' ||
      request['workflow_job_run_backend_id'] !== 'job-backend-2222'
    ) {
      return json(res, 400, { code: 'invalid_argument', msg: 'backend ids do not match the token' });
    }
    if (method === 'CreateArtifact') {
      if (service.failCreateWith !== null) {
        return json(res, service.failCreateWith, { code: 'invalid_argument', msg: 'refused by the fake service' });
      }
      artifacts.set(name, { id: nextId++, name, createRequest: request, finalizeRequest: null, blob: null });
      const signedUploadUrl = `${service.url}/blobs/artifacts/${encodeURIComponent(name)}.zip?sv=2024-01-01&sig=c2VjcmV0`;
      return json(res, 200, { ok: true, signed_upload_url: signedUploadUrl });
    }
    if (method === 'FinalizeArtifact') {
      const artifact = artifacts.get(name);
      if (!artifact) return json(res, 404, { code: 'not_found', msg: `no artifact ${name}` });
      artifact.finalizeRequest = request;
      artifact.blob = blobs.get(`/blobs/artifacts/${encodeURIComponent(name)}.zip`) ?? null;
      return json(res, 200, { ok: true, artifact_id: String(artifact.id) });
    }
    if (method === 'ListArtifacts') {
      const idFilter = request['id_filter'] ?? request['idFilter'];
      const nameFilter = request['name_filter'] ?? request['nameFilter'];
      const listed = [...artifacts.values()]
        .filter((a) => a.blob !== null)
        .filter((a) => idFilter === undefined || String(idFilter) === String(a.id))
        .filter((a) => nameFilter === undefined || nameFilter === a.name)
        .map((a) => ({
          workflow_run_backend_id: 'run-backend-1111',
          workflow_job_run_backend_id: 'job-backend-2222',
          database_id: String(a.id),
          name: a.name,
          size: String(a.blob?.length ?? 0),
          created_at: new Date().toISOString(),
        }));
      return json(res, 200, { artifacts: listed });
    }
    if (method === 'GetSignedArtifactURL') {
      if (!artifacts.get(name)?.blob) return json(res, 404, { code: 'not_found', msg: `no artifact ${name}` });
      return json(res, 200, {
        signed_url: `${service.url}/blobs/artifacts/${encodeURIComponent(name)}.zip?sv=2024-01-01&sig=c2VjcmV0`,
      });
    }
    return json(res, 404, { code: 'bad_route', msg: `no method ${method}` });
  }

  async function blob(url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'GET' && url.searchParams.get('sig') === 'c2VjcmV0') {
      const committed = blobs.get(url.pathname);
      if (!committed) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': String(committed.length) });
      res.end(committed);
      return;
    }
    if (req.method !== 'PUT' || url.searchParams.get('sig') !== 'c2VjcmV0') {
      res.writeHead(403).end();
      return;
    }
    const data = await body(req);
    const key = url.pathname;
    const comp = url.searchParams.get('comp');
    const headers = { etag: '"0x1"', 'last-modified': new Date().toUTCString(), 'x-ms-request-id': 'fake' };
    if (comp === 'block') {
      const id = url.searchParams.get('blockid') ?? '';
      const staged = blocks.get(key) ?? new Map<string, Buffer>();
      staged.set(id, data);
      blocks.set(key, staged);
    } else if (comp === 'blocklist') {
      const staged = blocks.get(key) ?? new Map<string, Buffer>();
      const ids = [...data.toString('utf8').matchAll(/<(Latest|Uncommitted|Committed)>([^<]*)<\/\1>/g)].map(
        (m) => m[2] ?? '',
      );
      const missing = ids.filter((id) => !staged.has(id));
      if (missing.length > 0) {
        res.writeHead(400, { 'x-ms-error-code': 'InvalidBlockList' }).end();
        return;
      }
      blobs.set(key, Buffer.concat(ids.map((id) => staged.get(id) as Buffer)));
      blocks.delete(key);
    } else if (comp === null) {
      blobs.set(key, data); // Put Blob: the whole blob in one request.
    } else {
      res.writeHead(400).end();
      return;
    }
    res.writeHead(201, headers).end();
  }

  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = new URLSearchParams(url.searchParams);
    if (query.has('sig')) query.set('sig', '***');
    service.requests.push(`${req.method} ${url.pathname}${query.size > 0 ? `?${query}` : ''}`);
    const handle = url.pathname.startsWith(SERVICE)
      ? twirp(url.pathname.slice(SERVICE.length), req, res)
      : url.pathname.startsWith('/blobs/')
        ? blob(url, req, res)
        : Promise.resolve(void res.writeHead(404).end());
    handle.catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { code: 'internal', msg: String(error) });
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  service.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return service;
}
