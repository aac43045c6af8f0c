// Builds a PickDriver database and backups of it: for the demo, the benchmark and the e2e workflow.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import pg from 'pg';
import { createPickdriverDatabase } from '../stand-in/pickdriver-fixture.js';
import { findPgTool } from '../util/pg-tools.js';
import { databaseUrl } from './postgres-server.js';

export type DumpFormat = 'custom' | 'directory' | 'tar' | 'plain' | 'plain-gzip';

export async function adminExec(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates (or replaces) a database and fills it with the PickDriver fixture; returns its URL. */
export async function createSourceDatabase(adminUrl: string, name: string, scale: number): Promise<string> {
  await adminExec(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await adminExec(adminUrl, `CREATE DATABASE "${name}"`);
  const url = databaseUrl(adminUrl, name);
  await createPickdriverDatabase(url, { scale });
  return url;
}

/** The libpq environment for a URL, so no password ever reaches a command line. */
export function libpqEnv(url: string): Record<string, string> {
  const u = new URL(url);
  return {
    PGHOST: u.hostname,
    PGPORT: u.port || '5432',
    PGUSER: decodeURIComponent(u.username) || 'postgres',
    PGPASSWORD: decodeURIComponent(u.password),
    PGDATABASE: decodeURIComponent(u.pathname.slice(1)),
  };
}

const FORMAT_FLAG: Record<Exclude<DumpFormat, 'plain-gzip'>, string> = {
  custom: '-Fc',
  directory: '-Fd',
  tar: '-Ft',
  plain: '-Fp',
};

/** pg_dump of a database to `file` in the given format (plain-gzip: plain through gzip). */
export async function dumpDatabase(url: string, file: string, format: DumpFormat): Promise<void> {
  const tool = await findPgTool('pg_dump', null);
  const env = { ...process.env, ...libpqEnv(url) };
  if (format === 'plain-gzip') {
    const child = spawn(tool.path, ['-Fp'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = waitFor(child, 'pg_dump');
    await pipeline(child.stdout, createGzip({ level: 6 }), createWriteStream(file));
    await exited;
    return;
  }
  const child = spawn(tool.path, [FORMAT_FLAG[format], '-f', file], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  await waitFor(child, 'pg_dump');
}

function waitFor(child: ReturnType<typeof spawn>, name: string): Promise<void> {
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${name} failed (${code}): ${stderr.trim()}`)),
    );
  });
}

/** Writes `<file>.sha256` in sha256sum format. */
export async function writeSidecar(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  const hex = hash.digest('hex');
  await writeFile(`${file}.sha256`, `${hex}  ${path.basename(file)}\n`);
  return hex;
}
