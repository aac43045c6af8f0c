// Through the command-line bundle: `pickdriver-vault inventory` on a folder of nightly backups with
// a missing night and one past retention, and drills that restore an older backup (backup-select)
// while backup.age still judges the RPO on the newest.
import { mkdir, readFile, utimes } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBundle, runnerFiles } from '../helpers/bundles.js';
import { createDrillWorld, type DrillWorld } from '../helpers/drill-world.js';

const DAY = 86_400_000;
// Nights 0 (an hour ago) … 5, night 3 missing, and one 40 days old.
const NIGHTS = [0, 1, 2, 4, 5, 40];
let world: DrillWorld;
let folder: string;
const nightName = (d: number) => `pickdriver-night-${String(d).padStart(2, '0')}.sql`;

beforeAll(async () => {
  world = await createDrillWorld({ api: false });
  folder = path.join(world.dir, 'nightly');
  await mkdir(folder);
  const base = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;
  for (const d of NIGHTS) {
    const file = await world.backup('plain', path.join('nightly', nightName(d)));
    // A plain dump without --verbose carries no time of its own: the file's modification time dates it.
    const at = new Date(base - d * DAY);
    await utimes(file, at, at);
  }
}, 120_000);
afterAll(async () => {
  await world?.close();
});

async function drill(flags: Record<string, string>, env: Record<string, string> = {}) {
  const files = await runnerFiles();
  const reportDir = path.join(files.dir, 'report');
  const args = ['drill'];
  const all: Record<string, string> = {
    'backup-source': folder,
    'backup-pattern': '*.sql',
    'database-url': world.adminUrl,
    'drill-database': world.drillDatabase,
    baseline: 'none',
    'report-dir': reportDir,
    'fail-on': 'never',
    ...flags,
  };
  for (const [name, value] of Object.entries(all)) args.push(`--${name}`, value);
  const run = await runBundle('dist/cli/index.js', { args, env });
  const report = JSON.parse(await readFile(path.join(reportDir, 'report.json'), 'utf8'));
  const markdown = await readFile(path.join(reportDir, 'report.md'), 'utf8');
  const status = (id: string) => report.checks.find((c: { id: string }) => c.id === id)?.status;
  return { run, report, markdown, status };
}

describe('the inventory command', () => {
  it('prints the backups, the missing night and the one past retention, and exits 1 on a gap', async () => {
    const run = await runBundle('dist/cli/index.js', {
      args: ['inventory', '--backup-source', folder, '--backup-interval', '24h', '--backup-retention', '30d'],
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('## Inventory');
    expect(run.stdout).toMatch(/\| backups \| 6 \(/);
    expect(run.stdout).toMatch(/no backup between \d{4}-\d\d-\d\d \d\d:\d\d and \d{4}-\d\d-\d\d \d\d:\d\d \(2d 00h\)/);
    expect(run.stdout).toContain(`1 backup(s) older than 30d are still stored**: \`${nightName(40)}\``);
    expect(run.stdout).toContain('backup.cadence: fail');
    // Every backup is listed, newest first, not only the newest and the oldest.
    expect(run.stdout).toContain('### Backups (6, newest first)');
    const listed = NIGHTS.map((d) => run.stdout.indexOf(`| \`${nightName(d)}\` |`));
    for (const at of listed) expect(at).toBeGreaterThan(run.stdout.indexOf('### Backups'));
    expect([...listed].sort((a, b) => a - b)).toEqual(listed);
    expect(run.stdout).toMatch(new RegExp(`\\| \`${nightName(40)}\` \\|.*\\| older than backup-retention \\|`));
  });

  it('exits 1 naming the source when the folder does not exist or holds no backup', async () => {
    const missing = path.join(world.dir, 'no-such-folder');
    const run = await runBundle('dist/cli/index.js', { args: ['inventory', '--backup-source', missing] });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`pickdriver-vault: backup-source '${missing}': no such file or folder\n`);
    expect(run.stdout).toBe('');
    const glob = await runBundle('dist/cli/index.js', { args: ['inventory', '--backup-source', `${missing}/*.dump`] });
    expect(glob.code).toBe(1);
    expect(glob.stderr).toContain(`the folder '${missing}' of the glob does not exist`);

    const empty = path.join(world.dir, 'empty');
    await mkdir(empty);
    const none = await runBundle('dist/cli/index.js', { args: ['inventory', '--backup-source', empty] });
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('No backups at the source.');
    expect(none.stderr).toContain(`no backups at backup-source '${empty}'`);
  });

  it('prints JSON with --json, and exits 0 when no gap is judged', async () => {
    const run = await runBundle('dist/cli/index.js', { args: ['inventory', '--backup-source', folder, '--json'] });
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.inventory.count).toBe(6);
    expect(out.inventory.backups.map((b: { name: string }) => b.name)).toEqual(NIGHTS.map(nightName));
    expect(out.inventory.gaps).toHaveLength(5);
    expect(out.cadence.status).toBe('skip');
  });
});

describe('backup-select through a drill', () => {
  it('oldest: restores the oldest backup within retention; backup.age judges the newest; the report says why', async () => {
    const d = await drill({
      'backup-select': 'oldest',
      'backup-retention': '30d',
      'backup-interval': '24h',
      'max-backup-age': '26h',
    });
    expect(d.report.backup.id).toBe(nightName(5));
    expect(d.report.backup.selection).toMatchObject({ mode: 'oldest', poolSize: 5, newestId: nightName(0) });
    expect(d.report.backup.selection.reason).toContain('oldest of 5 backup(s) within backup-retention 30d');
    expect(d.report.backup.ageSeconds).toBeGreaterThan(5 * 86_400);
    expect(d.report.backup.rpoMet).toBe(true);
    expect(d.status('backup.age')).toBe('ok');
    expect(d.status('restore.completed')).toBe('ok');
    expect(d.status('backup.cadence')).toBe('fail');
    expect(d.report.inventory.count).toBe(6);
    expect(d.report.inventory.expired).toEqual([nightName(40)]);
    const verdicts = Object.fromEntries(
      d.report.backup.candidates.map((c: { name: string; verdict: string }) => [c.name, c.verdict]),
    );
    expect(verdicts[nightName(0)]).toBe('newer');
    expect(verdicts[nightName(40)]).toBe('expired');
    expect(d.markdown).toContain('## Inventory');
    expect(d.markdown).toContain('| selected | oldest of 5 backup(s)');
  }, 120_000);

  it('random: the same backup for the same run id and attempt, named in the report', async () => {
    const env = { GITHUB_RUN_ID: '424242', GITHUB_RUN_ATTEMPT: '2' };
    const first = await drill({ 'backup-select': 'random', 'backup-retention': '30d' }, env);
    const again = await drill({ 'backup-select': 'random', 'backup-retention': '30d' }, env);
    expect(first.report.backup.selection).toMatchObject({ mode: 'random', seed: '424242-2', poolSize: 5 });
    expect(again.report.backup.id).toBe(first.report.backup.id);
    expect(NIGHTS.slice(0, 5).map(nightName)).toContain(first.report.backup.id);
    expect(first.status('restore.completed')).toBe('ok');
  }, 180_000);
});
