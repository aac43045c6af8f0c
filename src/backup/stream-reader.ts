// The one pass over a backup file: every byte is read once, hashed with SHA-256 and handed to
// the sinks that verify the format (plain-dump scanner, gunzip, tar walker, pg_restore's stdin).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { memoryReleaser } from '../util/memory.js';

/** Receives the bytes of the pass. A sink records its own verdict; it never stops the pass. */
export interface ByteSink {
  write(chunk: Buffer): void | Promise<void>;
  end(): void | Promise<void>;
}

export interface ReadResult {
  sha256: string;
  bytesRead: number;
}

/** Counts every byte read from disk, process-wide: lets a test prove the file was read once. */
export const readStats = { bytesRead: 0, opens: 0 };

export async function readOnce(file: string, sinks: ByteSink[] = []): Promise<ReadResult> {
  const hash = createHash('sha256');
  let bytesRead = 0;
  readStats.opens += 1;
  // 256 KiB reads: large enough to be fast, small enough that gunzip output is released as it goes.
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
  const release = memoryReleaser();
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytesRead += chunk.length;
    readStats.bytesRead += chunk.length;
    hash.update(chunk);
    release(chunk.length);
    for (const sink of sinks) await sink.write(chunk);
  }
  for (const sink of sinks) await sink.end();
  return { sha256: hash.digest('hex'), bytesRead };
}
