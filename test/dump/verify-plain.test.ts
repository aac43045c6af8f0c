// A plain dump's verdict depends on the psql that would restore it: one without `\restrict`, or
// older than the pg_dump that wrote the dump, is refused before it starts, with the remedy.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBackup } from '../../src/dump/verify.js';
import { findPgTool, type PgTool } from '../../src/util/pg-tools.js';
import { createSampleDatabase, pgDump, tempDir } from '../backup/fixtures.js';
import type { TestDatabase } from '../helpers/postgres.js';

let db: TestDatabase;
let tmp: { dir: string; cleanup: () => Promise<void> };
let dump: string;

beforeAll(async () => {
  db = await createSampleDatabase();
  tmp = await tempDir();
  dump = await pgDump(db.url, 'plain', path.join(tmp.dir, 'app.sql'));
});

afterAll(async () => {
  await db?.drop();
  await tmp?.cleanup();
});

const psqlOf = (version: string) => async (): Promise<PgTool> => ({
  name: 'psql',
  path: '/opt/old-postgresql/bin/psql',
  version,
  major: Number(version.split('.')[0]),
});

const verify = (psql: () => Promise<PgTool>, pgDumpVersion = '15.14') =>
  verifyBackup({
    path: dump,
    format: 'plain',
    header: null,
    pgRestore: () => findPgTool('pg_restore', null),
    pgDumpVersion,
    psql,
  });

describe('the psql a plain dump would be restored with', () => {
  it('one of this year’s releases passes the dump', async () => {
    const local = await findPgTool('psql', null);
    const { archive } = await verify(async () => local, `${local.major}.0`);
    expect(archive.status, archive.summary).toBe('ok');
  });

  it('one without \\restrict is refused, naming its version and the releases that have it', async () => {
    const { archive } = await verify(psqlOf('15.13'));
    expect(archive.status).toBe('fail');
    expect(archive.summary).toContain(
      'psql 15.13 cannot restore a plain dump safely: it lacks \\restrict (psql 13.22, 14.19, 15.14',
    );
    expect(archive.summary).toContain('set pg-bin-dir');
    expect(archive.summary).not.toMatch(/[\r\n]/);
  });

  it('one older than the pg_dump that wrote the dump is refused with the client to install', async () => {
    const { archive } = await verify(psqlOf('14.19'), '16.4');
    expect(archive.status).toBe('fail');
    expect(archive.tooNew).toBe(true);
    expect(archive.summary).toMatch(/pg_dump 16\.4 is too new for psql 14\.19.*install the PostgreSQL 16 client tools/);
  });
});
