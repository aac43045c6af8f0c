// The comparison with earlier drills as a check of its own (compare.baseline), with each
// regression also carried by the check it is about, so a consumer filtering checks[] sees it.

import { check, type DrillContext } from '../model/context.js';
import type { BaselineInfo, CheckResult, DrillReport, Regression } from '../model/types.js';
import { loadBaseline } from './baseline.js';
import { findRegressions, runLabel } from './rules.js';

interface CompareOutcome {
  baseline: BaselineInfo | null;
  regressions: Regression[];
  check: CheckResult;
}

function runList(reports: DrillReport[]): string {
  const labels = reports.map((r) => (r.run.runId ? r.run.runId : r.run.startedAt));
  const shown = labels.slice(0, 5).join(', ');
  return labels.length > 5 ? `${shown} and ${labels.length - 5} more` : shown;
}

function skipReason(ctx: DrillContext, baseline: BaselineInfo | null): string {
  const input = ctx.config.baseline.trim().toLowerCase();
  if (input === 'none') return 'baseline: none: no comparison asked for';
  const why = baseline?.notes.at(-1);
  if (baseline === null && (input === 'auto' || input === ''))
    return 'baseline: auto needs a GitHub Actions workflow run: off GitHub there are no earlier runs';
  return `no earlier drill to compare with${why ? ` (${why})` : ''}`;
}

/** Loads the baseline, applies the rules and says in one line what it did, in the log and the check. */
export async function runComparePhase(ctx: DrillContext, report: DrillReport): Promise<CompareOutcome> {
  const started = performance.now();
  const { info, reports } = await loadBaseline(ctx, { run: report.run });
  if (reports.length === 0) {
    const reason = skipReason(ctx, info);
    ctx.log.info(reason);
    return { baseline: info, regressions: [], check: check('compare.baseline', 'skip', reason, null, started) };
  }
  const { regressions, notes } = findRegressions(report, reports, ctx.config);
  if (info) info.notes.push(...notes);
  const compared = `compared with ${reports.length} drill${reports.length === 1 ? '' : 's'} (${reports.length === 1 ? 'run' : 'runs'} ${runList(reports)})`;
  const details = { runs: reports.map((r) => runLabel(r)), notes };
  if (regressions.length === 0) {
    ctx.log.info(`${compared}: no regression`);
    return { baseline: info, regressions, check: check('compare.baseline', 'ok', compared, details, started) };
  }
  const summary = `${compared}: ${regressions.length} regression${regressions.length === 1 ? '' : 's'}: ${regressions.map((r) => r.message).join('; ')}`;
  ctx.log.info(summary);
  return {
    baseline: info,
    regressions,
    check: { ...check('compare.baseline', 'warn', summary, details, started), regressions },
  };
}

/** Each check gets the regressions about what it judges (none: an empty list). */
export function attachRegressions(checks: CheckResult[], regressions: Regression[]): void {
  for (const c of checks) {
    if (c.id === 'compare.baseline') continue;
    c.regressions = regressions.filter((r) => r.checkId === c.id);
  }
}
