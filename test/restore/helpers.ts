// Shared by the restore tests: a small source database, real pg_dump backups of it in every
// format, and a DrillContext built through the real configuration loader.
import { execFile, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { createGzip } from 'node:zlib';
import { loadConfig } from '../../src/config/config.js';
import type { BackupFormat } from '../../src/model/backup-types.js';
import type { DrillContext } from '../../src/model/context.js';
import { libpqEnv } from '../../src/restore/pg-connection.js';
import type { ResolvedBackup } from '../../src/restore/types.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { SecretRegistry } from '../../src/util/secrets.js';
import { adminUrl, createTestDatabase, queryDb, type TestDatabase } from '../helpers/postgres.js';

const execFileAsync = promisify(execFile);

export const SOURCE_TABLES = ['public._fluent_migrations', 'public.seasons', 'public.races', 'public.player_picks'];

/** `schema.table` (no dots in either) as a TOC table. */
export const asTocTable = (qualified: string) => {
  const [schema, name] = qualified.split('.') as [string, string];
  return { schema, name, owner: null };
};

/** A few tables with serial ids, a foreign key, a few thousand rows and Fluent's ledger. */
export async function createSourceDatabase(): Promise<TestDatabase & { counts: Record<string, number> }> {
  const db = await createTestDatabase('pdv_src');
  await queryDb(
    db.url,
    `CREATE TABLE public._fluent_migrations (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL,
       batch bigint NOT NULL, created_at timestamptz, updated_at timestamptz);
     INSERT INTO public._fluent_migrations (name, batch, created_at)
       VALUES ('App.CreateSeasons', 1, now() - interval '2 days'), ('App.CreateRaces', 1, now() - interval '2 days'),
              ('App.CreatePicks', 2, now() - interval '1 day');
     CREATE TABLE public.seasons (id serial PRIMARY KEY, year int NOT NULL, is_active boolean NOT NULL DEFAULT false);
     INSERT INTO public.seasons (year, is_active) SELECT 2000 + g, g = 26 FROM generate_series(1, 26) g;
     CREATE TABLE public.races (id serial PRIMARY KEY, season_id int NOT NULL REFERENCES public.seasons(id), name text);
     INSERT INTO public.races (season_id, name) SELECT 1 + g % 26, 'race ' || g FROM generate_series(1, 500) g;
     CREATE TABLE public.player_picks (id bigserial PRIMARY KEY, race_id int NOT NULL REFERENCES public.races(id),
       pick text, created_at timestamp NOT NULL DEFAULT now());
     INSERT INTO public.player_picks (race_id, pick) SELECT 1 + g % 500, md5(g::text) FROM generate_series(1, 3000) g;`,
  );
  return { ...db, counts: { seasons: 26, races: 500, player_picks: 3000, _fluent_migrations: 3 } };
}

export async function rowCounts(url: string): Promise<Record<string, number>> {
  const { rows } = await queryDb<{ s: string; r: string; p: string; m: string }>(
    url,
    `SELECT (SELECT count(*) FROM seasons) AS s, (SELECT count(*) FROM races) AS r,
            (SELECT count(*) FROM player_picks) AS p, (SELECT count(*) FROM _fluent_migrations) AS m`,
  );
  const row = rows[0]!;
  return {
    seasons: Number(row.s),
    races: Number(row.r),
    player_picks: Number(row.p),
    _fluent_migrations: Number(row.m),
  };
}

const PG_DUMP_FORMAT: Record<Exclude<BackupFormat, 'plain-gzip'>, string> = {
  custom: 'c',
  directory: 'd',
  tar: 't',
  plain: 'p',
};
const EXTENSION: Record<BackupFormat, string> = {
  custom: '.dump',
  directory: '.dir',
  tar: '.tar',
  plain: '.sql',
  'plain-gzip': '.sql.gz',
};

/** Dumps `url` with the real pg_dump into `dir`, as the backup phase would hand it over. */
export async function dump(
  url: string,
  format: BackupFormat,
  dir: string,
  extraArgs: string[] = [],
): Promise<ResolvedBackup> {
  const name = `backup-${format}${EXTENSION[format]}`;
  const file = path.join(dir, name);
  const env = { ...process.env, ...libpqEnv(url) };
  if (format === 'plain-gzip') {
    const child = spawn('pg_dump', ['-Fp', ...extraArgs], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await pipeline(child.stdout, createGzip(), createWriteStream(file));
    if ((await exited) !== 0) throw new Error('pg_dump failed');
  } else {
    await execFileAsync('pg_dump', [`-F${PG_DUMP_FORMAT[format]}`, ...extraArgs, '-f', file], { env });
  }
  const info = await stat(file);
  const archive = format !== 'plain' && format !== 'plain-gzip';
  const listing = archive ? (await execFileAsync('pg_restore', ['-l', file])).stdout : '';
  return {
    path: file,
    name,
    format,
    sizeBytes: info.isDirectory() ? 0 : info.size,
    toc: null,
    tocTables: SOURCE_TABLES.map(asTocTable),
    tocEntries: archive ? Number(/TOC Entries: (\d+)/.exec(listing)?.[1]) : null,
  };
}

export async function tempDir(prefix = 'pdv-restore-'): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface TestContext extends DrillContext {
  log: MemoryLogger;
}

/** A DrillContext through the real config loader; `inputs` are action inputs by name. */
export async function testContext(
  inputs: Record<string, string>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<TestContext> {
  const config = loadConfig({ 'backup-source': 'backups/', 'database-url': await adminUrl(), ...inputs });
  const secrets = new SecretRegistry();
  secrets.addUrl(config.databaseUrl);
  return { config, log: new MemoryLogger(), secrets, env: { ...env } };
}

/** The admin URL with a password in it (the local server's trust auth ignores it). */
export async function adminUrlWithPassword(password: string): Promise<string> {
  const url = new URL(await adminUrl());
  url.password = password;
  return url.toString();
}
