// The one pass over a backup file: every byte is read once, hashed with SHA-256 and handed to
// the sinks that verify the format (plain-dump scanner, gunzip, tar walker, pg_restore's stdin).
// A backup still remote (S3) is read from its download stream and written to the file in the
// same pass, so its bytes cross the network once and are never read back for verification.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { memoryReleaser } from '../util/memory.js';

/** Receives the bytes of the pass. A sink records its own verdict; it never stops the pass. */
export interface ByteSink {
  write(chunk: Buffer): void | Promise<void>;
  end(): void | Promise<void>;
}

export interface ReadResult {
  sha256: string;
  bytesRead: number;
  /** A backup read from its download: the bytes that crossed the network. */
  bytesDownloaded?: number;
  /** What the pass wrote to disk for this backup (its downloaded copy, an unwrapped archive). */
  bytesWritten?: number;
}

/** Counts every byte read from disk, process-wide: lets a test prove the file was read once. */
export const readStats = { bytesRead: 0, opens: 0 };

/** A stream to read instead of the file, written to the file as it is read (a download). */
export type Download = () => Promise<AsyncIterable<Buffer>>;

/**
 * Reads `file` (or its download) once into the sinks. `signal` (the verification pass's deadline)
 * ends the read with its reason, even while a read or a download waits.
 */
export async function readOnce(
  file: string,
  sinks: ByteSink[] = [],
  download?: Download,
  signal?: AbortSignal,
): Promise<ReadResult> {
  signal?.throwIfAborted();
  const hash = createHash('sha256');
  let bytesRead = 0;
  const copy = download ? createWriteStream(file) : null;
  if (!download) readStats.opens += 1;
  // 256 KiB reads: large enough to be fast, small enough that gunzip output is released as it goes.
  const stream = download ? await download() : createReadStream(file, { highWaterMark: 256 * 1024 });
  const stop = () => (stream as { destroy?: (e: unknown) => void }).destroy?.(signal?.reason);
  signal?.addEventListener('abort', stop, { once: true });
  const release = memoryReleaser();
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      signal?.throwIfAborted();
      bytesRead += chunk.length;
      if (!copy) readStats.bytesRead += chunk.length;
      hash.update(chunk);
      release(chunk.length);
      if (copy && !copy.write(chunk)) await once(copy, 'drain');
      for (const sink of sinks) await sink.write(chunk);
    }
    if (copy) {
      copy.end();
      await finished(copy);
    }
  } finally {
    signal?.removeEventListener('abort', stop);
    copy?.destroy();
  }
  for (const sink of sinks) await sink.end();
  return {
    sha256: hash.digest('hex'),
    bytesRead,
    ...(download ? { bytesDownloaded: bytesRead, bytesWritten: bytesRead } : { bytesWritten: 0 }),
  };
}
