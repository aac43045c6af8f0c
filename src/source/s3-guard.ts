// Bounds on an S3 request: a total deadline the SDK cannot outlast (its own timeouts are idle
// timeouts), and a byte cap on the body it streams.
import type { Readable } from 'node:stream';
import { DeadlineError, DownloadTooLargeError } from './remote-errors.js';

/** Where a download goes and how much it may write there, as the HTTP source judges it. */
export interface DownloadSpace {
  dir: string;
  /** Bytes free in `dir` when the download starts; null where the platform cannot tell. */
  free: number | null;
  /** The most bytes the download may write (the free space, or a smaller cap). */
  cap: number;
}

/**
 * A total deadline: `signal` aborts the SDK's request at `ms`, and `race` rejects with
 * DeadlineError then, whether or not the SDK notices (its own timeouts are idle timeouts).
 */
export function deadline(where: string, ms: number) {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new DeadlineError(where, ms));
    }, ms);
    // A stream never read (an error elsewhere) must not keep the process alive until its deadline.
    timer.unref();
  });
  expired.catch(() => {});
  return {
    signal: controller.signal,
    race<T>(work: Promise<T>): Promise<T> {
      // The loser's rejection (the SDK's abort error) is expected, not unhandled.
      work.catch(() => {});
      return Promise.race([work, expired]);
    },
    clear: () => clearTimeout(timer),
  };
}

/** The body's chunks until the deadline or the byte cap, whichever comes first; the body is destroyed on every way out. */
export async function* guarded(
  body: Readable & AsyncIterable<Buffer>,
  clock: ReturnType<typeof deadline>,
  where: string,
  space: DownloadSpace | undefined,
): AsyncGenerator<Buffer> {
  const chunks = body[Symbol.asyncIterator]();
  let bytes = 0;
  try {
    for (;;) {
      const next = await clock.race(chunks.next());
      if (next.done) return;
      bytes += next.value.length;
      if (space && bytes > space.cap) {
        throw new DownloadTooLargeError(where, bytes, space.cap, space.free, space.dir, true);
      }
      yield next.value;
    }
  } finally {
    clock.clear();
    body.destroy();
  }
}
