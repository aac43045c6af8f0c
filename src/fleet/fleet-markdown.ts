// fleet.md: the fleet's verdict first, then one row per drill, then what regressed and why
// legs failed. What the merge job's summary and the fleet's pull-request comment show.
import {
  cell,
  code,
  codeCell,
  formatDuration,
  inline,
  listSome,
  plural,
  RESULT_MARK,
  table,
} from '../report/markdown-format.js';
import { markdownLinkUrl } from '../util/inert-text.js';
import type { FleetDrill, FleetReport } from './types.js';

export function fleetVerdictLine(fleet: FleetReport): string {
  const names = (pred: (d: FleetDrill) => boolean) => fleet.drills.filter(pred).map((d) => d.name);
  const failed = names((d) => d.result === 'failed');
  const regressed = names((d) => d.result === 'regressed');
  const warned = names((d) => d.result === 'warned');
  const parts: string[] = [];
  if (failed.length > 0) parts.push(`${failed.length} failed (${listSome(failed)})`);
  if (regressed.length > 0) parts.push(`${regressed.length} regressed (${listSome(regressed)})`);
  if (warned.length > 0) parts.push(`${warned.length} warned (${listSome(warned)})`);
  const total = plural(fleet.drills.length, 'drill');
  const why = parts.length === 0 ? `all ${total} passed` : `${total}: ${parts.join(', ')}`;
  return `${RESULT_MARK[fleet.result]} **${fleet.result}** — ${inline(why)}`;
}

function age(seconds: number | null): string {
  return seconds === null ? '—' : formatDuration(seconds * 1000);
}

function reportLink(d: FleetDrill): string {
  const artifactUrl = markdownLinkUrl(d.artifact?.url);
  if (d.artifact && artifactUrl) return `[${cell(d.artifact.name)}](${artifactUrl})`;
  if (d.artifact) return codeCell(d.artifact.name);
  const runUrl = markdownLinkUrl(d.runUrl);
  if (runUrl) return `[run](${runUrl})`;
  return d.source === null ? '—' : codeCell(d.source);
}

function row(d: FleetDrill): string[] {
  const failed = d.reported ? d.failedChecks.map((c) => c.id) : [];
  return [
    codeCell(d.name),
    `${RESULT_MARK[d.result]} ${d.reported ? d.result : 'failed (no report)'}`,
    d.reported ? age(d.backupAgeSeconds) : '—',
    d.restoreDurationMs === null ? '—' : formatDuration(d.restoreDurationMs),
    String(d.regressions.length),
    failed.length === 0 ? (d.reported ? '—' : cell(d.reason)) : failed.map((id) => codeCell(id)).join(', '),
    reportLink(d),
  ];
}

export function renderFleetMarkdown(fleet: FleetReport): string {
  const facts = [`PickDriver backup fleet of ${plural(fleet.drills.length, 'drill')}`];
  if (fleet.run.runUrl !== null) facts.push(`[workflow run](${fleet.run.runUrl})`);
  if (fleet.run.repository !== null) facts.push(inline(fleet.run.repository));
  facts.push(`fail-on ${code(fleet.failOn)}`);
  facts.push(`${fleet.tool.name} ${fleet.tool.version}`);
  const sections = [
    `### PickDriver backup fleet\n\n${fleetVerdictLine(fleet)}\n\n<sub>${facts.join(' · ')}</sub>`,
    fleet.drills.length === 0
      ? ''
      : table(
          ['drill', 'result', 'backup age', 'restore time', 'regressions', 'failed checks', 'report'],
          fleet.drills.map(row),
        ),
  ];
  const regressions = fleet.drills.flatMap((d) => d.regressions.map((r) => `- ${code(d.name)}: ${inline(r.message)}`));
  if (regressions.length > 0) sections.push(`#### Regressions\n\n${regressions.join('\n')}`);
  const failures = fleet.drills.flatMap((d) =>
    d.reported
      ? d.failedChecks.map((c) => `- ${code(d.name)} ${code(c.id)}: ${inline(c.summary)}`)
      : [`- ${code(d.name)}: ${inline(d.reason ?? 'no report')}`],
  );
  if (failures.length > 0) sections.push(`#### Failures\n\n${failures.join('\n')}`);
  if (fleet.notes.length > 0) sections.push(`#### Notes\n\n${fleet.notes.map((n) => `- ${inline(n)}`).join('\n')}`);
  return `${sections
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .join('\n\n')}\n`;
}
