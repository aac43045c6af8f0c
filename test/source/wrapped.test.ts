// Encrypted and compressed backups made by the real tools (age, gpg, zstd, xz, lz4, bzip2, gzip from
// the Debian packages; age-encryption's own encoder for an age passphrase, which the age tool only
// takes from a terminal), each drilled end to end through the command-line bundle; a wrong key, a
// cut layer and a corrupted layer each fail the right check, and no key reaches any output.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, open, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSidecar } from '../../src/demo/make-backup.js';
import { runBundle, runnerFiles } from '../helpers/bundles.js';
import { createDrillWorld, type DrillWorld } from '../helpers/drill-world.js';

const run = promisify(execFile);
const STACK = /\n\s+at .+[:(]\d+:\d+/;
const PASSPHRASE = 'correct horse battery staple 7731';

let world: DrillWorld;
let dir: string;
let gnupg: string;
let ageIdentity: string;
let ageRecipient: string;
let pgpPrivateKey: string;

async function sh(command: string, args: string[], env: Record<string, string> = {}) {
  return run(command, args, { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
}

/** `input` through the tool's own compressor into `out`. */
async function compress(tool: 'zstd' | 'xz' | 'lz4' | 'bzip2' | 'gzip', input: string, out: string) {
  const args = tool === 'lz4' ? ['-q', '-c', input] : ['-c', input];
  const { stdout } = await run(tool, args, { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 });
  await writeFile(out, stdout);
  return out;
}

beforeAll(async () => {
  world = await createDrillWorld({ api: false });
  await world.backup('custom');
  await world.backup('plain');
  await world.backup('tar');
  dir = path.join(world.dir, 'wrapped');
  await mkdir(dir);
  gnupg = await mkdtemp(path.join(os.tmpdir(), 'pdv-gnupg-'));
  await sh('age-keygen', ['-o', path.join(gnupg, 'age.key')]);
  const keyFile = await readFile(path.join(gnupg, 'age.key'), 'utf8');
  ageIdentity = /^AGE-SECRET-KEY-1\S+$/m.exec(keyFile)?.[0] as string;
  ageRecipient = /public key: (age1\S+)/.exec(keyFile)?.[1] as string;
  const g = { GNUPGHOME: gnupg };
  await sh(
    'gpg',
    ['--batch', '--passphrase', '', '--quick-gen-key', 'Drill Test <drill@example.com>', 'default', 'default', 'never'],
    g,
  );
  pgpPrivateKey = (await sh('gpg', ['--batch', '--armor', '--export-secret-keys', 'drill@example.com'], g)).stdout;
}, 180_000);
afterAll(async () => {
  await run('gpgconf', ['--homedir', gnupg, '--kill', 'all']).catch(() => {});
  await rm(gnupg, { recursive: true, force: true });
  await world?.close();
});

async function ageEncrypt(input: string, out: string, recipient = ageRecipient) {
  await sh('age', ['-r', recipient, '-o', out, input]);
  return out;
}

async function drill(file: string, flags: Record<string, string> = {}) {
  const files = await runnerFiles();
  const reportDir = path.join(files.dir, 'report');
  const all: Record<string, string> = {
    'backup-source': file,
    'database-url': world.adminUrl,
    'drill-database': world.drillDatabase,
    baseline: 'none',
    'report-dir': reportDir,
    ...flags,
  };
  // --name=value: an armored key starts with dashes.
  const args = ['drill', ...Object.entries(all).map(([name, value]) => `--${name}=${value}`)];
  const result = await runBundle('dist/cli/index.js', { args });
  expect(result.stdout + result.stderr).not.toMatch(STACK);
  const reportText = await readFile(path.join(reportDir, 'report.json'), 'utf8');
  const markdown = await readFile(path.join(reportDir, 'report.md'), 'utf8');
  const report = JSON.parse(reportText);
  const check = (id: string) => report.checks.find((c: { id: string }) => c.id === id);
  // The key, or any line of it, never reaches the output or the reports.
  const key = flags['backup-decryption-key'];
  if (key) {
    for (const line of key.split('\n').filter((l) => l.length >= 16 && !l.startsWith('-----'))) {
      for (const text of [result.stdout, result.stderr, reportText, markdown]) expect(text).not.toContain(line);
    }
  }
  return { result, report, check, status: (id: string) => check(id)?.status };
}

describe('wrapped backups drill end to end', () => {
  const cases: [string, () => Promise<string>, string[], string, () => string | undefined][] = [
    [
      'custom in zstd',
      () => compress('zstd', world.backups.custom as string, path.join(dir, 'a.dump.zst')),
      ['zstd'],
      'custom',
      () => undefined,
    ],
    [
      'custom in xz',
      () => compress('xz', world.backups.custom as string, path.join(dir, 'a.dump.xz')),
      ['xz'],
      'custom',
      () => undefined,
    ],
    [
      'custom in lz4',
      () => compress('lz4', world.backups.custom as string, path.join(dir, 'a.dump.lz4')),
      ['lz4'],
      'custom',
      () => undefined,
    ],
    [
      'tar in bzip2',
      () => compress('bzip2', world.backups.tar as string, path.join(dir, 'a.tar.bz2')),
      ['bzip2'],
      'tar',
      () => undefined,
    ],
    [
      'custom in gzip',
      () => compress('gzip', world.backups.custom as string, path.join(dir, 'a.dump.gz')),
      ['gzip'],
      'custom',
      () => undefined,
    ],
    [
      'custom encrypted to an age recipient',
      () => ageEncrypt(world.backups.custom as string, path.join(dir, 'a.dump.age')),
      ['age'],
      'custom',
      () => ageIdentity,
    ],
    [
      'plain in zstd, then age',
      async () =>
        ageEncrypt(
          await compress('zstd', world.backups.plain as string, path.join(dir, 'b.sql.zst')),
          path.join(dir, 'b.sql.zst.age'),
        ),
      ['age', 'zstd'],
      'plain',
      () => ageIdentity,
    ],
    [
      'plain in xz, then gpg --symmetric',
      async () => {
        const xz = await compress('xz', world.backups.plain as string, path.join(dir, 'c.sql.xz'));
        const out = path.join(dir, 'c.sql.xz.gpg');
        await sh(
          'gpg',
          ['--batch', '--yes', '--pinentry-mode', 'loopback', '--passphrase', PASSPHRASE, '--symmetric', '-o', out, xz],
          { GNUPGHOME: gnupg },
        );
        return out;
      },
      ['gpg', 'xz'],
      'plain',
      () => PASSPHRASE,
    ],
    [
      'custom encrypted to an OpenPGP key (armored private key)',
      async () => {
        const out = path.join(dir, 'd.dump.gpg');
        await sh(
          'gpg',
          [
            '--batch',
            '--yes',
            '--trust-model',
            'always',
            '-r',
            'drill@example.com',
            '--encrypt',
            '-o',
            out,
            world.backups.custom as string,
          ],
          { GNUPGHOME: gnupg },
        );
        return out;
      },
      ['gpg'],
      'custom',
      () => pgpPrivateKey,
    ],
    [
      'plain with an age passphrase (age-encryption encoder)',
      async () => {
        const age = await import('age-encryption');
        const e = new age.Encrypter();
        e.setPassphrase(PASSPHRASE);
        const out = path.join(dir, 'e.sql.age');
        await writeFile(out, await e.encrypt(await readFile(world.backups.plain as string)));
        return out;
      },
      ['age'],
      'plain',
      () => PASSPHRASE,
    ],
  ];
  for (const [name, make, layers, format, key] of cases) {
    it(name, async () => {
      const file = await make();
      await writeSidecar(file);
      const k = key();
      const d = await drill(file, k ? { 'backup-decryption-key': k } : {});
      expect(d.report.backup.wrapping).toEqual(layers);
      expect(d.report.backup.format).toBe(format);
      expect(d.status('backup.checksum')).toBe('ok');
      expect(d.status('backup.archive')).toBe('ok');
      expect(d.status('restore.completed')).toBe('ok');
      expect(d.status('database.critical-tables')).toBe('ok');
      expect(d.result.code).toBe(0);
      if (format === 'custom') expect(d.report.restore.jobs).toBeGreaterThanOrEqual(1);
      // Nothing unwrapped is left behind.
      const left = (await readdir(os.tmpdir())).filter((n) => n.startsWith('pickdriver-vault-backup-'));
      for (const n of left) expect(await readdir(path.join(os.tmpdir(), n)).catch(() => [])).not.toContain('gnupg');
    }, 120_000);
  }
});

describe('wrapped backups that fail', () => {
  it('an age backup without a key, or with the wrong one, fails backup.archive saying what is expected', async () => {
    const file = await ageEncrypt(world.backups.custom as string, path.join(dir, 'f.dump.age'));
    const none = await drill(file);
    expect(none.status('backup.archive')).toBe('fail');
    expect(none.check('backup.archive').summary).toMatch(/^age identity required: .*X25519 recipient \(age1…\)/);
    expect(none.status('restore.completed')).toBe('skip');
    const other = (await sh('age-keygen', [])).stdout;
    const wrongKey = /^AGE-SECRET-KEY-1\S+$/m.exec(other)?.[0] as string;
    const wrong = await drill(file, { 'backup-decryption-key': wrongKey });
    expect(wrong.status('backup.archive')).toBe('fail');
    expect(wrong.check('backup.archive').summary).toMatch(/does not decrypt this backup/);
    expect(wrong.result.code).toBe(1);
  }, 120_000);

  it('a wrong gpg passphrase fails backup.archive', async () => {
    const out = path.join(dir, 'g.dump.gpg');
    await sh(
      'gpg',
      [
        '--batch',
        '--yes',
        '--pinentry-mode',
        'loopback',
        '--passphrase',
        PASSPHRASE,
        '--symmetric',
        '-o',
        out,
        world.backups.custom as string,
      ],
      { GNUPGHOME: gnupg },
    );
    const d = await drill(out, { 'backup-decryption-key': 'not the passphrase at all' });
    expect(d.status('backup.archive')).toBe('fail');
    expect(d.check('backup.archive').summary).toMatch(/does not decrypt this backup: expected an OpenPGP passphrase/);
  }, 120_000);

  it('a cut zstd layer fails backup.archive, and backup.checksum against its sidecar', async () => {
    const file = await compress('zstd', world.backups.custom as string, path.join(dir, 'h.dump.zst'));
    await writeSidecar(file);
    await truncate(file, Math.floor((await stat(file)).size * 0.6));
    const d = await drill(file);
    expect(d.status('backup.archive')).toBe('fail');
    expect(d.check('backup.archive').summary).toMatch(/zstd layer is damaged or cut short/);
    expect(d.status('backup.checksum')).toBe('fail');
    expect(d.status('restore.completed')).toBe('skip');
  }, 120_000);

  it('a corrupted xz layer fails backup.archive', async () => {
    const file = await compress('xz', world.backups.plain as string, path.join(dir, 'i.sql.xz'));
    const handle = await open(file, 'r+');
    const at = Math.floor((await stat(file)).size / 2);
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, at);
    byte[0] = (byte[0] as number) ^ 0x5a;
    await handle.write(byte, 0, 1, at);
    await handle.close();
    const d = await drill(file);
    expect(d.status('backup.archive')).toBe('fail');
    expect(d.check('backup.archive').summary).toMatch(/xz layer is damaged or cut short/);
    expect(d.status('restore.completed')).toBe('skip');
  }, 120_000);
});
