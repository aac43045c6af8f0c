// One notification or heartbeat request through the shared HTTP helper (src/api/http.ts): its
// total deadline per attempt, a deadline for the whole delivery, and its retries, here on 408,
// 429 and 5xx answers (after Retry-After when the server says so) and on connections that could
// not be made. A POST whose connection broke mid-way is not sent again (the message may have
// arrived). Redirects are never followed: one would carry the message (and maybe the URL's key)
// somewhere nobody configured. Nothing here throws, and no message carries the URL: the URL is
// the credential, so a failure is described by its status or error code only.
import { createHttp } from '../api/http.js';
import { formatDuration } from '../util/format.js';

export { retryAfterMs } from '../api/http.js';

export interface DeliveryOptions {
  method: 'GET' | 'POST';
  body?: unknown;
  /** The whole delivery, retries and waits included. */
  deadlineMs: number;
  /** One attempt. */
  attemptTimeoutMs: number;
  attempts: number;
  /** Waits before the second, third... attempt when the server gives no Retry-After. */
  backoffMs: number;
}

type Delivery =
  | { delivered: true; status: number; attempts: number }
  | { delivered: false; attempts: number; problem: string };

function retryable(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/** A failure in words with no URL in it: the status, or the error's code. */
function problemOf(
  outcome: { kind: 'answer'; answer: { status: number } } | { kind: 'error'; code: string | null; problem: string },
): string {
  if (outcome.kind === 'answer') return `HTTP ${outcome.answer.status}`;
  if (
    outcome.code === 'PDV_TOTAL_DEADLINE' ||
    outcome.code === 'UND_ERR_HEADERS_TIMEOUT' ||
    outcome.code === 'UND_ERR_BODY_TIMEOUT'
  )
    return 'timed out';
  return outcome.code ?? 'request failed';
}

export async function deliver(url: string, options: DeliveryOptions): Promise<Delivery> {
  const deadline = Date.now() + options.deadlineMs;
  const deadlineName = `the ${formatDuration(options.deadlineMs)} deadline`;
  const http = createHttp({
    deadline,
    deadlineName,
    retryDelaysMs: Array.from({ length: Math.max(1, options.attempts) }, (_, i) => options.backoffMs * 2 ** i),
  });
  try {
    const outcome = await http.send({
      method: options.method,
      url,
      body: options.body,
      timeoutMs: options.attemptTimeoutMs,
      attempts: options.attempts,
      retryStatuses: retryable,
      userAgent: 'pickdriver-vault-action',
    });
    if (outcome.kind === 'answer' && outcome.answer.status >= 200 && outcome.answer.status < 300) {
      return { delivered: true, status: outcome.answer.status, attempts: outcome.attempts };
    }
    const problem =
      outcome.kind === 'error' && outcome.code === 'PDV_PHASE_DEADLINE'
        ? `gave up at ${deadlineName}`
        : problemOf(outcome);
    return {
      delivered: false,
      attempts: outcome.attempts,
      problem: outcome.gaveUp ? `${problem}; ${outcome.gaveUp}` : problem,
    };
  } catch (error) {
    return { delivered: false, attempts: 0, problem: error instanceof Error ? error.name : 'request failed' };
  } finally {
    await http.close().catch(() => {});
  }
}
