// artifact: sources through the command-line bundle, with the real @actions/github and
// @actions/artifact clients against a local GitHub API: a fork's pull-request run and another
// branch's run publish newer artifacts of the same name, and only the default branch's own run
// counts (the report names it); backup-artifact-branch and backup-artifact-workflow choose
// others. A zip bomb (an entry whose declared size lies) stops at the free space of the temporary
// folder (a small tmpfs here), and one that declares more than the disk holds is refused before
// anything is extracted; nothing is left in the temporary folder.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDeflateRaw } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBundle, runnerFiles } from '../helpers/bundles.js';
import { createDrillWorld, type DrillWorld } from '../helpers/drill-world.js';
import { FakeArtifactsApi } from '../source/fake-artifacts-api.js';

const STACK = /\n\s+at .+[:(]\d+:\d+/;
const TOKEN = 'ghs_hostileArtifactsToken0123456789';
const api = new FakeArtifactsApi('pickdriver', 'backups', TOKEN);
const isRoot = process.getuid?.() === 0;
let world: DrillWorld;
let dump: Buffer;
let tmpfs: string | null = null;
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

/** A zip of one deflated entry whose headers declare `declared` bytes, whatever it inflates to. */
async function lyingZip(name: string, zeros: number, declared: number): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on('data', (c: Buffer) => chunks.push(c));
  const block = Buffer.alloc(1024 * 1024);
  for (let left = zeros; left > 0; left -= block.length) {
    if (!deflate.write(left >= block.length ? block : block.subarray(0, left)))
      await new Promise((r) => deflate.once('drain', r));
  }
  await new Promise((r) => deflate.end(r));
  const data = Buffer.concat(chunks);
  const n = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(declared, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(declared, 24);
  central.writeUInt16LE(n.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + n.length, 12);
  end.writeUInt32LE(30 + n.length + data.length, 16);
  return Buffer.concat([local, n, data, central, n, end]);
}

beforeAll(async () => {
  world = await createDrillWorld({ api: false });
  dump = await readFile(await world.backup('custom', 'nightly.dump'));
  await api.start();
  if (isRoot) {
    tmpfs = await mkdtemp(path.join(os.tmpdir(), 'pdv-small-disk-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=160m', 'tmpfs', tmpfs]);
  }
}, 120_000);

afterAll(async () => {
  if (tmpfs) {
    execFileSync('umount', [tmpfs]);
    await rm(tmpfs, { recursive: true, force: true });
  }
  await api.close();
  await world?.close();
});

async function drill(flags: Record<string, string> = {}, runnerTemp?: string) {
  const files = await runnerFiles();
  const reportDir = path.join(files.dir, 'report');
  const all = {
    'backup-source': 'artifact:nightly-backup',
    'github-token': TOKEN,
    'database-url': world.adminUrl,
    'drill-database': world.drillDatabase,
    baseline: 'none',
    'report-dir': reportDir,
    ...flags,
  };
  const run = await runBundle('dist/cli/index.js', {
    args: ['drill', ...Object.entries(all).flatMap(([k, v]) => [`--${k}`, v])],
    env: {
      RUNNER_TEMP: runnerTemp ?? files.dir,
      GITHUB_API_URL: api.url,
      GITHUB_REPOSITORY: 'pickdriver/backups',
    },
  });
  expect(run.stdout + run.stderr).not.toMatch(STACK);
  expect(run.stdout + run.stderr).not.toContain(TOKEN);
  const report = JSON.parse(await readFile(path.join(reportDir, 'report.json'), 'utf8'));
  await rm(files.dir, { recursive: true, force: true });
  const find = (id: string) => report.checks.find((c: { id: string }) => c.id === id);
  return { run, report, find };
}

const files = () => [{ name: 'nightly.dump', content: dump }];

describe('which artifact runs count', () => {
  it("only the default branch's own run counts, never a fork's newer one; the report names the run", async () => {
    api.artifacts.length = 0;
    api.add({ id: 1, runId: 101, name: 'nightly-backup', expired: false, createdAt: hoursAgo(5), files: files() });
    api.add({
      id: 2,
      runId: 102,
      name: 'nightly-backup',
      expired: false,
      createdAt: hoursAgo(1),
      fork: true,
      branch: 'main',
      files: [{ name: 'nightly.dump', content: Buffer.from('-- planted by a fork\nSELECT 1;\n') }],
    });
    api.add({
      id: 3,
      runId: 103,
      name: 'nightly-backup',
      expired: false,
      createdAt: hoursAgo(2),
      branch: 'feature',
      files: files(),
    });
    const d = await drill();
    expect(d.find('restore.completed').status).toBe('ok');
    expect(d.report.backup.resolved).toMatch(
      /^artifact:pickdriver\/backups\/nightly-backup \(id 1, run 101 on main, at 101a{9}\)\/nightly\.dump$/,
    );

    const branch = await drill({ 'backup-artifact-branch': 'feature' });
    expect(branch.report.backup.resolved).toMatch(/\(id 3, run 103 on feature, at 103a+\)/);

    api.artifacts.splice(0, 1);
    const none = await drill();
    expect(none.run.code).toBe(1);
    expect(none.find('backup.found')).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(
        /no artifact named 'nightly-backup' from a run on branch main of pickdriver\/backups itself \(2 unexpired: 1 from a fork's run \(a pull request from another repository\); 1 from branch feature, not main\); artifacts of forks' runs never count/,
      ),
    });
    // Even when any branch is accepted, a fork's run is not.
    const any = await drill({ 'backup-artifact-branch': '*' });
    expect(any.report.backup.resolved).toMatch(/\(id 3, run 103 on feature/);
  }, 240_000);

  it('backup-artifact-workflow picks the named workflow’s run over a newer one of another', async () => {
    api.artifacts.length = 0;
    api.add({
      id: 11,
      runId: 111,
      name: 'nightly-backup',
      expired: false,
      createdAt: hoursAgo(3),
      workflowPath: '.github/workflows/nightly.yml',
      files: files(),
    });
    api.add({ id: 12, runId: 112, name: 'nightly-backup', expired: false, createdAt: hoursAgo(1), files: files() });
    const d = await drill({ 'backup-artifact-workflow': 'nightly.yml' });
    expect(d.find('restore.completed').status).toBe('ok');
    expect(d.report.backup.resolved).toMatch(/\(id 11, run 111 on main, at 111a+, workflow nightly\.yml\)/);
  }, 120_000);
});

describe('artifact zip bombs', () => {
  it.skipIf(!isRoot)(
    'an entry that inflates past the free space stops there; nothing is left behind',
    async () => {
      api.artifacts.length = 0;
      const zip = await lyingZip('nightly.dump', 512 * 1024 * 1024, 4096);
      api.add({ id: 21, runId: 121, name: 'nightly-backup', expired: false, createdAt: hoursAgo(1), zip });
      const d = await drill({}, tmpfs as string);
      expect(d.run.code).toBe(1);
      expect(d.find('backup.found')).toMatchObject({
        status: 'fail',
        summary: expect.stringMatching(
          /artifact 21: the artifact's zip inflated past the space for it: stopped after [\d.]+ MiB in nightly\.dump, the temporary folder \S+ had [\d.]+ MiB free \(64\.0 MiB kept free\)/,
        ),
      });
      expect(await readdir(tmpfs as string)).toEqual([]);
    },
    120_000,
  );

  it.skipIf(!isRoot)(
    'an entry that declares more than the disk holds is refused before extracting',
    async () => {
      api.artifacts.length = 0;
      const zip = await lyingZip('nightly.dump', 1024, 0xfffffff0);
      api.add({ id: 22, runId: 122, name: 'nightly-backup', expired: false, createdAt: hoursAgo(1), zip });
      const d = await drill({}, tmpfs as string);
      expect(d.find('backup.found').summary).toMatch(
        /declares 4\.0 GiB of files but the temporary folder \S+ has [\d.]+ MiB free .*nothing was extracted/,
      );
      expect(await readdir(tmpfs as string)).toEqual([]);
    },
    120_000,
  );
});
