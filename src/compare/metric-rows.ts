// The rows of the comparison table (metric / baseline / now / change). The regressions come first,
// then the figures every comparison shows whether or not they moved: backup size, migrations in
// the ledger, schema version, restore duration (median of the window) and total critical rows,
// then one row per critical table whose count changed. Every figure but the duration is set
// against the previous drill whose restore completed, as the rules do; unknown figures read '—'
// rather than vanish.
import type { BaselineRun, DrillReport, Regression } from '../model/types.js';
import { formatBytes, formatCount, formatDuration } from '../util/format.js';
import { markdownCode, markdownText } from '../util/inert-text.js';
import { median, percent } from './rules.js';

/** Each field is Markdown: outside text in it is already inert (markdownText, markdownCode). */
interface MetricRow {
  metric: string;
  baseline: string;
  now: string;
  change: string;
}

const UNKNOWN = '—';

function formatValue(metric: string, value: number | string | null | undefined): string {
  if (value === null || value === undefined) return UNKNOWN;
  if (typeof value === 'string') return metric === 'schemaVersion' ? markdownCode(value) : markdownText(value);
  if (metric === 'restore.durationMs') return formatDuration(value);
  if (metric === 'backup.sizeBytes') return formatBytes(value);
  return formatCount(value);
}

function change(metric: string, baseline: number | string | null, current: number | string | null): string {
  if (typeof baseline === 'number' && typeof current === 'number') {
    if (baseline === 0) return current === 0 ? '0%' : 'new';
    const fraction = (current - baseline) / baseline;
    return `${fraction > 0 ? '+' : ''}${percent(fraction)}`;
  }
  if (baseline === null || current === null) return UNKNOWN;
  if (baseline === current) return 'unchanged';
  // A fingerprint is long and says nothing by its digits: that it changed is the news.
  return metric === 'schemaVersion'
    ? 'changed'
    : `${markdownText(String(baseline))} → ${markdownText(String(current))}`;
}

function metricName(r: Pick<Regression, 'checkId' | 'metric'>): string {
  if (r.metric === 'status') return `${markdownCode(r.checkId)} status`;
  if (r.metric === 'restore.durationMs') return 'restore duration';
  if (r.metric === 'backup.sizeBytes') return 'backup size';
  if (r.metric === 'ledgerSize') return 'migrations in the ledger';
  if (r.metric === 'schemaVersion') return 'schema version';
  if (r.metric === 'totalCriticalRows') return 'total critical rows';
  if (r.metric.startsWith('rows.')) return `rows in ${markdownCode(r.metric.slice('rows.'.length))}`;
  return markdownText(r.metric);
}

function regressionRow(r: Regression): MetricRow {
  return {
    metric: `**${metricName(r)}** (regression)`,
    baseline: formatValue(r.metric, r.baseline) + (r.metric === 'restore.durationMs' ? ' (median)' : ''),
    now: formatValue(r.metric, r.current),
    change: change(r.metric, r.baseline, r.current),
  };
}

function figureRow(
  metric: string,
  baseline: number | string | null,
  current: number | string | null,
  baselineNote = '',
): MetricRow {
  return {
    metric: metricName({ checkId: '', metric }),
    baseline: formatValue(metric, baseline) + (baseline === null ? '' : baselineNote),
    now: formatValue(metric, current),
    change: change(metric, baseline, current),
  };
}

/** Rows of the critical tables whose count differs from the newest run's, in the current report's order. */
function changedTableRows(report: DrillReport, newest: BaselineRun, skip: Set<string>): MetricRow[] {
  const before = newest.criticalTableRows;
  const tables = report.database?.criticalTables ?? null;
  if (before === null || tables === null) return [];
  const rows: MetricRow[] = [];
  const seen = new Set<string>();
  for (const t of tables) {
    seen.add(t.name);
    const metric = `rows.${t.name}`;
    const was = before[t.name] ?? null;
    if (skip.has(metric)) continue;
    if (!t.present) {
      if (was !== null) rows.push({ ...figureRow(metric, was, null), now: 'missing', change: 'table missing' });
      continue;
    }
    if (t.rows === null || t.rows === was) continue;
    rows.push(was === null ? { ...figureRow(metric, null, t.rows), change: 'new' } : figureRow(metric, was, t.rows));
  }
  // A table the earlier drill counted that this one does not list at all.
  for (const [name, was] of Object.entries(before)) {
    if (seen.has(name) || skip.has(`rows.${name}`)) continue;
    rows.push({ ...figureRow(`rows.${name}`, was, null), now: 'missing', change: 'table missing' });
  }
  return rows;
}

/** The run the figures are set against: the newest whose restore completed (it has database figures). */
export function referenceRun(runs: BaselineRun[]): BaselineRun | undefined {
  return runs.find((r) => r.criticalTableRows !== null) ?? runs[0];
}

/** `runs` newest first. Regressions first, then the standing figures, then changed tables. */
export function metricRows(report: DrillReport, runs: BaselineRun[]): MetricRow[] {
  const rows = report.regressions.map(regressionRow);
  const regressed = new Set(report.regressions.map((r) => r.metric));
  const newest = referenceRun(runs);
  if (!newest) return rows;
  const db = report.database;
  const standing: [string, number | string | null, number | string | null, string?][] = [
    ['backup.sizeBytes', newest.backupSizeBytes, report.backup.sizeBytes],
    ['ledgerSize', newest.ledgerSize, db?.ledgerSize ?? null],
    ['schemaVersion', newest.schemaVersion, db?.schemaVersion ?? null],
  ];
  const durations = runs.map((r) => r.restoreDurationMs).filter((d): d is number => d !== null);
  standing.push([
    'restore.durationMs',
    median(durations),
    report.restore?.durationMs ?? null,
    ` (median of ${durations.length})`,
  ]);
  standing.push(['totalCriticalRows', newest.totalCriticalRows, db?.totalCriticalRows ?? null]);
  for (const [metric, baseline, current, note] of standing) {
    if (!regressed.has(metric)) rows.push(figureRow(metric, baseline, current, note));
  }
  rows.push(...changedTableRows(report, newest, regressed));
  return rows;
}
