// The four checks of a migration rehearsal: it completed in time, no lock held PickDriver's reads
// or writes up past migration-max-lock, which tables it rewrote, and which rows it took away.
import { CRITICAL_TABLES } from '../inspect/critical-tables.js';
import { check, type DrillContext } from '../model/context.js';
import type { MigrationInfo } from '../model/migration-types.js';
import type { CheckResult } from '../model/types.js';
import { formatBytes, formatCount, formatDuration, formatPercent } from '../util/format.js';

const MAX_QUOTED = 400;
const listed = (items: string[], max = 5) =>
  items.slice(0, max).join('; ') + (items.length > max ? `; and ${items.length - max} more` : '');

/** The command's own words on why it failed: its last lines on stderr (else its output), quoted. */
function quoted(lines: string[]): string {
  const text = lines.slice(-3).join(' ⏎ ').trim();
  if (text === '') return '';
  return `: "${text.length > MAX_QUOTED ? `…${text.slice(-MAX_QUOTED)}` : text}"`;
}

export function completedCheck(
  ctx: DrillContext,
  m: MigrationInfo,
  lines: { stderr: string[]; all: string[] },
  spawnError: string | null,
): CheckResult {
  const { migrationMaxDurationMs: max, restoreTimeoutMs } = ctx.config;
  const took = formatDuration(m.durationMs ?? 0);
  const details = {
    exitCode: m.exitCode,
    signal: m.signal,
    timedOut: m.timedOut,
    durationMs: m.durationMs,
    lastLines: lines.all,
  };
  const said = quoted(lines.stderr.length > 0 ? lines.stderr : lines.all);
  if (m.timedOut) {
    return check(
      'migration.completed',
      'fail',
      `migration-command was stopped at restore-timeout (${formatDuration(restoreTimeoutMs)})${said}`,
      details,
    );
  }
  if (spawnError !== null) {
    return check('migration.completed', 'fail', `migration-command could not run: ${spawnError}`, details);
  }
  if (m.exitCode !== 0) {
    const how = m.signal !== null ? `was killed by ${m.signal}` : `failed with exit code ${m.exitCode}`;
    return check('migration.completed', 'fail', `migration-command ${how} after ${took}${said}`, details);
  }
  if (max !== null && (m.durationMs ?? 0) > max) {
    return check(
      'migration.completed',
      'fail',
      `migration-command took ${took}, over migration-max-duration (${formatDuration(max)})`,
      details,
    );
  }
  const within = max === null ? '' : `, within migration-max-duration (${formatDuration(max)})`;
  return check('migration.completed', 'ok', `migration-command succeeded in ${took}${within}`, details);
}

export function locksCheck(ctx: DrillContext, m: MigrationInfo, measured: boolean): CheckResult {
  const max = ctx.config.migrationMaxLockMs;
  const resolution = m.lockSampling.resolutionMs ?? m.lockSampling.intervalMs;
  const details = { maxLockMs: max, locks: m.locks, sampling: m.lockSampling };
  if (!measured) {
    return check(
      'migration.locks',
      'fail',
      `the locks could not be watched: ${m.errors[0] ?? 'no sample was taken'}`,
      details,
    );
  }
  const over = m.locks.filter((l) => l.heldMs > max);
  const describe = (l: MigrationInfo['locks'][number]) =>
    `${l.table}: ${l.mode} held ${formatDuration(l.heldMs)}, blocking PickDriver's ${l.blocks}`;
  if (over.length > 0) {
    return check(
      'migration.locks',
      'fail',
      `${listed(over.map(describe))} (over migration-max-lock ${formatDuration(max)}; sampled to ±${formatDuration(resolution)})`,
      details,
    );
  }
  if (m.locks.length === 0) {
    return check(
      'migration.locks',
      'ok',
      `no lock blocked PickDriver's reads or writes (sampled every ${formatDuration(m.lockSampling.intervalMs)}, to ±${formatDuration(resolution)})`,
      details,
    );
  }
  const longest = m.locks[0] as MigrationInfo['locks'][number];
  return check(
    'migration.locks',
    'ok',
    `longest blocking lock ${describe(longest)}, within migration-max-lock ${formatDuration(max)} (sampled to ±${formatDuration(resolution)})`,
    details,
  );
}

export function rewritesCheck(m: MigrationInfo): CheckResult {
  const details = { rewrites: m.rewrites };
  if (m.rewrites.length === 0) return check('migration.rewrites', 'ok', 'no table or index was rewritten', details);
  const size = (n: number | null) => (n === null ? '?' : formatBytes(n));
  const items = m.rewrites.map(
    (r) =>
      `${r.index === null ? `table ${r.table}` : `index ${r.index}`} (${size(r.sizeBefore)} → ${size(r.sizeAfter)})`,
  );
  return check(
    'migration.rewrites',
    'warn',
    `rewritten, every row written again under its lock: ${listed(items)}`,
    details,
  );
}

const bareName = (qualified: string) => qualified.replace(/^(?:public|"public")\./, '');

export function dataCheck(ctx: DrillContext, m: MigrationInfo): CheckResult {
  const threshold = ctx.config.rowDropThreshold;
  const lost = m.rowChanges.filter(
    (r) => r.before !== null && r.before > 0 && (r.after === null || r.after < r.before),
  );
  const details = { rowChanges: m.rowChanges, rowDropThreshold: threshold };
  if (lost.length === 0) {
    const written = m.rowChanges.filter((r) => r.inserted + r.updated + r.deleted > 0).length;
    return check(
      'migration.data',
      'ok',
      written === 0 ? 'no rows changed' : `no table lost rows (${written} written to)`,
      details,
    );
  }
  const describe = (r: MigrationInfo['rowChanges'][number]) => {
    const before = r.before as number;
    const gone = before - (r.after ?? 0);
    return `${r.table} lost ${formatCount(gone)} of ${formatCount(before)} rows (${formatPercent(gone / before)})${r.after === null ? ', dropped' : ''}`;
  };
  const critical = lost.filter(
    (r) =>
      CRITICAL_TABLES.includes(bareName(r.table)) &&
      ((r.before as number) - (r.after ?? 0)) / (r.before as number) > threshold,
  );
  if (critical.length > 0) {
    return check(
      'migration.data',
      'fail',
      `critical ${critical.length === 1 ? 'table' : 'tables'} lost more than row-drop-threshold (${formatPercent(threshold)}): ${listed(critical.map(describe))}`,
      details,
    );
  }
  return check('migration.data', 'warn', `rows disappeared: ${listed(lost.map(describe))}`, details);
}
