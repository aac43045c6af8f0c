// Real dumps of a small real database, made with the local pg_dump, for the backup-phase tests.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '../../src/config/config.js';
import type { DrillContext } from '../../src/model/context.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { SecretRegistry } from '../../src/util/secrets.js';
import { createTestDatabase, queryDb, type TestDatabase } from '../helpers/postgres.js';

const execFileAsync = promisify(execFile);

export type DumpFormat = 'custom' | 'directory' | 'tar' | 'plain';

/** A database with two small tables (one in its own schema, one with a name that needs quoting). */
export async function createSampleDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase('pdv_backup');
  await queryDb(
    db.url,
    `CREATE TABLE seasons (id serial PRIMARY KEY, year int NOT NULL);
     INSERT INTO seasons (year) SELECT 2000 + i FROM generate_series(1, 500) i;
     CREATE SCHEMA racing;
     CREATE TABLE racing."Race Results" (id int, driver text);
     INSERT INTO racing."Race Results" SELECT i, md5(i::text) FROM generate_series(1, 2000) i;`,
  );
  return db;
}

const FORMAT_FLAG: Record<DumpFormat, string> = { custom: 'c', directory: 'd', tar: 't', plain: 'p' };

export async function pgDump(url: string, format: DumpFormat, target: string): Promise<string> {
  await execFileAsync('pg_dump', [`--format=${FORMAT_FLAG[format]}`, '--file', target, '--dbname', url]);
  return target;
}

export async function gzipFile(file: string, target: string): Promise<string> {
  await execFileAsync('sh', ['-c', 'gzip -c "$1" > "$2"', 'sh', file, target]);
  return target;
}

export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pdv-backup-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export function drillContext(inputs: Record<string, string>): DrillContext & { log: MemoryLogger } {
  return {
    config: loadConfig(inputs),
    log: new MemoryLogger(),
    secrets: new SecretRegistry(),
    env: { ...process.env },
  };
}
