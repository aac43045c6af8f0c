// api.validate: PickDriver's own backup validation of the target, the drill's final word.

import { check, type DrillContext } from '../model/context.js';
import type { CheckResult } from '../model/types.js';
import type { PickDriverClient } from './client.js';
import { failureDetails } from './internal-checks.js';
import { type ValidateBody, validateSchema } from './schemas.js';

export const ACTION_SOURCE = 'pickdriver-vault-action';

export async function validateCheck(
  ctx: DrillContext,
  client: PickDriverClient,
  target: 'drill' | 'staging',
  backupId: string,
): Promise<{ check: CheckResult; body: ValidateBody | null }> {
  const t0 = performance.now();
  const request = {
    target,
    backupId,
    checksProfile: ctx.config.checksProfile,
    source: ACTION_SOURCE,
    reason: `restore drill ${ctx.env.GITHUB_RUN_ID || 'manual'}`,
  };
  const result = await client.post('/api/internal/ops/backup/validate', request, validateSchema, {
    token: true,
    timeoutMs: 60_000,
  });
  if (!result.ok) {
    return { check: check('api.validate', 'fail', result.problem, failureDetails(result), t0), body: null };
  }
  const body = result.data;
  const { passed, failed, warnings } = body.summary;
  const details = { target, checksProfile: request.checksProfile, summary: body.summary, checks: body.checks };
  const counts = `${passed} passed, ${failed} failed, ${warnings} warnings`;
  const listOf = (pick: (status: string) => boolean) =>
    body.checks
      .filter((c) => pick(c.status))
      .map((c) => `${c.name}: ${c.details}`)
      .join('; ');

  if (!body.success) {
    const failures = listOf((s) => s === 'fail') || 'no failed check listed';
    return { check: check('api.validate', 'fail', `validation failed (${counts}): ${failures}`, details, t0), body };
  }
  if (warnings > 0) {
    const warned = listOf((s) => s !== 'ok' && s !== 'fail');
    return {
      check: check('api.validate', 'warn', `validation passed with warnings (${counts}): ${warned}`, details, t0),
      body,
    };
  }
  return {
    check: check('api.validate', 'ok', `validation passed (${counts}, profile ${request.checksProfile})`, details, t0),
    body,
  };
}
