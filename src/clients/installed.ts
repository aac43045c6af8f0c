// The PostgreSQL client tools installed on this machine: pg-bin-dir when set, else the usual
// install folders (Debian/Ubuntu, RHEL, Homebrew's libpq and postgresql@<major>, a client the
// drill installed earlier in this job), then PATH. Each is asked its version once per process.
import { execFile } from 'node:child_process';
import { access, constants, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { childEnv } from '../util/child-env.js';

const execFileAsync = promisify(execFile);

type ClientSource = 'pg-bin-dir' | 'install folder' | 'PATH' | 'installed';

/** One folder of client programs (pg_restore and psql of one version). */
export interface InstalledClient {
  dir: string;
  /** e.g. `17.6` */
  version: string;
  major: number;
  source: ClientSource;
}

/** Folders that hold one client each, by family: `<major>` is read from the folder name. */
function usualFolders(): { root: string; pattern: RegExp; bin: string }[] {
  return [
    { root: '/usr/lib/postgresql', pattern: /^\d+$/, bin: 'bin' },
    { root: '/usr', pattern: /^pgsql-\d+$/, bin: 'bin' },
    { root: '/opt/homebrew/opt', pattern: /^(libpq|postgresql@\d+)$/, bin: 'bin' },
    { root: '/usr/local/opt', pattern: /^(libpq|postgresql@\d+)$/, bin: 'bin' },
  ];
}

/** `pg_restore (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)` → 15.20; `18beta1` → 18. */
export function parseClientVersion(stdout: string): { version: string; major: number } | null {
  const match = /\)\s+(\d+)(?:\.(\d+))?/.exec(stdout) ?? /(\d+)(?:\.(\d+))?/.exec(stdout);
  if (!match) return null;
  const major = Number(match[1]);
  return { version: match[2] ? `${match[1]}.${match[2]}` : String(major), major };
}

async function executable(file: string): Promise<boolean> {
  return access(file, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/** The client in `dir` (pg_restore there), or null when there is none or it does not run. */
async function clientIn(dir: string, source: ClientSource): Promise<InstalledClient | null> {
  const file = path.join(dir, 'pg_restore');
  if (!(await executable(file))) return null;
  try {
    const { stdout } = await execFileAsync(file, ['--version'], { env: childEnv(process.env), timeout: 20_000 });
    const parsed = parseClientVersion(stdout);
    return parsed ? { dir, ...parsed, source } : null;
  } catch {
    return null;
  }
}

/** Candidate folders in the order they are preferred when two hold the same version. */
async function candidateFolders(env: NodeJS.ProcessEnv, extra: string[]): Promise<[string, ClientSource][]> {
  const found: [string, ClientSource][] = extra.map((dir) => [dir, 'installed']);
  for (const { root, pattern, bin } of usualFolders()) {
    const names = await readdir(root).catch(() => [] as string[]);
    for (const name of names.filter((n) => pattern.test(n)).sort())
      found.push([path.join(root, name, bin), 'install folder']);
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) found.push([dir, 'PATH']);
  return found;
}

const cache = new Map<string, Promise<InstalledClient[]>>();

/**
 * Every client on this machine, each folder once (by its real path): only pg-bin-dir's when it
 * is set (the user chose it). `extra`: folders of clients the drill installed.
 */
export function installedClients(
  pgBinDir: string | null,
  env: NodeJS.ProcessEnv = process.env,
  extra: string[] = [],
): Promise<InstalledClient[]> {
  const key = `${pgBinDir ?? ''}\0${env.PATH ?? ''}\0${extra.join('\0')}`;
  let found = cache.get(key);
  if (!found) {
    found = discover(pgBinDir, env, extra);
    cache.set(key, found);
  }
  return found;
}

async function discover(pgBinDir: string | null, env: NodeJS.ProcessEnv, extra: string[]): Promise<InstalledClient[]> {
  if (pgBinDir) {
    const one = await clientIn(pgBinDir, 'pg-bin-dir');
    return one ? [one] : [];
  }
  const folders = await candidateFolders(env, extra);
  const real = await Promise.all(
    folders.map(async ([dir]) => {
      // Debian's /usr/bin/pg_restore is pg_wrapper, a Perl script that runs one of the folders
      // above (/usr/lib/postgresql/<major>/bin): asking it its version costs a Perl start (50–100
      // ms, before the restore can begin) to learn nothing new.
      const tool = await realpath(path.join(dir, 'pg_restore')).catch(() => null);
      return tool !== null && path.basename(tool) === 'pg_wrapper' ? null : realpath(dir).catch(() => null);
    }),
  );
  const seen = new Set<string>();
  const unique: [string, ClientSource][] = [];
  folders.forEach((folder, i) => {
    const id = real[i];
    if (!id || seen.has(id)) return;
    seen.add(id);
    unique.push(folder);
  });
  const clients = await Promise.all(unique.map(([dir, source]) => clientIn(dir, source)));
  // One version is listed once, from the folder preferred for it.
  const versions = new Set<string>();
  return clients.filter((c): c is InstalledClient => {
    if (c === null || versions.has(c.version)) return false;
    versions.add(c.version);
    return true;
  });
}

/** Forgets what was found (after the drill installed a client). */
export function forgetInstalledClients(): void {
  cache.clear();
}
