// Every regression rule on reports written by real drills: a PickDriver database, pg_dump backups
// of it before and after something went wrong, whole drills (real pg_restore into a real drill
// database), and the second drill compared with the first through `baseline: <folder>`.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { type DumpFormat, dumpDatabase, writeSidecar } from '../../src/demo/make-backup.js';
import { cleanup } from '../../src/drill/cleanup.js';
import { runDrill } from '../../src/drill/run.js';
import type { DrillReport, Regression } from '../../src/model/types.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { SecretRegistry } from '../../src/util/secrets.js';
import { MemoryState } from '../../src/util/state.js';
import { runBundle } from '../helpers/bundles.js';
import { createDrillWorld, type DrillWorld } from '../helpers/drill-world.js';
import { adminQuery, dropDatabase, queryDb, uniqueName, urlFor } from '../helpers/postgres.js';

const addFormats = addFormatsModule.default;

interface Drill {
  /** report.json as written: what a user and the next drill read. */
  report: DrillReport;
  markdown: string;
  reportDir: string;
}

let world: DrillWorld;
let work: string;
let validate: ReturnType<Ajv2020['compile']>;
/** Backup A of the seeded database, the passed drill of it, and a folder holding only that report. */
let backupA: string;
let reportA: DrillReport;
let folderA: string;
let rowsBackup: Promise<string> | undefined;

/** The test process's environment without GitHub's variables: baseline `auto` and run ids stay out of it. */
function drillEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(GITHUB_|INPUT_|RUNNER_|ACTIONS_)/.test(key)),
  );
}

async function drill(name: string, inputs: Record<string, string>): Promise<Drill> {
  const reportDir = path.join(work, 'runs', name);
  const ctx = {
    config: loadConfig({
      'database-url': world.adminUrl,
      'drill-database': world.drillDatabase,
      'report-dir': reportDir,
      'artifact-name': '',
      ...inputs,
    }),
    log: new MemoryLogger(),
    secrets: new SecretRegistry(),
    env: drillEnv(),
  };
  const state = new MemoryState();
  try {
    const { paths } = await runDrill(ctx, state);
    const report = JSON.parse(await readFile(paths.jsonPath, 'utf8')) as DrillReport;
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    return { report, markdown: await readFile(paths.markdownPath, 'utf8'), reportDir };
  } finally {
    await cleanup(ctx, state.get());
  }
}

/** A backup of a copy of the source database after `sql` ran in it; the source itself stays as seeded. */
async function backupAfter(file: string, sql: string, format: DumpFormat = 'custom'): Promise<string> {
  const copy = uniqueName('pdv_variant');
  await adminQuery(`CREATE DATABASE "${copy}" TEMPLATE "${world.source.name}"`);
  try {
    const url = urlFor(world.adminUrl, copy);
    await queryDb(url, sql);
    const out = path.join(world.dir, file);
    await dumpDatabase(url, out, format);
    await writeSidecar(out);
    return out;
  } finally {
    await dropDatabase(copy);
  }
}

/** Backup B: 30% of player_picks deleted since backup A. */
function backupWithFewerPicks(): Promise<string> {
  rowsBackup ??= backupAfter(
    'b-fewer-picks.dump',
    `DELETE FROM public.player_picks WHERE id IN (
       SELECT id FROM public.player_picks ORDER BY id
       LIMIT (SELECT ceil(count(*) * 0.3)::int FROM public.player_picks))`,
  );
  return rowsBackup;
}

/** Copies of report A as earlier runs a day apart whose restores took `durationMs`. */
async function recordedBaselines(folder: string, count: number, durationMs: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const copy = structuredClone(reportA);
    copy.run.runId = `recorded-${i + 1}`;
    copy.run.startedAt = new Date(Date.parse(reportA.run.startedAt) - (i + 1) * 86_400_000).toISOString();
    if (copy.restore) copy.restore.durationMs = durationMs;
    await mkdir(path.join(folder, `run-${i + 1}`), { recursive: true });
    await writeFile(path.join(folder, `run-${i + 1}`, 'report.json'), JSON.stringify(copy, null, 2));
  }
}

const rowsOf = (report: DrillReport, table: string) =>
  report.database?.criticalTables.find((t) => t.name === table)?.rows ?? null;
const find = (regressions: Regression[], metric: string) => regressions.filter((r) => r.metric === metric);

beforeAll(async () => {
  const schema = JSON.parse(
    await readFile(path.resolve(import.meta.dirname, '../../schema/report.schema.json'), 'utf8'),
  );
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  validate = ajv.compile(schema);
  work = await mkdtemp(path.join(os.tmpdir(), 'pdv-real-drills-'));
  world = await createDrillWorld({ api: false, scale: 0.05 });
  backupA = await world.backup('custom', 'a-seeded.dump');
  const a = await drill('a', { 'backup-source': backupA, baseline: 'none' });
  reportA = a.report;
  folderA = path.join(work, 'baseline-a');
  await mkdir(path.join(folderA, 'run-a'), { recursive: true });
  await copyFile(path.join(a.reportDir, 'report.json'), path.join(folderA, 'run-a', 'report.json'));
}, 120_000);

afterAll(async () => {
  await world?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('regression rules on real drills', () => {
  it('drill A of the seeded database passes and has the figures the rules read', () => {
    expect(reportA.result).toBe('passed');
    expect(reportA.baseline).toBeNull();
    // No baseline is said, not silently passed over.
    expect(reportA.checks.find((c) => c.id === 'compare.baseline')).toMatchObject({
      status: 'skip',
      summary: expect.stringMatching(/baseline/),
    });
    expect(rowsOf(reportA, 'player_picks')).toBeGreaterThan(10);
    expect(reportA.database?.ledgerSize).toBeGreaterThan(1);
    expect(reportA.backup.sizeBytes).toBeGreaterThan(0);
  });

  it('30% of player_picks lost between backups is a rows.player_picks regression', async () => {
    const { report, markdown } = await drill('b-rows', {
      'backup-source': await backupWithFewerPicks(),
      baseline: folderA,
    });
    const before = rowsOf(reportA, 'player_picks') as number;
    const after = before - Math.ceil(before * 0.3);
    expect(report.result).toBe('regressed');
    // The regression is where consumers filtering checks[] look: compare.baseline warns, listing it,
    // and database.critical-tables carries it.
    const flagged = report.checks.filter((c) => c.status === 'fail' || c.status === 'warn');
    expect(flagged.map((c) => c.id)).toEqual(['compare.baseline']);
    expect(flagged[0]?.summary).toMatch(/^compared with 1 drill \(run .+\): 1 regression: player_picks: /);
    const tables = report.checks.find((c) => c.id === 'database.critical-tables');
    expect(tables?.regressions).toEqual([expect.objectContaining({ metric: 'rows.player_picks' })]);
    // The check that carries the loss is marked by it, not with ✅; the table's row count says so too.
    expect(markdown).toMatch(/\| 📉 regressed \| `database\.critical-tables` \|/);
    expect(markdown).toContain(
      `| \`player_picks\` | ✅ | ${after.toLocaleString('en-US')} 📉 (${before.toLocaleString('en-US')} before) |`,
    );
    expect(report.checks.find((c) => c.id === 'backup.found')?.regressions).toEqual([]);
    expect(find(report.regressions, 'rows.player_picks')).toEqual([
      expect.objectContaining({
        checkId: 'database.critical-tables',
        baseline: before,
        current: after,
        threshold: 0.1,
      }),
    ]);
    // The dump of a small database is mostly schema: a few rows fewer shrink it far less than the threshold.
    const drop = 1 - (report.backup.sizeBytes as number) / (reportA.backup.sizeBytes as number);
    expect(drop).toBeGreaterThan(0);
    expect(drop).toBeLessThan(0.1);
    expect(find(report.regressions, 'backup.sizeBytes')).toEqual([]);
    // The baseline run carries the figures the table compares with.
    expect(report.baseline?.runs).toEqual([
      expect.objectContaining({
        backupSizeBytes: reportA.backup.sizeBytes,
        ledgerSize: reportA.database?.ledgerSize,
        schemaVersion: reportA.database?.schemaVersion,
        criticalTableRows: expect.objectContaining({ player_picks: before }),
      }),
    ]);
    const table = markdown.slice(markdown.indexOf('| metric | baseline | now | change |'));
    expect(table.split('\n')[2]).toMatch(/^\| \*\*rows in `player_picks`\*\* \(regression\) \| \d+ \| \d+ \| -\d/);
    expect(table).toContain('| migrations in the ledger |');
    expect(table).toMatch(/\| schema version \| `fluent-[0-9a-f]{32}-b\d+-n\d+` \| `[^`]+` \| unchanged \|/);
  });

  it('a shrunken backup is a backup.sizeBytes regression', async () => {
    // The same data as a gzipped plain dump: far fewer bytes than custom dump A.
    const file = await world.backup('plain-gzip', 'p-seeded.sql.gz');
    const { report } = await drill('p-gzip', { 'backup-source': file, baseline: folderA });
    const before = reportA.backup.sizeBytes as number;
    const now = report.backup.sizeBytes as number;
    expect(report.backup.format).toBe('plain-gzip');
    expect(now / before).toBeLessThan(0.9);
    expect(report.result).toBe('regressed');
    expect(find(report.regressions, 'backup.sizeBytes')).toEqual([
      expect.objectContaining({ checkId: 'backup.archive', baseline: before, current: now, threshold: 0.1 }),
    ]);
  });

  it('a ledger with one migration fewer is a database.migrations regression', async () => {
    const file = await backupAfter(
      'c-fewer-migrations.dump',
      `DELETE FROM public._fluent_migrations WHERE id = (
         SELECT id FROM public._fluent_migrations ORDER BY created_at DESC, name DESC LIMIT 1)`,
    );
    const { report } = await drill('c-fewer-migrations', { 'backup-source': file, baseline: folderA });
    const ledger = reportA.database?.ledgerSize as number;
    expect(report.database?.ledgerSize).toBe(ledger - 1);
    expect(report.checks.find((c) => c.id === 'database.migrations')?.status).toBe('ok');
    expect(report.result).toBe('regressed');
    expect(report.regressions).toEqual([
      expect.objectContaining({
        checkId: 'database.migrations',
        metric: 'ledgerSize',
        baseline: ledger,
        current: ledger - 1,
      }),
    ]);
  });

  it('one migration more changes the fingerprint: a note, not a regression', async () => {
    const file = await backupAfter(
      'd-more-migrations.dump',
      `INSERT INTO public._fluent_migrations (id, name, batch, created_at, updated_at)
       VALUES (gen_random_uuid(), 'PickdriverVaporApi.AddDrillRehearsals', 4, now(), now())`,
    );
    const { report, markdown } = await drill('d-more-migrations', { 'backup-source': file, baseline: folderA });
    expect(report.regressions).toEqual([]);
    expect(report.result).toBe('passed');
    const before = reportA.database?.schemaVersion as string;
    const now = report.database?.schemaVersion as string;
    expect(now).not.toBe(before);
    expect(report.baseline?.notes).toContain(
      `schema changed since the drill of ${reportA.run.startedAt}: ${before} → ${now} (1 more migration)`,
    );
    expect(markdown).toContain(`| schema version | \`${before}\` | \`${now}\` | changed |`);
    expect(markdown).toContain('No regression.');
  });

  it('a check that was ok and now fails is a status regression (backup.age)', async () => {
    // A plain dump's creation time is its modification time: two hours ago, against a one-hour RPO.
    const file = await world.backup('plain', 'e-stale.sql');
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    await utimes(file, twoHoursAgo, twoHoursAgo);
    const { report } = await drill('e-stale', { 'backup-source': file, baseline: folderA, 'max-backup-age': '1h' });
    expect(report.backup.createdAtSource).toBe('mtime');
    expect(report.checks.find((c) => c.id === 'backup.age')?.status).toBe('fail');
    expect(report.result).toBe('failed');
    expect(report.regressions).toContainEqual(
      expect.objectContaining({ checkId: 'backup.age', metric: 'status', baseline: 'ok', current: 'fail' }),
    );
  });

  it('a restore much slower than the median of recorded runs is a restore.duration regression', async () => {
    const folder = path.join(work, 'baseline-fast');
    const fast = Math.max(1, Math.floor((reportA.restore?.durationMs as number) / 20));
    await recordedBaselines(folder, 4, fast);
    // Recorded runs of a few milliseconds: no floor, or the 1-minute duration-min-delta hides the slowdown.
    const { report, markdown } = await drill('f-slower', {
      'backup-source': backupA,
      baseline: folder,
      'duration-min-delta': '0s',
    });
    expect(report.baseline?.runs.map((r) => r.runId)).toEqual(['recorded-1', 'recorded-2', 'recorded-3', 'recorded-4']);
    expect(report.result).toBe('regressed');
    expect(report.regressions).toEqual([
      expect.objectContaining({
        checkId: 'restore.duration',
        metric: 'restore.durationMs',
        baseline: fast,
        threshold: 0.5,
      }),
    ]);
    expect(markdown).toMatch(/\| \*\*restore duration\*\* \(regression\) \| [\d.]+ m?s \(median\) \|/);
    expect(markdown).toContain('title "Restore duration"');
  });

  it('with only two recorded runs there is no verdict on the duration, and a note says why', async () => {
    const folder = path.join(work, 'baseline-two');
    await recordedBaselines(folder, 2, 1);
    const { report } = await drill('g-two', { 'backup-source': backupA, baseline: folder });
    expect(report.regressions).toEqual([]);
    expect(report.result).toBe('passed');
    expect(report.baseline?.notes).toContain(
      'no verdict on the restore duration: 2 earlier run(s) with a completed restore, 3 needed',
    );
  });
});

describe('fail-on through the command line', () => {
  async function cliDrill(failOn: string) {
    const reportDir = path.join(work, 'cli', failOn);
    const flags: Record<string, string> = {
      'backup-source': await backupWithFewerPicks(),
      baseline: folderA,
      'fail-on': failOn,
      'database-url': world.adminUrl,
      'drill-database': world.drillDatabase,
      'report-dir': reportDir,
    };
    const run = await runBundle('dist/cli/index.js', {
      args: ['drill', ...Object.entries(flags).flatMap(([name, value]) => [`--${name}`, value])],
    });
    expect(existsSync(path.join(reportDir, 'report.json')), run.stdout + run.stderr).toBe(true);
    const report = JSON.parse(await readFile(path.join(reportDir, 'report.json'), 'utf8')) as DrillReport;
    return { run, report };
  }

  it('fail-on: never exits 0 although the report says regressed', async () => {
    const { run, report } = await cliDrill('never');
    expect(report.result).toBe('regressed');
    expect(find(report.regressions, 'rows.player_picks')).toHaveLength(1);
    expect(run.code, run.stderr).toBe(0);
    expect(await world.databaseExists(world.drillDatabase)).toBe(false);
  });

  it('fail-on: regression exits 1 for the same drill', async () => {
    const { run, report } = await cliDrill('regression');
    expect(report.result).toBe('regressed');
    expect(run.code, run.stderr).toBe(1);
  });
});
