// GET requests for remote backup sources through undici: bounded timeouts, a few retries with
// backoff on connection errors and 5xx (never on a 4xx), redirects followed by hand (at most 5)
// so that every hop's query string can be registered as a secret before anything could log it,
// and credentials are only ever sent to the origin they were meant for.
import { createWriteStream } from 'node:fs';
import { statfs } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Agent, Dispatcher } from 'undici';
import { isLoopbackHost } from '../util/addresses.js';
import { retrying } from '../util/retry.js';
import { undiciAgent } from '../util/undici-agent.js';
import { RedirectGuard } from './redirect-guard.js';
import { DeadlineError, DownloadTooLargeError, HttpStatusError, isConnectionError } from './remote-errors.js';

interface GetSpec {
  url: URL;
  /** Extra headers for this origin only (never sent after a redirect to another origin). */
  headers?: Record<string, string>;
  /** Builds the signed headers for one attempt (S3); called again on every retry, for a fresh date. */
  sign?: (url: URL, headers: Record<string, string>) => Record<string, string>;
  /** Called with every redirect target before it is requested (to register its query string as a secret). */
  onRedirect?: (url: URL) => void;
  /** A Range header for every hop (not a credential: it follows redirects to other origins). */
  range?: string;
}

export interface Answer {
  status: number;
  url: URL;
  header(name: string): string | null;
  body: Readable;
}

export interface RemoteHttpOptions {
  /** Longest silence while waiting for headers or body bytes. */
  timeoutMs?: number;
  /** Total deadline of one request that is not a download (listings, sidecars): a server that
   * drips a byte now and then cannot hold the drill past it. */
  totalTimeoutMs?: number;
  /** Total deadline of one download (default 6h, as restore-timeout). */
  downloadTimeoutMs?: number;
  /** Most bytes one download may write (default: what is free in its folder when it starts). */
  maxDownloadBytes?: number;
  /** Delay before retry n; its length + 1 is the number of tries. */
  retryDelaysMs?: number[];
  maxRedirects?: number;
  /** S3 listings: most pages, most keys, total time (tests shorten them). */
  maxListPages?: number;
  maxListKeys?: number;
  listTimeoutMs?: number;
}

/** A URL for reports and logs: no user info, no query string, no fragment. */
export function displayUrl(url: URL | string): string {
  try {
    const u = new URL(String(url));
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return String(url).replace(/[?#].*$/s, '');
  }
}

/** Plain http is only for loopback hosts (local tests, a MinIO next to the runner); null when allowed. */
export function insecureUrlProblem(url: URL): string | null {
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return null;
  return `refusing ${url.protocol}//${url.host}: backups are only fetched over https (plain http only from a loopback host)`;
}

async function readStart(body: Readable, max = 8192): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    if (size < max) chunks.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, max);
}

export class RemoteHttp {
  /** Made on the first request: undici is loaded only by a drill that fetches something. */
  private agent: Promise<Agent> | null = null;
  /** Where redirects may lead: never to loopback, link-local or private addresses the URL was not on. */
  private readonly guard = new RedirectGuard();
  private readonly timeoutMs: number;
  private readonly delays: number[];
  private readonly maxRedirects: number;

  private readonly totalTimeoutMs: number;
  private readonly downloadTimeoutMs: number;
  private readonly maxDownloadBytes: number | null;

  constructor(options: RemoteHttpOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.totalTimeoutMs = options.totalTimeoutMs ?? 5 * 60_000;
    this.downloadTimeoutMs = options.downloadTimeoutMs ?? 6 * 3_600_000;
    this.maxDownloadBytes = options.maxDownloadBytes ?? null;
    this.delays = options.retryDelaysMs ?? [500, 2_000];
    this.maxRedirects = options.maxRedirects ?? 5;
  }

  private connectionPool(): Promise<Agent> {
    this.agent ??= undiciAgent({ connect: { timeout: 15_000, lookup: this.guard.lookup }, keepAliveTimeout: 1_000 });
    return this.agent;
  }

  async close(): Promise<void> {
    if (this.agent) await (await this.agent).close();
  }

  /** One GET, redirects followed; the answer's body is still to be read (or dumped). */
  private async follow(spec: GetSpec, signal: AbortSignal): Promise<Answer> {
    let url = spec.url;
    const origin = this.guard.start(spec.url);
    for (let hop = 0; ; hop++) {
      const problem = insecureUrlProblem(url);
      if (problem) throw new Error(problem);
      const sameOrigin = url.origin === spec.url.origin;
      const base = sameOrigin ? { ...spec.headers } : {};
      const signed = sameOrigin && spec.sign ? spec.sign(url, base) : base;
      const headers = spec.range ? { ...signed, range: spec.range } : signed;
      const res: Dispatcher.ResponseData = await (await this.connectionPool()).request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
        signal,
      });
      const header = (name: string): string | null => {
        const v = res.headers[name];
        return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
      };
      const location = header('location');
      if ([301, 302, 303, 307, 308].includes(res.statusCode) && location) {
        await res.body.dump();
        if (hop >= this.maxRedirects)
          throw new Error(`more than ${this.maxRedirects} redirects from ${displayUrl(spec.url)}`);
        url = new URL(location, url);
        spec.onRedirect?.(url);
        // Checked before any connection: an address written in the Location header now, a name
        // again when it is resolved (a name may point at 169.254.169.254 as well as a literal can).
        await this.guard.allow(url, await origin);
        continue;
      }
      return { status: res.statusCode, url, header, body: res.body };
    }
  }

  /** Retries fn on connection errors and 5xx answers (HttpStatusError), never on a 4xx. */
  private async retrying<T>(fn: () => Promise<T>): Promise<T> {
    const result = await retrying(
      async () => {
        try {
          return { ok: true as const, value: await fn() };
        } catch (error) {
          return { ok: false as const, error };
        }
      },
      (tried, attempt) => {
        if (tried.ok) return { done: tried };
        const error = tried.error;
        const retryable =
          error instanceof HttpStatusError ? error.status >= 500 && error.status <= 599 : isConnectionError(error);
        const delay = this.delays[attempt - 1];
        return !retryable || delay === undefined ? { done: tried } : { waitMs: delay };
      },
    );
    if (!result.ok) throw result.error;
    return result.value;
  }

  /** A successful answer (2xx) whose body is read by `use`; other statuses throw HttpStatusError. */
  get<T>(spec: GetSpec, use: (answer: Answer) => Promise<T>, totalMs = this.totalTimeoutMs): Promise<T> {
    return this.retrying(async () => {
      // One deadline for the whole request, body included (the idle timeouts alone let a server
      // that drips a byte every few seconds hold the drill for ever).
      const signal = AbortSignal.timeout(totalMs);
      try {
        const answer = await this.follow(spec, signal);
        if (answer.status < 200 || answer.status > 299) {
          throw new HttpStatusError(answer.status, displayUrl(answer.url), await readStart(answer.body));
        }
        return await use(answer);
      } catch (error) {
        if (signal.aborted) throw new DeadlineError(displayUrl(spec.url), totalMs);
        throw error;
      }
    });
  }

  /** The body as text (listings); bounded so a wrong URL cannot fill memory. */
  getText(spec: GetSpec, max = 16 * 1024 * 1024): Promise<{ text: string; answer: Answer }> {
    return this.get(spec, async (answer) => ({ text: await readStart(answer.body, max), answer }));
  }

  /**
   * The body as a stream that the verification pass reads as it arrives (and writes where it
   * needs a copy), within the download's total deadline and the room in `dir`. `firstBytes` asks
   * for a prefix only (a 206); a server that ignores Range sends it all, and the reader stops.
   * Retried like get() until the body starts; a body that breaks is the drill's failure.
   */
  open(
    spec: GetSpec,
    opts: { firstBytes?: number; dir?: string } = {},
  ): Promise<{ answer: Answer; body: AsyncIterable<Buffer> }> {
    // A peek is a request like a listing, and never outlasts what the download may take.
    const totalMs = opts.firstBytes ? Math.min(this.totalTimeoutMs, this.downloadTimeoutMs) : this.downloadTimeoutMs;
    const ranged = opts.firstBytes ? { ...spec, range: `bytes=0-${opts.firstBytes - 1}` } : spec;
    return this.retrying(async () => {
      const signal = AbortSignal.timeout(totalMs);
      let answer: Answer;
      try {
        answer = await this.follow(ranged, signal);
        if (answer.status < 200 || answer.status > 299) {
          throw new HttpStatusError(answer.status, displayUrl(answer.url), await readStart(answer.body));
        }
      } catch (error) {
        if (signal.aborted) throw new DeadlineError(displayUrl(spec.url), totalMs);
        throw error;
      }
      const where = displayUrl(answer.url);
      const dir = opts.dir ?? null;
      const free = dir === null ? null : await freeBytes(dir);
      const cap = Math.min(free ?? Number.POSITIVE_INFINITY, this.maxDownloadBytes ?? Number.POSITIVE_INFINITY);
      // The whole object's size: a 206's Content-Range total, or a 200's length (a server that
      // ignored Range announces the whole object even to a peek). Too large: refused unread.
      const total = /\/(\d+)$/.exec(answer.header('content-range') ?? '')?.[1];
      const announced = Number(total ?? (answer.status === 200 ? answer.header('content-length') : null) ?? Number.NaN);
      if (Number.isFinite(announced) && announced > cap) {
        answer.body.destroy();
        throw new DownloadTooLargeError(where, announced, cap, free, dir ?? '');
      }
      const source = answer.body;
      const body = async function* () {
        let bytes = 0;
        try {
          for await (const chunk of source as AsyncIterable<Buffer>) {
            bytes += chunk.length;
            if (!opts.firstBytes && bytes > cap)
              throw new DownloadTooLargeError(where, bytes, cap, free, dir ?? '', true);
            yield chunk;
          }
        } catch (error) {
          if (signal.aborted) throw new DeadlineError(where, totalMs);
          throw error;
        } finally {
          source.destroy();
        }
      };
      return { answer, body: body() };
    });
  }

  /** Streams the body to `file` (never held in memory); a broken download starts over. */
  download(spec: GetSpec, file: string): Promise<{ bytes: number; answer: Answer }> {
    return this.get(
      spec,
      async (answer) => {
        const where = path.dirname(file);
        const free = await freeBytes(where);
        const cap = Math.min(free ?? Number.POSITIVE_INFINITY, this.maxDownloadBytes ?? Number.POSITIVE_INFINITY);
        const announced = Number(answer.header('content-length') ?? Number.NaN);
        if (Number.isFinite(announced) && announced > cap) {
          answer.body.destroy();
          throw new DownloadTooLargeError(displayUrl(answer.url), announced, cap, free, where);
        }
        let bytes = 0;
        const url = displayUrl(answer.url);
        const count = async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            bytes += chunk.length;
            if (bytes > cap) throw new DownloadTooLargeError(url, bytes, cap, free, where, true);
            yield chunk;
          }
        };
        await pipeline(answer.body, count, createWriteStream(file));
        return { bytes, answer };
      },
      this.downloadTimeoutMs,
    );
  }
}

/** Bytes free for an unprivileged writer in `dir`, or null where the platform cannot tell. */
export async function freeBytes(dir: string): Promise<number | null> {
  try {
    const s = await statfs(dir);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return null;
  }
}
