import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBaseline } from '../../src/compare/baseline.js';
import { findRegressions } from '../../src/compare/rules.js';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import type { DrillReport } from '../../src/model/types.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { SecretRegistry } from '../../src/util/secrets.js';
import { buildReport, earlierDrills, schemaFingerprint } from './report-builder.js';

let tmp = '';
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'baseline-path-test-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

function context(baseline: string, window = 5) {
  const log = new MemoryLogger();
  const config = loadConfig({ 'backup-source': 'backups/', baseline, 'baseline-window': String(window) });
  return { ctx: { config, log, secrets: new SecretRegistry(), env: {} }, log };
}

async function writeReport(file: string, report: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(report, null, 2));
}

const current = { run: buildReport({ runId: '5000', startedAt: '2026-05-02T03:00:00.000Z' }).run };
const runIds = (reports: DrillReport[]) => reports.map((r) => r.run.runId);

describe('loadBaseline with a path', () => {
  it('has no baseline with baseline: none', async () => {
    const { ctx } = context('none');
    expect(await loadBaseline(ctx, current)).toEqual({ info: null, reports: [] });
  });

  it('reads one report.json', async () => {
    const file = path.join(tmp, 'single', 'report.json');
    await writeReport(file, buildReport({ runId: '812', restoreMs: 17_000 }));
    const { ctx } = context(file);
    const { info, reports } = await loadBaseline(ctx, current);
    expect(runIds(reports)).toEqual(['812']);
    expect(info).toEqual({
      kind: 'path',
      source: file,
      runs: [
        {
          runId: '812',
          runUrl: 'https://github.com/pickdriver/pickdriver/actions/runs/812',
          startedAt: '2026-05-01T03:00:00.000Z',
          result: 'passed',
          restoreDurationMs: 17_000,
          totalCriticalRows: 26_520,
          backupSizeBytes: 4_000_000,
          ledgerSize: 42,
          schemaVersion: schemaFingerprint(42),
          criticalTableRows: {
            'public.users': 1200,
            'public.leagues': 80,
            'public.predictions': 25_000,
            'public.races': 240,
          },
          source: path.relative(process.cwd(), file),
        },
      ],
      notes: [],
    });
  });

  it('takes the newest reports of a folder by run start, up to baseline-window', async () => {
    const dir = path.join(tmp, 'folder');
    const drills = earlierDrills(4);
    // File names sort the other way round from the run dates: the order must come from run.startedAt.
    for (const [i, report] of drills.entries()) await writeReport(path.join(dir, `${9 - i}`, 'report.json'), report);
    await writeReport(path.join(dir, 'schema.json'), { $schema: 'https://json-schema.org/draft/2020-12/schema' });
    await writeReport(path.join(dir, 'future', 'report.json'), { ...buildReport({ runId: '1' }), reportVersion: 2 });
    await writeReport(path.join(dir, 'this-run', 'report.json'), buildReport({ runId: '5000' }));
    await writeFile(path.join(dir, 'README.md'), 'reports of earlier drills\n');

    const { ctx, log } = context(dir, 3);
    const { info, reports } = await loadBaseline(ctx, current);
    expect(runIds(reports)).toEqual(['900', '899', '898']);
    expect(info?.runs.map((r) => r.startedAt)).toEqual([
      '2026-04-30T03:00:00.000Z',
      '2026-04-29T03:00:00.000Z',
      '2026-04-28T03:00:00.000Z',
    ]);
    const warnings = log.lines.filter((l) => l.startsWith('warning:'));
    expect(warnings).toEqual([expect.stringContaining('reportVersion 2 is unknown to this version of the action')]);
    expect(info?.notes).toContain(`the 3 newest of 4 reports in ${dir} (baseline-window)`);
  });

  it('says so when a folder holds no report', async () => {
    const dir = path.join(tmp, 'empty');
    await mkdir(dir, { recursive: true });
    const { ctx } = context(dir);
    const { info, reports } = await loadBaseline(ctx, current);
    expect(reports).toEqual([]);
    expect(info?.notes).toEqual([`no earlier drill report found in ${dir}`]);
  });

  it('refuses a path that does not exist as a configuration error naming baseline', async () => {
    const { ctx } = context(path.join(tmp, 'nowhere', 'report.json'));
    const error = await loadBaseline(ctx, current).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/^baseline: '.*nowhere\/report\.json' does not exist/);
  });

  it('refuses a file that is not a drill report', async () => {
    const file = path.join(tmp, 'not-a-report.json');
    await writeFile(file, '{"hello": "world"}');
    const { ctx } = context(file);
    await expect(loadBaseline(ctx, current)).rejects.toThrow(/baseline: '.*' is not a drill report/);
  });

  it('finds a slower restore from recorded reports of earlier drills', async () => {
    const dir = path.join(tmp, 'recorded');
    const recorded = [20_000, 22_000, 19_000, 21_000, 20_000];
    for (const [i, report] of earlierDrills(5, (i) => ({ restoreMs: recorded[i] })).entries()) {
      await writeReport(path.join(dir, `run-${i}.json`), report);
    }
    const { ctx } = context(dir);
    const { reports } = await loadBaseline(ctx, current);
    const config = { rowDropThreshold: 0.1, durationThreshold: 0.5, durationMinDeltaMs: 0, baselineWindow: 5 };
    const slower = findRegressions(buildReport({ restoreMs: 45_000 }), reports, config);
    expect(slower.regressions).toEqual([
      expect.objectContaining({ checkId: 'restore.duration', baseline: 20_000, current: 45_000 }),
    ]);
    expect(findRegressions(buildReport({ restoreMs: 24_000 }), reports, config).regressions).toEqual([]);
  });
});
