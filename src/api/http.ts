// HTTP to PickDriver through undici: bounded timeouts, a bounded body, and a few retries with
// backoff on connection errors and 502/503/504 — never on a 4xx. Redirects are not followed
// (a redirect could carry the token somewhere else).
import type { Agent } from 'undici';
import { formatDuration } from '../util/format.js';

export interface RawAnswer {
  status: number;
  contentType: string;
  location: string | null;
  text: string;
}

export type Outcome =
  | { kind: 'answer'; answer: RawAnswer; attempts: number }
  | { kind: 'error'; problem: string; code: string | null; attempts: number };

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

export interface HttpOptions {
  connectTimeoutMs?: number;
  /** Epoch ms after which no request is sent or waited for (the API phase's deadline). */
  deadline?: number;
  /** Delay before retry n (the last value repeats). */
  retryDelaysMs?: number[];
}

export function createHttp(options: HttpOptions = {}): Http {
  // undici is loaded on first use: a drill without api-url never pays for it (about 20 MB of memory).
  let agent: Promise<Agent> | undefined;
  const getAgent = () =>
    (agent ??= import('undici').then((undici) => {
      // undici is CommonJS: a bundled dynamic import may hold its exports under `default` only.
      const { Agent } = 'Agent' in undici ? undici : (undici as { default: typeof undici }).default;
      return new Agent({ connect: { timeout: options.connectTimeoutMs ?? 10_000 }, keepAliveTimeout: 1_000 });
    }));
  const delays = options.retryDelaysMs ?? [300, 1_000];

  /** A request's total deadline: its timeout, body included, and never past the phase's. */
  function totalMs(spec: SendSpec): number {
    const left = options.deadline === undefined ? Number.POSITIVE_INFINITY : options.deadline - Date.now();
    return Math.max(0, Math.min(spec.timeoutMs, left));
  }

  async function once(spec: SendSpec): Promise<RawAnswer> {
    const total = totalMs(spec);
    if (total <= 0) throw new PhaseDeadlineError();
    const signal = AbortSignal.timeout(total);
    try {
      return await attempt(spec, signal);
    } catch (error) {
      if (signal.aborted) {
        throw options.deadline !== undefined && Date.now() >= options.deadline
          ? new PhaseDeadlineError()
          : new TotalDeadlineError(total);
      }
      throw error;
    }
  }

  async function attempt(spec: SendSpec, signal: AbortSignal): Promise<RawAnswer> {
    const headers: Record<string, string> = { accept: 'application/json', ...spec.headers };
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
    return { status: res.statusCode, contentType: header('content-type') ?? '', location: header('location'), text };
  }

  async function send(spec: SendSpec): Promise<Outcome> {
    let attempt = 0;
    for (;;) {
      attempt += 1;
      const last = attempt >= spec.attempts;
      try {
        const answer = await once(spec);
        const retry = RETRY_STATUSES.has(answer.status) && !(spec.isFinal?.(answer) ?? false);
        if (!retry || last) return { kind: 'answer', answer, attempts: attempt };
      } catch (error) {
        const code = errorCode(error);
        const retry = code !== null && (CONNECT_CODES.has(code) || (spec.method === 'GET' && BROKEN_CODES.has(code)));
        if (!retry || last)
          return { kind: 'error', problem: describeError(error, spec.timeoutMs), code, attempts: attempt };
      }
      await sleep(delays[Math.min(attempt - 1, delays.length - 1)] ?? 500);
    }
  }

  return { send, close: async () => (agent ? (await agent).close() : undefined) };
}

/** A request that did not complete within its total deadline (a server dripping bytes). */
export class TotalDeadlineError extends Error {
  readonly code = 'PDV_TOTAL_DEADLINE';
  constructor(ms: number) {
    super(`no complete answer within ${formatDuration(ms)} (the request's total deadline)`);
    this.name = 'TotalDeadlineError';
  }
}

/** The API phase ran out of time: nothing more is sent. */
export class PhaseDeadlineError extends Error {
  readonly code = 'PDV_PHASE_DEADLINE';
  constructor() {
    super("the API phase's deadline passed (api-ready-timeout plus 5 minutes for the checks)");
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
export function errorCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const e = current as { code?: unknown; errors?: unknown[]; cause?: unknown };
    if (typeof e.code === 'string') return e.code;
    current = Array.isArray(e.errors) && e.errors.length > 0 ? e.errors[0] : e.cause;
  }
  return null;
}

/** One line for a person, never a stack. */
export function describeError(error: unknown, timeoutMs: number): string {
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

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
