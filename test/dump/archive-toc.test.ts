// The archive's own TOC, read from real pg_dump output in the three archive formats: tables are
// the TABLE entries (partitioned parents and partitions, not TABLE ATTACH), names arrive exactly
// (spaces, quotes, dots, newlines, non-ASCII), owners too, and the extension list is there.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArchiveToc, tocExtensions, tocTables } from '../../src/dump/archive-toc.js';
import { pgDump } from '../backup/fixtures.js';
import { adminQuery, createTestDatabase, queryDb, type TestDatabase } from '../helpers/postgres.js';

const execFileAsync = promisify(execFile);
const ODD = 't "q" é\nx';
const OWNER = `toc owner ${process.pid}`;

let db: TestDatabase;
let dir: string;
beforeAll(async () => {
  db = await createTestDatabase('pdv_toc');
  dir = await mkdtemp(path.join(os.tmpdir(), 'pdv-toc-'));
  await adminQuery(`CREATE ROLE "${OWNER}"`);
  await queryDb(
    db.url,
    `CREATE EXTENSION citext;
     CREATE SCHEMA "my.schema";
     CREATE TABLE "my.schema"."${ODD.replaceAll('"', '""')}" (id int PRIMARY KEY, v citext);
     ALTER TABLE "my.schema"."${ODD.replaceAll('"', '""')}" OWNER TO "${OWNER}";
     CREATE TABLE events (id int, at date) PARTITION BY RANGE (at);
     CREATE TABLE events_2023 PARTITION OF events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
     CREATE TABLE events_default PARTITION OF events DEFAULT;
     INSERT INTO events SELECT g, '2023-05-01' FROM generate_series(1, 20) g;`,
  );
});
afterAll(async () => {
  await db?.drop();
  await adminQuery(`DROP ROLE IF EXISTS "${OWNER}"`);
  await rm(dir, { recursive: true, force: true });
});

async function tocBytes(format: 'custom' | 'directory' | 'tar'): Promise<Buffer> {
  const target = path.join(dir, format);
  await pgDump(db.url, format, target);
  if (format === 'custom') return readFile(target);
  if (format === 'directory') return readFile(path.join(target, 'toc.dat'));
  return (await execFileAsync('tar', ['-xOf', target, 'toc.dat'], { encoding: 'buffer' })).stdout;
}

describe('readArchiveToc', () => {
  it.each(['custom', 'directory', 'tar'] as const)(
    'reads the %s format: tables exactly, owners, extensions',
    async (format) => {
      const toc = readArchiveToc(await tocBytes(format), format);
      expect(toc.format).toBe(format);
      expect(toc.version).toEqual({ major: 1, minor: 14, rev: 0 });
      expect(toc.pgDumpVersion).toMatch(/^15\./);
      const tables = tocTables(toc).sort((a, b) => a.name.localeCompare(b.name));
      expect(tables).toEqual([
        { schema: 'public', name: 'events', owner: 'postgres' },
        { schema: 'public', name: 'events_2023', owner: 'postgres' },
        { schema: 'public', name: 'events_default', owner: 'postgres' },
        { schema: 'my.schema', name: ODD, owner: OWNER },
      ]);
      // The partitions' ATTACH entries are what they are, not tables.
      expect(
        toc.entries
          .filter((e) => e.desc === 'TABLE ATTACH')
          .map((e) => e.tag)
          .sort(),
      ).toEqual(['events_2023', 'events_default']);
      expect(tocExtensions(toc)).toEqual(['citext']);
      const data = toc.entries.filter((e) => e.desc === 'TABLE DATA');
      expect(data.every((e) => e.hadDumper)).toBe(true);
      if (format === 'custom') expect(data.every((e) => e.dataState === 2)).toBe(true);
      else expect(data.map((e) => e.filename)).toEqual(data.map((e) => `${e.dumpId}.dat`));
    },
  );
});
