// The "Compared with earlier drills" section of the Markdown report: the baseline runs (linked),
// a table of metric / baseline / now / change with the regressions first (see metric-rows.ts),
// and Mermaid charts across the baseline runs and this drill (see markdown-charts.ts).

import { metricRows, referenceRun } from '../compare/metric-rows.js';
import type { BaselineRun, DrillReport } from '../model/types.js';
import { formatCount, formatDuration } from '../util/format.js';
import { markdownCode, markdownLinkUrl, markdownText } from '../util/inert-text.js';
import { comparisonCharts } from './markdown-charts.js';
import { markdownCell } from './markdown-format.js';

function newestFirst(runs: BaselineRun[]): BaselineRun[] {
  return [...runs].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
}

function runLine(run: BaselineRun): string {
  const name = run.runId ? `run ${markdownText(String(run.runId))}` : markdownText(run.source);
  const url = markdownLinkUrl(run.runUrl);
  const link = url ? `[${name}](${url})` : name;
  const figures = [
    markdownText(run.startedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')),
    markdownText(run.result),
    run.restoreDurationMs !== null ? `restore ${formatDuration(run.restoreDurationMs)}` : null,
    run.totalCriticalRows !== null ? `${formatCount(run.totalCriticalRows)} critical rows` : null,
  ].filter((f) => f !== null);
  return `- ${link}: ${figures.join(', ')}`;
}

export function renderComparison(report: DrillReport): string {
  const baseline = report.baseline;
  if (baseline === null) return '';
  const runs = newestFirst(baseline.runs);
  const out = ['## Compared with earlier drills', ''];
  const from = baseline.kind === 'auto' ? markdownText(baseline.source) : markdownCode(baseline.source);
  if (runs.length === 0) {
    out.push(`No earlier drill to compare with (baseline: ${from}).`, '');
  } else {
    const verdict =
      report.regressions.length === 0
        ? 'No regression.'
        : `**${report.regressions.length} regression${report.regressions.length === 1 ? '' : 's'}.**`;
    out.push(`${verdict} Baseline: ${from}, ${runs.length} earlier run${runs.length === 1 ? '' : 's'}:`, '');
    out.push(...runs.map(runLine), '');
    const reference = referenceRun(runs) as BaselineRun;
    out.push(
      `Baseline figures are those of the previous drill whose restore completed (${markdownText(reference.runId ? `run ${reference.runId}` : reference.startedAt)}), ` +
        'whatever its verdict; the restore duration is the median of the earlier runs, and rows are also set against ' +
        'the oldest of them (a slow loss).',
      '',
    );
    out.push('| metric | baseline | now | change |', '| --- | --- | --- | --- |');
    for (const row of metricRows(report, runs)) {
      out.push(
        `| ${markdownCell(row.metric)} | ${markdownCell(row.baseline)} | ${markdownCell(row.now)} | ${markdownCell(row.change)} |`,
      );
    }
    out.push('');
    if (report.regressions.length > 0) {
      out.push(...report.regressions.map((r) => `- ${markdownText(r.message)}`), '');
    }
    for (const c of comparisonCharts(report, runs)) out.push(c, '');
  }
  if (baseline.notes.length > 0) {
    out.push('<details><summary>Notes on the comparison</summary>', '');
    out.push(...baseline.notes.map((n) => `- ${markdownText(n)}`), '', '</details>', '');
  }
  return out.join('\n');
}
