// The custom archive's structure walked in one pass: complete archives (compressed, uncompressed,
// written to a pipe, with large objects) pass; cut or padded ones fail, naming why.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libpqEnv } from '../../src/demo/make-backup.js';
import { CustomArchiveWalker } from '../../src/dump/custom-archive.js';
import { createSampleDatabase } from '../backup/fixtures.js';
import { queryDb, type TestDatabase } from '../helpers/postgres.js';

let db: TestDatabase;
let dir: string;
beforeAll(async () => {
  db = await createSampleDatabase();
  await queryDb(db.url, "SELECT lo_from_bytea(0, convert_to(repeat('large object ', 1000), 'UTF8'))");
  dir = await mkdtemp(path.join(os.tmpdir(), 'pdv-custom-'));
});
afterAll(async () => {
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
});

function dump(args: string[]): Buffer {
  const env = { ...process.env, ...libpqEnv(db.url) };
  return execFileSync('pg_dump', ['-Fc', ...args], { env, maxBuffer: 1 << 28 });
}

function walk(bytes: Buffer, chunkSize = 4096) {
  const walker = new CustomArchiveWalker();
  for (let i = 0; i < bytes.length; i += chunkSize) walker.write(bytes.subarray(i, i + chunkSize));
  return walker.finish(bytes.length);
}

describe('CustomArchiveWalker', () => {
  it('passes complete archives: compressed, uncompressed, to a pipe, with large objects', async () => {
    const file = path.join(dir, 'seekable.dump');
    dump(['-f', file]);
    const seekable = await readFile(file);
    for (const bytes of [seekable, dump(['-Z0']), dump([])]) {
      const result = walk(bytes);
      expect(result.problem).toBeNull();
      expect(result.ok).toBe(true);
      expect(result.blocks).toBeGreaterThan(1);
      expect(result.toc?.entries.some((e) => e.desc === 'TABLE DATA')).toBe(true);
      expect(result.toc?.entries.some((e) => e.desc === 'BLOBS' || e.desc === 'BLOB')).toBe(true);
    }
    // Chunk boundaries anywhere, down to one byte at a time, give the same verdict.
    expect(walk(seekable, 1).ok).toBe(true);
    expect(walk(seekable, 7).ok).toBe(true);
  });

  it('fails an archive cut anywhere after its table of contents, or before', async () => {
    const file = path.join(dir, 'cut-source.dump');
    dump(['-f', file]);
    const bytes = await readFile(file);
    for (const fraction of [0.05, 0.5, 0.9, 0.999]) {
      const result = walk(bytes.subarray(0, Math.floor(bytes.length * fraction)));
      expect(result.ok, `cut at ${fraction}`).toBe(false);
      expect(result.problem).toMatch(/cut short|ends inside/);
    }
    // Cut exactly between two blocks: every block read is whole, but one the TOC announces is missing.
    const offsets = walk(bytes)
      .toc!.entries.filter((e) => e.dataState === 2)
      .map((e) => e.offset as number)
      .sort((a, b) => a - b);
    const lastBlock = offsets[offsets.length - 1] as number;
    const between = walk(bytes.subarray(0, lastBlock));
    expect(between.ok).toBe(false);
    expect(between.problem).toMatch(/is missing: the archive is cut short/);
  });

  it('fails an archive with bytes after its last block, and a file that is not an archive', async () => {
    const file = path.join(dir, 'padded.dump');
    dump(['-f', file]);
    const padded = Buffer.concat([await readFile(file), Buffer.from('garbage')]);
    expect(walk(padded).ok).toBe(false);
    await writeFile(path.join(dir, 'text.dump'), 'PGDMP but not really');
    expect(walk(Buffer.from('PGDMP but not really')).ok).toBe(false);
    expect(walk(Buffer.from('-- PostgreSQL database dump\n')).problem).toBe('it does not start with the PGDMP header');
  });
});
