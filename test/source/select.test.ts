import { copyFile, mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackupPhase } from '../../src/backup/backup-phase.js';
import type { BackupCandidate } from '../../src/model/backup-types.js';
import { createSampleDatabase, drillContext, pgDump, tempDir } from '../backup/fixtures.js';
import type { TestDatabase } from '../helpers/postgres.js';

let db: TestDatabase;
let tmp: { dir: string; cleanup: () => Promise<void> };
let plainDump: string;
let customEarly: string;
let customLate: string;

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
const byName = (candidates: BackupCandidate[]) => Object.fromEntries(candidates.map((c) => [c.name, c]));

beforeAll(async () => {
  db = await createSampleDatabase();
  tmp = await tempDir();
  plainDump = await pgDump(db.url, 'plain', path.join(tmp.dir, 'source.sql'));
  customEarly = await pgDump(db.url, 'custom', path.join(tmp.dir, 'early.dump'));
  // The archive header stores its creation time to the second.
  await new Promise((r) => setTimeout(r, 1100));
  customLate = await pgDump(db.url, 'custom', path.join(tmp.dir, 'late.dump'));
});

afterAll(async () => {
  await db?.drop();
  await tmp?.cleanup();
});

describe('choosing among several files', () => {
  it('picks the newest plain dump of a folder by modification time and says why for every entry', async () => {
    const folder = path.join(tmp.dir, 'folder');
    await mkdir(folder);
    for (const [name, age] of [
      ['nightly-1.sql', 50],
      ['nightly-2.sql', 26],
      ['nightly-3.sql', 2],
    ] as const) {
      const file = path.join(folder, name);
      await copyFile(plainDump, file);
      await utimes(file, hoursAgo(age), hoursAgo(age));
    }
    await writeFile(path.join(folder, 'nightly-2.sql.sha256'), 'not read: nightly-2 is not chosen\n');
    await writeFile(path.join(folder, 'README.txt'), 'backups live here\n');
    await mkdir(path.join(folder, 'archive'));

    const { info, checks, backup } = await runBackupPhase(drillContext({ 'backup-source': folder }));
    expect(checks[0]?.status).toBe('ok');
    expect(backup?.name).toBe('nightly-3.sql');
    expect(info.createdAtSource).toBe('mtime');
    expect(info.ageSeconds).toBeGreaterThanOrEqual(2 * 3600 - 5);
    const c = byName(info.candidates);
    expect(info.candidates).toHaveLength(6);
    expect(c['nightly-3.sql']?.verdict).toBe('chosen');
    expect(c['nightly-2.sql']?.verdict).toBe('older');
    expect(c['nightly-1.sql']?.verdict).toBe('older');
    expect(c['nightly-2.sql']?.reason).toContain('older than the one chosen');
    expect(c['nightly-2.sql.sha256']?.verdict).toBe('checksum-sidecar');
    expect(c['README.txt']?.verdict).toBe('not-a-backup');
    expect(c.archive?.verdict).toBe('not-a-backup');
    expect(c.archive?.reason).toContain('without toc.dat');
  });

  it('trusts the archive header over the file modification time for custom dumps', async () => {
    const folder = path.join(tmp.dir, 'headers');
    await mkdir(folder);
    const early = path.join(folder, 'early.dump');
    const late = path.join(folder, 'late.dump');
    await copyFile(customEarly, early);
    await copyFile(customLate, late);
    // The mtimes say the opposite of the headers (as after a copy that did not keep them).
    await utimes(early, new Date(), new Date());
    await utimes(late, hoursAgo(30), hoursAgo(30));

    const { info, backup } = await runBackupPhase(drillContext({ 'backup-source': folder }));
    expect(backup?.name).toBe('late.dump');
    expect(info.createdAtSource).toBe('archive');
    const c = byName(info.candidates);
    expect(c['early.dump']?.verdict).toBe('older');
    expect(Date.parse(c['late.dump']?.createdAt ?? '')).toBeGreaterThan(Date.parse(c['early.dump']?.createdAt ?? ''));
    expect(Date.now() - Date.parse(info.createdAt ?? '')).toBeLessThan(120_000);
  });

  it('expands a glob, ** included, and filters names with backup-pattern', async () => {
    const root = path.join(tmp.dir, 'globbed');
    await mkdir(path.join(root, 'a', 'b'), { recursive: true });
    const place = async (rel: string, age: number) => {
      const file = path.join(root, rel);
      await copyFile(plainDump, file);
      await utimes(file, hoursAgo(age), hoursAgo(age));
    };
    await place('db-old.sql', 10);
    await place('a/db-mid.sql', 5);
    await place('a/b/db-new.sql', 1);
    await place('a/b/other-newest.sql', 0.5);

    const single = await runBackupPhase(drillContext({ 'backup-source': path.join(root, '*.sql') }));
    expect(single.backup?.name).toBe('db-old.sql');
    expect(single.info.candidates.map((c) => c.name)).toEqual(['db-old.sql']);

    const deep = await runBackupPhase(
      drillContext({ 'backup-source': path.join(root, '**/*.sql'), 'backup-pattern': 'db-*' }),
    );
    expect(deep.backup?.name).toBe('db-new.sql');
    const c = byName(deep.info.candidates);
    expect(Object.keys(c).sort()).toEqual(['db-mid.sql', 'db-new.sql', 'db-old.sql', 'other-newest.sql']);
    expect(c['other-newest.sql']?.verdict).toBe('pattern-mismatch');
    expect(c['other-newest.sql']?.reason).toContain("backup-pattern 'db-*'");
    expect(c['db-mid.sql']?.verdict).toBe('older');
  });

  it('takes braces, classes and extglobs in a glob source and in backup-pattern', async () => {
    const root = path.join(tmp.dir, 'braces');
    await mkdir(path.join(root, 'shard-1'), { recursive: true });
    await mkdir(path.join(root, 'shard-x'), { recursive: true });
    const place = async (rel: string, from: string, age: number) => {
      const file = path.join(root, rel);
      await copyFile(from, file);
      await utimes(file, hoursAgo(age), hoursAgo(age));
    };
    await writeFile(path.join(root, 'nightly.sql.gz'), gzipSync(await readFile(plainDump)));
    await utimes(path.join(root, 'nightly.sql.gz'), hoursAgo(3), hoursAgo(3));
    await place('nightly.dump', customEarly, 4);
    await place('nightly.sql', plainDump, 1);
    await place('shard-1/s.dump', customEarly, 4);
    await place('shard-x/s.dump', customEarly, 4);

    const braced = await runBackupPhase(drillContext({ 'backup-source': path.join(root, '*.{dump,sql.gz}') }));
    expect(braced.checks[0]?.status).toBe('ok');
    expect(braced.info.candidates.map((c) => c.name).sort()).toEqual(['nightly.dump', 'nightly.sql.gz']);
    // The custom archive's header says it was made minutes ago; the gzip is dated 3 h back.
    expect(braced.backup?.name).toBe('nightly.dump');
    expect(byName(braced.info.candidates)['nightly.sql.gz']?.verdict).toBe('older');

    const patterned = await runBackupPhase(
      drillContext({ 'backup-source': root, 'backup-pattern': '*.{dump,sql.gz}' }),
    );
    const c = byName(patterned.info.candidates);
    expect(c['nightly.sql']?.verdict).toBe('pattern-mismatch');
    expect(c['nightly.sql']?.reason).toContain("backup-pattern '*.{dump,sql.gz}'");
    expect(c['nightly.dump']?.verdict).toBe('chosen');
    expect(c['nightly.sql.gz']?.verdict).toBe('older');

    const classed = await runBackupPhase(drillContext({ 'backup-source': path.join(root, 'shard-[0-9]/*.dump') }));
    expect(classed.info.candidates.map((x) => x.name)).toEqual(['s.dump']);
    expect(classed.info.resolved).toBe(path.join(root, 'shard-1', 's.dump'));

    const extglob = await runBackupPhase(
      drillContext({ 'backup-source': root, 'backup-pattern': 'nightly.!(sql|sql.gz)' }),
    );
    const e = byName(extglob.info.candidates);
    expect(e['nightly.dump']?.verdict).toBe('chosen');
    expect(e['nightly.sql']?.verdict).toBe('pattern-mismatch');
    expect(e['nightly.sql.gz']?.verdict).toBe('pattern-mismatch');
  });

  it('fails backup.found naming what was searched when nothing matches', async () => {
    const empty = path.join(tmp.dir, 'empty');
    await mkdir(empty);
    await writeFile(path.join(empty, 'notes.txt'), 'nothing\n');
    const { checks, backup, info } = await runBackupPhase(
      drillContext({ 'backup-source': empty, 'backup-pattern': '*.dump' }),
    );
    expect(backup).toBeNull();
    expect(checks.map((c) => c.status)).toEqual(['fail', 'skip', 'skip', 'skip', 'skip']);
    expect(checks[0]?.summary).toContain(empty);
    expect(checks[0]?.summary).toContain("'*.dump'");
    expect(info.candidates[0]?.verdict).toBe('pattern-mismatch');

    const missing = await runBackupPhase(drillContext({ 'backup-source': path.join(tmp.dir, 'nope', '*.dump') }));
    expect(missing.checks[0]?.status).toBe('fail');
    expect(missing.checks[0]?.summary).toContain('nope/*.dump');
  });

  it('refuses remote sources before any request when they cannot work, without credentials in the report', async () => {
    const { checks, backup, info } = await runBackupPhase(
      drillContext({
        'backup-source': 's3://backups/pickdriver/?X-Amz-Signature=abcdef123456',
        's3-endpoint': 'http://minio.example.com:9000',
      }),
    );
    expect(backup).toBeNull();
    expect(checks.map((c) => c.status)).toEqual(['fail', 'skip', 'skip', 'skip', 'skip']);
    expect(info.source).toBe('s3://backups/pickdriver/');
    expect(checks[0]?.summary).toContain('s3-endpoint: refusing http://minio.example.com:9000');
    expect(JSON.stringify({ checks, info })).not.toContain('abcdef123456');

    const http = await runBackupPhase(drillContext({ 'backup-source': 'http://user:hunter22@example.com/b.dump' }));
    expect(http.checks[0]?.summary).toContain('only fetched over https');
    expect(JSON.stringify(http)).not.toContain('hunter22');

    const artifact = drillContext({ 'backup-source': 'artifact:nightly-backup' });
    artifact.env.GITHUB_REPOSITORY = 'pickdriver/pickdriver';
    expect((await runBackupPhase(artifact)).checks[0]?.summary).toContain('needs github-token');
  });
});
