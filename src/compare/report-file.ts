// Reading earlier drills' report.json files: a report whose version this build does not know
// is skipped (its fields may mean something else), and so is a JSON file that is no drill report.
import { readFile } from 'node:fs/promises';
import { type BaselineRun, type DrillReport, REPORT_VERSION } from '../model/types.js';

/** Report versions this build can compare with. */
const KNOWN_REPORT_VERSIONS: readonly number[] = [REPORT_VERSION];

export type ParsedReport =
  | { ok: true; report: DrillReport }
  | { ok: false; kind: 'not-a-report' | 'unknown-version'; reason: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks what the comparison reads; the rest of the report is taken as written. */
function parseReport(text: string): ParsedReport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, kind: 'not-a-report', reason: `not valid JSON (${(error as Error).message})` };
  }
  if (!isObject(data) || !('reportVersion' in data)) {
    return { ok: false, kind: 'not-a-report', reason: 'no reportVersion: not a drill report' };
  }
  if (typeof data.reportVersion !== 'number' || !KNOWN_REPORT_VERSIONS.includes(data.reportVersion)) {
    return {
      ok: false,
      kind: 'unknown-version',
      reason: `reportVersion ${JSON.stringify(data.reportVersion)} is unknown to this version of the action (it reads ${KNOWN_REPORT_VERSIONS.join(', ')})`,
    };
  }
  const run = data.run;
  if (!isObject(run) || typeof run.startedAt !== 'string' || !Array.isArray(data.checks) || !isObject(data.backup)) {
    return { ok: false, kind: 'not-a-report', reason: 'run.startedAt, checks or backup missing: not a drill report' };
  }
  // Reports written before drill-name existed, or by a writer that leaves nulls out, are drills on their own.
  if (typeof data.drillName !== 'string') data.drillName = null;
  return { ok: true, report: data as unknown as DrillReport };
}

export async function readReportFile(file: string): Promise<ParsedReport> {
  return parseReport(await readFile(file, 'utf8'));
}

/** Newest first, by the time the drill started. */
export function newestFirst(reports: DrillReport[]): DrillReport[] {
  return [...reports].sort((a, b) => Date.parse(b.run.startedAt) - Date.parse(a.run.startedAt));
}

/** What the report's `baseline.runs` keeps of one earlier drill. */
export function toBaselineRun(report: DrillReport, source: string): BaselineRun {
  return {
    runId: report.run.runId,
    runUrl: report.run.runUrl,
    startedAt: report.run.startedAt,
    result: report.result,
    restoreDurationMs: report.restore?.durationMs ?? null,
    totalCriticalRows: report.database?.totalCriticalRows ?? null,
    backupSizeBytes: report.backup.sizeBytes ?? null,
    ledgerSize: report.database?.ledgerSize ?? null,
    schemaVersion: report.database?.schemaVersion ?? null,
    criticalTableRows: criticalTableRows(report),
    source,
  };
}

function criticalTableRows(report: DrillReport): Record<string, number> | null {
  // `?? []`: a report written by another version may lack the list; it still reads as "no figures".
  const tables = report.database?.criticalTables ?? null;
  if (tables === null) return null;
  const rows: Record<string, number> = {};
  for (const t of tables) if (t.present && typeof t.rows === 'number') rows[t.name] = t.rows;
  return rows;
}
