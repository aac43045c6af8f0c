// The regression rules: what changed for the worse since earlier drills. Each rule compares one
// figure of this drill with the previous drill whose restore completed, whatever its verdict (so a
// loss is reported by one drill, not by every drill after it); the rows are also compared with the
// oldest drill of the window (a slow leak of a few percent a night adds up), and the restore
// duration with the median of the window (one slow runner must not make a regression). A drill
// that reported a regression holds the new normal for that figure: older drills no longer count
// for it, which is also how a `fail-on: never` run accepts a new normal.
import type { DrillConfig } from '../config/config.js';
import type { DrillReport, Regression } from '../model/types.js';
import { formatBytes, formatCount, formatDuration, formatPercent } from '../util/format.js';

type CompareConfig = Pick<
  DrillConfig,
  'rowDropThreshold' | 'durationThreshold' | 'durationMinDeltaMs' | 'baselineWindow'
>;

/** Fewer earlier restore durations than this give no verdict on the duration. */
const MIN_DURATION_RUNS = 3;

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const percent = formatPercent;

function count(n: number | null): string {
  return n === null ? 'unknown' : formatCount(n);
}

function seconds(ms: number): string {
  return formatDuration(ms);
}

/** How a report is named in messages: its run id, else its start time. */
export function runLabel(report: Pick<DrillReport, 'run'>): string {
  return report.run.runId ? `run ${report.run.runId}` : `the drill of ${report.run.startedAt}`;
}

/** Fraction lost from `before` to `after`; null when there was nothing to lose. */
function dropOf(before: number | null, after: number | null): number | null {
  if (before === null || after === null || before <= 0) return null;
  return (before - after) / before;
}

/** A drill whose restore completed and was inspected: its figures say what the backup held. */
function restoreCompleted(report: DrillReport): boolean {
  return report.database != null && report.checks.find((c) => c.id === 'restore.completed')?.status !== 'fail';
}

/** The drills after (newer than) the newest one that reported a regression of `metric`, and that one. */
function sinceReported(reports: DrillReport[], metric: string): DrillReport[] {
  const at = reports.findIndex((r) => (r.regressions ?? []).some((g) => g.metric === metric));
  return at === -1 ? reports : reports.slice(0, at + 1);
}

function checkRegressions(current: DrillReport, previous: DrillReport): Regression[] {
  const out: Regression[] = [];
  for (const before of previous.checks) {
    if (before.status !== 'ok') continue;
    const now = current.checks.find((c) => c.id === before.id);
    if (!now || (now.status !== 'warn' && now.status !== 'fail')) continue;
    out.push({
      checkId: before.id,
      metric: 'status',
      baseline: 'ok',
      current: now.status,
      threshold: null,
      message: `${before.id} was ok in ${runLabel(previous)} and is ${now.status} now: ${now.summary}`,
    });
  }
  return out;
}

function tableRegressions(current: DrillReport, previous: DrillReport, threshold: number): Regression[] {
  const out: Regression[] = [];
  for (const before of previous.database?.criticalTables ?? []) {
    if (!before.present || before.rows === null) continue;
    const now = current.database?.criticalTables.find((t) => t.name === before.name);
    // A table that is gone lost all its rows; a present one whose count is unknown says nothing.
    const rowsNow = now?.present ? now.rows : 0;
    const drop = dropOf(before.rows, rowsNow);
    if (drop === null || drop <= threshold) continue;
    out.push({
      checkId: 'database.critical-tables',
      metric: `rows.${before.name}`,
      baseline: before.rows,
      current: rowsNow,
      threshold,
      message:
        `${before.name}: ${count(rowsNow)} rows, ${count(before.rows)} in ${runLabel(previous)} (${percent(drop)} fewer, ` +
        `more than the ${percent(threshold)} row-drop-threshold): data lost between backups`,
    });
  }
  return out;
}

/**
 * The slow leak: each night a little under the threshold, together well over it. `completed` is
 * newest first; the oldest of them, or the newest that already reported a loss of the table, is
 * set against this drill.
 */
function cumulativeRegressions(
  current: DrillReport,
  completed: DrillReport[],
  threshold: number,
  flagged: Set<string>,
): Regression[] {
  const out: Regression[] = [];
  for (const now of current.database?.criticalTables ?? []) {
    const metric = `rows.${now.name}`;
    if (flagged.has(metric) || !now.present || now.rows === null) continue;
    const span = sinceReported(completed, metric);
    const oldest = span.at(-1);
    // One drill back is what the previous-drill rule already compared.
    if (!oldest || span.length < 2) continue;
    const before = oldest.database?.criticalTables.find((t) => t.name === now.name);
    if (!before?.present || before.rows === null) continue;
    const drop = dropOf(before.rows, now.rows);
    if (drop === null || drop <= threshold) continue;
    out.push({
      checkId: 'database.critical-tables',
      metric,
      baseline: before.rows,
      current: now.rows,
      threshold,
      message:
        `${now.name}: ${count(now.rows)} rows, ${count(before.rows)} in ${runLabel(oldest)} ${span.length} drills ago ` +
        `(${percent(drop)} fewer, more than the ${percent(threshold)} row-drop-threshold, though each drill lost less): ` +
        'a slow loss between backups',
    });
  }
  return out;
}

function migrationRegressions(current: DrillReport, previous: DrillReport, notes: string[]): Regression[] {
  const before = previous.database;
  const now = current.database;
  if (!before || !now) return [];
  const out: Regression[] = [];
  if (before.ledgerSize !== null && now.ledgerSize !== null && now.ledgerSize < before.ledgerSize) {
    out.push({
      checkId: 'database.migrations',
      metric: 'ledgerSize',
      baseline: before.ledgerSize,
      current: now.ledgerSize,
      threshold: null,
      message:
        `the migration ledger has ${now.ledgerSize} migrations, ${before.ledgerSize} in ${runLabel(previous)}: ` +
        'the backup went back in time',
    });
  } else if (
    before.schemaVersion !== null &&
    now.schemaVersion !== null &&
    before.schemaVersion !== now.schemaVersion
  ) {
    const added = now.ledgerSize !== null && before.ledgerSize !== null ? now.ledgerSize - before.ledgerSize : null;
    notes.push(
      `schema changed since ${runLabel(previous)}: ${before.schemaVersion} → ${now.schemaVersion}` +
        (added !== null && added > 0 ? ` (${added} more migration${added === 1 ? '' : 's'})` : ''),
    );
  }
  return out;
}

function durationRegressions(
  current: DrillReport,
  baselines: DrillReport[],
  config: CompareConfig,
  notes: string[],
): Regression[] {
  const now = current.restore?.durationMs ?? null;
  if (now === null) {
    notes.push('no restore duration in this drill: the duration rule was not applied');
    return [];
  }
  // Only restores that completed: a restore that stopped early is quick for the wrong reason.
  const completed = baselines.slice(0, config.baselineWindow).filter(restoreCompleted);
  // A slower restore already reported is the new normal: the median restarts from that drill.
  const span = sinceReported(completed, 'restore.durationMs');
  const durations = span.map((r) => r.restore?.durationMs ?? null).filter((d): d is number => d !== null);
  const mid = median(durations);
  if (mid === null || durations.length < MIN_DURATION_RUNS) {
    const since =
      span.length < completed.length ? ` since ${runLabel(span.at(-1) as DrillReport)} reported a slower restore` : '';
    notes.push(
      `no verdict on the restore duration: ${durations.length} earlier run(s) with a completed restore${since}, ` +
        `${MIN_DURATION_RUNS} needed`,
    );
    return [];
  }
  if (mid <= 0 || (now - mid) / mid <= config.durationThreshold) return [];
  // A relative rule alone flags 0.7 s → 1.5 s on a busy shared runner; a floor keeps it quiet.
  if (now - mid < config.durationMinDeltaMs) {
    notes.push(
      `the restore took ${seconds(now)}, ${percent((now - mid) / mid)} above the median ${seconds(mid)} but less than ` +
        `duration-min-delta (${seconds(config.durationMinDeltaMs)}) slower: not a regression`,
    );
    return [];
  }
  return [
    {
      checkId: 'restore.duration',
      metric: 'restore.durationMs',
      baseline: mid,
      current: now,
      threshold: config.durationThreshold,
      message:
        `the restore took ${seconds(now)}, ${percent((now - mid) / mid)} above the median ${seconds(mid)} of the ` +
        `last ${durations.length} runs (duration-threshold ${percent(config.durationThreshold)})`,
    },
  ];
}

function sizeRegressions(current: DrillReport, previous: DrillReport, threshold: number): Regression[] {
  const before = previous.backup.sizeBytes;
  const now = current.backup.sizeBytes;
  const drop = dropOf(before, now);
  if (drop === null || drop <= threshold) return [];
  return [
    {
      checkId: 'backup.archive',
      metric: 'backup.sizeBytes',
      baseline: before,
      current: now,
      threshold,
      message:
        `the backup is ${formatBytes(now as number)}, ${formatBytes(before as number)} in ${runLabel(previous)} (${percent(drop)} smaller, ` +
        `more than the ${percent(threshold)} row-drop-threshold)`,
    },
  ];
}

/** `baselineReports` newest first, as loadBaseline returns them. */
export function findRegressions(
  current: DrillReport,
  baselineReports: DrillReport[],
  config: CompareConfig,
): { regressions: Regression[]; notes: string[] } {
  const notes: string[] = [];
  const window = baselineReports.slice(0, config.baselineWindow);
  const completed = window.filter(restoreCompleted);
  // The previous drill that restored, whatever its verdict: a loss it reported is not reported again.
  const reference = completed[0] ?? window[0];
  if (!reference) return { regressions: [], notes: ['no earlier drill to compare with'] };
  if (!current.database) notes.push('this drill has no database figures: the row and migration rules were not applied');
  else if (completed.length === 0)
    notes.push('no earlier drill with a completed restore: rows and migrations were not compared');
  else if (reference !== window[0])
    notes.push(
      `rows, migrations and size compared with ${runLabel(reference)}, the newest drill whose restore completed`,
    );
  const tables = current.database ? tableRegressions(current, reference, config.rowDropThreshold) : [];
  const flagged = new Set(tables.map((r) => r.metric));
  const regressions = [
    ...checkRegressions(current, reference),
    ...tables,
    ...(current.database ? cumulativeRegressions(current, completed, config.rowDropThreshold, flagged) : []),
    ...migrationRegressions(current, reference, notes),
    ...durationRegressions(current, window, config, notes),
    ...sizeRegressions(current, reference, config.rowDropThreshold),
  ];
  return { regressions, notes };
}
