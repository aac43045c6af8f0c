// api.ready: poll GET /api/health/ready (no token) until it answers 200 {status:"ok"} or the
// api-ready-timeout passes. When the drill started the instance itself, an early exit ends the
// wait at once and the check quotes the last lines of its log.

import { check, type DrillContext } from '../model/context.js';
import type { CheckResult } from '../model/types.js';
import { formatDuration } from '../util/format.js';
import { retrying } from '../util/retry.js';
import type { PickDriverClient } from './client.js';
import { readySchema } from './schemas.js';
import { readLogTail, type StartedProcess } from './start-command.js';

const POLL_INTERVAL_MS = 500;

export async function waitForReady(
  ctx: DrillContext,
  client: PickDriverClient,
  started: StartedProcess | null,
): Promise<CheckResult> {
  const t0 = performance.now();
  const timeoutMs = ctx.config.apiReadyTimeoutMs;
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  let attempts = 0;
  type Poll =
    | { kind: 'ready'; answer: unknown }
    | { kind: 'exited'; started: StartedProcess; exited: { code: number | null; signal: string | null } }
    | { kind: 'waiting' };

  const poll = await retrying(
    async (): Promise<Poll> => {
      const exited = started?.exitStatus() ?? null;
      if (started && exited) return { kind: 'exited', started, exited };
      attempts += 1;
      const remaining = Math.max(250, deadline - Date.now());
      const result = await client.get('/api/health/ready', readySchema, {
        token: false,
        attempts: 1,
        timeoutMs: Math.min(5_000, remaining),
        bodyStatuses: [503],
      });
      if (result.ok && result.status === 200 && result.data.status === 'ok')
        return { kind: 'ready', answer: result.data };
      last = result.ok ? describeNotReady(result.status, result.data) : result.problem;
      return { kind: 'waiting' };
    },
    // Polled every POLL_INTERVAL_MS until ready, exited or past the deadline.
    (p) =>
      p.kind !== 'waiting' || Date.now() >= deadline
        ? { done: p }
        : { waitMs: Math.min(POLL_INTERVAL_MS, Math.max(0, deadline - Date.now())) },
  );
  if (poll.kind === 'exited') return exitedEarly(ctx, poll.started, poll.exited, t0);
  if (poll.kind === 'ready') {
    return check(
      'api.ready',
      'ok',
      `ready after ${formatDuration(performance.now() - t0)}`,
      { attempts, answer: poll.answer },
      t0,
    );
  }
  const stillExited = started?.exitStatus() ?? null;
  if (started && stillExited) return exitedEarly(ctx, started, stillExited, t0);
  const details: Record<string, unknown> = { attempts, timeoutMs, lastAnswer: last };
  if (started) details.logTail = await readLogTail(ctx, started.logFile);
  return check('api.ready', 'fail', `not ready within ${formatDuration(timeoutMs)}: ${last}`, details, t0);
}

function describeNotReady(
  status: number,
  body: { status: string; checks: { name: string; reason?: string | null }[] },
) {
  const reasons = body.checks.filter((c) => c.reason).map((c) => `${c.name}: ${c.reason}`);
  return `HTTP ${status}, status ${body.status}${reasons.length > 0 ? ` (${reasons.join('; ')})` : ''}`;
}

async function exitedEarly(
  ctx: DrillContext,
  started: StartedProcess,
  exited: { code: number | null; signal: string | null },
  t0: number,
): Promise<CheckResult> {
  const logTail = await readLogTail(ctx, started.logFile);
  const how = exited.signal ? `was killed by ${exited.signal}` : `exited with code ${exited.code}`;
  const lastLines = logTail.slice(-3).join(' | ') || '(no output)';
  return check(
    'api.ready',
    'fail',
    `api-start-command ${how} before the API was ready; last lines of its log: ${lastLines}`,
    { exitCode: exited.code, signal: exited.signal, logTail },
    t0,
  );
}
