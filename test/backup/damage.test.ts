import { cp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackupPhase } from '../../src/backup/backup-phase.js';
import { asNewerPgDump } from '../dump/archive-bytes.js';
import type { TestDatabase } from '../helpers/postgres.js';
import { createSampleDatabase, drillContext, gzipFile, pgDump, tempDir } from './fixtures.js';

let db: TestDatabase;
let tmp: { dir: string; cleanup: () => Promise<void> };
const dumps: Record<string, string> = {};

/** Writes the first `fraction` of `file` to `name` in the temp folder. */
async function cut(file: string, name: string, fraction: number): Promise<string> {
  const bytes = await readFile(file);
  const target = path.join(tmp.dir, name);
  await writeFile(target, bytes.subarray(0, Math.floor(bytes.length * fraction)));
  return target;
}

beforeAll(async () => {
  db = await createSampleDatabase();
  tmp = await tempDir();
  dumps.custom = await pgDump(db.url, 'custom', path.join(tmp.dir, 'full.dump'));
  dumps.tar = await pgDump(db.url, 'tar', path.join(tmp.dir, 'full.tar'));
  dumps.plain = await pgDump(db.url, 'plain', path.join(tmp.dir, 'full.sql'));
  dumps.gzip = await gzipFile(dumps.plain, path.join(tmp.dir, 'full.sql.gz'));
  dumps.directory = await pgDump(db.url, 'directory', path.join(tmp.dir, 'full.dir'));
});

afterAll(async () => {
  await db?.drop();
  await tmp?.cleanup();
});

async function archiveCheck(file: string, inputs: Record<string, string> = {}) {
  const result = await runBackupPhase(drillContext({ 'backup-source': file, ...inputs }));
  return { ...result, archive: result.checks[2] };
}

describe('backup.archive on damaged backups', () => {
  it('fails a truncated custom dump (pg_restore --list alone would not notice)', async () => {
    const file = await cut(dumps.custom as string, 'cut.dump', 0.7);
    const { archive, backup, info } = await archiveCheck(file);
    expect(archive?.status).toBe('fail');
    expect(archive?.summary).toContain('the archive is cut short: it ends inside the data of TABLE DATA');
    expect(archive?.summary).not.toContain('length field');
    expect(backup).toBeNull();
    expect(info.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('fails a plain dump cut short', async () => {
    const { archive, backup } = await archiveCheck(await cut(dumps.plain as string, 'cut.sql', 0.9));
    expect(archive?.status).toBe('fail');
    expect(archive?.summary).toContain('-- PostgreSQL database dump complete');
    expect(backup).toBeNull();
  });

  it('fails a truncated gzip plain dump cleanly', async () => {
    const { archive, backup, checks } = await archiveCheck(await cut(dumps.gzip as string, 'cut.sql.gz', 0.5));
    expect(checks[0]?.status).toBe('ok');
    expect(archive?.status).toBe('fail');
    expect(archive?.summary).toContain('truncated or corrupt');
    expect(backup).toBeNull();
  });

  it('fails a truncated tar archive (without hanging pg_restore)', async () => {
    const { archive, backup } = await archiveCheck(await cut(dumps.tar as string, 'cut.tar', 0.6));
    expect(archive?.status).toBe('fail');
    expect(archive?.summary).toContain('truncated');
    expect(backup).toBeNull();
  });

  it('fails a directory backup with a missing or cut data file', async () => {
    const dir = path.join(tmp.dir, 'broken.dir');
    await cp(dumps.directory as string, dir, { recursive: true });
    const data = (await import('node:fs/promises')).readdir(dir);
    const gz = (await data).filter((n) => n.endsWith('.dat.gz'));
    const sizes = await Promise.all(gz.map(async (n) => ({ n, size: (await stat(path.join(dir, n))).size })));
    const biggest = sizes.sort((a, b) => b.size - a.size)[0]?.n as string;
    const bytes = await readFile(path.join(dir, biggest));
    await writeFile(path.join(dir, biggest), bytes.subarray(0, bytes.length >> 1));
    const cutResult = await archiveCheck(dir);
    expect(cutResult.archive?.status).toBe('fail');
    expect(cutResult.archive?.summary).toContain(biggest);

    await rm(path.join(dir, biggest));
    const missing = await archiveCheck(dir);
    expect(missing.archive?.status).toBe('fail');
    expect(missing.archive?.summary).toContain(biggest.replace('.gz', ''));
  });

  it('fails a dump newer than the local pg_restore reads, naming both versions and the remedy', async () => {
    const file = path.join(tmp.dir, 'future.dump');
    await writeFile(file, asNewerPgDump(await readFile(dumps.custom as string), '16.4'));
    const { archive, backup, info } = await archiveCheck(file);
    expect(info.archiveVersion).toBe('1.15-0');
    expect(archive?.status).toBe('fail');
    expect(archive?.summary).toContain('archive version 1.15 (written by pg_dump 16.4)');
    expect(archive?.summary).toMatch(/too new for pg_restore \d+\.\d+/);
    expect(archive?.summary).toContain('PostgreSQL 16 client');
    expect(archive?.summary).toContain('pg-bin-dir');
    expect(backup).toBeNull();
  });

  it('says why in backup.found when the only candidate has a damaged signature', async () => {
    const bytes = await readFile(dumps.custom as string);
    bytes[3] = 0x58; // PGDMP -> PGDXP
    const folder = path.join(tmp.dir, 'damaged-signature');
    await (await import('node:fs/promises')).mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'pickdriver.dump'), bytes);
    const { checks, backup } = await archiveCheck(folder);
    expect(checks[0]?.status).toBe('fail');
    expect(checks[0]?.summary).toContain('pickdriver.dump is not a backup: its header is damaged');
    expect(backup).toBeNull();
  });

  it('fails a plain dump from a newer pg_dump than the local psql before psql starts, with the remedy', async () => {
    const text = await readFile(dumps.plain as string, 'utf8');
    const file = path.join(tmp.dir, 'newer.sql');
    await writeFile(file, text.replace(/^-- Dumped by pg_dump version .*$/m, '-- Dumped by pg_dump version 99.1'));
    const { archive, backup } = await archiveCheck(file);
    expect(archive?.status).toBe('fail');
    expect(archive?.summary).toMatch(/plain dump written by pg_dump 99\.1 is too new for psql \d+/);
    expect(archive?.summary).toContain('PostgreSQL 99 client tools');
    expect(backup).toBeNull();
  });

  it('calls a flipped version byte a damaged header, not a newer pg_dump', async () => {
    for (const [version, words] of [
      [[1, 16], 'its version byte says 1.16, but the header reads as version 1.14'],
      [[0, 14], 'its version bytes say 0.14, which no pg_dump writes, but the header reads as version 1.14'],
      [[1, 200], 'its version bytes say 1.200, which no pg_dump writes'],
    ] as const) {
      const bytes = await readFile(dumps.custom as string);
      [bytes[5], bytes[6]] = version;
      const file = path.join(tmp.dir, `flipped-${version.join('.')}.dump`);
      await writeFile(file, bytes);
      const { archive, backup } = await archiveCheck(file);
      expect(archive?.status).toBe('fail');
      expect(archive?.summary).toContain('the header is damaged');
      expect(archive?.summary).toContain(words);
      expect(archive?.summary).not.toContain('too new');
      expect(backup).toBeNull();
    }
  });
});

describe('backup.age', () => {
  it('fails a backup older than max-backup-age and passes a fresh one', async () => {
    const stale = path.join(tmp.dir, 'stale.sql');
    await cp(dumps.plain as string, stale);
    const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000);
    await utimes(stale, threeDaysAgo, threeDaysAgo);
    const old = await runBackupPhase(drillContext({ 'backup-source': stale, 'max-backup-age': '26h' }));
    expect(old.checks[3]?.status).toBe('fail');
    expect(old.checks[3]?.summary).toContain('3d 00h old');
    expect(old.checks[3]?.summary).toContain('RPO target of 1d 02h');
    expect(old.info.rpoMet).toBe(false);
    expect(old.info.rpoTargetSeconds).toBe(26 * 3600);
    expect(old.info.ageSeconds).toBeGreaterThanOrEqual(3 * 86_400 - 5);
    // A stale backup is still restorable: the drill goes on and reports the RPO miss.
    expect(old.backup).not.toBeNull();

    const fresh = await runBackupPhase(
      drillContext({ 'backup-source': dumps.custom as string, 'max-backup-age': '26h' }),
    );
    expect(fresh.checks[3]?.status).toBe('ok');
    expect(fresh.info.rpoMet).toBe(true);
  });
});
