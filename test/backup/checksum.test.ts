import { execFile } from 'node:child_process';
import { copyFile, cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackupPhase } from '../../src/backup/backup-phase.js';
import type { TestDatabase } from '../helpers/postgres.js';
import { createSampleDatabase, drillContext, pgDump, tempDir } from './fixtures.js';

const sh = promisify(execFile);
let db: TestDatabase;
let tmp: { dir: string; cleanup: () => Promise<void> };
let dump: string;
let dumpDir: string;

/** What `sha256sum FILE` prints, run in the file's folder. */
async function sha256sum(file: string): Promise<string> {
  const { stdout } = await sh('sha256sum', [path.basename(file)], { cwd: path.dirname(file) });
  return stdout;
}

async function placeDump(name: string): Promise<string> {
  const folder = path.join(tmp.dir, name);
  await mkdir(folder);
  const file = path.join(folder, 'app.dump');
  await copyFile(dump, file);
  return file;
}

beforeAll(async () => {
  db = await createSampleDatabase();
  tmp = await tempDir();
  dump = await pgDump(db.url, 'custom', path.join(tmp.dir, 'app.dump'));
  dumpDir = await pgDump(db.url, 'directory', path.join(tmp.dir, 'app.dir'));
});

afterAll(async () => {
  await db?.drop();
  await tmp?.cleanup();
});

describe('backup.checksum', () => {
  it('verifies a sha256sum sidecar', async () => {
    const file = await placeDump('sidecar-ok');
    const line = await sha256sum(file);
    await writeFile(`${file}.sha256`, line);
    const { checks, info, backup } = await runBackupPhase(drillContext({ 'backup-source': file }));
    expect(checks[1]?.status).toBe('ok');
    expect(info.sha256).toBe(line.split(' ')[0]);
    expect(info.checksumVerified).toBe(true);
    expect(info.checksumSource).toBe('sidecar');
    expect(backup).not.toBeNull();
  });

  it('fails when one byte of the dump changed after the sidecar was written, naming both digests', async () => {
    const file = await placeDump('sidecar-corrupt');
    const line = await sha256sum(file);
    await writeFile(`${file}.sha256`, line);
    const bytes = await readFile(file);
    const at = bytes.length - 100; // in the data, so the archive itself still looks fine to a quick glance
    bytes[at] = (bytes[at] ?? 0) ^ 0xff;
    await writeFile(file, bytes);
    const { checks, info, backup } = await runBackupPhase(drillContext({ 'backup-source': file }));
    expect(checks[1]?.status).toBe('fail');
    expect(checks[1]?.summary).toContain(`expected ${line.split(' ')[0]}`);
    expect(checks[1]?.summary).toContain(`got ${info.sha256}`);
    expect(info.checksumVerified).toBe(false);
    expect(backup).toBeNull();
  });

  it('fails with backup-checksum: required and no sidecar; skips with auto; skips with off', async () => {
    const file = await placeDump('no-sidecar');
    const required = await runBackupPhase(drillContext({ 'backup-source': file, 'backup-checksum': 'required' }));
    expect(required.checks[1]?.status).toBe('fail');
    expect(required.checks[1]?.summary).toContain('app.dump.sha256');
    expect(required.backup).toBeNull();

    const auto = await runBackupPhase(drillContext({ 'backup-source': file }));
    expect(auto.checks[1]?.status).toBe('skip');
    expect(auto.checks[1]?.summary).toContain('backup-checksum: auto');

    await writeFile(`${file}.sha256`, '0'.repeat(64));
    const off = await runBackupPhase(drillContext({ 'backup-source': file, 'backup-checksum': 'off' }));
    expect(off.checks[1]?.status).toBe('skip');
    expect(off.checks[1]?.summary).toContain('off');
    expect(off.backup).not.toBeNull();
  });

  it('checks a literal hex value from the input', async () => {
    const file = await placeDump('literal');
    const hex = (await sha256sum(file)).split(' ')[0] as string;
    const good = await runBackupPhase(drillContext({ 'backup-source': file, 'backup-checksum': hex.toUpperCase() }));
    expect(good.checks[1]?.status).toBe('ok');
    expect(good.info.checksumSource).toBe('input');
    const bad = await runBackupPhase(drillContext({ 'backup-source': file, 'backup-checksum': 'a'.repeat(64) }));
    expect(bad.checks[1]?.status).toBe('fail');
    expect(bad.checks[1]?.summary).toContain(`expected ${'a'.repeat(64)}, got ${hex}`);
  });

  it('checks a directory backup against its sha256sum manifest, file by file or as one digest', async () => {
    const dir = path.join(tmp.dir, 'manifest', 'app.dir');
    await cp(dumpDir, dir, { recursive: true });
    const { stdout: manifest } = await sh('sh', ['-c', 'LC_ALL=C sha256sum *'], { cwd: dir });
    await writeFile(`${dir}.sha256`, manifest);
    const perFile = await runBackupPhase(drillContext({ 'backup-source': dir }));
    expect(perFile.checks[1]?.status).toBe('ok');
    expect(perFile.checks[2]?.status).toBe('ok');

    const { stdout: digestLine } = await sh('sh', ['-c', 'LC_ALL=C sha256sum * | sha256sum'], { cwd: dir });
    const digest = digestLine.split(' ')[0] as string;
    expect(perFile.info.sha256).toBe(digest);
    await writeFile(`${dir}.sha256`, `${digest}\n`);
    expect((await runBackupPhase(drillContext({ 'backup-source': dir }))).checks[1]?.status).toBe('ok');

    await writeFile(`${dir}.sha256`, manifest);
    await writeFile(
      path.join(dir, 'toc.dat'),
      Buffer.concat([await readFile(path.join(dir, 'toc.dat')), Buffer.from([0])]),
    );
    const changed = await runBackupPhase(drillContext({ 'backup-source': dir }));
    expect(changed.checks[1]?.status).toBe('fail');
    expect(changed.checks[1]?.summary).toContain('toc.dat: expected');
  });
});
