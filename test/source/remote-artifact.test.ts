// backup-source: artifact:NAME end to end through runBackupPhase with the real @actions/github and
// @actions/artifact clients against a local GitHub API: the newest unexpired artifact is
// downloaded, its files are chosen among like a folder's, dated by the artifact's created_at.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSampleDatabase, drillContext, pgDump, tempDir } from '../backup/fixtures.js';
import { setEnv } from '../compare/env.js';
import type { TestDatabase } from '../helpers/postgres.js';
import { BLOB_SIGNATURE, FakeArtifactsApi } from './fake-artifacts-api.js';

const TOKEN = 'ghs_fakeArtifactSourceToken0123456789';
const api = new FakeArtifactsApi('pickdriver', 'backups', TOKEN);
let runBackupPhase: typeof import('../../src/backup/backup-phase.js').runBackupPhase;
let restoreEnv: () => void = () => {};
let db: TestDatabase;
let tmp: { dir: string; cleanup: () => Promise<void> };
let custom: Buffer;
let plain: Buffer;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const hoursAgo = (h: number) => new Date(Math.floor((Date.now() - h * 3_600_000) / 1000) * 1000).toISOString();

function artifactContext(inputs: Record<string, string>) {
  const ctx = drillContext({ 'github-token': TOKEN, ...inputs });
  ctx.env = { ...ctx.env, GITHUB_API_URL: api.url, GITHUB_REPOSITORY: 'pickdriver/backups' };
  return ctx;
}

beforeAll(async () => {
  await api.start();
  // @actions/github fixes its default API URL when it is first imported, and @actions/artifact's
  // download uses that default: set GITHUB_API_URL first, import the code under test after.
  restoreEnv = setEnv({ GITHUB_API_URL: api.url, GITHUB_SERVER_URL: undefined });
  ({ runBackupPhase } = await import('../../src/backup/backup-phase.js'));
  db = await createSampleDatabase();
  tmp = await tempDir();
  custom = await readFile(await pgDump(db.url, 'custom', path.join(tmp.dir, 'pickdriver.dump')));
  plain = await readFile(await pgDump(db.url, 'plain', path.join(tmp.dir, 'pickdriver.sql')));
});

afterAll(async () => {
  restoreEnv();
  await api.close();
  await db?.drop();
  await tmp?.cleanup();
});

beforeEach(() => {
  api.artifacts.length = 0;
  api.forbidden = false;
});

describe('artifact: backup sources', () => {
  it('downloads the newest unexpired artifact and chooses among its files with a verified sidecar', async () => {
    api.add({
      id: 11,
      runId: 501,
      name: 'nightly-backup',
      expired: false,
      createdAt: hoursAgo(30),
      files: [{ name: 'old.sql', content: plain }],
    });
    api.add({
      id: 13,
      runId: 503,
      name: 'nightly-backup',
      expired: true,
      createdAt: hoursAgo(1),
      files: [{ name: 'gone.sql', content: plain }],
    });
    const created = hoursAgo(5);
    api.add({
      id: 12,
      runId: 502,
      name: 'nightly-backup',
      expired: false,
      createdAt: created,
      files: [
        { name: 'pickdriver.sql', content: plain },
        { name: 'pickdriver.sql.sha256', content: `${sha256(plain)}  pickdriver.sql\n` },
        { name: 'notes.txt', content: 'made by the nightly job\n' },
      ],
    });
    api.add({
      id: 14,
      runId: 504,
      name: 'other',
      expired: false,
      createdAt: hoursAgo(0),
      files: [{ name: 'x.dump', content: custom }],
    });
    const ctx = artifactContext({ 'backup-source': 'artifact:nightly-backup', 'max-backup-age': '26h' });
    const result = await runBackupPhase(ctx);
    const { info, checks, backup, dispose } = result;

    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['backup.found', 'ok'],
      ['backup.checksum', 'ok'],
      ['backup.archive', 'ok'],
      ['backup.age', 'ok'],
      ['backup.cadence', 'skip'],
    ]);
    expect(info.resolved).toBe(
      'artifact:pickdriver/backups/nightly-backup (id 12, run 502 on main, at 502aaaaaaaaa)/pickdriver.sql',
    );
    expect(info.id).toBe('pickdriver.sql');
    expect(info.checksumVerified).toBe(true);
    expect(info.sha256).toBe(sha256(plain));
    expect(info.format).toBe('plain');
    // A plain dump carries no creation time: the artifact's created_at dates it, not the extraction.
    expect(info.createdAt).toBe(created);
    expect(info.createdAtSource).toBe('mtime');
    expect(checks[3]?.summary).toContain('within the RPO target');
    const verdicts = Object.fromEntries(info.candidates.map((c) => [c.name, c.verdict]));
    expect(verdicts).toEqual({
      'notes.txt': 'not-a-backup',
      'pickdriver.sql': 'chosen',
      'pickdriver.sql.sha256': 'checksum-sidecar',
    });
    expect(info.candidates.find((c) => c.verdict === 'chosen')?.reason).toContain('artifact created_at');
    expect(api.paths.filter((p) => p.startsWith('/blob/'))).toEqual(['/blob/artifact-12.zip']);

    expect(await readFile(backup!.path)).toEqual(plain);
    await dispose?.();
    await expect(stat(backup!.path)).rejects.toThrow();
    const everything = JSON.stringify(result) + ctx.log.lines.join('\n');
    for (const secret of [TOKEN, 'fakeBlobSignature']) expect(everything).not.toContain(secret);
  });

  it('reads OWNER/REPO/NAME and dates a custom archive by its header', async () => {
    api.add({
      id: 21,
      runId: 601,
      name: 'db',
      expired: false,
      createdAt: hoursAgo(2),
      files: [{ name: 'pickdriver.dump', content: custom }],
    });
    const ctx = artifactContext({
      'backup-source': 'artifact:pickdriver/backups/db',
      'backup-checksum': sha256(custom),
    });
    ctx.env.GITHUB_REPOSITORY = 'someone/else';
    const { checks, info, dispose } = await runBackupPhase(ctx);
    expect(checks.map((c) => c.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'skip']);
    expect(info.createdAtSource).toBe('archive');
    expect(info.checksumSource).toBe('input');
    await dispose?.();
  });

  it('matches backup-pattern on the entries of an artifact with braces, classes and extglobs', async () => {
    api.add({
      id: 31,
      runId: 701,
      name: 'mixed',
      expired: false,
      createdAt: hoursAgo(2),
      files: [
        { name: 'pickdriver.dump', content: custom },
        { name: 'pickdriver.sql.gz', content: gzipSync(plain) },
        { name: 'pickdriver.sql', content: plain },
        { name: 'notes.txt', content: 'made by the nightly job\n' },
      ],
    });
    const braced = await runBackupPhase(
      artifactContext({ 'backup-source': 'artifact:mixed', 'backup-pattern': '*.{dump,sql.gz}' }),
    );
    const verdicts = Object.fromEntries(braced.info.candidates.map((c) => [c.name, c.verdict]));
    expect(verdicts).toEqual({
      'notes.txt': 'pattern-mismatch',
      'pickdriver.dump': 'chosen',
      'pickdriver.sql': 'pattern-mismatch',
      'pickdriver.sql.gz': 'older',
    });
    await braced.dispose?.();

    const extglob = await runBackupPhase(
      artifactContext({ 'backup-source': 'artifact:mixed', 'backup-pattern': 'pickdriver.@(sql|[s]ql.gz)' }),
    );
    expect(extglob.info.candidates.find((c) => c.verdict === 'chosen')?.name).toBe('pickdriver.sql.gz');
    expect(extglob.info.candidates.find((c) => c.name === 'pickdriver.dump')?.verdict).toBe('pattern-mismatch');
    await extglob.dispose?.();
  });

  it('fails backup.found naming github-token, actions: read, or the missing artifact', async () => {
    const noToken = artifactContext({ 'backup-source': 'artifact:nightly-backup', 'github-token': '' });
    const missingToken = await runBackupPhase(noToken);
    expect(missingToken.checks[0]?.status).toBe('fail');
    expect(missingToken.checks[0]?.summary).toContain('needs github-token');

    api.add({
      id: 31,
      runId: 701,
      name: 'nightly-backup',
      expired: false,
      createdAt: hoursAgo(1),
      files: [{ name: 'a.sql', content: plain }],
    });
    api.forbidden = true;
    const ctx = artifactContext({ 'backup-source': 'artifact:nightly-backup' });
    const forbidden = await runBackupPhase(ctx);
    expect(forbidden.checks[0]?.summary).toContain('HTTP 403');
    expect(forbidden.checks[0]?.summary).toContain('actions: read');
    expect(forbidden.checks[0]?.summary).not.toMatch(/\n\s+at /);
    expect(JSON.stringify(forbidden) + ctx.log.lines.join('\n')).not.toContain(TOKEN);

    api.forbidden = false;
    api.artifacts[0]!.expired = true;
    const expired = await runBackupPhase(artifactContext({ 'backup-source': 'artifact:nightly-backup' }));
    expect(expired.checks[0]?.summary).toContain(
      "no unexpired artifact named 'nightly-backup' in pickdriver/backups (1 expired)",
    );
  });

  it('refuses a zip that does not match the digest GitHub lists for the artifact', async () => {
    api.add({
      id: 41,
      runId: 801,
      name: 'nightly-backup',
      expired: false,
      createdAt: hoursAgo(1),
      files: [{ name: 'a.sql', content: plain }],
    });
    api.artifacts[0]!.digest = `sha256:${'0'.repeat(64)}`;
    const { checks, dispose } = await runBackupPhase(artifactContext({ 'backup-source': 'artifact:nightly-backup' }));
    expect(checks[0]?.status).toBe('fail');
    expect(checks[0]?.summary).toContain("does not match the artifact's digest");
    expect(dispose).toBeNull();
    expect(BLOB_SIGNATURE).toContain('sig=');
  });
});
