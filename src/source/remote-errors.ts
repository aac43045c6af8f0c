// What can go wrong fetching a remote backup (https, S3, artifacts), and how each reads: an HTTP
// status, a connection that could not be made, a download too large for the disk, a deadline.
import { formatBytes, formatDuration } from '../util/format.js';

export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    /** The URL without its query string. */
    readonly where: string,
    /** The start of the answer's body (for S3's <Error><Code>). */
    readonly bodyText: string,
  ) {
    super(`HTTP ${status} from ${where}`);
    this.name = 'HttpStatusError';
  }
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

/** An error worth another try: the connection failed or broke. */
export function isConnectionError(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } } | null;
  return CONNECTION_CODES.has(e?.code ?? '') || CONNECTION_CODES.has(e?.cause?.code ?? '');
}

/** Two sizes for people; the exact counts too when one decimal cannot tell them apart. */
function sizes(a: number, b: number): [string, string] {
  const [fa, fb] = [formatBytes(a), formatBytes(b)];
  return fa === fb ? [`${fa} (${a} bytes)`, `${fb} (${b} bytes)`] : [fa, fb];
}

/** A download larger than the space for it, or than the cap: refused before or while writing. */
export class DownloadTooLargeError extends Error {
  constructor(where: string, size: number, cap: number, free: number | null, dir: string, partial = false) {
    const [got, most] = sizes(size, cap);
    const limit =
      free !== null && cap === free ? `the temporary folder ${dir} has ${most} free` : `the download cap is ${most}`;
    super(
      partial ? `${where}: stopped after ${got}: ${limit}` : `${where} is ${got} but ${limit}; nothing was downloaded`,
    );
    this.name = 'DownloadTooLargeError';
  }
}

/** A request that did not finish within its total deadline. */
export class DeadlineError extends Error {
  constructor(where: string, ms: number) {
    super(`${where}: no complete answer within ${formatDuration(ms)} (the request's total deadline)`);
    this.name = 'DeadlineError';
  }
}
