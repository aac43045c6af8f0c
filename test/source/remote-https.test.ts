// backup-source: an https:// URL (plain http on loopback for the test) end to end through
// runBackupPhase: a presigned URL redirected to a signed blob URL, its sidecar, Basic auth,
// retries on 5xx only, redirect limits, and no secret anywhere in the result or the log.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runBackupPhase } from '../../src/backup/backup-phase.js';
import { remoteHttpOptions } from '../../src/source/locate.js';
import { createSampleDatabase, drillContext, pgDump, tempDir } from '../backup/fixtures.js';
import type { TestDatabase } from '../helpers/postgres.js';

const PRESIGNED = 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb4a';
const BLOB_SIG = 'blobSignatureSecretValue0123456789';
const PASSWORD = 'hunter22-basic-auth';
let custom: Buffer;
let plain: Buffer;
let db: TestDatabase;
let tmp: { dir: string; cleanup: () => Promise<void> };
let server: Server;
let base = '';
const hits = new Map<string, number>();
const plainModified = new Date(Math.floor((Date.now() - 3 * 3_600_000) / 1000) * 1000);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function route(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', base);
  hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
  const send = (status: number, body: Buffer | string, headers: Record<string, string> = {}) => {
    res.writeHead(status, headers);
    res.end(body);
  };
  switch (url.pathname) {
    case '/presigned/nightly.dump':
      if (url.searchParams.get('X-Amz-Signature') !== PRESIGNED) return send(403, 'SignatureDoesNotMatch');
      return send(302, '', { location: `/blob/nightly.dump?sv=2024&sig=${BLOB_SIG}` });
    case '/blob/nightly.dump':
      if (url.searchParams.get('sig') !== BLOB_SIG) return send(403, 'AuthenticationFailed');
      return send(200, custom, { 'last-modified': new Date().toUTCString() });
    case '/presigned/nightly.dump.sha256':
      return send(200, `${sha256(custom)}  nightly.dump\n`);
    case '/private/backup.sql': {
      const expected = `Basic ${Buffer.from(`drill:${PASSWORD}`).toString('base64')}`;
      if (req.headers.authorization !== expected) return send(401, 'who are you?');
      return send(200, plain, { 'last-modified': plainModified.toUTCString() });
    }
    case '/flaky/backup.dump':
      if ((hits.get(url.pathname) ?? 0) <= 2) return send(503, 'try later');
      return send(200, custom);
    case '/loop':
      return send(302, '', { location: '/loop' });
    case '/page.html':
      return send(200, '<html>not a backup</html>');
    default:
      return send(url.pathname.startsWith('/forbidden') ? 403 : 404, 'no');
  }
}

beforeAll(async () => {
  db = await createSampleDatabase();
  tmp = await tempDir();
  custom = await readFile(await pgDump(db.url, 'custom', path.join(tmp.dir, 'nightly.dump')));
  plain = await readFile(await pgDump(db.url, 'plain', path.join(tmp.dir, 'backup.sql')));
  server = createServer(route);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  remoteHttpOptions.retryDelaysMs = [20, 20];
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await db?.drop();
  await tmp?.cleanup();
});

beforeEach(() => hits.clear());

describe('https:// backup sources', () => {
  it('follows a presigned URL to its blob, verifies the sidecar and the archive, and never shows a signature', async () => {
    const source = `${base}/presigned/nightly.dump?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20260301&X-Amz-Signature=${PRESIGNED}`;
    const ctx = drillContext({ 'backup-source': source });
    const result = await runBackupPhase(ctx);
    const { info, checks, backup, dispose } = result;
    expect(checks.map((c) => c.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'skip']);
    expect(info.source).toBe(`${base}/presigned/nightly.dump`);
    expect(info.resolved).toBe(`${base}/presigned/nightly.dump`);
    expect(info.id).toBe('nightly.dump');
    expect(info.candidates).toEqual([
      expect.objectContaining({ name: 'nightly.dump', verdict: 'chosen', sizeBytes: custom.length }),
    ]);
    expect(info.checksumVerified).toBe(true);
    expect(info.sha256).toBe(sha256(custom));
    expect(info.createdAtSource).toBe('archive');
    expect(backup?.format).toBe('custom');
    const everything = JSON.stringify(result) + ctx.log.lines.join('\n');
    for (const secret of [PRESIGNED, BLOB_SIG, 'X-Amz-Credential', 'AKIAEXAMPLE'])
      expect(everything).not.toContain(secret);
    await dispose?.();
  });

  it('sends Basic auth from the URL, dates a plain dump by Last-Modified, and has no sidecar on 404', async () => {
    const ctx = drillContext({
      'backup-source': `${base.replace('http://', `http://drill:${PASSWORD}@`)}/private/backup.sql`,
      'max-backup-age': '2h',
    });
    const result = await runBackupPhase(ctx);
    const { info, checks, dispose } = result;
    expect(checks.map((c) => c.status)).toEqual(['ok', 'skip', 'ok', 'fail', 'skip']);
    expect(info.createdAt).toBe(plainModified.toISOString());
    expect(info.createdAtSource).toBe('mtime');
    expect(info.candidates[0]?.reason).toContain('remote modification time (Last-Modified)');
    expect(checks[1]?.summary).toContain('no backup.sql.sha256 sidecar');
    expect(checks[3]?.summary).toContain('older than the RPO target');
    expect(JSON.stringify(result) + ctx.log.lines.join('\n')).not.toContain(PASSWORD);
    await dispose?.();
  });

  it('retries 5xx answers but never a 4xx, and names the status and the URL without its query', async () => {
    const flaky = await runBackupPhase(drillContext({ 'backup-source': `${base}/flaky/backup.dump` }));
    expect(flaky.checks[0]?.status).toBe('ok');
    // Two 503s and the peek's 200 (a Range request), then the download the verification pass reads.
    expect(hits.get('/flaky/backup.dump')).toBe(4);
    await flaky.dispose?.();

    const ctx = drillContext({ 'backup-source': `${base}/forbidden.dump?token=tok-secret-123` });
    const forbidden = await runBackupPhase(ctx);
    expect(hits.get('/forbidden.dump')).toBe(1);
    expect(forbidden.checks[0]?.status).toBe('fail');
    expect(forbidden.checks[0]?.summary).toContain(`HTTP 403 from ${base}/forbidden.dump`);
    expect(forbidden.checks[0]?.details).toMatchObject({ status: 403 });
    expect(JSON.stringify(forbidden)).not.toContain('tok-secret-123');

    const missing = await runBackupPhase(drillContext({ 'backup-source': `${base}/missing.dump` }));
    expect(missing.checks[0]?.summary).toContain(`HTTP 404 from ${base}/missing.dump`);
  });

  it('stops after five redirects, refuses plain http off this machine, and judges content not names', async () => {
    const loop = await runBackupPhase(drillContext({ 'backup-source': `${base}/loop` }));
    expect(loop.checks[0]?.summary).toContain('more than 5 redirects');
    expect(hits.get('/loop')).toBe(6);

    const insecure = await runBackupPhase(drillContext({ 'backup-source': 'http://backups.example.com/b.dump' }));
    expect(insecure.checks[0]?.summary).toContain('only fetched over https');

    const page = await runBackupPhase(drillContext({ 'backup-source': `${base}/page.html` }));
    expect(page.checks[0]?.status).toBe('fail');
    expect(page.info.candidates[0]?.verdict).toBe('not-a-backup');
    expect(page.dispose).toBeNull();
  });
});
