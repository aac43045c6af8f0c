// Encryption and compression layers around a pg_dump backup, recognised by their magic bytes and
// removed as a stream. gzip (and zstd where this Node's zlib has it, Node 22.15+/24) run in
// process; xz, lz4, bzip2 (and zstd on Node 20) run as the Debian tools, child processes with an
// allow-listed environment, which also puts the decompression on another core. age runs in
// process through `age-encryption` (the TypeScript implementation by age's author; loaded only
// when an age layer is found). OpenPGP runs through gpg, which every runner has, in a GNUPGHOME of
// its own; the passphrase reaches it on a pipe (fd 3) and a private key on stdin, never in its
// environment or arguments.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { Duplex, PassThrough, Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import { AGE_ARMOR, expectedKey } from '../dump/layer-magic.js';
import type { BackupLayer } from '../model/backup-types.js';
import { trackGroup, untrackGroup } from '../util/process-group.js';
import { makeSocketTempDir, type TempDir } from '../util/temp-files.js';

/** A layer that cannot be removed: a missing or wrong key, damaged or cut data, a missing tool. */
export class LayerError extends Error {
  override name = 'LayerError';
  constructor(
    readonly layer: BackupLayer,
    message: string,
  ) {
    super(message);
  }
}

export interface LayerOptions {
  /** backup-decryption-key (a secret). */
  key: string | null;
  /** gpg's homes made for this unwrapping: stopped and removed with it (stopGpgAgents). */
  gpgHomes: TempDir[];
}

const lastLine = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .pop() ?? '';

/** The environment of a layer tool: where to find it and the C locale, nothing else of ours. */
function toolEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C', LC_ALL: 'C', ...extra };
}

const PACKAGE: Record<string, string> = { xz: 'xz-utils', lz4: 'lz4', bzip2: 'bzip2', zstd: 'zstd', gpg: 'gnupg' };

/** A child process as a stream: stdin in, stdout out; a non-zero exit ends the output with its stderr. */
function processStream(
  layer: BackupLayer,
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; secretOnFd3?: string; describe: (stderr: string, code: number) => string },
): Duplex {
  const stdio: ('pipe' | 'ignore')[] = ['pipe', 'pipe', 'pipe'];
  if (options.secretOnFd3 !== undefined) stdio.push('pipe');
  // A group of its own, tracked: a cancelled drill stops it with every other tool it started.
  const child: ChildProcess = spawn(command, args, { env: options.env ?? toolEnv(), stdio, detached: true });
  const pid = child.pid;
  if (pid !== undefined) trackGroup(pid);
  const out = new PassThrough();
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (stderr.length < 8192) stderr += d.toString('utf8');
  });
  child.stdout?.pipe(out, { end: false });
  child.stdin?.on('error', () => {}); // EPIPE when the tool stops early: its exit status says why.
  if (options.secretOnFd3 !== undefined) {
    const fd3 = child.stdio[3] as NodeJS.WritableStream & { on: (e: string, f: () => void) => void };
    fd3.on('error', () => {});
    fd3.end(`${options.secretOnFd3}\n`);
  }
  child.on('error', (error: NodeJS.ErrnoException) => {
    out.destroy(
      error.code === 'ENOENT'
        ? new LayerError(layer, `${command} is not installed: apt-get install ${PACKAGE[command] ?? command}`)
        : new LayerError(layer, `${command}: ${error.message}`),
    );
  });
  child.on('close', (code) => {
    if (pid !== undefined) untrackGroup(pid);
    if (code === 0) out.end();
    else out.destroy(new LayerError(layer, options.describe(stderr, code ?? -1)));
  });
  const duplex = Duplex.from({ writable: child.stdin as NodeJS.WritableStream, readable: out });
  // A pipeline torn down early (a failed check, a signal) takes the tool with it.
  duplex.on('close', () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(pid !== undefined ? -pid : 0, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  });
  return duplex;
}

/** The most memory an xz layer may take to decompress. */
const XZ_MEMORY_LIMIT = '512MiB';

function decompressor(layer: 'zstd' | 'xz' | 'lz4' | 'bzip2'): Duplex {
  if (layer === 'zstd') {
    // Node 22.15+ and 24 decompress zstd themselves; Node 20 (the command line here) has no zstd.
    const native = (zlib as unknown as { createZstdDecompress?: () => Duplex }).createZstdDecompress;
    if (native) return native();
  }
  const command = layer === 'zstd' ? 'zstd' : layer;
  // xz takes the memory its stream's header asks for (up to 4 GiB of dictionary per layer, nested
  // six deep); zstd refuses windows over 128 MiB on its own. xz -9 needs 65 MiB.
  const limit = layer === 'xz' ? ['-M', XZ_MEMORY_LIMIT] : [];
  return processStream(layer, command, ['-d', '-c', '-q', ...limit], {
    describe: (stderr, code) =>
      layer === 'xz' && /memory usage limit/i.test(stderr)
        ? `the xz layer asks for more than ${XZ_MEMORY_LIMIT.replace('MiB', ' MiB')} of memory to decompress (the dictionary its header names): refused`
        : `the ${layer} layer is damaged or cut short: ${lastLine(stderr) || `${command} exited with ${code}`}`,
  });
}

async function ageStream(head: Buffer, key: string | null): Promise<Duplex> {
  if (!key)
    throw new LayerError('age', `age identity required: backup-decryption-key must be ${expectedKey('age', head)}`);
  const age = await import('age-encryption');
  const decrypter = new age.Decrypter();
  const identities = key.split(/\s+/).filter((w) => /^AGE-SECRET-KEY-1[0-9A-Z]+$/.test(w));
  if (identities.length > 0) for (const id of identities) decrypter.addIdentity(id);
  else decrypter.addPassphrase(key);
  const input = new PassThrough();
  const output = new PassThrough();
  const armored = head.toString('latin1', 0, AGE_ARMOR.length) === AGE_ARMOR;
  (async () => {
    let source: ReadableStream<Uint8Array>;
    if (armored) {
      // Armor is for small text files: decoded whole.
      const chunks: Buffer[] = [];
      for await (const chunk of input) chunks.push(chunk as Buffer);
      const bytes = age.armor.decode(Buffer.concat(chunks).toString('latin1'));
      source = new Blob([bytes]).stream() as ReadableStream<Uint8Array>;
    } else {
      source = Readable.toWeb(input) as ReadableStream<Uint8Array>;
    }
    const plain = await decrypter.decrypt(source);
    for await (const chunk of Readable.fromWeb(plain as import('node:stream/web').ReadableStream<Uint8Array>)) {
      if (!output.write(chunk)) await once(output, 'drain');
    }
    output.end();
  })().catch((error: Error) => {
    const message = String(error?.message ?? error);
    output.destroy(
      /no identity matched|incorrect passphrase|failed to decrypt file key|passphrase/i.test(message)
        ? new LayerError(
            'age',
            `backup-decryption-key does not decrypt this backup: expected ${expectedKey('age', head)} (${message})`,
          )
        : new LayerError('age', `the age layer is damaged or cut short: ${message}`),
    );
  });
  return Duplex.from({ writable: input, readable: output });
}

/** gpg starts an agent for each home it uses: stopped, and its home removed, with the unwrapping. */
export async function stopGpgAgents(homes: TempDir[]): Promise<void> {
  for (const home of homes.splice(0)) {
    await new Promise<void>((resolve) => {
      const child = spawn('gpgconf', ['--homedir', home.dir, '--kill', 'all'], {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C' },
        stdio: 'ignore',
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.on('error', () => resolve());
      child.on('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    await home.dispose();
  }
}

async function gpgStream(head: Buffer, opts: LayerOptions): Promise<Duplex> {
  const key = opts.key;
  if (!key)
    throw new LayerError('gpg', `OpenPGP key required: backup-decryption-key must be ${expectedKey('gpg', head)}`);
  // A short folder of its own (mode 700, as mkdtemp makes it): gpg's agent sockets live in its
  // home and a unix socket's path is short.
  const homeDir = await makeSocketTempDir('gpg');
  opts.gpgHomes.push(homeDir);
  const home = homeDir.dir;
  const env = toolEnv({ GNUPGHOME: home });
  const base = ['--batch', '--no-tty', '--quiet', '--homedir', home, '--pinentry-mode', 'loopback'];
  const parsed = parseGpgKey(key);
  if (parsed.privateKey !== null) {
    const importer = processStream('gpg', 'gpg', [...base, '--import'], {
      env,
      describe: (stderr) => `backup-decryption-key: the armored private key could not be imported: ${lastLine(stderr)}`,
    });
    importer.resume();
    importer.end(parsed.privateKey);
    await once(importer, 'end').catch((error: Error) => {
      throw error instanceof LayerError ? error : new LayerError('gpg', error.message);
    });
  }
  // A passphrase (symmetric encryption, or the one protecting the private key) reaches gpg on fd 3.
  const args = [...base, ...(parsed.passphrase === null ? [] : ['--passphrase-fd', '3']), '--decrypt'];
  return processStream('gpg', 'gpg', args, {
    env,
    secretOnFd3: parsed.passphrase ?? undefined,
    describe: (stderr, code) =>
      parsed.privateKey !== null && parsed.passphrase === null && /can't get input|no passphrase/i.test(stderr)
        ? `backup-decryption-key does not decrypt this backup: the private key is protected by a passphrase and none follows it; expected ${expectedKey('gpg', head)}`
        : /bad session key|no secret key|decryption failed: bad key|cannot query passphrase|no passphrase|bad passphrase/i.test(
              stderr,
            )
          ? `backup-decryption-key does not decrypt this backup: expected ${expectedKey('gpg', head)} (gpg: ${lastLine(stderr).replace(/^gpg:\s*/, '')})`
          : `the OpenPGP layer is damaged or cut short: ${lastLine(stderr) || `gpg exited with ${code}`}`,
  });
}

const PRIVATE_KEY_BLOCK = /-----BEGIN PGP PRIVATE KEY BLOCK-----[\s\S]*?-----END PGP PRIVATE KEY BLOCK-----/;

/**
 * backup-decryption-key for OpenPGP: a passphrase (gpg --symmetric); an armored private key; or
 * an armored private key protected by a passphrase, written on the line after the key's END line
 * (one secret for both). Blank lines around the passphrase and its line end are not part of it.
 */
function parseGpgKey(key: string): { privateKey: string | null; passphrase: string | null } {
  const block = PRIVATE_KEY_BLOCK.exec(key);
  if (!block) return { privateKey: null, passphrase: key };
  const after = key
    .slice(block.index + block[0].length)
    .replace(/^[\t ]*\r?\n/, '')
    .replace(/(\r?\n[\t ]*)+$/, '')
    .replace(/^(\r?\n)+/, '');
  return { privateKey: `${block[0]}\n`, passphrase: after === '' ? null : after };
}

/** A stream that removes one layer; `head` is the layer's first bytes (for what a key must be). */
export async function layerStream(layer: BackupLayer, head: Buffer, opts: LayerOptions): Promise<Duplex> {
  switch (layer) {
    case 'gzip':
      return zlib.createGunzip();
    case 'age':
      return ageStream(head, opts.key);
    case 'gpg':
      return gpgStream(head, opts);
    default:
      return decompressor(layer);
  }
}
