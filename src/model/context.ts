// What every phase of the drill is handed.
import type { DrillConfig } from '../config/config.js';
import type { Logger } from '../util/logger.js';
import type { SecretRegistry } from '../util/secrets.js';
import type { CheckId, CheckResult, CheckStatus } from './types.js';

export interface DrillContext {
  config: DrillConfig;
  log: Logger;
  secrets: SecretRegistry;
  /** The environment the drill runs in (process.env in production; a copy in tests). */
  env: NodeJS.ProcessEnv;
}

/** Builds a check result, timing it from `startedAt` (performance.now()). */
export function check(
  id: CheckId,
  status: CheckStatus,
  summary: string,
  details: unknown = null,
  startedAt?: number,
): CheckResult {
  return {
    id,
    status,
    summary,
    details,
    durationMs: startedAt === undefined ? 0 : Math.round(performance.now() - startedAt),
    regressions: [],
  };
}
