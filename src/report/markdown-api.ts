// The "PickDriver API" section of report.md. The API's answers are stored as they came (unknown
// shapes), so everything here reads them defensively and shows what is there.

import type { CheckStatus, DrillReport } from '../model/types.js';
import { cell, code, codeCell, inline, STATUS_MARK, table } from './markdown-format.js';

interface NamedCheck {
  name: string;
  status: string;
  details: string;
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/**
 * A Swift Double printed whole in a detail ("Database reachable (4.0333840000002965 ms).") shown to
 * a tenth of a millisecond; report.json keeps the API's words as they came.
 */
function roundedMs(details: string): string {
  return details.replace(/\b(\d+\.\d{2,})(?= ?ms\b)/g, (n) => String(Math.round(Number(n) * 10) / 10));
}

/** The `checks` list of a smoke or validate answer: [{name, status, details}]. */
function namedChecks(answer: unknown): NamedCheck[] {
  const checks = record(answer)?.['checks'];
  if (!Array.isArray(checks)) return [];
  return checks.flatMap((c) => {
    const r = record(c);
    if (r === null) return [];
    return [{ name: text(r['name']) ?? '?', status: text(r['status']) ?? '?', details: text(r['details']) ?? '' }];
  });
}

function mark(status: string): string {
  return status in STATUS_MARK ? STATUS_MARK[status as CheckStatus] : '•';
}

function checksTable(checks: NamedCheck[]): string {
  return table(
    ['', 'check', 'details'],
    checks.map((c) => [`${mark(c.status)} ${cell(c.status)}`, codeCell(c.name), cell(roundedMs(c.details))]),
  );
}

export function renderApiSection(report: DrillReport): string {
  const api = report.api;
  if (api === null) {
    const reason = report.apiSkippedReason ?? 'no api-url was given';
    return `## PickDriver API\n\nSkipped: ${inline(reason)}.\n`;
  }
  const parts: string[] = [];
  const facts = [
    `${code(api.url)} (target ${code(api.target)})`,
    `version ${api.version === null ? '—' : code(api.version)}`,
    `environment ${api.environment === null ? '—' : code(api.environment)}`,
  ];
  const dbSchema = text(record(api.dbInfo)?.['schemaVersion']);
  if (dbSchema !== null) facts.push(`schema version seen by the API ${code(dbSchema)}`);
  parts.push(facts.join(' · '));

  const smoke = namedChecks(api.smoke);
  if (smoke.length > 0) {
    const status = text(record(api.smoke)?.['status']) ?? '?';
    parts.push(`**Smoke** (${inline(status)}):\n\n${checksTable(smoke)}`);
  } else if (api.smoke === null) {
    parts.push('**Smoke**: not run.');
  }

  const validate = record(api.validate);
  if (validate !== null) {
    const summary = record(validate['summary']);
    const counts =
      summary === null
        ? ''
        : ` — ${inline(text(summary['passed']) ?? '?')} passed, ${inline(text(summary['failed']) ?? '?')} failed, ${inline(
            text(summary['warnings']) ?? '?',
          )} warnings`;
    const success = validate['success'] === true ? '✅ success' : validate['success'] === false ? '❌ failed' : '?';
    const checks = namedChecks(validate);
    parts.push(`**Backup validation**: ${success}${counts}${checks.length > 0 ? `\n\n${checksTable(checks)}` : ''}`);
  } else {
    parts.push('**Backup validation**: not run.');
  }
  return `## PickDriver API\n\n${parts.map((p) => p.trim()).join('\n\n')}\n`;
}
