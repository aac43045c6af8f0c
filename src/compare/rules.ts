// The regression rules: what changed for the worse since earlier drills. Each rule compares one
// figure of this drill with the newest baseline report, except the restore duration, which is
// compared with the median of the window (one slow runner must not make a regression).
import type { DrillConfig } from '../config/config.js';
import type { DrillReport, Regression } from '../report/types.js';
import { formatDuration, formatPercent } from '../util/format.js';

export type CompareConfig = Pick<
  DrillConfig,
  'rowDropThreshold' | 'durationThreshold' | 'durationMinDeltaMs' | 'baselineWindow'
>;

/** Fewer earlier restore durations than this give no verdict on the duration. */
export const MIN_DURATION_RUNS = 3;

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const percent = formatPercent;

function count(n: number | null): string {
  return n === null ? 'unknown' : n.toLocaleString('en-US');
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

function checkRegressions(current: DrillReport, newest: DrillReport): Regression[] {
  const out: Regression[] = [];
  for (const before of newest.checks) {
    if (before.status !== 'ok') continue;
    const now = current.checks.find((c) => c.id === before.id);
    if (!now || (now.status !== 'warn' && now.status !== 'fail')) continue;
    out.push({
      checkId: before.id,
      metric: 'status',
      baseline: 'ok',
      current: now.status,
      threshold: null,
      message: `${before.id} was ok in ${runLabel(newest)} and is ${now.status} now: ${now.summary}`,
    });
  }
  return out;
}

function tableRegressions(current: DrillReport, newest: DrillReport, threshold: number): Regression[] {
  const out: Regression[] = [];
  for (const before of newest.database?.criticalTables ?? []) {
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
        `${before.name}: ${count(rowsNow)} rows, ${count(before.rows)} in ${runLabel(newest)} (${percent(drop)} fewer, ` +
        `more than the ${percent(threshold)} row-drop-threshold): data lost between backups`,
    });
  }
  return out;
}

function migrationRegressions(current: DrillReport, newest: DrillReport, notes: string[]): Regression[] {
  const before = newest.database;
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
        `the migration ledger has ${now.ledgerSize} migrations, ${before.ledgerSize} in ${runLabel(newest)}: ` +
        'the backup went back in time',
    });
  } else if (
    before.schemaVersion !== null &&
    now.schemaVersion !== null &&
    before.schemaVersion !== now.schemaVersion
  ) {
    const added = now.ledgerSize !== null && before.ledgerSize !== null ? now.ledgerSize - before.ledgerSize : null;
    notes.push(
      `schema changed since ${runLabel(newest)}: ${before.schemaVersion} → ${now.schemaVersion}` +
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
  const durations = baselines
    .slice(0, config.baselineWindow)
    .filter((r) => r.checks.find((c) => c.id === 'restore.completed')?.status !== 'fail')
    .map((r) => r.restore?.durationMs ?? null)
    .filter((d): d is number => d !== null);
  const mid = median(durations);
  if (mid === null || durations.length < MIN_DURATION_RUNS) {
    notes.push(
      `no verdict on the restore duration: ${durations.length} earlier run(s) with a completed restore, ` +
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

function sizeRegressions(current: DrillReport, newest: DrillReport, threshold: number): Regression[] {
  const before = newest.backup.sizeBytes;
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
        `the backup is ${count(now)} bytes, ${count(before)} in ${runLabel(newest)} (${percent(drop)} smaller, ` +
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
  const newest = baselineReports[0];
  if (!newest) return { regressions: [], notes: ['no earlier drill to compare with'] };
  if (!current.database) notes.push('this drill has no database figures: the row and migration rules were not applied');
  else if (!newest.database)
    notes.push(`${runLabel(newest)} has no database figures to compare rows and migrations with`);
  const regressions = [
    ...checkRegressions(current, newest),
    ...(current.database ? tableRegressions(current, newest, config.rowDropThreshold) : []),
    ...migrationRegressions(current, newest, notes),
    ...durationRegressions(current, baselineReports, config, notes),
    ...sizeRegressions(current, newest, config.rowDropThreshold),
  ];
  return { regressions, notes };
}
