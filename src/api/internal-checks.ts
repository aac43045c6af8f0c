// api.info and api.smoke: what the instance is, and whether its own smoke test passes. Both
// read the API's primary database, so they run even when the restore failed.

import { check } from '../model/context.js';
import type { CheckResult } from '../model/types.js';
import type { PickDriverClient } from './client.js';
import { type InfoBody, infoSchema, type SmokeBody, smokeSchema } from './schemas.js';

export async function infoCheck(client: PickDriverClient): Promise<{ check: CheckResult; body: InfoBody | null }> {
  const t0 = performance.now();
  const result = await client.get('/api/internal/system/info', infoSchema, { token: true });
  if (!result.ok) {
    return { check: check('api.info', 'fail', result.problem, failureDetails(result), t0), body: null };
  }
  const body = result.data;
  const token = tokenLabel(client);
  return {
    check: check(
      'api.info',
      'ok',
      `${body.service} ${body.version} (${body.environment}); ${token}`,
      {
        version: body.version,
        environment: body.environment,
        recentMigrations: body.recentMigrations.length,
        tokenIndex: client.tokenIndex,
        tokensConfigured: client.tokenCount,
      },
      t0,
    ),
    body,
  };
}

export async function smokeCheck(client: PickDriverClient): Promise<{ check: CheckResult; body: SmokeBody | null }> {
  const t0 = performance.now();
  const result = await client.get('/api/internal/system/smoke', smokeSchema, { token: true, bodyStatuses: [503] });
  if (!result.ok) {
    return { check: check('api.smoke', 'fail', result.problem, failureDetails(result), t0), body: null };
  }
  const body = result.data;
  const failed = body.checks.filter((c) => c.status !== 'ok');
  const details = { httpStatus: result.status, checks: body.checks };
  if (result.status === 200 && body.status === 'ok' && failed.length === 0) {
    return { check: check('api.smoke', 'ok', `all ${body.checks.length} smoke checks passed`, details, t0), body };
  }
  const listed = failed.map((c) => `${c.name}: ${c.details}`).join('; ') || `status ${body.status}`;
  return {
    check: check('api.smoke', 'fail', `HTTP ${result.status}, smoke failed: ${listed}`, details, t0),
    body,
  };
}

/** "token #2 of 2 accepted" — which configured token worked, never its value. */
function tokenLabel(client: PickDriverClient): string {
  return client.tokenIndex === null
    ? 'no token accepted yet'
    : `internal token #${client.tokenIndex + 1} of ${client.tokenCount} accepted`;
}

export function failureDetails(result: { status: number | null; reason: string | null; quoted: string | null }) {
  return { httpStatus: result.status, reason: result.reason, answer: result.quoted };
}
