// The drill's verdict and whether it fails the job: one rule, shared by the action and the CLI.
import type { FailOn } from '../config/config.js';
import type { CheckResult, DrillResult, Regression } from './types.js';

/** failed (any check failed) > regressed (any regression) > warned (any check warned) > passed. */
export function computeResult(checks: CheckResult[], regressions: Regression[]): DrillResult {
  if (checks.some((c) => c.status === 'fail')) return 'failed';
  if (regressions.length > 0) return 'regressed';
  if (checks.some((c) => c.status === 'warn')) return 'warned';
  return 'passed';
}

// The results each fail-on setting fails the job for.
const FAILING_RESULTS: Record<FailOn, readonly DrillResult[]> = {
  failure: ['failed'],
  regression: ['failed', 'regressed'],
  warning: ['failed', 'regressed', 'warned'],
  never: [],
};

export function shouldFail(result: DrillResult, failOn: FailOn): boolean {
  return FAILING_RESULTS[failOn].includes(result);
}
