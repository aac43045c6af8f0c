// One HTTP request with a total deadline and a few retries, for notifications and heartbeats:
// 429 and 5xx answers and network errors are tried again (after Retry-After when the server
// says so), anything else is final. Nothing here throws, and no message carries the URL: the
// URL is the credential, so a failure is described by its status or error code only.
import { formatDuration } from '../util/format.js';

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

export type Delivery =
  | { delivered: true; status: number; attempts: number }
  | { delivered: false; attempts: number; problem: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function errorCode(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timed out';
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.name : 'request failed';
}

function retryable(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

export async function deliver(url: string, options: DeliveryOptions): Promise<Delivery> {
  const deadline = Date.now() + options.deadlineMs;
  let problem = 'not attempted';
  let attempt = 0;
  while (attempt < options.attempts) {
    attempt++;
    const left = deadline - Date.now();
    if (left <= 0) {
      problem = `${problem}; gave up at the ${formatDuration(options.deadlineMs)} deadline`;
      break;
    }
    let waitMs = options.backoffMs * 2 ** (attempt - 1);
    try {
      const response = await fetch(url, {
        method: options.method,
        headers:
          options.body === undefined
            ? { 'user-agent': 'pickdriver-vault-action' }
            : { 'content-type': 'application/json', 'user-agent': 'pickdriver-vault-action' },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        // A redirect would carry the message (and maybe the URL's key) somewhere nobody configured.
        redirect: 'manual',
        signal: AbortSignal.timeout(Math.min(options.attemptTimeoutMs, left)),
      });
      // The answer is read (bounded by the same signal) so the connection is released; its text is not shown.
      await response.arrayBuffer().catch(() => undefined);
      if (response.status >= 200 && response.status < 300) {
        return { delivered: true, status: response.status, attempts: attempt };
      }
      problem = `HTTP ${response.status}`;
      if (!retryable(response.status)) return { delivered: false, attempts: attempt, problem };
      const after = retryAfterMs(response.headers.get('retry-after'));
      if (after !== null) waitMs = after;
    } catch (error) {
      problem = errorCode(error);
    }
    if (attempt >= options.attempts) break;
    if (Date.now() + waitMs >= deadline) {
      problem = `${problem}; the next attempt (in ${formatDuration(waitMs)}) would pass the ${formatDuration(options.deadlineMs)} deadline`;
      break;
    }
    await sleep(waitMs);
  }
  return { delivered: false, attempts: attempt, problem };
}
