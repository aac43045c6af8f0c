import { describe, expect, it } from 'vitest';
import { toBaselineRun } from '../../src/compare/report-file.js';
import { findRegressions } from '../../src/compare/rules.js';
import type { DrillReport } from '../../src/model/types.js';
import { axisTop } from '../../src/report/markdown-charts.js';
import { renderComparison } from '../../src/report/markdown-compare.js';
import { buildReport, DEFAULT_TABLES, earlierDrills, schemaFingerprint } from '../compare/report-builder.js';

const config = { rowDropThreshold: 0.1, durationThreshold: 0.5, durationMinDeltaMs: 0, baselineWindow: 5 };
const FP42 = schemaFingerprint(42);

/** This drill compared with earlier ones exactly as the engine does it. */
function compared(current: DrillReport, earlier: DrillReport[], notes: string[] = []): DrillReport {
  const found = findRegressions(current, earlier, config);
  return {
    ...current,
    baseline: {
      kind: 'auto',
      source: 'completed runs of workflow drill.yml on main (artifact pickdriver-vault-report)',
      runs: earlier.map((r) => toBaselineRun(r, `artifact of run ${r.run.runId}`)),
      notes: [...notes, ...found.notes],
    },
    regressions: found.regressions,
    result: found.regressions.length > 0 ? 'regressed' : current.result,
  };
}

function tableRows(markdown: string): string[] {
  return markdown.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| metric') && !l.startsWith('| ---'));
}

function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1]!);
}

describe('renderComparison', () => {
  it('renders nothing without a baseline', () => {
    expect(renderComparison(buildReport())).toBe('');
  });

  it('links the baseline runs, puts regressions first in the table and charts both figures', () => {
    const earlier = earlierDrills(3, (i) => ({ restoreMs: [20_000, 21_000, 19_000][i] }));
    const current = buildReport({
      runId: '1000',
      restoreMs: 40_000,
      tables: { ...DEFAULT_TABLES, 'public.predictions': 20_000 },
    });
    const md = renderComparison(compared(current, earlier));

    expect(md).toMatch(/^## Compared with earlier drills\n/);
    expect(md).toContain('**2 regressions.**');
    expect(md).toContain(
      '- [run 900](https://github.com/pickdriver/pickdriver/actions/runs/900): 2026-04-30 03:00:00 UTC, passed, restore 20.0 s, 26,520 critical rows',
    );
    expect(md).toContain('[run 898](https://github.com/pickdriver/pickdriver/actions/runs/898)');
    expect(tableRows(md)).toEqual([
      '| **rows in `public.predictions`** (regression) | 25,000 | 20,000 | -20% |',
      '| **restore duration** (regression) | 20.0 s (median) | 40.0 s | +100% |',
      '| backup size | 3.8 MiB | 3.8 MiB | 0% |',
      '| migrations in the ledger | 42 | 42 | 0% |',
      `| schema version | \`${FP42}\` | \`${FP42}\` | unchanged |`,
      '| total critical rows | 26,520 | 21,520 | -18.9% |',
    ]);
    expect(md).toContain('Baseline figures are those of the previous drill whose restore completed (run 900)');
    const [duration, rows, predictions, ...more] = mermaidBlocks(md);
    expect(duration).toBe(
      [
        '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "#1f77b4"}}}}%%',
        'xychart-beta',
        '  title "Restore duration"',
        '  x-axis ["#898", "#899", "#900", "this drill"]',
        '  y-axis "seconds" 0 --> 40',
        '  line [19, 21, 20, 40]',
      ].join('\n'),
    );
    expect(rows).toContain('  x-axis ["#898", "#899", "#900", "this drill"]');
    expect(rows).toContain('  y-axis "rows" 0 --> 30000');
    expect(rows).toContain('  line [26520, 26520, 26520, 21520]');
    // The table that lost rows has a chart of its own, in red; the others have none.
    expect(predictions).toBe(
      [
        '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "#d62728"}}}}%%',
        'xychart-beta',
        '  title "Rows in public.predictions (dropped)"',
        '  x-axis ["#898", "#899", "#900", "this drill"]',
        '  y-axis "rows" 0 --> 25000',
        '  line [25000, 25000, 25000, 20000]',
      ].join('\n'),
    );
    expect(more).toEqual([]);
  });

  it('charts each table that lost rows, a gone table at 0 and a slow loss too, and no table that kept them', () => {
    // races: gone now; leagues: a little fewer each night (a slow loss); users: a few fewer (no regression).
    const leagues = [100, 96, 92];
    const earlier = earlierDrills(3, (i) => ({
      tables: { ...DEFAULT_TABLES, 'public.leagues': leagues[2 - i]! },
    }));
    const current = buildReport({
      runId: '1000',
      tables: { 'public.users': 1150, 'public.leagues': 84, 'public.predictions': 25_000 },
      missingTables: ['public.races'],
    });
    const md = renderComparison(compared(current, earlier));
    const blocks = mermaidBlocks(md);
    const titles = blocks.map((b) => b.match(/title "(.*)"/)![1]);
    expect(titles).toEqual([
      'Restore duration',
      'Total critical rows',
      'Rows in public.races (dropped)',
      'Rows in public.leagues (dropped)',
    ]);
    expect(blocks[2]).toContain('  y-axis "rows" 0 --> 250\n  line [240, 240, 240, 0]');
    expect(blocks[3]).toContain('  y-axis "rows" 0 --> 100\n  line [100, 96, 92, 84]');
    for (const block of blocks) {
      expect(block).toMatch(
        /^%%\{init: \{"themeVariables": \{"xyChart": \{"plotColorPalette": "#[0-9a-f]{6}"\}\}\}\}%%\n/,
      );
      expect(block).toMatch(/\n {2}y-axis "[a-z]+" 0 --> \d+\n/);
    }
    expect(md).not.toContain('Rows in public.users');
    expect(md).not.toContain('Rows in public.predictions');
  });

  it('shows the median restore duration and the notes when nothing regressed', () => {
    const earlier = earlierDrills(2, () => ({ restoreMs: 20_000 }));
    const md = renderComparison(
      compared(buildReport({ restoreMs: 22_000 }), earlier, ['run 880 (2026-04-20): artifact expired, skipped']),
    );
    expect(md).toContain('No regression.');
    expect(tableRows(md)).toEqual([
      '| backup size | 3.8 MiB | 3.8 MiB | 0% |',
      '| migrations in the ledger | 42 | 42 | 0% |',
      `| schema version | \`${FP42}\` | \`${FP42}\` | unchanged |`,
      '| restore duration | 20.0 s (median of 2) | 22.0 s | +10% |',
      '| total critical rows | 26,520 | 26,520 | 0% |',
    ]);
    expect(md).toContain('- run 880 (2026-04-20): artifact expired, skipped');
    expect(md).toContain('- no verdict on the restore duration: 2 earlier run(s) with a completed restore, 3 needed');
  });

  it('shows a check that went from ok to fail and escapes table cells', () => {
    const current = buildReport();
    current.checks.push({ id: 'custom.no|pipes', status: 'fail', summary: 'a | b', details: null, durationMs: 1 });
    const earlier = earlierDrills(1);
    earlier[0]!.checks.push({ id: 'custom.no|pipes', status: 'ok', summary: 'fine', details: null, durationMs: 1 });
    const md = renderComparison(compared(current, earlier));
    expect(tableRows(md)[0]).toBe('| **`custom.no\\|pipes` status** (regression) | ok | fail | ok → fail |');
  });

  it('always shows size, migrations, schema and duration, and every table whose count changed', () => {
    const earlier = earlierDrills(3, () => ({ sizeBytes: 4_000_000 }));
    const current = buildReport({
      runId: '1000',
      sizeBytes: 4_200_000,
      ledgerSize: 43,
      // users: a little fewer (no regression); predictions: unchanged; races: gone; a new table.
      tables: { 'public.users': 1150, 'public.leagues': 80, 'public.predictions': 25_000, 'public.audit': 7 },
      missingTables: ['public.races'],
    });
    const md = renderComparison(compared(current, earlier));
    expect(md).toContain('**1 regression.**');
    expect(tableRows(md)).toEqual([
      '| **rows in `public.races`** (regression) | 240 | 0 | -100% |',
      '| backup size | 3.8 MiB | 4.0 MiB | +5% |',
      '| migrations in the ledger | 42 | 43 | +2.4% |',
      `| schema version | \`${FP42}\` | \`${schemaFingerprint(43)}\` | changed |`,
      '| restore duration | 20.0 s (median of 3) | 20.0 s | 0% |',
      '| total critical rows | 26,520 | 26,237 | -1.1% |',
      '| rows in `public.users` | 1,200 | 1,150 | -4.2% |',
      '| rows in `public.audit` | — | 7 | new |',
    ]);
    expect(md).toContain('- schema changed since run 900');
  });

  it('shows unknown figures as a dash instead of leaving their rows out', () => {
    const earlier = earlierDrills(1, () => ({ noDatabase: true, sizeBytes: null }));
    const md = renderComparison(compared(buildReport({ restoreMs: 30_000 }), earlier));
    expect(tableRows(md)).toEqual([
      '| backup size | — | 3.8 MiB | — |',
      '| migrations in the ledger | — | 42 | — |',
      `| schema version | — | \`${FP42}\` | — |`,
      '| restore duration | — | 30.0 s | — |',
      '| total critical rows | — | 26,520 | — |',
    ]);
  });

  it('says when there is no earlier drill to compare with', () => {
    const report: DrillReport = {
      ...buildReport(),
      baseline: { kind: 'path', source: 'reports/', runs: [], notes: ['no earlier drill report found in reports/'] },
    };
    const md = renderComparison(report);
    expect(md).toContain('No earlier drill to compare with (baseline: `reports/`).');
    expect(md).toContain('- no earlier drill report found in reports/');
    expect(md).not.toContain('```mermaid');
  });
});

describe('axisTop', () => {
  it('rounds the largest value up to a round top, tenths of a second included', () => {
    expect([0, 0.3, 0.4, 7, 40, 41, 26_520, 240, 1_000_001].map(axisTop)).toEqual([
      1, 0.3, 0.4, 8, 40, 50, 30_000, 250, 1_200_000,
    ]);
  });
});
