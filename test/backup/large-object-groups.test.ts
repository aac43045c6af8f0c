// pg_dump 17 and later group large objects: BLOB METADATA entries of up to 1000 objects (tagged
// `first..last`) and one BLOBS entry per group whose list is blobs_<dumpId>.toc in directory and
// tar archives. Real pg_dump 15, 17 and 18 output of 1,001 large objects (two groups)
// verifies whole in every archive format, and a group's list that lost a line or names an object
// of another group is damage, named.
import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackupPhase } from '../../src/backup/backup-phase.js';
import { libpqEnv } from '../../src/restore/pg-connection.js';
import { clientBinDir } from '../helpers/pg-servers.js';
import { createTestDatabase, queryDb, type TestDatabase } from '../helpers/postgres.js';
import { drillContext, tempDir } from './fixtures.js';

const execFileAsync = promisify(execFile);
const MAJORS = [15, 17, 18];
const FORMATS = [
  ['custom', 'c', 'dump'],
  ['directory', 'd', 'dir'],
  ['tar', 't', 'tar'],
] as const;

let db: TestDatabase;
let tmp: { dir: string; cleanup: () => Promise<void> };
const bins = new Map<number, string | null>();

beforeAll(async () => {
  db = await createTestDatabase('pdv_lo_groups');
  tmp = await tempDir();
  await queryDb(
    db.url,
    `CREATE TABLE notes (id int PRIMARY KEY, doc oid);
     INSERT INTO notes SELECT g, lo_from_bytea(0, convert_to(repeat('note ' || g, g % 7), 'UTF8')) FROM generate_series(1, 1001) g;`,
  );
  for (const major of MAJORS) bins.set(major, await clientBinDir(major));
}, 60_000);

afterAll(async () => {
  await db?.drop();
  await tmp?.cleanup();
});

async function dump(major: number, flag: string, ext: string): Promise<string> {
  const bin = bins.get(major) as string;
  const file = path.join(tmp.dir, `lo-${major}.${ext}`);
  await execFileAsync(path.join(bin, 'pg_dump'), [`-F${flag}`, '--no-sync', '-f', file], {
    env: { ...process.env, ...libpqEnv(db.url) },
  });
  return file;
}

async function archiveCheck(file: string, major: number) {
  // pg_restore of the dump's own major (or newer) reads the archive.
  const ctx = drillContext({ 'backup-source': file, 'pg-bin-dir': bins.get(Math.max(major, 15)) as string });
  const { checks } = await runBackupPhase(ctx);
  return checks.find((c) => c.id === 'backup.archive');
}

describe.each(MAJORS)('large objects in pg_dump %i archives', (major) => {
  it.each(FORMATS)('%s: verifies whole', async (_format, flag, ext) => {
    if (bins.get(major) === null) return expect.fail(`no pg_dump ${major} in the client kit`);
    const file = await dump(major, flag, ext);
    const archive = await archiveCheck(file, major);
    expect(archive?.status, archive?.summary).toBe('ok');
  });
});

describe('a pg_dump 17 directory archive whose group list is damaged', () => {
  it('a lost line and an object of another group are named', async () => {
    const file = await dump(17, 'd', 'damaged.dir');
    const lists = (await readdir(file)).filter((n) => /^blobs_\d+\.toc$/.test(n)).sort();
    expect(lists.length).toBe(2); // 1,001 objects: groups of 1000 and 1
    const [first, second] = lists as [string, string];
    const a = (await readFile(path.join(file, first), 'utf8')).split('\n');
    const b = (await readFile(path.join(file, second), 'utf8')).split('\n');
    // The first line of the first group moves to the second group's list.
    await writeFile(path.join(file, first), a.slice(1).join('\n'));
    await writeFile(path.join(file, second), [a[0], ...b].join('\n'));
    const archive = await archiveCheck(file, 17);
    expect(archive?.status).toBe('fail');
    expect(archive?.summary).toContain(`${first} lists 999 of the`);
    expect(archive?.summary).toContain(`${second} lists large objects its group in the TOC`);
  });
});
