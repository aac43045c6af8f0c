// report.md: what a person reads in the job summary, the pull request and the artifact.
// Verdict first, then the evidence in the order the drill gathered it.

import type { DrillReport } from '../model/types.js';
import { formatCount } from '../util/format.js';
import { renderApiSection } from './markdown-api.js';
import { renderBackup, renderCandidates } from './markdown-backup.js';
import { renderComparison } from './markdown-compare.js';
import {
  cell,
  code,
  codeCell,
  fencedText,
  formatDuration,
  inline,
  keyValueTable,
  listSome,
  markdownCell,
  plural,
  RESULT_MARK,
  STATUS_MARK,
  table,
  versusTarget,
} from './markdown-format.js';
import { renderInventory } from './markdown-inventory.js';
import { renderMigration } from './markdown-migration.js';

export function renderMarkdown(report: DrillReport): string {
  // On a pull request the migration is what the reviewer came for: it leads, right under the verdict.
  const migrationFirst = report.run.trigger === 'pull_request' || report.run.trigger === 'pull_request_target';
  const sections = [
    renderHeader(report),
    migrationFirst ? renderMigration(report) : '',
    renderBackup(report),
    renderRestore(report),
    migrationFirst ? '' : renderMigration(report),
    renderChecks(report),
    renderCriticalTables(report),
    renderApiSection(report),
    renderComparison(report),
    renderInventory(report.inventory),
    renderCandidates(report),
    renderTimings(report),
  ];
  return `${sections
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .join('\n\n')}\n`;
}

/** "❌ **failed** — 2 checks failed: backup.checksum, restore.completed" */
function verdictLine(report: DrillReport): string {
  return `${RESULT_MARK[report.result]} **${report.result}** — ${inline(why(report))}`;
}

/** The regressions under a regressed verdict, one per line: each is a sentence with commas of its own. */
function regressionList(report: DrillReport): string {
  if (report.result !== 'regressed' || report.regressions.length === 0) return '';
  const shown = report.regressions.slice(0, 5).map((r) => `- ${inline(r.message)}`);
  const more = report.regressions.length - shown.length;
  return `\n\n${shown.join('\n')}${more > 0 ? `\n- and ${more} more (see the comparison below)` : ''}`;
}

function why(report: DrillReport): string {
  const ids = (status: string) => report.checks.filter((c) => c.status === status).map((c) => c.id);
  switch (report.result) {
    case 'failed': {
      const failed = ids('fail');
      return `${plural(failed.length, 'check')} failed: ${listSome(failed)}`;
    }
    case 'regressed':
      // The messages follow as a list (regressionList): run together with commas they cannot be read.
      return `${plural(report.regressions.length, 'regression')} against earlier drills:`;
    case 'warned': {
      const warned = ids('warn');
      return `${plural(warned.length, 'check')} warned: ${listSome(warned)}`;
    }
    case 'passed': {
      const ok = ids('ok').length;
      const skipped = ids('skip').length;
      return `${plural(ok, 'check')} passed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
    }
  }
}

function renderHeader(report: DrillReport): string {
  const { run } = report;
  const facts: string[] = [report.drillName === null ? 'PickDriver backup drill' : `drill ${code(report.drillName)}`];
  if (run.runUrl !== null) facts.push(`[workflow run](${run.runUrl})`);
  facts.push(`trigger ${code(run.trigger)}`);
  if (run.repository !== null)
    facts.push(inline(run.repository) + (run.sha !== null ? `@${code(run.sha.slice(0, 7))}` : ''));
  if (run.ref !== null) facts.push(code(run.ref));
  facts.push(`started ${run.startedAt}`);
  facts.push(`fail-on ${code(report.failOn)}`);
  facts.push(`${report.tool.name} ${report.tool.version}`);
  // The verdict is the very first line: it is what notifications and previews show.
  const risk = report.restore?.role?.risk;
  const riskLine = risk ? `\n\n> [!WARNING]\n> ${inline(risk)}` : '';
  // A leg of a matrix is titled by its name: the summaries and comments of the legs sit side by side.
  const title = report.drillName === null ? '' : `### PickDriver backup drill ${code(report.drillName)}\n\n`;
  return `${title}${verdictLine(report)}${regressionList(report)}\n\n<sub>${facts.join(' · ')}</sub>${riskLine}\n`;
}

/** The backup's pg_dump (and its server), the server restored into and the client, on one line. */
function versionsLine(report: DrillReport): string | null {
  const b = report.backup;
  const r = report.restore;
  if (!r || (!r.server && !r.client)) return null;
  const dump = b?.pgDumpVersion
    ? `pg_dump ${b.pgDumpVersion}${b.serverVersion ? ` (of PostgreSQL ${b.serverVersion})` : ''}`
    : 'the backup';
  const server = r.server ? `PostgreSQL ${r.server.version}` : 'the server';
  const client = r.client
    ? ` with ${r.tool ?? 'client'} ${r.client.version} (${r.client.reason})`
    : ' (no client chosen)';
  return `${dump} → ${server}${client}`;
}

function renderRestore(report: DrillReport): string {
  const r = report.restore;
  if (r === null) return '## Restore\n\nThe restore did not run.\n';
  const rows: string[][] = [
    [
      'database',
      markdownCell(`${code(r.database)}${r.databaseOrigin !== null ? ` (${inline(r.databaseOrigin)})` : ''}`),
    ],
    [
      'role',
      markdownCell(
        r.role === null
          ? null
          : `${code(r.role.name)} (${r.role.mode === 'drill' ? "the drill's own" : 'database-url role ⚠️'})`,
      ),
    ],
    [
      'duration',
      cell(versusTarget(r.durationMs, r.rtoTargetSeconds === null ? null : r.rtoTargetSeconds * 1000, r.rtoMet, 'RTO')),
    ],
    ['jobs', cell(r.jobs)],
    [
      'tool',
      cell(
        [r.tool, r.toolVersion].filter((v) => v !== null).join(' ') +
          (r.client?.route === 'settings-ignored'
            ? ' (its SET transaction_timeout, unknown to the server, ignored)'
            : ''),
      ),
    ],
    ['versions', cell(versionsLine(report))],
    ['warnings', cell(r.warnings.length)],
    ['errors', cell(r.errors.length)],
  ];
  const messages = [...r.errors.map((e) => `error: ${e}`), ...r.warnings.map((w) => `warning: ${w}`)];
  const detail =
    messages.length === 0
      ? ''
      : `\n<details><summary>Messages of the restore tool (${messages.length})</summary>\n\n${fencedText(messages.slice(0, 50))}\n</details>\n`;
  return `## Restore\n\n${keyValueTable(rows)}${detail}`;
}

function renderChecks(report: DrillReport): string {
  if (report.checks.length === 0) return '## Checks\n\nNo checks ran.\n';
  const rows = report.checks.map((c) => [
    // A check that passed its own test but lost data against earlier drills is marked by the loss, not ✅.
    c.regressions?.length
      ? c.status === 'ok'
        ? '📉 regressed'
        : `${STATUS_MARK[c.status]} ${c.status} 📉`
      : `${STATUS_MARK[c.status]} ${c.status}`,
    codeCell(c.id),
    cell(
      c.regressions?.length && c.id !== 'compare.baseline'
        ? `${c.summary} 📉 regression: ${c.regressions.map((r) => r.message).join('; ')}`
        : c.summary,
    ),
    cell(formatDuration(c.durationMs)),
  ]);
  return `## Checks\n\n${table(['status', 'check', 'summary', 'duration'], rows)}`;
}

function renderCriticalTables(report: DrillReport): string {
  const db = report.database;
  if (db === null) return '';
  const facts = [
    `schema version ${db.schemaVersion === null ? '—' : code(db.schemaVersion)}`,
    `${db.ledgerSize ?? '—'} migrations applied`,
    db.lastMigration !== null ? `last ${code(db.lastMigration.name)} (batch ${db.lastMigration.batch})` : null,
  ].filter((f) => f !== null);
  // A table that lost rows against earlier drills says so beside its count.
  const lost = new Map(
    report.regressions.filter((r) => r.metric.startsWith('rows.')).map((r) => [r.metric.slice('rows.'.length), r]),
  );
  const rowsCell = (t: (typeof db.criticalTables)[number]) => {
    if (t.rows === null) return cell(null);
    const r = lost.get(t.name);
    const before = typeof r?.baseline === 'number' ? ` (${formatCount(r.baseline)} before)` : '';
    return cell(`${formatCount(t.rows)}${r ? ` 📉${before}` : ''}`);
  };
  const rows = db.criticalTables.map((t) => [codeCell(t.name), t.present ? '✅' : '❌ missing', rowsCell(t)]);
  const total =
    db.totalCriticalRows === null ? '' : `\nTotal rows in critical tables: ${formatCount(db.totalCriticalRows)}.\n`;
  const behind =
    db.sequencesBehind.length === 0
      ? ''
      : `\nSequences behind their column: ${db.sequencesBehind
          .map(
            (s) =>
              `${code(`${s.table}.${s.column}`)} (${inline(String(s.lastValue))} \\< ${inline(String(s.maxValue))})`,
          )
          .join(', ')}.\n`;
  const body = rows.length > 0 ? table(['table', 'present', 'rows'], rows) : 'No critical tables were inspected.\n';
  return `## Database\n\n${facts.join(' · ')}\n\n${body}${total}${behind}`;
}

function renderTimings(report: DrillReport): string {
  const entries = Object.entries(report.timings);
  if (entries.length === 0) return '';
  const rows = entries.map(([phase, ms]) => [cell(phase), cell(formatDuration(ms))]);
  const { startedAt, finishedAt } = report.run;
  // Wall time of the whole drill, when known; the phases alone leave out setup and the gaps between them.
  const total =
    finishedAt !== null ? Date.parse(finishedAt) - Date.parse(startedAt) : entries.reduce((sum, [, ms]) => sum + ms, 0);
  rows.push(['**whole drill**', `**${formatDuration(total)}**`]);
  const span = finishedAt !== null ? `\nFrom ${startedAt} to ${finishedAt}.\n` : '';
  return `<details><summary>Timings</summary>\n\n${table(['phase', 'duration'], rows)}${span}\n</details>\n`;
}
