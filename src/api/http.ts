// HTTP to PickDriver through undici: bounded timeouts, a bounded body, and a few retries with
// backoff on connection errors and 502/503/504 — never on a 4xx. Redirects are not followed
// (a redirect could carry the token somewhere else).
import type { Agent } from 'undici';
import { formatDuration } from '../util/format.js';
import { retrying } from '../util/retry.js';
import { undiciAgent } from '../util/undici-agent.js';

export interface RawAnswer {
  status: number;
  contentType: string;
  location: string | null;
  /** The Retry-After header, when the server sent one. */
  retryAfter?: string | null;
  text: string;
}

/** `gaveUp`: set when another try was due but would have passed the deadline. */
export type Outcome =
  | { kind: 'answer'; answer: RawAnswer; attempts: number; gaveUp?: string }
  | { kind: 'error'; problem: string; code: string | null; attempts: number; gaveUp?: string };

export interface SendSpec {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  /** Serialized as JSON. */
  body?: unknown;
  timeoutMs: number;
  /** Total tries, 1 = no retry. */
  attempts: number;
  /** An answer with 502/503/504 that is final anyway (smoke's 503 carries the result). */
  isFinal?: (answer: RawAnswer) => boolean;
  /** Statuses tried again (default 502, 503, 504); a Retry-After the answer gives sets the wait. */
  retryStatuses?: (status: number) => boolean;
  /** Extra headers, such as a user agent. */
  userAgent?: string;
}

export interface Http {
  send(spec: SendSpec): Promise<Outcome>;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const RETRY_STATUSES = new Set([502, 503, 504]);
// Errors before a byte of the request reached the server: safe to retry for any method.
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
]);
// The connection broke mid-way: retried only for GET, which changes nothing on the server.
const BROKEN_CODES = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE']);

interface HttpOptions {
  connectTimeoutMs?: number;
  /** Epoch ms after which no request is sent or waited for (the API phase's deadline). */
  deadline?: number;
  /** Delay before retry n (the last value repeats). */
  retryDelaysMs?: number[];
  /** What `deadline` is, for the message when it passes (default: the API phase's). */
  deadlineName?: string;
}

export function createHttp(options: HttpOptions = {}): Http {
  // Made on first use (util/undici-agent.ts): a drill without api-url never loads undici.
  let agent: Promise<Agent> | undefined;
  const getAgent = () =>
    (agent ??= undiciAgent({ connect: { timeout: options.connectTimeoutMs ?? 10_000 }, keepAliveTimeout: 1_000 }));
  const delays = options.retryDelaysMs ?? [300, 1_000];

  /** A request's total deadline: its timeout, body included, and never past the phase's. */
  function totalMs(spec: SendSpec): number {
    const left = options.deadline === undefined ? Number.POSITIVE_INFINITY : options.deadline - Date.now();
    return Math.max(0, Math.min(spec.timeoutMs, left));
  }

  async function once(spec: SendSpec): Promise<RawAnswer> {
    const total = totalMs(spec);
    if (total <= 0) throw new PhaseDeadlineError(options.deadlineName);
    const signal = AbortSignal.timeout(total);
    try {
      return await attempt(spec, signal);
    } catch (error) {
      if (signal.aborted) {
        throw options.deadline !== undefined && Date.now() >= options.deadline
          ? new PhaseDeadlineError(options.deadlineName)
          : new TotalDeadlineError(total);
      }
      throw error;
    }
  }

  async function attempt(spec: SendSpec, signal: AbortSignal): Promise<RawAnswer> {
    const headers: Record<string, string> = { accept: 'application/json', ...spec.headers };
    if (spec.userAgent) headers['user-agent'] = spec.userAgent;
    let body: string | undefined;
    if (spec.body !== undefined) {
      body = JSON.stringify(spec.body);
      headers['content-type'] = 'application/json';
    }
    const res = await (await getAgent()).request({
      origin: new URL(spec.url).origin,
      path: pathOf(spec.url),
      method: spec.method,
      headers,
      body,
      headersTimeout: spec.timeoutMs,
      bodyTimeout: spec.timeoutMs,
      signal,
    });
    const text = await readBounded(res.body);
    const header = (name: string): string | null => {
      const v = res.headers[name];
      return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
    };
    return {
      status: res.statusCode,
      contentType: header('content-type') ?? '',
      location: header('location'),
      retryAfter: header('retry-after'),
      text,
    };
  }

  async function send(spec: SendSpec): Promise<Outcome> {
    const retryStatus = spec.retryStatuses ?? ((status: number) => RETRY_STATUSES.has(status));
    return retrying(
      async (attempt): Promise<Outcome> => {
        try {
          return { kind: 'answer', answer: await once(spec), attempts: attempt };
        } catch (error) {
          return {
            kind: 'error',
            problem: describeError(error, spec.timeoutMs),
            code: errorCode(error),
            attempts: attempt,
          };
        }
      },
      (outcome, attempt) => {
        const last = attempt >= spec.attempts;
        let wait = delays[Math.min(attempt - 1, delays.length - 1)] ?? 500;
        if (outcome.kind === 'answer') {
          const retry = retryStatus(outcome.answer.status) && !(spec.isFinal?.(outcome.answer) ?? false);
          if (!retry || last) return { done: outcome };
          const after = retryAfterMs(outcome.answer.retryAfter ?? null);
          // Without a deadline, a server's Retry-After is followed up to a minute.
          if (after !== null) wait = options.deadline === undefined ? Math.min(after, 60_000) : after;
        } else {
          const code = outcome.code;
          const retry = code !== null && (CONNECT_CODES.has(code) || (spec.method === 'GET' && BROKEN_CODES.has(code)));
          if (!retry || last) return { done: outcome };
        }
        // A wait that would end past the deadline is not waited: the last outcome says why.
        if (options.deadline !== undefined && Date.now() + wait >= options.deadline) {
          const gaveUp = `the next attempt (in ${formatDuration(wait)}) would pass ${options.deadlineName ?? "the API phase's deadline"}`;
          return { done: { ...outcome, gaveUp } };
        }
        return { waitMs: wait };
      },
    );
  }

  return { send, close: async () => (agent ? (await agent).close() : undefined) };
}

/** A request that did not complete within its total deadline (a server dripping bytes). */
class TotalDeadlineError extends Error {
  readonly code = 'PDV_TOTAL_DEADLINE';
  constructor(ms: number) {
    super(`no complete answer within ${formatDuration(ms)} (the request's total deadline)`);
    this.name = 'TotalDeadlineError';
  }
}

/** The API phase ran out of time: nothing more is sent. */
class PhaseDeadlineError extends Error {
  readonly code = 'PDV_PHASE_DEADLINE';
  constructor(name = "the API phase's deadline (api-ready-timeout plus 5 minutes for the checks)") {
    super(`${name} passed`);
    this.name = 'PhaseDeadlineError';
  }
}

function pathOf(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

async function readBounded(body: AsyncIterable<Buffer | Uint8Array> & { destroy?: () => void }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = Buffer.from(chunk);
    chunks.push(buf);
    size += buf.length;
    if (size > MAX_BODY_BYTES) {
      body.destroy?.();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8');
}

/** The error code of a Node or undici error, looking through causes and AggregateError. */
function errorCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const e = current as { code?: unknown; errors?: unknown[]; cause?: unknown };
    if (typeof e.code === 'string') return e.code;
    current = Array.isArray(e.errors) && e.errors.length > 0 ? e.errors[0] : e.cause;
  }
  return null;
}

/** One line for a person, never a stack. */
function describeError(error: unknown, timeoutMs: number): string {
  const code = errorCode(error);
  const seconds = formatDuration(timeoutMs);
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (ECONNREFUSED)';
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'no connection within the connect timeout (UND_ERR_CONNECT_TIMEOUT)';
    case 'UND_ERR_HEADERS_TIMEOUT':
      return `no answer within ${seconds} (UND_ERR_HEADERS_TIMEOUT)`;
    case 'UND_ERR_BODY_TIMEOUT':
      return `the answer's body stalled for ${seconds} (UND_ERR_BODY_TIMEOUT)`;
    case 'ENOTFOUND':
      return 'host not found (ENOTFOUND)';
    case 'EAI_AGAIN':
      return 'host name lookup failed temporarily (EAI_AGAIN)';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return `the connection was closed by the other side (${code})`;
    case 'PDV_TOTAL_DEADLINE':
    case 'PDV_PHASE_DEADLINE':
      return (error as Error).message;
    default: {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      return code ? `${message || 'request failed'} (${code})` : message || 'request failed';
    }
  }
}

/** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
