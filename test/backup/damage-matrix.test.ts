// The damage matrix as tests (damage-matrix.ts): every damaged copy of real pg_dump output reaches
// its expected outcome. Caught before the restore: backup.archive fails naming why, and with the
// original's sidecar backup.checksum fails too (one read of the bytes gives both). Caught by the
// restore: the drill through the CLI bundle fails at restore.completed. The one inherent case, a
// flipped byte inside uncompressed data, passes without a sidecar (the restored data differs:
// only a checksum can tell) and is caught by backup.checksum with one.

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackupPhase } from '../../src/backup/backup-phase.js';
import { libpqEnv } from '../../src/demo/make-backup.js';
import { dropDrillDatabase } from '../../src/restore/index.js';
import { createPickdriverDatabase } from '../../src/stand-in/pickdriver-fixture.js';
import { runBundle } from '../helpers/bundles.js';
import { adminUrl, createTestDatabase, queryDb, type TestDatabase, uniqueName, urlFor } from '../helpers/postgres.js';
import { DAMAGE_CASES, type DamageCase, type MatrixFormat } from './damage-matrix.js';
import { drillContext, gzipFile, tempDir } from './fixtures.js';

const execFileAsync = promisify(execFile);
let db: TestDatabase;
let tmp: { dir: string; cleanup: () => Promise<void> };
const originals = new Map<MatrixFormat, string>();

const DUMP_ARGS: Record<Exclude<MatrixFormat, 'plain-gzip'>, string[]> = {
  custom: ['-Fc'],
  'custom-Z0': ['-Fc', '-Z0'],
  tar: ['-Ft'],
  directory: ['-Fd'],
  'directory-Z0': ['-Fd', '-Z0'],
  plain: ['-Fp'],
};
const EXTENSION: Record<MatrixFormat, string> = {
  custom: 'dump',
  'custom-Z0': 'dump',
  tar: 'tar',
  directory: 'dir',
  'directory-Z0': 'dir',
  plain: 'sql',
  'plain-gzip': 'sql.gz',
};

beforeAll(async () => {
  // PickDriver's schema (so an undamaged drill passes), a table of text rows and two large objects.
  db = await createTestDatabase('pdv_matrix_src');
  await createPickdriverDatabase(db.url, { scale: 0.02 });
  await queryDb(
    db.url,
    `CREATE SCHEMA racing;
     CREATE TABLE racing."Race Results" (id int, driver text);
     INSERT INTO racing."Race Results" SELECT i, md5(i::text) FROM generate_series(1, 2000) i;
     SELECT lo_from_bytea(0, 'one'::bytea), lo_from_bytea(0, 'two'::bytea);`,
  );
  tmp = await tempDir();
  for (const [format, args] of Object.entries(DUMP_ARGS)) {
    const file = path.join(tmp.dir, `original-${format}.${EXTENSION[format as MatrixFormat]}`);
    await execFileAsync('pg_dump', [...args, '-f', file], { env: { ...process.env, ...libpqEnv(db.url) } });
    originals.set(format as MatrixFormat, file);
  }
  originals.set('plain-gzip', await gzipFile(originals.get('plain') as string, path.join(tmp.dir, 'original.sql.gz')));
}, 60_000);

afterAll(async () => {
  await db?.drop();
  await tmp?.cleanup();
});

/** The SHA-256 a sidecar holds for a file, or a directory's per-file sidecar lines. */
async function sidecarOf(original: string, target: string, directory: boolean): Promise<void> {
  if (!directory) {
    const sha = createHash('sha256')
      .update(await readFile(original))
      .digest('hex');
    await writeFile(`${target}.sha256`, `${sha}  ${path.basename(target)}\n`);
    return;
  }
  const lines: string[] = [];
  for (const name of (await readdir(original)).sort()) {
    lines.push(
      `${createHash('sha256')
        .update(await readFile(path.join(original, name)))
        .digest('hex')}  ${name}`,
    );
  }
  // The manifest sidecar next to the folder (`sha256sum * > ../dump.dir.sha256`).
  await writeFile(`${target}.sha256`, `${lines.join('\n')}\n`);
}

async function damaged(c: DamageCase, index: number, sidecar: boolean): Promise<string> {
  const original = originals.get(c.format) as string;
  const target = path.join(tmp.dir, `case-${index}-${sidecar ? 's' : 'n'}.${EXTENSION[c.format]}`);
  await c.damage(original, target);
  if (sidecar) await sidecarOf(original, target, c.format.startsWith('directory'));
  return target;
}

async function drill(backup: string) {
  const admin = await adminUrl();
  const database = uniqueName('pdv_matrix');
  const reportDir = `${backup}-report`;
  const run = await runBundle('dist/cli/index.js', {
    args: [
      'drill',
      '--backup-source',
      backup,
      '--database-url',
      admin,
      '--drill-database',
      database,
      '--baseline',
      'none',
      '--report-dir',
      reportDir,
      '--keep-database',
      'true',
    ],
  });
  const report = JSON.parse(await readFile(path.join(reportDir, 'report.json'), 'utf8'));
  return { run, report, url: urlFor(admin, database), drop: () => dropDrillDatabase(admin, database) };
}

const tableMd5 = async (url: string) =>
  (
    await queryDb<{ md5: string }>(
      url,
      `SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) AS md5 FROM racing."Race Results" t`,
    )
  ).rows[0]?.md5;

describe('the damage matrix', () => {
  const before = DAMAGE_CASES.map((c, i) => [`${c.format}: ${c.name}`, c, i] as const).filter(
    ([, c]) => c.outcome.stage === 'archive',
  );
  it.each(before)(
    '%s: caught before the restore by backup.archive, and by backup.checksum with a sidecar',
    async (_t, c, i) => {
      const words = (c.outcome as { words: RegExp }).words;
      const bare = await runBackupPhase(drillContext({ 'backup-source': await damaged(c, i, false) }));
      const archive = bare.checks.find((k) => k.id === 'backup.archive');
      expect(archive?.status).toBe('fail');
      expect(archive?.summary).toMatch(words);
      expect(bare.backup).toBeNull();
      const withSidecar = await runBackupPhase(drillContext({ 'backup-source': await damaged(c, i, true) }));
      expect(withSidecar.checks.find((k) => k.id === 'backup.checksum')?.status).toBe('fail');
    },
  );

  const during = DAMAGE_CASES.map((c, i) => [`${c.format}: ${c.name}`, c, i] as const).filter(
    ([, c]) => c.outcome.stage !== 'archive',
  );
  it.each(during)('%s: its documented outcome through the CLI bundle', async (_t, c, i) => {
    const result = await drill(await damaged(c, i, false));
    try {
      if (c.outcome.stage === 'restore') {
        expect(result.report.result).toBe('failed');
        expect(result.report.checks.find((k: { id: string }) => k.id === 'backup.archive')?.status).toBe('ok');
        expect(result.report.checks.find((k: { id: string }) => k.id === 'restore.completed')?.status).toBe('fail');
      } else {
        // The inherent case: nothing in the bytes but a checksum tells the data changed.
        const failed = result.report.checks.filter((k: { status: string }) => k.status === 'fail');
        expect(failed, JSON.stringify(failed)).toEqual([]);
        expect(result.report.result).toBe('passed');
        expect(await tableMd5(result.url)).not.toBe(await tableMd5(db.url));
      }
    } finally {
      await result.drop();
    }
    const withSidecar = await runBackupPhase(drillContext({ 'backup-source': await damaged(c, i, true) }));
    expect(withSidecar.checks.find((k) => k.id === 'backup.checksum')?.status).toBe('fail');
    expect(withSidecar.backup).toBeNull();
  });
});
