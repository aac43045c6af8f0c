// The Migration section of report.md: what migration-command would do to production, the locks
// that would hold PickDriver's queries up first (as a table), then rewrites, new indexes, rows,
// schema changes, cost and the slowest statements.

import type { MigrationInfo } from '../model/migration-types.js';
import type { DrillReport } from '../model/types.js';
import { formatCount } from '../util/format.js';
import {
  cell,
  codeCell,
  formatBytes,
  formatDuration,
  inline,
  keyValueTable,
  STATUS_MARK,
  table,
} from './markdown-format.js';

const SHOWN = 20;

function maxLockMs(report: DrillReport): number | null {
  const details = report.checks.find((c) => c.id === 'migration.locks')?.details as { maxLockMs?: unknown } | null;
  return typeof details?.maxLockMs === 'number' ? details.maxLockMs : null;
}

function some<T>(items: T[], render: (shown: T[]) => string): string {
  const more = items.length > SHOWN ? `\n…and ${items.length - SHOWN} more in report.json.\n` : '';
  return render(items.slice(0, SHOWN)) + more;
}

function locksPart(m: MigrationInfo, max: number | null): string {
  const { intervalMs, resolutionMs } = m.lockSampling;
  const how = `Sampled every ${formatDuration(intervalMs)}; each time is right to within ±${formatDuration(resolutionMs ?? intervalMs)} (the longest gap between two samples).`;
  if (m.locks.length === 0) return `**No lock blocked PickDriver's reads or writes.** ${how}\n`;
  const rows = m.locks.map((l) => [
    max === null ? '' : l.heldMs > max ? STATUS_MARK.fail : STATUS_MARK.ok,
    codeCell(l.table),
    cell(l.mode),
    `**${cell(formatDuration(l.heldMs))}**`,
    cell(l.blocks),
  ]);
  const limit = max === null ? '' : ` (migration-max-lock ${formatDuration(max)})`;
  return `**Locks that would block PickDriver**${limit}: how long its queries of each table would have waited.\n\n${some(
    rows,
    (shown) => table(['', 'table', 'mode', 'held', 'blocks'], shown),
  )}\n${how}\n`;
}

function figures(m: MigrationInfo): string {
  const exit = m.timedOut
    ? 'stopped at restore-timeout'
    : m.signal !== null
      ? `killed by ${m.signal}`
      : m.exitCode === null
        ? '—'
        : `exit ${m.exitCode}`;
  const size =
    m.databaseSizeBefore === null || m.databaseSizeAfter === null
      ? '—'
      : `${formatBytes(m.databaseSizeBefore)} → ${formatBytes(m.databaseSizeAfter)}`;
  return keyValueTable([
    ['command', codeCell(m.command)],
    ['duration', cell(`${formatDuration(m.durationMs)} (${exit})`)],
    ['WAL written', cell(m.walBytes === null ? null : formatBytes(m.walBytes))],
    ['database size', cell(size)],
  ]);
}

function rewritesPart(m: MigrationInfo): string {
  if (m.rewrites.length === 0) return '';
  const rows = m.rewrites.map((r) => [
    codeCell(r.table),
    r.index === null ? 'the table and its indexes' : codeCell(r.index),
    cell(`${formatBytes(r.sizeBefore)} → ${formatBytes(r.sizeAfter)}`),
  ]);
  return `**Rewritten** (every row written again while the table is locked):\n\n${some(rows, (s) => table(['table', 'what', 'size'], s))}`;
}

function indexesPart(m: MigrationInfo): string {
  if (m.indexes.length === 0) return '';
  const rows = m.indexes.map((i) => [
    codeCell(i.index),
    codeCell(i.table),
    i.concurrently === null ? '?' : i.concurrently ? 'yes' : '**no**: writes blocked while it was built',
    i.valid ? 'yes' : '**INVALID**',
    cell(formatBytes(i.sizeBytes)),
  ]);
  return `**New indexes**:\n\n${some(rows, (s) => table(['index', 'table', 'concurrently', 'valid', 'size'], s))}`;
}

function rowsPart(m: MigrationInfo): string {
  if (m.rowChanges.length === 0) return '';
  const n = (v: number | null) => (v === null ? '—' : formatCount(v));
  const rows = m.rowChanges.map((r) => [
    codeCell(r.table),
    n(r.before),
    r.after !== null && r.before !== null && r.after < r.before ? `**${n(r.after)}**` : n(r.after),
    n(r.inserted),
    n(r.updated),
    n(r.deleted),
  ]);
  return `**Rows** (exact counts; inserted/updated/deleted include rolled-back work):\n\n${some(rows, (s) =>
    table(['table', 'before', 'after', 'inserted', 'updated', 'deleted'], s),
  )}`;
}

function schemaPart(m: MigrationInfo): string {
  if (m.schemaChanges.length === 0) return '';
  const rows = m.schemaChanges.map((c) => [cell(c.kind), cell(c.change), codeCell(c.name), cell(c.detail)]);
  return `<details><summary>Schema changes (${m.schemaChanges.length})</summary>\n\n${some(rows, (s) =>
    table(['kind', 'change', 'name', 'detail'], s),
  )}\n</details>\n`;
}

function statementsPart(m: MigrationInfo): string {
  if (m.statements.length === 0) return '';
  const from =
    m.statementsSource === 'pg_stat_statements'
      ? 'from pg_stat_statements'
      : 'from samples of pg_stat_activity: statements shorter than a sample interval may be missing';
  const rows = m.statements.map((s) => [
    cell(formatDuration(s.durationMs)),
    cell(s.calls),
    codeCell(s.query.length > 200 ? `${s.query.slice(0, 200)}…` : s.query),
  ]);
  return `<details><summary>Slowest statements (${from}; literals removed)</summary>\n\n${table(['time', 'calls', 'statement'], rows)}\n</details>\n`;
}

export function renderMigration(report: DrillReport): string {
  const m = report.migration;
  if (m === null) return '';
  const problems =
    m.errors.length === 0 ? '' : `\n> [!WARNING]\n> Not everything could be measured: ${inline(m.errors.join('; '))}\n`;
  const parts = [
    locksPart(m, maxLockMs(report)),
    figures(m),
    rewritesPart(m),
    indexesPart(m),
    rowsPart(m),
    schemaPart(m),
    statementsPart(m),
  ].filter((p) => p !== '');
  return `## Migration\n\n${parts.join('\n')}${problems}`;
}
