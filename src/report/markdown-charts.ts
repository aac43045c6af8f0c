// The Mermaid charts of the comparison: restore duration and total critical rows across the
// baseline runs and this drill, and one chart per critical table whose rows regressed (dropped
// against the previous drill or, slowly, against the oldest). xychart-beta draws no legend, so
// each chart has one line and a title that names it; tables of very different sizes would flatten
// each other on a shared axis anyway. Every y-axis starts at zero so a drop looks as large as it
// is, and every line gets a colour of its own: the theme's default can be hard to see.
import type { BaselineRun, DrillReport } from '../model/types.js';
import { oneLine } from '../util/inert-text.js';

/** Figures across runs, in chart colours: blue for the standing figures, red for a lost table. */
const FIGURE_COLOUR = '#1f77b4';
const LOSS_COLOUR = '#d62728';

interface Point {
  label: string;
  value: number | null;
}

/** The top of a y-axis: the largest value rounded up to 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × a power of ten. */
export function axisTop(max: number): number {
  if (!(max > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
    // toPrecision: 3 × 0.1 is 0.30000000000000004, which is no axis label.
    const top = Number((step * magnitude).toPrecision(12));
    if (top >= max) return top;
  }
  return max;
}

/** A Mermaid string: one line, no quote to end it and no backticks that could end the fence. */
function quoted(text: string): string {
  return `"${oneLine(text).replace(/["`]/g, '')}"`;
}

/** One xychart-beta line chart; '' when fewer than two runs have the figure. */
function chart(title: string, axis: string, colour: string, points: Point[]): string {
  const known = points.filter((p): p is { label: string; value: number } => p.value !== null);
  if (known.length < 2) return '';
  const values = known.map((p) => p.value);
  return [
    '```mermaid',
    `%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "${colour}"}}}}%%`,
    'xychart-beta',
    `  title ${quoted(title)}`,
    `  x-axis [${known.map((p) => quoted(p.label)).join(', ')}]`,
    `  y-axis ${quoted(axis)} 0 --> ${axisTop(Math.max(...values))}`,
    `  line [${values.join(', ')}]`,
    '```',
  ].join('\n');
}

function chartLabel(run: BaselineRun): string {
  return run.runId ? `#${run.runId}` : run.startedAt.slice(5, 16).replace('T', ' ');
}

const seconds = (ms: number | null | undefined) => (ms == null ? null : Math.round(ms / 100) / 10);

/** Rows of one table in a run: none known without database figures, 0 when the table was not there. */
function tableRows(run: BaselineRun, table: string): number | null {
  return run.criticalTableRows === null ? null : (run.criticalTableRows[table] ?? 0);
}

/** Rows of one table now; a table that is gone lost all its rows, as the rules count it. */
function tableRowsNow(report: DrillReport, table: string): number | null {
  const tables = report.database?.criticalTables;
  if (!tables) return null;
  const now = tables.find((t) => t.name === table);
  return now?.present ? now.rows : 0;
}

/** The critical tables whose rows regressed, in the order of the regressions. */
function droppedTables(report: DrillReport): string[] {
  const names = report.regressions.filter((r) => r.metric.startsWith('rows.')).map((r) => r.metric.slice(5));
  return [...new Set(names)];
}

/** `runs` newest first; the charts run oldest first and end with this drill. */
export function comparisonCharts(report: DrillReport, runs: BaselineRun[]): string[] {
  const oldestFirst = [...runs].reverse();
  const series = (value: (run: BaselineRun) => number | null, now: number | null): Point[] => [
    ...oldestFirst.map((r) => ({ label: chartLabel(r), value: value(r) })),
    { label: 'this drill', value: now },
  ];
  const out = [
    chart(
      'Restore duration',
      'seconds',
      FIGURE_COLOUR,
      series((r) => seconds(r.restoreDurationMs), seconds(report.restore?.durationMs)),
    ),
    chart(
      'Total critical rows',
      'rows',
      FIGURE_COLOUR,
      series((r) => r.totalCriticalRows, report.database?.totalCriticalRows ?? null),
    ),
  ];
  for (const table of droppedTables(report)) {
    out.push(
      chart(
        `Rows in ${table} (dropped)`,
        'rows',
        LOSS_COLOUR,
        series((r) => tableRows(r, table), tableRowsNow(report, table)),
      ),
    );
  }
  return out.filter((c) => c !== '');
}
