// An OpenPGP private key protected by a passphrase, made by the real gpg, through the command-line
// bundle: backup-decryption-key holds the armored key and, on the line after its END line, its
// passphrase (one secret). A custom archive and a plain dump in xz encrypted to it restore; the
// key without its passphrase, or with a wrong one, fails backup.archive saying what is expected;
// neither the passphrase nor any line of the key reaches the output or the reports.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBundle, runnerFiles } from '../helpers/bundles.js';
import { createDrillWorld, type DrillWorld } from '../helpers/drill-world.js';

const run = promisify(execFile);
const STACK = /\n\s+at .+[:(]\d+:\d+/;
// Short on purpose: a passphrase is masked whatever its length.
const KEY_PASSPHRASE = 'hunter2 x';

let world: DrillWorld;
let gnupg: string;
let armoredKey: string;
let encryptedCustom: string;
let encryptedPlain: string;

async function gpg(args: string[]) {
  return run('gpg', ['--batch', '--yes', '--pinentry-mode', 'loopback', ...args], {
    env: { ...process.env, GNUPGHOME: gnupg },
    maxBuffer: 64 * 1024 * 1024,
  });
}

beforeAll(async () => {
  world = await createDrillWorld({ api: false });
  await world.backup('custom');
  await world.backup('plain');
  gnupg = await mkdtemp(path.join(os.tmpdir(), 'pdv-gnupg-protected-'));
  await gpg([
    '--passphrase',
    KEY_PASSPHRASE,
    '--quick-gen-key',
    'Vault <vault@example.com>',
    'default',
    'default',
    'never',
  ]);
  armoredKey = (await gpg(['--passphrase', KEY_PASSPHRASE, '--armor', '--export-secret-keys', 'vault@example.com']))
    .stdout;
  encryptedCustom = path.join(world.dir, 'nightly.dump.gpg');
  await gpg([
    '--trust-model',
    'always',
    '-r',
    'vault@example.com',
    '-o',
    encryptedCustom,
    '--encrypt',
    world.backups.custom as string,
  ]);
  const xz = path.join(world.dir, 'nightly.sql.xz');
  await run('sh', ['-c', `xz -c '${world.backups.plain}' > '${xz}'`]);
  encryptedPlain = `${xz}.gpg`;
  await gpg(['--trust-model', 'always', '-r', 'vault@example.com', '-o', encryptedPlain, '--encrypt', xz]);
}, 180_000);

afterAll(async () => {
  await run('gpgconf', ['--homedir', gnupg, '--kill', 'all']).catch(() => {});
  await rm(gnupg, { recursive: true, force: true });
  await world?.close();
});

async function drill(file: string, key: string) {
  const files = await runnerFiles();
  const reportDir = path.join(files.dir, 'report');
  const flags = {
    'backup-source': file,
    'backup-decryption-key': key,
    'database-url': world.adminUrl,
    'drill-database': world.drillDatabase,
    baseline: 'none',
    'report-dir': reportDir,
  };
  const args = ['drill', ...Object.entries(flags).map(([n, v]) => `--${n}=${v}`)];
  const result = await runBundle('dist/cli/index.js', { args, env: { RUNNER_TEMP: files.dir } });
  const texts = [
    result.stdout,
    result.stderr,
    await readFile(path.join(reportDir, 'report.json'), 'utf8'),
    await readFile(path.join(reportDir, 'report.md'), 'utf8'),
  ];
  expect(result.stdout + result.stderr).not.toMatch(STACK);
  for (const text of texts) {
    expect(text).not.toContain(KEY_PASSPHRASE);
    for (const line of armoredKey.split('\n').filter((l) => l.length >= 16 && !l.startsWith('-----')))
      expect(text).not.toContain(line);
  }
  await rm(files.dir, { recursive: true, force: true });
  const report = JSON.parse(texts[2] as string);
  const check = (id: string) => report.checks.find((c: { id: string }) => c.id === id);
  return { result, report, check };
}

describe('a passphrase-protected OpenPGP private key in backup-decryption-key', () => {
  it('key then passphrase on the next line decrypts a custom archive and a plain dump in xz', async () => {
    const custom = await drill(encryptedCustom, `${armoredKey}${KEY_PASSPHRASE}\n`);
    expect(custom.report.backup.wrapping).toEqual(['gpg']);
    expect(custom.check('backup.archive').status).toBe('ok');
    expect(custom.check('restore.completed').status).toBe('ok');
    expect(custom.result.code).toBe(0);

    const plain = await drill(encryptedPlain, `${armoredKey}\n${KEY_PASSPHRASE}`);
    expect(plain.report.backup.wrapping).toEqual(['gpg', 'xz']);
    expect(plain.report.backup.format).toBe('plain');
    expect(plain.check('restore.completed').status).toBe('ok');
  }, 180_000);

  it('the key without its passphrase, or with a wrong one, fails backup.archive saying what is expected', async () => {
    const none = await drill(encryptedCustom, armoredKey);
    expect(none.check('backup.archive')).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(
        /does not decrypt this backup: the private key is protected by a passphrase and none follows it; expected an armored OpenPGP private key \(its passphrase, if it has one, on the line after its END line\)/,
      ),
    });
    expect(none.check('restore.completed').status).toBe('skip');
    const wrong = await drill(encryptedCustom, `${armoredKey}not the passphrase\n`);
    expect(wrong.check('backup.archive').status).toBe('fail');
    expect(wrong.check('backup.archive').summary).toMatch(/does not decrypt this backup/);
    expect(wrong.result.code).toBe(1);
  }, 180_000);
});
