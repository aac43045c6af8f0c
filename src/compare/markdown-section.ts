// The "Compared with earlier drills" section of the Markdown report: the baseline runs (linked),
// a table of metric / baseline / now / change with the regressions first, and Mermaid charts of
// restore duration and total critical rows across the baseline runs and this drill.
import type { BaselineRun, DrillReport, Regression } from '../report/types.js';
import { median, percent } from './rules.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${n} B` : `${value.toFixed(1)} ${units[unit]}`;
}

function formatValue(metric: string, value: number | string | null): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  if (metric === 'restore.durationMs') return `${(value / 1000).toFixed(1)} s`;
  if (metric === 'backup.sizeBytes') return bytes(value);
  return value.toLocaleString('en-US');
}

function change(baseline: number | string | null, current: number | string | null): string {
  if (typeof baseline === 'number' && typeof current === 'number') {
    if (baseline === 0) return current === 0 ? '0%' : 'new';
    const fraction = (current - baseline) / baseline;
    return `${fraction > 0 ? '+' : ''}${percent(fraction)}`;
  }
  if (baseline === null || current === null) return '—';
  return baseline === current ? 'unchanged' : `${baseline} → ${current}`;
}

function metricName(r: Pick<Regression, 'checkId' | 'metric'>): string {
  if (r.metric === 'status') return `\`${r.checkId}\` status`;
  if (r.metric === 'restore.durationMs') return 'restore duration';
  if (r.metric === 'backup.sizeBytes') return 'backup size';
  if (r.metric === 'ledgerSize') return 'migrations in the ledger';
  if (r.metric === 'totalCriticalRows') return 'total critical rows';
  if (r.metric.startsWith('rows.')) return `rows in \`${r.metric.slice('rows.'.length)}\``;
  return r.metric;
}

interface Row {
  metric: string;
  baseline: string;
  now: string;
  change: string;
}

function rowOf(r: Regression, regressed: boolean, baselineNote = ''): Row {
  return {
    metric: regressed ? `**${metricName(r)}** (regression)` : metricName(r),
    baseline: formatValue(r.metric, r.baseline) + baselineNote,
    now: formatValue(r.metric, r.current),
    change: change(r.baseline, r.current),
  };
}

function newestFirst(runs: BaselineRun[]): BaselineRun[] {
  return [...runs].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
}

/** Regressions first, then the figures every run has: restore duration (median) and total critical rows. */
function metricRows(report: DrillReport, runs: BaselineRun[]): Row[] {
  const rows = report.regressions.map((r) => rowOf(r, true, r.metric === 'restore.durationMs' ? ' (median)' : ''));
  const regressedMetrics = new Set(report.regressions.map((r) => r.metric));
  const durations = runs.map((r) => r.restoreDurationMs).filter((d): d is number => d !== null);
  const mid = median(durations);
  if (!regressedMetrics.has('restore.durationMs') && mid !== null) {
    const current = report.restore?.durationMs ?? null;
    rows.push(
      rowOf(
        {
          checkId: 'restore.duration',
          metric: 'restore.durationMs',
          baseline: mid,
          current,
          threshold: null,
          message: '',
        },
        false,
        ` (median of ${durations.length})`,
      ),
    );
  }
  const newest = runs[0];
  if (newest && newest.totalCriticalRows !== null) {
    const current = report.database?.totalCriticalRows ?? null;
    rows.push(
      rowOf(
        {
          checkId: 'database.critical-tables',
          metric: 'totalCriticalRows',
          baseline: newest.totalCriticalRows,
          current,
          threshold: null,
          message: '',
        },
        false,
      ),
    );
  }
  return rows;
}

function runLine(run: BaselineRun): string {
  const name = run.runId ? `run ${run.runId}` : run.source;
  const link = run.runUrl ? `[${name}](${run.runUrl})` : name;
  const figures = [
    run.startedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC'),
    run.result,
    run.restoreDurationMs !== null ? `restore ${(run.restoreDurationMs / 1000).toFixed(1)} s` : null,
    run.totalCriticalRows !== null ? `${run.totalCriticalRows.toLocaleString('en-US')} critical rows` : null,
  ].filter((f) => f !== null);
  return `- ${link}: ${figures.join(', ')}`;
}

function chartLabel(run: BaselineRun): string {
  return run.runId ? `#${run.runId}` : run.startedAt.slice(5, 16).replace('T', ' ');
}

/** One xychart-beta line chart; '' when no earlier run has the figure. */
function chart(title: string, axis: string, points: { label: string; value: number | null }[]): string {
  const known = points.filter((p): p is { label: string; value: number } => p.value !== null);
  if (known.length < 2) return '';
  const labels = known.map((p) => `"${p.label.replace(/"/g, '')}"`).join(', ');
  return [
    '```mermaid',
    'xychart-beta',
    `  title "${title}"`,
    `  x-axis [${labels}]`,
    `  y-axis "${axis}"`,
    `  line [${known.map((p) => p.value).join(', ')}]`,
    '```',
  ].join('\n');
}

function charts(report: DrillReport, runs: BaselineRun[]): string[] {
  const oldestFirst = [...runs].reverse();
  const now = 'this drill';
  const duration = chart('Restore duration', 'seconds', [
    ...oldestFirst.map((r) => ({
      label: chartLabel(r),
      value: r.restoreDurationMs === null ? null : Math.round(r.restoreDurationMs / 100) / 10,
    })),
    { label: now, value: report.restore?.durationMs == null ? null : Math.round(report.restore.durationMs / 100) / 10 },
  ]);
  const rows = chart('Total critical rows', 'rows', [
    ...oldestFirst.map((r) => ({ label: chartLabel(r), value: r.totalCriticalRows })),
    { label: now, value: report.database?.totalCriticalRows ?? null },
  ]);
  return [duration, rows].filter((c) => c !== '');
}

export function renderComparison(report: DrillReport): string {
  const baseline = report.baseline;
  if (baseline === null) return '';
  const runs = newestFirst(baseline.runs);
  const out = ['## Compared with earlier drills', ''];
  const from = baseline.kind === 'auto' ? baseline.source : `\`${cell(baseline.source)}\``;
  if (runs.length === 0) {
    out.push(`No earlier drill to compare with (baseline: ${from}).`, '');
  } else {
    const verdict =
      report.regressions.length === 0
        ? 'No regression.'
        : `**${report.regressions.length} regression${report.regressions.length === 1 ? '' : 's'}.**`;
    out.push(`${verdict} Baseline: ${from}, ${runs.length} earlier run${runs.length === 1 ? '' : 's'}:`, '');
    out.push(...runs.map(runLine), '');
    out.push('| metric | baseline | now | change |', '| --- | --- | --- | --- |');
    for (const row of metricRows(report, runs)) {
      out.push(`| ${cell(row.metric)} | ${cell(row.baseline)} | ${cell(row.now)} | ${cell(row.change)} |`);
    }
    out.push('');
    if (report.regressions.length > 0) {
      out.push(...report.regressions.map((r) => `- ${cell(r.message)}`), '');
    }
    for (const c of charts(report, runs)) out.push(c, '');
  }
  if (baseline.notes.length > 0) {
    out.push('<details><summary>Notes on the comparison</summary>', '');
    out.push(...baseline.notes.map((n) => `- ${n}`), '', '</details>', '');
  }
  return out.join('\n');
}
