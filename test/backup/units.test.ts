// The small parsers of the backup phase, against real pg_dump output where it matters.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, utimes } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackupPhase } from '../../src/backup/backup-phase.js';
import { compareChecksum, parseSidecar } from '../../src/dump/checksum.js';
import { parsePgdmpHeader } from '../../src/dump/pgdmp-header.js';
import { PlainDumpScanner, unquoteQualifiedName } from '../../src/dump/plain-scanner.js';
import { isGlob, matchesGlob } from '../../src/source/glob.js';
import type { TestDatabase } from '../helpers/postgres.js';
import { createSampleDatabase, drillContext, pgDump, tempDir } from './fixtures.js';

const sh = promisify(execFile);
let db: TestDatabase;
let tmp: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  db = await createSampleDatabase();
  tmp = await tempDir();
});

afterAll(async () => {
  await db?.drop();
  await tmp?.cleanup();
});

describe('glob', () => {
  it('matches * and ? within a segment and ** across segments', () => {
    expect(matchesGlob('nightly-2024.dump', '*.dump')).toBe(true);
    expect(matchesGlob('nightly.dump.sha256', '*.dump')).toBe(false);
    expect(matchesGlob('a/b.dump', '*.dump')).toBe(false);
    expect(matchesGlob('db-1.sql', 'db-?.sql')).toBe(true);
    expect(matchesGlob('db-12.sql', 'db-?.sql')).toBe(false);
    expect(matchesGlob('x.dump', '**/*.dump')).toBe(true);
    expect(matchesGlob('a/b/x.dump', '**/*.dump')).toBe(true);
    // A name starting with a dot is still a backup.
    expect(matchesGlob('.nightly.dump', '*.dump')).toBe(true);
  });

  it('expands braces, matches classes and extglobs', () => {
    expect(matchesGlob('pickdriver.dump', '*.{dump,sql.gz}')).toBe(true);
    expect(matchesGlob('pickdriver.sql.gz', '*.{dump,sql.gz}')).toBe(true);
    expect(matchesGlob('pickdriver.sql', '*.{dump,sql.gz}')).toBe(false);
    expect(matchesGlob('pickdriver.dump.sha256', '*.{dump,sql.gz}')).toBe(false);
    expect(matchesGlob('db-2026.dump', 'db-[0-9][0-9][0-9][0-9].dump')).toBe(true);
    expect(matchesGlob('db-draft.dump', 'db-[0-9]*.dump')).toBe(false);
    expect(matchesGlob('db-2026.dump', 'db-+([0-9]).dump')).toBe(true);
    expect(matchesGlob('db-2026x.dump', 'db-+([0-9]).dump')).toBe(false);
    expect(matchesGlob('nightly.dump', '!(*.sha256)')).toBe(true);
    expect(matchesGlob('nightly.dump.sha256', '!(*.sha256)')).toBe(false);
    expect(matchesGlob('weekly.dump', '@(nightly|weekly).dump')).toBe(true);
    expect(matchesGlob('monthly.dump', '@(nightly|weekly).dump')).toBe(false);
  });

  it('tells a glob from a plain path', () => {
    for (const glob of ['b/*.dump', 'b/{x,y}.dump', 'b/[0-9].dump', 'b/@(x|y).dump', 'b/**']) {
      expect(isGlob(glob), glob).toBe(true);
    }
    for (const plain of ['backups/', 'backups/nightly.dump', '/var/backups/2026-11-30.sql.gz']) {
      expect(isGlob(plain), plain).toBe(false);
    }
  });
});

describe('PGDMP header', () => {
  it('reads version, creation time, database and versions the way pg_restore --list prints them', async () => {
    const file = await pgDump(db.url, 'custom', path.join(tmp.dir, 'header.dump'));
    const header = parsePgdmpHeader(await readFile(file));
    const { stdout } = await sh('pg_restore', ['--list', file]);
    expect(header?.format).toBe('custom');
    expect(stdout).toContain(`Dump Version: ${header?.archiveVersion}`);
    expect(stdout).toContain(`dbname: ${db.name}`);
    expect(stdout).toContain(`Dumped from database version: ${header?.serverVersion}`);
    expect(stdout).toContain(`Dumped by pg_dump version: ${header?.pgDumpVersion}`);
    expect(Math.abs(Date.now() - (header?.createdAt?.getTime() ?? 0))).toBeLessThan(60_000);
    expect(parsePgdmpHeader(Buffer.from('--\n-- PostgreSQL database dump\n'))).toBeNull();
    // A header cut after the version bytes keeps the version and loses the rest, without throwing.
    expect(parsePgdmpHeader((await readFile(file)).subarray(0, 20))?.createdAt).toBeNull();
  });
});

describe('plain dump scanner', () => {
  it('finds CREATE TABLE outside COPY data and sees the completion marker across chunk borders', () => {
    const scanner = new PlainDumpScanner();
    const text = [
      'CREATE TABLE public.seasons (',
      '    id integer',
      ');',
      'COPY public.notes (body) FROM stdin;',
      'CREATE TABLE not.a_table (',
      '\\.',
      'CREATE UNLOGGED TABLE "My Schema"."Weird ""name""" (',
      '    id integer',
      ');',
      '--',
      '-- PostgreSQL database dump complete',
      '--',
      '',
      '\\unrestrict abc',
      '',
    ].join('\n');
    const bytes = Buffer.from(text);
    for (let i = 0; i < bytes.length; i += 7) scanner.write(bytes.subarray(i, i + 7));
    scanner.end();
    expect(scanner.tables).toEqual([
      { schema: 'public', name: 'seasons', owner: null },
      { schema: 'My Schema', name: 'Weird "name"', owner: null },
    ]);
    expect(scanner.complete).toBe(true);
    expect(unquoteQualifiedName('a."b.c"')).toEqual(['a', 'b.c']);
  });
});

describe('sidecars', () => {
  it('accepts sha256sum text and binary lines and a bare digest, and refuses anything else', () => {
    const hex = 'ab'.repeat(32);
    expect(parseSidecar(`${hex}  backups/app.dump\n`)).toEqual([{ sha256: hex, name: 'backups/app.dump' }]);
    expect(parseSidecar(`${hex.toUpperCase()} *app.dump`)).toEqual([{ sha256: hex, name: 'app.dump' }]);
    expect(parseSidecar(`${hex}\n`)).toEqual([{ sha256: hex, name: null }]);
    expect(parseSidecar('md5 1234')).toBeNull();
    const named = { source: 'sidecar' as const, origin: 'x', lines: [{ sha256: hex, name: 'other.dump' }] };
    expect(compareChecksum(named, 'app.dump', hex, null).ok).toBe(false);
  });
});

describe('folders holding directory-format backups', () => {
  it('takes a subdirectory with toc.dat as one backup and ignores its files', async () => {
    const folder = path.join(tmp.dir, 'mixed');
    await mkdir(folder);
    await pgDump(db.url, 'directory', path.join(folder, 'tonight.dir'));
    const plain = await pgDump(db.url, 'plain', path.join(tmp.dir, 'yesterday.sql'));
    await copyFile(plain, path.join(folder, 'yesterday.sql'));
    const dayAgo = new Date(Date.now() - 86_400_000);
    await utimes(path.join(folder, 'yesterday.sql'), dayAgo, dayAgo);

    const { info, backup, checks } = await runBackupPhase(drillContext({ 'backup-source': folder }));
    expect(info.candidates.map((c) => [c.name, c.verdict])).toEqual([
      ['tonight.dir', 'chosen'],
      ['yesterday.sql', 'older'],
    ]);
    expect(backup?.format).toBe('directory');
    expect(checks[2]?.status).toBe('ok');
    expect(info.createdAtSource).toBe('archive');
  });
});
