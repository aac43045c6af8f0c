// The one place a drill report is assembled: by the engine when the drill ends (drill/run.ts) and
// by the cancel handler when it is cut short (drill/cancel.ts).
import type { DrillContext } from '../model/context.js';
import { computeResult } from '../model/result.js';
import { runInfoFromEnv } from '../model/run-info.js';
import { type DrillReport, REPORT_VERSION } from '../model/types.js';
import { TOOL_VERSION } from '../model/version.js';

/** What the phases found; the comparison (baseline, regressions) and the verdict come after. */
type Findings = Pick<
  DrillReport,
  'backup' | 'inventory' | 'restore' | 'database' | 'migration' | 'api' | 'apiSkippedReason' | 'checks' | 'timings'
>;

/** The report of a drill that began at `startedAt`, not compared yet and with no verdict yet. */
export function assembleReport(ctx: DrillContext, startedAt: Date, findings: Findings): DrillReport {
  return {
    reportVersion: REPORT_VERSION,
    tool: { name: 'pickdriver-vault-action', version: TOOL_VERSION },
    drillName: ctx.config.drillName,
    result: 'passed',
    failOn: ctx.config.failOn,
    run: runInfoFromEnv(ctx.env, startedAt),
    backup: findings.backup,
    inventory: findings.inventory,
    restore: findings.restore,
    database: findings.database,
    migration: findings.migration,
    api: findings.api,
    apiSkippedReason: findings.apiSkippedReason,
    checks: findings.checks,
    baseline: null,
    regressions: [],
    timings: findings.timings,
  };
}

/** The verdict from the checks and regressions, and the time the drill finished. */
export function finishReport(report: DrillReport): DrillReport {
  report.result = computeResult(report.checks, report.regressions);
  report.run.finishedAt = new Date().toISOString();
  return report;
}
