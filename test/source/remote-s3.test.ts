// backup-source: s3://… end to end through runBackupPhase, against a local S3 that verifies every
// request's SigV4 signature and pages its listing two keys at a time, with real pg_dump archives.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runBackupPhase } from '../../src/backup/backup-phase.js';
import { readStats } from '../../src/dump/stream-reader.js';
import type { BackupCandidate } from '../../src/model/backup-types.js';
import { createSampleDatabase, drillContext, pgDump, tempDir } from '../backup/fixtures.js';
import { setEnv } from '../compare/env.js';
import type { TestDatabase } from '../helpers/postgres.js';
import { FakeS3 } from './fake-s3.js';

const SECRET = 'fakeS3secret/K7MDENG+bPxRfiCYzz0123456789';
const SESSION = 'FwoGZXIvYXdzEfakeSessionToken0123456789abcdef';
const s3 = new FakeS3({
  bucket: 'drill-backups',
  region: 'eu-central-1',
  accessKeyId: 'AKIAFAKEDRILLKEY0001',
  secretAccessKey: SECRET,
  sessionToken: SESSION,
});

let db: TestDatabase;
let tmp: { dir: string; cleanup: () => Promise<void> };
let early: Buffer;
let late: Buffer;
let plain: Buffer;
let newerAt: Date;

const hoursAgo = (h: number) => new Date(Math.floor((Date.now() - h * 3_600_000) / 1000) * 1000);
const byName = (candidates: BackupCandidate[]) => Object.fromEntries(candidates.map((c) => [c.name, c]));
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let restoreEnv: (() => void) | null = null;

/** The SDK's credential chain reads the process's environment: the keys are set there. */
function s3Context(inputs: Record<string, string>, secret = SECRET) {
  restoreEnv?.();
  restoreEnv = setEnv({
    AWS_ACCESS_KEY_ID: 'AKIAFAKEDRILLKEY0001',
    AWS_SECRET_ACCESS_KEY: secret,
    AWS_SESSION_TOKEN: SESSION,
  });
  return drillContext({ 's3-endpoint': s3.url, 's3-region': 'eu-central-1', ...inputs });
}

beforeAll(async () => {
  await s3.start();
  db = await createSampleDatabase();
  tmp = await tempDir();
  early = await readFile(await pgDump(db.url, 'custom', path.join(tmp.dir, 'early.dump')));
  // The archive header stores its creation time to the second.
  await new Promise((r) => setTimeout(r, 1100));
  late = await readFile(await pgDump(db.url, 'custom', path.join(tmp.dir, 'late.dump')));
  plain = await readFile(await pgDump(db.url, 'plain', path.join(tmp.dir, 'plain.sql')));

  s3.put('nightly/pickdriver-a.dump', early, hoursAgo(1));
  s3.put('nightly/pickdriver-b.dump', late, hoursAgo(1));
  s3.put('nightly/pickdriver-b.dump.sha256', `${sha256(late)}  pickdriver-b.dump\n`, hoursAgo(1));
  s3.put('nightly/pickdriver-c.dump', Buffer.from('not an archive at all\n'), hoursAgo(0.5));
  s3.put('nightly/README.txt', 'backups of pickdriver\n', hoursAgo(5));
  s3.put('nightly/2025/pickdriver-old.dump', early, hoursAgo(900));
  s3.put('nightly/folder/', '', hoursAgo(900));
  s3.put('plain/older.sql', plain, hoursAgo(3));
  newerAt = hoursAgo(1);
  s3.put('plain/newer.sql', plain, newerAt);
  s3.put('odd/pickdriver (copy)+1 ä.dump', late, hoursAgo(0));
  s3.put('mixed/pickdriver.dump', early, hoursAgo(2));
  s3.put('mixed/pickdriver.sql.gz', gzipSync(plain), hoursAgo(1));
  s3.put('mixed/pickdriver.sql', plain, hoursAgo(0));
  s3.put('mixed/pickdriver-2026.dump', late, hoursAgo(3));
});

afterEach(() => {
  restoreEnv?.();
  restoreEnv = null;
});

afterAll(async () => {
  await s3.close();
  await db?.drop();
  await tmp?.cleanup();
});

describe('s3:// backup sources', () => {
  it('chooses the newest archive under the prefix, downloads only it and its sidecar, and verifies both', async () => {
    s3.requests.length = 0;
    const ctx = s3Context({ 'backup-source': 's3://drill-backups/nightly/', 'backup-pattern': '*.dump' });
    const before = { ...readStats };
    const result = await runBackupPhase(ctx);
    // The verification pass read the download stream itself: no file was opened and read back.
    expect(readStats.opens - before.opens).toBe(0);
    expect(readStats.bytesRead - before.bytesRead).toBe(0);
    const { info, checks, backup, dispose } = result;

    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['backup.found', 'ok'],
      ['backup.checksum', 'ok'],
      ['backup.archive', 'ok'],
      ['backup.age', 'ok'],
      ['backup.cadence', 'skip'],
    ]);
    expect(info.source).toBe('s3://drill-backups/nightly/');
    expect(info.id).toBe('pickdriver-b.dump');
    expect(info.resolved).toBe('s3://drill-backups/nightly/pickdriver-b.dump');
    expect(info.format).toBe('custom');
    expect(info.sizeBytes).toBe(late.length);
    expect(info.sha256).toBe(sha256(late));
    expect(info.checksumVerified).toBe(true);
    expect(info.checksumSource).toBe('sidecar');
    expect(info.createdAtSource).toBe('archive');

    const c = byName(info.candidates);
    expect(Object.keys(c).sort()).toEqual([
      '2025/pickdriver-old.dump',
      'README.txt',
      'pickdriver-a.dump',
      'pickdriver-b.dump',
      'pickdriver-b.dump.sha256',
      'pickdriver-c.dump',
    ]);
    expect(c['pickdriver-b.dump']?.verdict).toBe('chosen');
    expect(c['pickdriver-a.dump']?.verdict).toBe('older');
    expect(c['2025/pickdriver-old.dump']?.verdict).toBe('older');
    expect(c['pickdriver-b.dump.sha256']?.verdict).toBe('checksum-sidecar');
    expect(c['README.txt']?.verdict).toBe('pattern-mismatch');
    expect(c['pickdriver-c.dump']?.verdict).toBe('not-a-backup');
    expect(c['pickdriver-c.dump']?.reason).toContain('not a backup by its header');

    // Four listing pages of two keys; only the chosen archive and its sidecar were fetched whole.
    expect(s3.requests.filter((r) => r.query.get('list-type') === '2')).toHaveLength(4);
    expect(s3.requests.every((r) => r.status !== 403)).toBe(true);
    expect(s3.fullGets('nightly/pickdriver-b.dump')).toBe(1);
    expect(s3.fullGets('nightly/pickdriver-b.dump.sha256')).toBe(1);
    expect(s3.fullGets('nightly/pickdriver-a.dump')).toBe(0);
    expect(s3.fullGets('nightly/2025/pickdriver-old.dump')).toBe(0);

    // The restore reads a local copy in a temporary folder that dispose() removes.
    expect(backup?.path.startsWith(os.tmpdir())).toBe(true);
    expect(sha256(await readFile(backup!.path))).toBe(sha256(late));
    expect(dispose).not.toBeNull();
    await dispose?.();
    await expect(stat(path.dirname(path.dirname(backup!.path)))).rejects.toThrow();

    const everything = JSON.stringify(result) + ctx.log.lines.join('\n');
    for (const secret of [SECRET, SESSION]) expect(everything).not.toContain(secret);
  });

  it('dates an archive without a header time by its LastModified and judges its age against the RPO', async () => {
    const ctx = s3Context({ 'backup-source': 's3://drill-backups/plain/', 'max-backup-age': '2h' });
    const { info, checks, backup, dispose } = await runBackupPhase(ctx);
    expect(checks.map((c) => c.status)).toEqual(['ok', 'skip', 'ok', 'ok', 'skip']);
    expect(backup?.name).toBe('newer.sql');
    expect(info.createdAtSource).toBe('mtime');
    expect(info.createdAt).toBe(newerAt.toISOString());
    expect(byName(info.candidates)['newer.sql']?.reason).toContain('remote modification time');
    expect(checks[3]?.summary).toContain('within the RPO target');
    expect(checks[1]?.summary).toContain('no newer.sql.sha256 sidecar');
    await dispose?.();
  });

  it('fails backup.found with S3 error code, without a stack or a secret, when the secret is wrong', async () => {
    const wrong = 'theWrongSecretKey0123456789abcdefghijkl';
    const ctx = s3Context({ 'backup-source': 's3://drill-backups/nightly/' }, wrong);
    const result = await runBackupPhase(ctx);
    expect(result.backup).toBeNull();
    expect(result.dispose).toBeNull();
    expect(result.checks.map((c) => c.status)).toEqual(['fail', 'skip', 'skip', 'skip', 'skip']);
    const found = result.checks[0]!;
    expect(found.summary).toContain('s3://drill-backups/nightly/');
    expect(found.summary).toContain('SignatureDoesNotMatch');
    expect(found.summary).toContain('HTTP 403');
    expect(found.details).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
    expect(found.summary).not.toMatch(/\n\s+at /);
    const everything = JSON.stringify(result) + ctx.log.lines.join('\n');
    for (const secret of [wrong, SESSION]) expect(everything).not.toContain(secret);
  });

  it('signs keys with spaces, plus signs and non-ASCII letters the way S3 checks them', async () => {
    s3.requests.length = 0;
    const { checks, info, dispose } = await runBackupPhase(s3Context({ 'backup-source': 's3://drill-backups/odd/' }));
    expect(checks[0]?.status).toBe('ok');
    expect(info.resolved).toBe('s3://drill-backups/odd/pickdriver (copy)+1 ä.dump');
    expect(s3.fullGets('odd/pickdriver (copy)+1 ä.dump')).toBe(1);
    expect(s3.requests.every((r) => r.status !== 403)).toBe(true);
    await dispose?.();
  });

  it('matches backup-pattern on key base names with braces, classes and extglobs', async () => {
    const braced = await runBackupPhase(
      s3Context({ 'backup-source': 's3://drill-backups/mixed/', 'backup-pattern': '*.{dump,sql.gz}' }),
    );
    const c = byName(braced.info.candidates);
    expect(c['pickdriver.sql']?.verdict).toBe('pattern-mismatch');
    expect(c['pickdriver.sql']?.reason).toContain("backup-pattern '*.{dump,sql.gz}'");
    // The archives' headers say they were made minutes ago; the plain-gzip dump is dated by its LastModified (1 h).
    expect(c['pickdriver-2026.dump']?.verdict).toBe('chosen');
    expect(c['pickdriver.dump']?.verdict).toBe('older');
    expect(c['pickdriver.sql.gz']?.verdict).toBe('older');
    await braced.dispose?.();

    const classed = await runBackupPhase(
      s3Context({
        'backup-source': 's3://drill-backups/mixed/',
        'backup-pattern': 'pickdriver-[0-9][0-9][0-9][0-9].dump',
      }),
    );
    expect(classed.info.resolved).toBe('s3://drill-backups/mixed/pickdriver-2026.dump');
    expect(byName(classed.info.candidates)['pickdriver.dump']?.verdict).toBe('pattern-mismatch');
    await classed.dispose?.();

    const extglob = await runBackupPhase(
      s3Context({ 'backup-source': 's3://drill-backups/mixed/', 'backup-pattern': 'pickdriver.!(sql|sql.gz)' }),
    );
    expect(extglob.info.resolved).toBe('s3://drill-backups/mixed/pickdriver.dump');
    await extglob.dispose?.();
  });

  it('names a missing bucket and finds nothing under an empty prefix', async () => {
    const missing = await runBackupPhase(s3Context({ 'backup-source': 's3://no-such-bucket/x/' }));
    expect(missing.checks[0]?.summary).toContain('NoSuchBucket');

    const empty = await runBackupPhase(s3Context({ 'backup-source': 's3://drill-backups/nothing-here/' }));
    expect(empty.checks[0]?.status).toBe('fail');
    expect(empty.checks[0]?.summary).toContain(
      'no backup found: searched the objects under s3://drill-backups/nothing-here/',
    );
  });

  it('refuses a plain-http endpoint that is not on this machine', async () => {
    const ctx = s3Context({
      'backup-source': 's3://drill-backups/nightly/',
      's3-endpoint': 'http://minio.example.com:9000',
    });
    const { checks } = await runBackupPhase(ctx);
    expect(checks[0]?.status).toBe('fail');
    expect(checks[0]?.summary).toContain('s3-endpoint: refusing http://minio.example.com:9000');
  });
});
