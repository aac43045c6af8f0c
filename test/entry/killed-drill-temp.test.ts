// A drill killed outright (SIGKILL: no handler runs) leaves its temporary folders; the action's
// post step and the next drill remove them, through the real bundles. Only folders that are
// provably a dead drill's go: beside them the test plants look-alikes that must stay (a live
// process's folder, another host's, a symbolic link, another user's, an older unnamed one).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chown, mkdir, mkdtemp, readdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpDatabase } from '../../src/demo/make-backup.js';
import { dropDrillDatabase } from '../../src/restore/drill-database.js';
import { libpqEnv } from '../../src/restore/pg-connection.js';
import { ownerTag } from '../../src/util/stale-temp.js';
import { ROOT, readCommandFile, runBundle, runnerFiles } from '../helpers/bundles.js';
import {
  adminQuery,
  adminUrl,
  createTestDatabase,
  queryDb,
  type TestDatabase,
  uniqueName,
} from '../helpers/postgres.js';

const isRoot = process.getuid?.() === 0;
let admin: string;
let source: TestDatabase;
let dir: string;
let slow: string;
let quick: string;
const made: string[] = [];

beforeAll(async () => {
  admin = await adminUrl();
  dir = await mkdtemp(path.join(os.tmpdir(), 'pdv-killed-'));
  source = await createTestDatabase('pdv_killed_src');
  await queryDb(source.url, 'CREATE TABLE seasons (id int PRIMARY KEY); INSERT INTO seasons VALUES (2026);');
  quick = path.join(dir, 'quick.dump');
  await dumpDatabase(source.url, quick, 'custom');
  // A plain dump whose restore takes half a minute: the drill is killed during it.
  const plain = execFileSync('pg_dump', ['-Fp'], { env: { ...process.env, ...libpqEnv(source.url) } }).toString();
  const at = plain.indexOf('--\n-- PostgreSQL database dump complete');
  slow = path.join(dir, 'slow.sql');
  await writeFile(slow, `${plain.slice(0, at)}SELECT pg_sleep(30);\n${plain.slice(at)}`);
}, 60_000);

afterAll(async () => {
  for (const name of made) await dropDrillDatabase(admin, name).catch(() => {});
  await source?.drop();
  await rm(dir, { recursive: true, force: true });
});

/** A pid no process has now: a shell's that printed it and ended (spawnSync reaps it). */
function deadPid(): number {
  return Number(execFileSync('sh', ['-c', 'echo $$']).toString().trim());
}

/** Folders named as the drill names them that must stay; returns their names. */
async function plantLookAlikes(temp: string): Promise<string[]> {
  const host = /h([0-9a-f]{8})$/.exec(ownerTag())?.[1] as string;
  const dead = deadPid();
  const outside = await mkdtemp(path.join(dir, 'outside-'));
  const names = {
    live: `pickdriver-vault-backup-${ownerTag()}-Live01`,
    otherHost: `pickdriver-vault-backup-p${dead}s1h${host === '00000000' ? '11111111' : '00000000'}-Host01`,
    link: `pickdriver-vault-backup-p${dead}s1h${host}-Link01`,
    foreign: `pickdriver-vault-backup-p${dead}s1h${host}-Uid001`,
    unnamed: 'pickdriver-vault-backup-Zz9Yy8',
  };
  await mkdir(path.join(temp, names.live));
  await mkdir(path.join(temp, names.otherHost));
  await symlink(outside, path.join(temp, names.link));
  await mkdir(path.join(temp, names.foreign));
  await chown(path.join(temp, names.foreign), 65534, 65534);
  await mkdir(path.join(temp, names.unnamed));
  const hourAgo = new Date(Date.now() - 3_600_000);
  for (const name of Object.values(names)) await utimes(path.join(temp, name), hourAgo, hourAgo).catch(() => {});
  await writeFile(path.join(outside, 'keep'), 'not the drill’s');
  return Object.values(names);
}

/** Starts a bundle, waits for a temporary folder of its own in `temp`, and SIGKILLs it. */
async function killDuringRestore(bundle: string, args: string[], env: Record<string, string>, temp: string) {
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, bundle), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH as string, HOME: process.env.HOME ?? '/root', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exited = new Promise((resolve) => child.on('close', resolve));
  const own = (name: string) => name.startsWith('pickdriver-vault-') && name.includes(`-p${child.pid}`);
  const deadline = Date.now() + 60_000;
  while (!(await readdir(temp)).some(own) || !/psql|restore/i.test(output)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no temporary folder appeared:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 2_500));
  child.kill('SIGKILL');
  await exited;
  const left = (await readdir(temp)).filter(own);
  expect(left.length, output).toBeGreaterThan(0);
  return left;
}

describe.skipIf(!isRoot)('temporary folders of a drill killed outright', () => {
  it("the action's post step removes the killed main step's folders and drops its database; look-alikes stay", async () => {
    const files = await runnerFiles();
    const temp = path.join(files.dir, 'temp');
    await mkdir(temp);
    const keep = await plantLookAlikes(temp);
    const database = uniqueName('pdv_killed_drill');
    made.push(database);
    const inputs = {
      'backup-source': slow,
      'database-url': admin,
      'drill-database': database,
      baseline: 'none',
      'artifact-name': '',
      'report-dir': path.join(files.dir, 'report'),
    };
    const inputEnv = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]));
    const runner = { GITHUB_OUTPUT: files.output, GITHUB_STATE: files.state, RUNNER_TEMP: temp };
    const left = await killDuringRestore('dist/index.js', [], { ...inputEnv, ...runner }, temp);

    const state = await readCommandFile(files.state);
    const stateEnv = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
    const post = await runBundle('dist/post/index.js', { inputs, env: { ...runner, ...stateEnv } });
    const output = post.stdout + post.stderr;
    for (const name of left) {
      expect(output).toContain(`Removed ${path.join(temp, name)}: a temporary folder left by a drill that was killed`);
    }
    expect((await readdir(temp)).sort()).toEqual([...keep].sort());
    expect(await readFile(path.join(await realTarget(temp, keep), 'keep'), 'utf8')).toBe('not the drill’s');
    expect(state['created-database']).toBe(database);
    expect((await adminQuery('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount).toBe(0);
    await rm(files.dir, { recursive: true, force: true });
  }, 120_000);

  it('the next drill on the command line removes them before it starts', async () => {
    const temp = await mkdtemp(path.join(dir, 'cli-temp-'));
    const keep = await plantLookAlikes(temp);
    const killed = uniqueName('pdv_killed_drill');
    made.push(killed);
    const args = (backup: string, database: string) => [
      'drill',
      ...['--backup-source', backup, '--database-url', admin, '--drill-database', database],
      ...['--baseline', 'none', '--report-dir', path.join(dir, `report-${database}`)],
    ];
    const left = await killDuringRestore('dist/cli/index.js', args(slow, killed), { TMPDIR: temp }, temp);

    const next = uniqueName('pdv_killed_next');
    made.push(next);
    const run = await runBundle('dist/cli/index.js', { args: args(quick, next), env: { TMPDIR: temp } });
    const output = run.stdout + run.stderr;
    // It runs as any drill does (this database is no PickDriver one, so its checks fail: exit 1).
    expect(run.code, output).toBe(1);
    const report = JSON.parse(await readFile(path.join(dir, `report-${next}`, 'report.json'), 'utf8'));
    expect(report.checks.find((c: { id: string }) => c.id === 'restore.completed')?.status).toBe('ok');
    for (const name of left) expect(output).toContain(`Removed ${path.join(temp, name)}`);
    expect((await readdir(temp)).sort()).toEqual([...keep].sort());
  }, 120_000);
});

/** Where the planted link points (its target must be untouched). */
async function realTarget(temp: string, names: string[]): Promise<string> {
  const { readlink } = await import('node:fs/promises');
  const link = names.find((n) => n.endsWith('-Link01')) as string;
  return readlink(path.join(temp, link));
}
