// Nested compression layers through the real bundles: a zstd → xz → gzip bomb made by the real
// tools (a custom archive followed by gigabytes of zeros, the gzip layer many members long) ends
// the drill with a report, and no tool of any layer is left running, whichever way the
// unwrapping ends: the temporary disk nearly full (a small tmpfs), a damaged inner layer while
// the outer tools still have data to give, or a SIGTERM mid-unwrap. Every tool the drill starts
// inherits the unique PATH entry the test gives it, so what is left running is found by its
// environment, whatever its command line. An xz layer whose header asks for a 4 GiB dictionary is
// refused at the memory limit.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpDatabase } from '../../src/demo/make-backup.js';
import { NODE24, ROOT, readCommandFile, runBundle, runnerFiles } from '../helpers/bundles.js';
import { adminUrl, createTestDatabase, queryDb, type TestDatabase, uniqueName } from '../helpers/postgres.js';
import { processesWithEnv } from '../helpers/processes.js';

const isRoot = process.getuid?.() === 0;
const MEMBER = 64 * 1024 * 1024;
const STACK = /\n\s+at .+[:(]\d+:\d+/;
let source: TestDatabase;
let admin: string;
let dir: string;
const mounts: string[] = [];

/** gzip members of (archive + zeros), then zeros; `damaged` spoils one member's deflate data. */
function nestedBomb(archive: Buffer, members: number, damaged: number | null): Buffer {
  const gzip = (input: Buffer) => execFileSync('gzip', ['-1', '-c'], { input, maxBuffer: 1 << 30 });
  const first = gzip(Buffer.concat([archive, Buffer.alloc(MEMBER)]));
  const zeros = gzip(Buffer.alloc(MEMBER));
  const parts = [first];
  for (let i = 1; i < members; i++) {
    if (i !== damaged) {
      parts.push(zeros);
      continue;
    }
    const bad = Buffer.from(zeros);
    bad.fill(0xa5, 100, 4000);
    parts.push(bad);
  }
  const xz = execFileSync('xz', ['-0', '-c', '-T1'], { input: Buffer.concat(parts), maxBuffer: 1 << 30 });
  return execFileSync('zstd', ['-1', '-c', '-q'], { input: xz, maxBuffer: 1 << 30 });
}

async function smallDisk(size: string): Promise<string> {
  const mount = await mkdtemp(path.join(os.tmpdir(), 'pdv-layers-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mount]);
  mounts.push(mount);
  return mount;
}

beforeAll(async () => {
  admin = await adminUrl();
  source = await createTestDatabase('pdv_layers');
  await queryDb(source.url, 'CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t SELECT generate_series(1, 100)');
  dir = await mkdtemp(path.join(os.tmpdir(), 'pdv-layers-'));
  await dumpDatabase(source.url, path.join(dir, 'inner.dump'), 'custom');
}, 60_000);

afterAll(async () => {
  for (const mount of mounts) {
    execFileSync('umount', ['-l', mount]);
    await rm(mount, { recursive: true, force: true });
  }
  await rm(dir, { recursive: true, force: true });
  await source?.drop();
});

interface Started {
  code: Promise<number | null>;
  output: () => string;
  kill: (signal: NodeJS.Signals) => void;
}

/** A bundle as the runner starts it, with a PATH entry that marks every process it starts. */
function start(bundle: string, node: string, env: Record<string, string>, marker: string, args: string[] = []) {
  const child = spawn(node, [path.join(ROOT, bundle), ...args], {
    cwd: ROOT,
    env: { HOME: process.env.HOME ?? '/root', PATH: `${process.env.PATH}:/nonexistent/${marker}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout.on('data', (d) => {
    text += d;
  });
  child.stderr.on('data', (d) => {
    text += d;
  });
  const code = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  return { code, output: () => text, kill: (s) => child.kill(s) } satisfies Started;
}

/** Resolves with the exit status, or null when the bundle has not exited within `ms`. */
async function exitWithin(run: Started, ms: number): Promise<number | null | 'hung'> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<'hung'>((resolve) => {
    timer = setTimeout(() => resolve('hung'), ms);
  });
  const result = await Promise.race([run.code, hung]);
  clearTimeout(timer);
  if (result === 'hung') run.kill('SIGKILL');
  return result;
}

/** The layer tools seen running (a forked child shows the drill's command line until it execs). */
async function waitForTool(marker: string, tool: RegExp, ms: number): Promise<string[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const tools = processesWithEnv(marker).filter((p) => tool.test(p));
    if (tools.length > 0 || Date.now() > deadline) return tools;
    await new Promise((r) => setTimeout(r, 20));
  }
}

const report = async (reportDir: string) => JSON.parse(await readFile(path.join(reportDir, 'report.json'), 'utf8'));
const find = (r: { checks: { id: string }[] }, id: string) => r.checks.find((c) => c.id === id);

describe.skipIf(!isRoot)('nested layers: every layer tool ends with the drill', () => {
  it('the action (Node 24): the temp disk nearly full stops the unwrap, the step exits, xz is gone', async () => {
    const archive = await readFile(path.join(dir, 'inner.dump'));
    const bomb = path.join(dir, 'nightly.dump');
    await writeFile(bomb, nestedBomb(archive, 16, null));
    const disk = await smallDisk('160m');
    const files = await runnerFiles();
    const reportDir = path.join(files.dir, 'report');
    const marker = `pdv-marker-${randomBytes(6).toString('hex')}`;
    const inputs: Record<string, string> = {
      'backup-source': bomb,
      'database-url': admin,
      'drill-database': uniqueName('pdv_layers_drill'),
      baseline: 'none',
      'artifact-name': '',
      'pr-comment': 'off',
      'report-dir': reportDir,
    };
    const run = start(
      'dist/index.js',
      NODE24,
      {
        ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
        GITHUB_OUTPUT: files.output,
        GITHUB_STATE: files.state,
        GITHUB_STEP_SUMMARY: files.summary,
        RUNNER_TEMP: disk,
      },
      marker,
    );
    // Node 24 removes zstd itself; xz runs as a tool of its own.
    expect(await waitForTool(marker, /: xz -d -c -q/, 30_000)).toHaveLength(1);
    const code = await exitWithin(run, 60_000);
    expect(code, run.output()).toBe(1);
    expect(run.output()).not.toMatch(STACK);
    expect(processesWithEnv(marker)).toEqual([]);
    const r = await report(reportDir);
    expect(r.backup.wrapping).toEqual(['zstd', 'xz', 'gzip']);
    expect(find(r, 'backup.archive')).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/the disk of \S+ is nearly full \([\d.]+ MiB free\) after unwrapping [\d.]+ MiB/),
    });
    expect(await readdir(disk)).toEqual([]);
    await rm(files.dir, { recursive: true, force: true });
  }, 180_000);

  it('the command line (Node 20): a damaged gzip member deep inside fails the archive; zstd and xz are gone', async () => {
    const archive = await readFile(path.join(dir, 'inner.dump'));
    const bomb = path.join(dir, 'damaged.dump');
    await writeFile(bomb, nestedBomb(archive, 24, 3));
    const reportDir = path.join(dir, 'damaged-report');
    const marker = `pdv-marker-${randomBytes(6).toString('hex')}`;
    const temp = await mkdtemp(path.join(dir, 'temp-'));
    const flags = {
      'backup-source': bomb,
      'database-url': admin,
      'drill-database': uniqueName('pdv_layers_drill'),
      baseline: 'none',
      'report-dir': reportDir,
    };
    const args = ['drill', ...Object.entries(flags).flatMap(([k, v]) => [`--${k}`, v])];
    const run = start('dist/cli/index.js', process.execPath, { RUNNER_TEMP: temp }, marker, args);
    // Node 20 has no zstd of its own: both outer layers are tools (zstd, its output small, ends first).
    expect(await waitForTool(marker, /: xz -d -c -q/, 30_000)).toHaveLength(1);
    const code = await exitWithin(run, 60_000);
    expect(code, run.output()).toBe(1);
    expect(run.output()).not.toMatch(STACK);
    expect(processesWithEnv(marker)).toEqual([]);
    const r = await report(reportDir);
    expect(r.backup.wrapping).toEqual(['zstd', 'xz', 'gzip']);
    expect(find(r, 'backup.archive')).toMatchObject({ status: 'fail', summary: expect.stringMatching(/unwrap/) });
    expect(await readdir(temp)).toEqual([]);
  }, 180_000);

  it('the action (Node 24): SIGTERM mid-unwrap ends xz and the step (exit 143) with the report so far', async () => {
    const archive = await readFile(path.join(dir, 'inner.dump'));
    const bomb = path.join(dir, 'long.dump');
    await writeFile(bomb, nestedBomb(archive, 64, null));
    const disk = await smallDisk('3g');
    const files = await runnerFiles();
    const reportDir = path.join(files.dir, 'report');
    const marker = `pdv-marker-${randomBytes(6).toString('hex')}`;
    const inputs: Record<string, string> = {
      'backup-source': bomb,
      'database-url': admin,
      'drill-database': uniqueName('pdv_layers_drill'),
      baseline: 'none',
      'artifact-name': '',
      'pr-comment': 'off',
      'report-dir': reportDir,
    };
    const run = start(
      'dist/index.js',
      NODE24,
      {
        ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
        GITHUB_OUTPUT: files.output,
        GITHUB_STATE: files.state,
        GITHUB_STEP_SUMMARY: files.summary,
        RUNNER_TEMP: disk,
      },
      marker,
    );
    expect(await waitForTool(marker, /: xz -d -c -q/, 30_000)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 500));
    expect(processesWithEnv(marker).some((p) => p.includes('xz -d'))).toBe(true);
    run.kill('SIGTERM');
    const code = await exitWithin(run, 20_000);
    expect(code, run.output()).toBe(143);
    expect(run.output()).toMatch(/Drill cancelled by SIGTERM \(exit 143\)/);
    expect(processesWithEnv(marker)).toEqual([]);
    const r = await report(reportDir);
    expect(find(r, 'restore.completed')).toMatchObject({ status: 'fail', summary: expect.stringMatching(/SIGTERM/) });
    expect(await readdir(disk)).toEqual([]);
    // The drill database, made while the backup was read, is left to the post step, which the
    // runner runs after a cancellation too: it drops it and the drill role.
    const state = await readCommandFile(files.state);
    expect(state['created-database']).toBe(inputs['drill-database']);
    const post = await runBundle('dist/post/index.js', {
      node: NODE24,
      inputs: { 'database-url': admin, 'drill-database': inputs['drill-database'] as string },
      env: Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v])),
    });
    expect(post.code, post.stdout + post.stderr).toBe(0);
    expect(post.stdout).toContain(`Dropped the drill database ${inputs['drill-database']} and the drill role`);
    const left = await queryDb(admin, 'SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1', [
      inputs['drill-database'],
    ]);
    expect(left.rows).toEqual([]);
    await rm(files.dir, { recursive: true, force: true });
  }, 180_000);
});

describe('an xz layer that asks for a huge dictionary', () => {
  it('is refused at the memory limit, naming it, before any memory is taken', async () => {
    const archive = await readFile(path.join(dir, 'inner.dump'));
    const xz = Buffer.from(execFileSync('xz', ['-c', '-6'], { input: archive }));
    // The block header after the 12-byte stream header: its LZMA2 filter (id 0x21, one property
    // byte: the dictionary size) set to 40 (4 GiB), and its CRC32 made right again.
    const size = ((xz[12] as number) + 1) * 4;
    const header = xz.subarray(12, 12 + size);
    const at = header.indexOf(Buffer.from([0x21, 0x01]), 2);
    expect(at).toBeGreaterThan(0);
    header[at + 2] = 40;
    header.writeUInt32LE(crc32Of(header.subarray(0, size - 4)), size - 4);
    const bomb = path.join(dir, 'huge-dictionary.dump');
    await writeFile(bomb, xz);
    const reportDir = path.join(dir, 'xz-report');
    const marker = `pdv-marker-${randomBytes(6).toString('hex')}`;
    const flags = {
      'backup-source': bomb,
      'database-url': admin,
      'drill-database': uniqueName('pdv_layers_drill'),
      baseline: 'none',
      'report-dir': reportDir,
    };
    const run = start('dist/cli/index.js', process.execPath, { RUNNER_TEMP: dir }, marker, [
      'drill',
      ...Object.entries(flags).flatMap(([k, v]) => [`--${k}`, v]),
    ]);
    expect(await exitWithin(run, 60_000), run.output()).toBe(1);
    const r = await report(reportDir);
    expect(find(r, 'backup.archive')).toMatchObject({
      status: 'fail',
      summary:
        'the xz layer asks for more than 512 MiB of memory to decompress (the dictionary its header names): refused',
    });
    expect(processesWithEnv(marker)).toEqual([]);
  }, 120_000);
});

/** CRC-32 (IEEE), as xz's block headers carry it. */
function crc32Of(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
