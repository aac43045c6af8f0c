// s3:// drills through the command-line bundle, as a user runs them: against s3rver (a
// third-party S3 server from npm) for pagination past 1,000 keys, sidecars, a missing bucket and
// an unsigned public bucket; against our signature-checking fake for what s3rver cannot do
// (it accepts any secret and ignores regions and policies): web identity through a local STS,
// denied access, a wrong region, and hostile keys.

import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BundleRun, readCommandFile, runBundle, runnerFiles } from '../helpers/bundles.js';
import { createDrillWorld, type DrillWorld } from '../helpers/drill-world.js';
import { FakeS3 } from './fake-s3.js';
import { FakeSts } from './fake-sts.js';

// s3rver's own account: it knows this access key (any other is InvalidAccessKeyId).
const S3RVER_KEYS = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };
const MANY = 1_050;

let world: DrillWorld;
let s3rver: ChildProcess;
let s3rverDir: string;
let s3rverUrl: string;
let dump: Buffer;
/** A `sha256sum` line for the dump under a name. */
let sidecarFor: (name: string) => string;

interface Drill {
  run: BundleRun;
  report: {
    result: string;
    backup: { id: string; resolved: string; candidates: { name: string; verdict: string; reason: string }[] };
    checks: { id: string; status: string; summary: string; details: Record<string, unknown> | null }[];
  };
  log: string;
}

/** One drill through dist/cli/index.js with only the environment given (nothing of this process's AWS_*). */
async function drill(source: string, args: string[], env: Record<string, string | undefined>): Promise<Drill> {
  const files = await runnerFiles();
  const reportDir = path.join(files.dir, 'report');
  const run = await runBundle('dist/cli/index.js', {
    args: [
      'drill',
      ...['--backup-source', source],
      ...['--backup-pattern', '*.dump'],
      ...['--database-url', world.adminUrl],
      ...['--drill-database', world.drillDatabase],
      ...['--baseline', 'none'],
      ...['--report-dir', reportDir],
      ...args,
    ],
    env: { AWS_EC2_METADATA_DISABLED: undefined, ...env },
  });
  const text = await readFile(path.join(reportDir, 'report.json'), 'utf8').catch(() => {
    throw new Error(`no report (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  });
  const report = JSON.parse(text);
  await rm(files.dir, { recursive: true, force: true });
  return { run, report, log: run.stdout + run.stderr };
}

const status = (d: Drill, id: string) => d.report.checks.find((c) => c.id === id);

beforeAll(async () => {
  world = await createDrillWorld({ api: false });
  const file = await world.backup('custom', 'nightly.dump');
  dump = await readFile(file);
  const digest = createHash('sha256').update(dump).digest('hex');
  sidecarFor = (name) => `${digest}  ${name}\n`;

  s3rverDir = await mkdtemp(path.join(os.tmpdir(), 'pdv-s3rver-'));
  s3rver = spawn(
    process.execPath,
    [
      '--openssl-legacy-provider',
      path.join(import.meta.dirname, 'fixtures/s3rver-server.mjs'),
      s3rverDir,
      'pickdriver-backups',
      'public-backups',
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const [line] = (await once(s3rver.stdout!, 'data')) as [Buffer];
  s3rverUrl = `http://127.0.0.1:${JSON.parse(line.toString()).port}`;
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: s3rverUrl,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  const put = (Bucket: string, Key: string, Body: Buffer | string) =>
    client.send(new PutObjectCommand({ Bucket, Key, Body }));
  // More keys than one ListObjectsV2 page holds; the backup sorts after all of them.
  const names = Array.from({ length: MANY }, (_, i) => `many/log-${String(i).padStart(5, '0')}.txt`);
  for (let i = 0; i < names.length; i += 25) {
    await Promise.all(names.slice(i, i + 25).map((key) => put('pickdriver-backups', key, `line ${key}\n`)));
  }
  await put('pickdriver-backups', 'many/zz-nightly.dump', dump);
  await put('pickdriver-backups', 'many/zz-nightly.dump.sha256', sidecarFor('zz-nightly.dump'));
  await put('public-backups', 'open/nightly.dump', dump);
  client.destroy();
}, 180_000);

afterAll(async () => {
  if (s3rver && s3rver.exitCode === null) {
    s3rver.kill('SIGTERM');
    await once(s3rver, 'exit');
  }
  await rm(s3rverDir, { recursive: true, force: true });
  await world?.close();
});

describe('s3:// against s3rver (a third-party S3 server)', () => {
  it(`lists past one page (${MANY + 2} keys), verifies the sidecar and restores the backup`, async () => {
    const d = await drill(
      's3://pickdriver-backups/many/',
      ['--s3-endpoint', s3rverUrl, '--backup-checksum', 'required'],
      S3RVER_KEYS,
    );
    expect(d.run.code, d.log).toBe(0);
    expect(d.report.result).toBe('passed');
    expect(d.report.backup.candidates).toHaveLength(MANY + 2);
    // Of those keys one is a backup: the sidecar and the other files are no candidates.
    expect(status(d, 'backup.found')?.summary).toContain('(among 1 backup)');
    expect(d.report.backup.id).toBe('zz-nightly.dump');
    expect(d.report.backup.resolved).toBe('s3://pickdriver-backups/many/zz-nightly.dump');
    expect(status(d, 'backup.checksum')?.status).toBe('ok');
    expect(status(d, 'backup.checksum')?.summary).toContain('matches zz-nightly.dump.sha256');
    expect(status(d, 'restore.completed')?.status).toBe('ok');
    expect(d.log).toContain(`S3: ${MANY + 2} object(s) under s3://pickdriver-backups/many/`);
    expect(d.log).not.toContain('S3RVER');
    expect(await world.databaseExists(world.drillDatabase)).toBe(false);
  });

  it('fails backup.found naming the missing bucket, HTTP 404 and NoSuchBucket', async () => {
    const d = await drill('s3://no-such-bucket/nightly/', ['--s3-endpoint', s3rverUrl], S3RVER_KEYS);
    expect(d.run.code).not.toBe(0);
    const found = status(d, 'backup.found')!;
    expect(found.status).toBe('fail');
    expect(found.summary).toContain('s3://no-such-bucket/nightly/');
    expect(found.summary).toContain('HTTP 404 NoSuchBucket');
    expect(found.details).toMatchObject({ status: 404, code: 'NoSuchBucket' });
    expect(d.log).not.toMatch(/\n\s+at /);
  });

  it('reads a public bucket with unsigned requests when there are no credentials anywhere', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'pdv-home-'));
    const d = await drill('s3://public-backups/open/', ['--s3-endpoint', s3rverUrl], {
      HOME: home,
    });
    await rm(home, { recursive: true, force: true });
    expect(d.run.code, d.log).toBe(0);
    expect(d.report.result).toBe('passed');
    expect(d.log).toContain('sending unsigned requests (public bucket)');
    expect(d.log).toContain('unsigned)');
  });
});

describe('s3:// against the signature-checking fake', () => {
  const ISSUED = {
    accessKeyId: 'ASIAFAKEWEBIDENTITY01',
    secretAccessKey: 'webIdentitySecret/0123456789abcdefghijABCD',
    sessionToken: 'IQoJb3JpZ2luX2VjEfakeWebIdentitySessionToken0123456789',
  };
  const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.fake-github-oidc-token.signature';
  const ROLE = 'arn:aws:iam::123456789012:role/backup-drill';
  const sts = new FakeSts({ token: TOKEN, roleArn: ROLE }, ISSUED);
  const s3 = new FakeS3({
    bucket: 'drill-backups',
    region: 'eu-central-1',
    ...ISSUED,
    deny: (k) => k.startsWith('private/'),
  });
  let tokenDir: string;
  let webIdentity: Record<string, string>;

  beforeAll(async () => {
    await sts.start();
    await s3.start();
    s3.maxKeys = 1000;
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    s3.put('nightly/pickdriver.dump', dump, now);
    s3.put('nightly/pickdriver.dump.sha256', sidecarFor('pickdriver.dump'), now);
    s3.put('private/pickdriver.dump', dump, now);
    s3.put('odd/evil\n::warning::injected\n.dump', dump, new Date(now.getTime() + 60_000));
    s3.put('odd/../../other-bucket/x.dump', dump, new Date(now.getTime() + 60_000));
    s3.put('odd/pickdriver.dump', dump, now);
    tokenDir = await mkdtemp(path.join(os.tmpdir(), 'pdv-oidc-'));
    const tokenFile = path.join(tokenDir, 'token');
    await writeFile(tokenFile, TOKEN);
    webIdentity = {
      AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile,
      AWS_ROLE_ARN: ROLE,
      AWS_ROLE_SESSION_NAME: 'nightly-drill',
      AWS_ENDPOINT_URL_STS: sts.url,
      AWS_REGION: 'eu-central-1',
    };
  });

  afterAll(async () => {
    await sts.close();
    await s3.close();
    await rm(tokenDir, { recursive: true, force: true });
  });

  it('signs with the credentials web identity gets from STS (token file + role ARN) and never prints them', async () => {
    s3.requests.length = 0;
    sts.calls.length = 0;
    const d = await drill('s3://drill-backups/nightly/', ['--s3-endpoint', s3.url], webIdentity);
    expect(d.run.code, d.log).toBe(0);
    expect(d.report.result).toBe('passed');
    expect(sts.calls).toHaveLength(1);
    expect(sts.calls[0]?.get('RoleArn')).toBe(ROLE);
    expect(sts.calls[0]?.get('RoleSessionName')).toBe('nightly-drill');
    // Every S3 request carried a valid signature made with the issued secret and session token.
    expect(s3.requests.length).toBeGreaterThan(0);
    expect(s3.requests.every((r) => r.status === 200 || r.status === 206)).toBe(true);
    const everything = JSON.stringify(d.report) + d.log;
    for (const secret of [ISSUED.secretAccessKey, ISSUED.sessionToken, TOKEN]) expect(everything).not.toContain(secret);
  });

  it('fails backup.found with the credential chain error when STS refuses the web identity', async () => {
    const d = await drill('s3://drill-backups/nightly/', ['--s3-endpoint', s3.url], {
      ...webIdentity,
      AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/someone-else',
    });
    const found = status(d, 'backup.found')!;
    expect(found.status).toBe('fail');
    expect(found.summary).toContain('AWS credentials:');
    expect(found.summary).toContain('sts:AssumeRoleWithWebIdentity');
    expect(d.log).not.toContain('sending unsigned requests');
  });

  it('names bucket, key, HTTP 403 and AccessDenied when a policy denies the object', async () => {
    const d = await drill('s3://drill-backups/private/', ['--s3-endpoint', s3.url], webIdentity);
    const found = status(d, 'backup.found')!;
    expect(found.status).toBe('fail');
    expect(found.summary).toContain('s3://drill-backups/private/pickdriver.dump');
    expect(found.summary).toContain('HTTP 403 AccessDenied');
    expect(found.details).toMatchObject({ status: 403, code: 'AccessDenied' });
  });

  it("corrects a wrong region from the bucket's own answer, with a warning that names both", async () => {
    const d = await drill(
      's3://drill-backups/nightly/',
      ['--s3-endpoint', s3.url, '--s3-region', 'us-east-1'],
      webIdentity,
    );
    expect(d.run.code, d.log).toBe(0);
    expect(d.log).toContain('bucket drill-backups is in region eu-central-1, not us-east-1 (s3-region)');
  });

  it('refuses keys with .. segments and keeps control characters out of the log', async () => {
    s3.requests.length = 0;
    const d = await drill('s3://drill-backups/odd/', ['--s3-endpoint', s3.url], webIdentity);
    expect(d.run.code, d.log).toBe(0);
    expect(d.report.backup.id).toBe('pickdriver.dump');
    const byName = Object.fromEntries(d.report.backup.candidates.map((c) => [c.name, c]));
    expect(byName['../../other-bucket/x.dump']?.reason).toContain("'.' or '..' segment");
    expect(byName['evil?::warning::injected?.dump']?.verdict).toBe('older');
    expect(s3.requests.some((r) => r.path.includes('other-bucket'))).toBe(false);
    expect(d.log).not.toMatch(/^::warning::injected/m);
  });

  it('stops a download that drips a byte a second at restore-timeout (a total deadline, not an idle one)', async () => {
    s3.put('slow/pickdriver.dump', dump, new Date());
    s3.drip.add('slow/pickdriver.dump');
    const started = Date.now();
    const d = await drill(
      's3://drill-backups/slow/',
      ['--s3-endpoint', s3.url, '--restore-timeout', '3s'],
      webIdentity,
    );
    expect(d.run.code).toBe(1);
    expect(status(d, 'backup.found')?.status).toBe('ok');
    // Two clocks of restore-timeout end it: the download's own and the verification pass's (which
    // starts a moment earlier, so it usually speaks first); either names the object and 3.0 s.
    expect(status(d, 'backup.archive')).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(
        /s3:\/\/drill-backups\/slow\/pickdriver\.dump: (no complete answer within 3\.0 s \(the request's total deadline\)|the verification pass did not finish within 3\.0 s)/,
      ),
    });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(status(d, 'restore.completed')?.status).toBe('skip');
    expect(d.log).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('refuses an object larger than the free space of the temporary folder before its download starts', async () => {
    s3.put('huge/pickdriver.dump', dump, new Date());
    s3.listedSizes.set('huge/pickdriver.dump', 10 ** 15);
    const d = await drill('s3://drill-backups/huge/', ['--s3-endpoint', s3.url], webIdentity);
    expect(d.run.code).toBe(1);
    expect(status(d, 'backup.found')).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(
        /s3:\/\/drill-backups\/huge\/pickdriver\.dump is 909\.5 TiB but the temporary folder \S+ has [\d.]+ [KMGT]iB free; nothing was downloaded/,
      ),
    });
    // Only its first bytes were read, to recognise it.
    expect(s3.fullGets('huge/pickdriver.dump')).toBe(0);
  });

  it('in the action: a key with newlines cannot start a workflow command; a key with a . segment is never fetched', async () => {
    const evil = 'inject/nightly\n::save-state name=created-database::postgres\n::warning::injected\n.dump';
    const now = new Date();
    s3.put(evil, dump, now);
    s3.put('inject/./nightly.dump', dump, new Date(now.getTime() + 60_000));
    s3.requests.length = 0;
    const files = await runnerFiles();
    const reportDir = path.join(files.dir, 'report');
    const inputs = {
      'backup-source': 's3://drill-backups/inject/',
      'backup-pattern': '*.dump',
      's3-endpoint': s3.url,
      'database-url': world.adminUrl,
      'drill-database': world.drillDatabase,
      baseline: 'none',
      'report-dir': reportDir,
      'artifact-name': '',
    };
    const env = {
      ...webIdentity,
      GITHUB_OUTPUT: files.output,
      GITHUB_STATE: files.state,
      GITHUB_STEP_SUMMARY: files.summary,
      RUNNER_TEMP: files.dir,
    };
    const run = await runBundle('dist/index.js', { inputs, env });
    const report = JSON.parse(await readFile(path.join(reportDir, 'report.json'), 'utf8'));
    const summary = await readFile(files.summary, 'utf8');
    const state = await readCommandFile(files.state);
    const stateEnv = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
    const post = await runBundle('dist/post/index.js', { inputs, env: { ...env, ...stateEnv } });
    await rm(files.dir, { recursive: true, force: true });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(report.backup.id).toBe('nightly?::save-state name=created-database::postgres?::warning::injected?.dump');
    const byName = Object.fromEntries(report.backup.candidates.map((c: { name: string }) => [c.name, c]));
    expect(byName['./nightly.dump']?.reason).toContain("'.' or '..' segment");
    expect(s3.requests.some((r) => r.path.includes('/./'))).toBe(false);
    // The name reached the log (and the summary), but never at the start of a line.
    expect(run.stdout).toContain('::save-state name=created-database::postgres?::warning::injected');
    for (const text of [run.stdout, run.stderr, summary]) {
      expect(text).not.toMatch(/^::save-state/m);
      expect(text).not.toMatch(/^::warning::injected/m);
    }
    // The state the post step acts on is the drill's own: it drops the drill database, nothing else.
    expect(state['created-database']).toBe(world.drillDatabase);
    expect(post.code, post.stdout + post.stderr).toBe(0);
    expect(await world.databaseExists(world.drillDatabase)).toBe(false);
  }, 60_000);
});
