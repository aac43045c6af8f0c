import { describe, expect, it } from 'vitest';
import { findRegressions } from '../../src/compare/rules.js';
import type { Regression } from '../../src/model/types.js';
import { buildReport, DEFAULT_TABLES, earlierDrills, type ReportShape, schemaFingerprint } from './report-builder.js';

const config = { rowDropThreshold: 0.1, durationThreshold: 0.5, durationMinDeltaMs: 0, baselineWindow: 5 };

describe('findRegressions', () => {
  it('finds nothing when this drill matches the earlier ones', () => {
    const { regressions, notes } = findRegressions(buildReport(), earlierDrills(5), config);
    expect(regressions).toEqual([]);
    expect(notes).toEqual([]);
  });

  it('says there is nothing to compare with when there are no earlier drills', () => {
    const { regressions, notes } = findRegressions(buildReport(), [], config);
    expect(regressions).toEqual([]);
    expect(notes).toEqual(['no earlier drill to compare with']);
  });

  describe('checks', () => {
    it('reports a check that was ok in the newest baseline and warns or fails now', () => {
      const current = buildReport({ checks: { 'database.sequences': 'fail', 'backup.age': 'warn' } });
      const { regressions } = findRegressions(current, earlierDrills(3), config);
      expect(regressions).toEqual([
        expect.objectContaining({ checkId: 'backup.age', metric: 'status', baseline: 'ok', current: 'warn' }),
        expect.objectContaining({ checkId: 'database.sequences', metric: 'status', baseline: 'ok', current: 'fail' }),
      ]);
      expect(regressions[1]?.message).toContain('was ok in run 900 and is fail now');
    });

    it('does not report a check that already warned in the newest baseline, even if an older one was ok', () => {
      const baselines = earlierDrills(3, (i) => (i === 0 ? { checks: { 'backup.age': 'warn' } } : {}));
      const current = buildReport({ checks: { 'backup.age': 'fail' } });
      expect(findRegressions(current, baselines, config).regressions).toEqual([]);
    });

    it('does not count a skipped check as a regression', () => {
      const current = buildReport({ checks: { 'database.sequences': 'skip' } });
      expect(findRegressions(current, earlierDrills(3), config).regressions).toEqual([]);
    });
  });

  describe('critical table rows', () => {
    it('reports a table that lost more than row-drop-threshold against the newest baseline', () => {
      const current = buildReport({
        tables: { ...DEFAULT_TABLES, 'public.predictions': 22_000, 'public.users': 1_100 },
      });
      const { regressions } = findRegressions(current, earlierDrills(3), config);
      // predictions lost 12%, users 8.3%: only predictions crosses 10%.
      expect(regressions).toEqual([
        {
          checkId: 'database.critical-tables',
          metric: 'rows.public.predictions',
          baseline: 25_000,
          current: 22_000,
          threshold: 0.1,
          message: expect.stringContaining('data lost between backups'),
        },
      ]);
    });

    it('does not report a drop of exactly the threshold', () => {
      const current = buildReport({ tables: { ...DEFAULT_TABLES, 'public.predictions': 22_500 } });
      expect(findRegressions(current, earlierDrills(3), config).regressions).toEqual([]);
    });

    it('reports a critical table that is gone as having lost every row', () => {
      const { 'public.leagues': _leagues, ...rest } = DEFAULT_TABLES;
      const current = buildReport({ tables: rest, missingTables: ['public.leagues'] });
      const { regressions } = findRegressions(current, earlierDrills(3), config);
      expect(regressions).toContainEqual(
        expect.objectContaining({ metric: 'rows.public.leagues', baseline: 80, current: 0 }),
      );
    });

    const lost = (table: string, before: number, after: number): Regression => ({
      checkId: 'database.critical-tables',
      metric: `rows.${table}`,
      baseline: before,
      current: after,
      threshold: 0.1,
      message: `${table}: lost rows`,
    });

    it('reports a purge once: the drill after the one that reported it compares with that one', () => {
      // Run 900 lost 15 000 predictions and said so (regressed, the job failed); 899 and 898 had 40 000.
      const baselines = earlierDrills(3, (i) =>
        i === 0
          ? {
              tables: { ...DEFAULT_TABLES, 'public.predictions': 25_000 },
              regressions: [lost('public.predictions', 40_000, 25_000)],
            }
          : { tables: { ...DEFAULT_TABLES, 'public.predictions': 40_000 } },
      );
      expect(baselines[0]?.result).toBe('regressed');
      const current = buildReport({ tables: { ...DEFAULT_TABLES, 'public.predictions': 24_000 } });
      expect(findRegressions(current, baselines, config).regressions).toEqual([]);
    });

    it('compares with the previous drill whose restore completed, passing over one whose restore failed', () => {
      const baselines = earlierDrills(3, (i) =>
        i === 0 ? { noDatabase: true, checks: { 'restore.completed': 'fail' } } : {},
      );
      const current = buildReport({ tables: { ...DEFAULT_TABLES, 'public.users': 1_000 } });
      const { regressions, notes } = findRegressions(current, baselines, config);
      expect(regressions).toEqual([
        expect.objectContaining({ metric: 'rows.public.users', baseline: 1_200, current: 1_000 }),
      ]);
      expect(regressions[0]?.message).toContain('in run 899');
      expect(notes).toContain(
        'rows, migrations and size compared with run 899, the newest drill whose restore completed',
      );
    });

    it('trips the cumulative rule on a slow leak of 9% a night, against the oldest drill of the window', () => {
      // 40 000, 36 400, 33 124 (oldest first): each night 9% fewer, never more than 10%.
      const nightly = [33_124, 36_400, 40_000];
      const baselines = earlierDrills(3, (i) => ({ tables: { ...DEFAULT_TABLES, 'public.predictions': nightly[i]! } }));
      const current = buildReport({ tables: { ...DEFAULT_TABLES, 'public.predictions': 30_143 } });
      const { regressions } = findRegressions(current, baselines, config);
      expect(regressions).toEqual([
        {
          checkId: 'database.critical-tables',
          metric: 'rows.public.predictions',
          baseline: 40_000,
          current: 30_143,
          threshold: 0.1,
          message: expect.stringContaining('in run 898 3 drills ago (24.6% fewer'),
        },
      ]);
      // The leak reported by the drill before restarts the count: 9% since then is no regression.
      const afterReport = earlierDrills(3, (i) => ({
        tables: { ...DEFAULT_TABLES, 'public.predictions': nightly[i]! },
        regressions: i === 0 ? [lost('public.predictions', 40_000, 33_124)] : [],
      }));
      expect(findRegressions(current, afterReport, config).regressions).toEqual([]);
      // A window of one drill has no oldest drill besides the previous one.
      expect(findRegressions(current, baselines, { ...config, baselineWindow: 1 }).regressions).toEqual([]);
    });
  });

  describe('migrations', () => {
    it('reports fewer ledger migrations than the newest baseline: the backup went back in time', () => {
      const { regressions } = findRegressions(buildReport({ ledgerSize: 40 }), earlierDrills(3), config);
      expect(regressions).toEqual([
        expect.objectContaining({ checkId: 'database.migrations', metric: 'ledgerSize', baseline: 42, current: 40 }),
      ]);
      expect(regressions[0]?.message).toContain('went back in time');
    });

    it('reports a changed schema with more migrations as a note, not a regression', () => {
      const { regressions, notes } = findRegressions(buildReport({ ledgerSize: 45 }), earlierDrills(3), config);
      expect(regressions).toEqual([]);
      expect(notes).toEqual([
        `schema changed since run 900: ${schemaFingerprint(42)} → ${schemaFingerprint(45)} (3 more migrations)`,
      ]);
    });
  });

  describe('restore duration', () => {
    // Recorded durations of earlier drills; a slower restore is this drill's recorded figure, never a sleep.
    const recorded = [21_000, 19_000, 20_000, 22_000, 20_500];
    const baselines = earlierDrills(5, (i) => ({ restoreMs: recorded[i] }));

    it('reports a restore slower than the median of the window by more than duration-threshold', () => {
      const { regressions } = findRegressions(buildReport({ restoreMs: 31_500 }), baselines, config);
      expect(regressions).toEqual([
        {
          checkId: 'restore.duration',
          metric: 'restore.durationMs',
          baseline: 20_500,
          current: 31_500,
          threshold: 0.5,
          message: expect.stringContaining('above the median 20.5 s of the last 5 runs'),
        },
      ]);
    });

    it('needs the restore to be slower by at least duration-min-delta as well', () => {
      // The case from the field: 0.7 s → 1.5 s is 114 % slower, and no one should be woken for it.
      const small = earlierDrills(5, () => ({ restoreMs: 700 }));
      const floor = { ...config, durationMinDeltaMs: 60_000 };
      const quiet = findRegressions(buildReport({ restoreMs: 1_500 }), small, floor);
      expect(quiet.regressions).toEqual([]);
      expect(quiet.notes.join('\n')).toContain('less than duration-min-delta');
      // 20.5 s → 31.5 s is past the percentage but only 11 s slower: quiet under a 1-minute floor.
      expect(findRegressions(buildReport({ restoreMs: 31_500 }), baselines, floor).regressions).toEqual([]);
      // 20.5 s → 90 s is past both.
      expect(findRegressions(buildReport({ restoreMs: 90_000 }), baselines, floor).regressions).toEqual([
        expect.objectContaining({ checkId: 'restore.duration', baseline: 20_500, current: 90_000 }),
      ]);
    });

    it('accepts a restore within the threshold', () => {
      expect(findRegressions(buildReport({ restoreMs: 30_000 }), baselines, config).regressions).toEqual([]);
    });

    it('uses the median, so one slow earlier run neither hides nor makes a regression', () => {
      const noisy = earlierDrills(5, (i) => ({ restoreMs: i === 0 ? 90_000 : 20_000 }));
      // Against the previous run (90 s) 35 s would look fast; against the median (20 s) it is 75% slower.
      const slow = findRegressions(buildReport({ restoreMs: 35_000 }), noisy, config).regressions;
      expect(slow).toEqual([expect.objectContaining({ metric: 'restore.durationMs', baseline: 20_000 })]);
      const outlierBefore = earlierDrills(5, (i) => ({ restoreMs: i === 0 ? 5_000 : 20_000 }));
      // Against the previous run (5 s) 25 s would be 400% slower; against the median it is fine.
      expect(findRegressions(buildReport({ restoreMs: 25_000 }), outlierBefore, config).regressions).toEqual([]);
    });

    it('takes the median of the last baseline-window runs only', () => {
      const many = earlierDrills(7, (i) => ({ restoreMs: i < 3 ? 10_000 : 60_000 }));
      const { regressions } = findRegressions(buildReport({ restoreMs: 16_000 }), many, {
        ...config,
        baselineWindow: 3,
      });
      expect(regressions).toEqual([expect.objectContaining({ baseline: 10_000, current: 16_000 })]);
    });

    it('gives no verdict from fewer than 3 runs and says so', () => {
      const two = earlierDrills(2, () => ({ restoreMs: 10_000 }));
      const { regressions, notes } = findRegressions(buildReport({ restoreMs: 100_000 }), two, config);
      expect(regressions).toEqual([]);
      expect(notes).toEqual([
        'no verdict on the restore duration: 2 earlier run(s) with a completed restore, 3 needed',
      ]);
    });

    it('restarts the median at a drill that reported a slower restore: the new normal', () => {
      const slower = (i: number): ReportShape =>
        i === 0
          ? {
              restoreMs: 90_000,
              regressions: [
                {
                  checkId: 'restore.duration',
                  metric: 'restore.durationMs',
                  baseline: 20_000,
                  current: 90_000,
                  threshold: 0.5,
                  message: 'slower',
                },
              ],
            }
          : { restoreMs: 20_000 };
      const floor = { ...config, durationMinDeltaMs: 60_000 };
      const once = findRegressions(buildReport({ restoreMs: 92_000 }), earlierDrills(5, slower), floor);
      expect(once.regressions).toEqual([]);
      expect(once.notes).toContain(
        'no verdict on the restore duration: 1 earlier run(s) with a completed restore since run 900 reported a slower restore, 3 needed',
      );
    });

    it('leaves out earlier runs whose restore did not complete', () => {
      const baselines = earlierDrills(6, (i) =>
        i < 3 ? { restoreMs: 1_000, checks: { 'restore.completed': 'fail' } } : { restoreMs: 20_000 },
      );
      const current = buildReport({ restoreMs: 25_000 });
      // With the three failed restores the median would be 10.5 s and 25 s a regression; without them it is 20 s.
      expect(findRegressions(current, baselines, { ...config, baselineWindow: 6 }).regressions).toEqual([]);
      const slower = findRegressions(buildReport({ restoreMs: 31_000 }), baselines, { ...config, baselineWindow: 6 });
      expect(slower.regressions).toEqual([expect.objectContaining({ baseline: 20_000, current: 31_000 })]);
    });
  });

  describe('backup size', () => {
    it('reports a backup smaller than the newest baseline by more than row-drop-threshold', () => {
      const { regressions } = findRegressions(buildReport({ sizeBytes: 3_500_000 }), earlierDrills(3), config);
      expect(regressions).toEqual([
        expect.objectContaining({
          checkId: 'backup.archive',
          metric: 'backup.sizeBytes',
          baseline: 4_000_000,
          current: 3_500_000,
          threshold: 0.1,
        }),
      ]);
    });

    it('accepts a smaller backup within the threshold and a larger one', () => {
      expect(findRegressions(buildReport({ sizeBytes: 3_700_000 }), earlierDrills(3), config).regressions).toEqual([]);
      expect(findRegressions(buildReport({ sizeBytes: 9_000_000 }), earlierDrills(3), config).regressions).toEqual([]);
    });
  });

  it('applies no row or migration rule when this drill has no database figures', () => {
    const current = buildReport({ noDatabase: true, checks: { 'restore.completed': 'fail' } });
    const { regressions, notes } = findRegressions(current, earlierDrills(3), config);
    expect(regressions).toEqual([expect.objectContaining({ checkId: 'restore.completed', current: 'fail' })]);
    expect(notes).toContain('this drill has no database figures: the row and migration rules were not applied');
  });
});
