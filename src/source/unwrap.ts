// Removing the layers of a wrapped backup (age, gpg, gzip, zstd, xz, lz4, bzip2, any number, in
// any order) as a stream. peelBackup() finds the layers and the pg_dump format inside from the
// first bytes only; unwrappedPass() is the one read of the stored bytes: their SHA-256 (what a
// sidecar is of) while the unwrapped bytes feed the structure walk and, for archives pg_restore
// must seek in, a file in the temp folder (free space checked before and while writing).
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Detection, detectContent, PEEK_BYTES } from '../dump/detect.js';
import { sniffLayer } from '../dump/layer-magic.js';
import { type ByteSink, type ReadResult, readStats } from '../dump/stream-reader.js';
import type { BackupLayer } from '../model/backup-types.js';
import { formatBytes } from '../util/format.js';
import { LayerError, type LayerOptions, layerStream } from './layers.js';

/** More layers than this is not a backup but a puzzle (or a decompression bomb's nesting). */
const MAX_LAYERS = 6;
/** Free space kept on the temp folder's disk while an unwrapped archive is written. */
const RESERVE_BYTES = 64 * 1024 * 1024;

/** The pass failed in a layer; the stored bytes were still hashed to the end. */
export class UnwrapFailure extends Error {
  override name = 'UnwrapFailure';
  constructor(
    message: string,
    readonly sha256: string,
    readonly bytesRead: number,
  ) {
    super(message);
  }
}

/** The first `bytes` bytes of a stream, and the whole stream again (those bytes first). */
async function headOf(stream: Readable, bytes: number): Promise<{ head: Buffer; rest: Readable }> {
  const iterator = stream[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    chunks.push(next.value as Buffer);
    length += (next.value as Buffer).length;
  }
  const head = Buffer.concat(chunks);
  const rest = Readable.from(
    (async function* () {
      if (head.length > 0) yield head;
      if (done) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value as Buffer;
      }
    })(),
    { objectMode: false },
  );
  rest.on('close', () => stream.destroy());
  return { head: head.subarray(0, bytes), rest };
}

interface Unwrapped {
  layers: BackupLayer[];
  /** The first bytes inside every layer. */
  head: Buffer;
  inner: Readable;
}

/**
 * Removes every layer it recognises, outermost first. The innermost stream owns the chain: when
 * it closes (read to the end, a limit hit, a failure, a cancellation) every stage is destroyed,
 * so no layer's tool is left writing into a pipe nobody reads (a stage in the middle is only
 * unpiped, never closed, when the one after it goes).
 */
export async function unwrap(source: Readable, opts: LayerOptions): Promise<Unwrapped> {
  const layers: BackupLayer[] = [];
  const chain: Readable[] = [source];
  const teardown = () => {
    for (const stream of chain) {
      // The reader has its answer: a write still in flight into a destroyed stage is no error.
      stream.on('error', () => {});
      if (!stream.destroyed) stream.destroy();
    }
  };
  let current = source;
  try {
    for (;;) {
      const { head, rest } = await headOf(current, PEEK_BYTES);
      chain.push(rest);
      const layer = sniffLayer(head);
      if (layer === null || layers.length >= MAX_LAYERS) {
        rest.once('close', teardown);
        return { layers, head, inner: rest };
      }
      layers.push(layer);
      const stage = await layerStream(layer, head, opts);
      chain.push(stage);
      // The first error anywhere ends every stage; the last stage carries it to the reader.
      rest.on('error', (e) => stage.destroy(e));
      rest.pipe(stage);
      current = stage;
    }
  } catch (error) {
    teardown();
    throw error;
  }
}

interface Peeled {
  layers: BackupLayer[];
  detection: Detection;
}

/** The layers of a stored backup and what is inside them, from its first bytes only. */
export async function peelBackup(file: string, opts: LayerOptions): Promise<Peeled> {
  const source = createReadStream(file, { highWaterMark: 256 * 1024 });
  const { layers, head, inner } = await unwrap(source, opts);
  inner.destroy();
  source.destroy();
  return { layers, detection: detectContent(head) };
}

async function freeBytes(dir: string): Promise<number> {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
}

/**
 * The one read of a wrapped backup: SHA-256 of the stored bytes, the unwrapped bytes to `sinks`
 * and, when `outFile` is given, into that file. Throws UnwrapFailure (with the stored bytes' full
 * SHA-256) when a layer fails: a wrong key, damaged or cut data.
 */
export async function unwrappedPass(
  file: string,
  opts: LayerOptions,
  sinks: ByteSink[],
  outFile: string | null,
  signal?: AbortSignal,
): Promise<ReadResult> {
  const hash = createHash('sha256');
  let bytesRead = 0;
  readStats.opens += 1;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytesRead += chunk.length;
      readStats.bytesRead += chunk.length;
      done(null, chunk);
    },
  });
  const source = createReadStream(file, { highWaterMark: 256 * 1024 });
  source.on('error', (e) => tap.destroy(e));
  source.pipe(tap);
  // The deadline ends the pass wherever it waits: the read, a layer's tool, the inner stream.
  let inner: Readable | null = null;
  const stop = () => {
    tap.destroy(signal?.reason);
    inner?.destroy(signal?.reason);
  };
  signal?.addEventListener('abort', stop, { once: true });
  try {
    signal?.throwIfAborted();
    if (outFile !== null) await checkRoomToUnwrap(path.dirname(outFile), (await sizeOf(file)) ?? 0);
    inner = (await unwrap(tap, opts)).inner;
    if (signal?.aborted) inner.destroy(signal.reason);
    const written = await passInner(inner, sinks, outFile);
    // A layer may end before the file does (trailing bytes): the SHA-256 is of every stored byte.
    source.destroy();
    await drain(file, bytesRead, hash, (n) => {
      bytesRead += n;
    });
    return { sha256: hash.digest('hex'), bytesRead, bytesWritten: written };
  } catch (error) {
    inner?.destroy();
    source.destroy();
    const message =
      error instanceof LayerError ? error.message : `could not unwrap the backup: ${(error as Error).message}`;
    await drain(file, bytesRead, hash, (n) => {
      bytesRead += n;
    }).catch(() => {});
    throw new UnwrapFailure(message, hash.digest('hex'), bytesRead);
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}

/**
 * The unwrapped bytes to the sinks and, when `outFile` is given, into that file (created 0600,
 * the disk's free space watched as it grows). Returns the bytes written to the file.
 */
export async function passInner(inner: Readable, sinks: ByteSink[], outFile: string | null): Promise<number> {
  const out = outFile === null ? null : createWriteStream(outFile, { mode: 0o600 });
  // A write that fails (the disk full between two checks) or is still in flight when the pass
  // stops ends the pass with its reason, never as an error nobody listens to.
  let outError: Error | null = null;
  out?.on('error', (e) => {
    outError ??= e;
  });
  let written = 0;
  let checkedAt = 0;
  try {
    for await (const chunk of inner as AsyncIterable<Buffer>) {
      for (const sink of sinks) await sink.write(chunk);
      if (!out) continue;
      if (!out.write(chunk)) await once(out, 'drain');
      if (outError) throw outError;
      written += chunk.length;
      if (written - checkedAt >= 64 * 1024 * 1024) {
        checkedAt = written;
        const free = await freeBytes(path.dirname(outFile as string));
        if (free < RESERVE_BYTES)
          throw new Error(
            `the disk of ${path.dirname(outFile as string)} is nearly full (${formatBytes(free)} free) after unwrapping ${formatBytes(written)}`,
          );
      }
    }
    for (const sink of sinks) await sink.end();
    if (out) {
      const finished = once(out, 'finish');
      out.end();
      if (outError) throw outError;
      await finished;
    }
    return written;
  } catch (error) {
    out?.destroy();
    throw error;
  }
}

/** Refuses to start unwrapping `storedBytes` into `dir` without room for at least as much again. */
export async function checkRoomToUnwrap(dir: string, storedBytes: number): Promise<void> {
  const free = await freeBytes(dir);
  if (free < storedBytes + RESERVE_BYTES)
    throw new Error(
      `not enough free space in ${dir} to unwrap the backup: ${formatBytes(free)} free, at least ${formatBytes(storedBytes + RESERVE_BYTES)} needed`,
    );
}

async function sizeOf(file: string): Promise<number | null> {
  return stat(file)
    .then((s) => s.size)
    .catch(() => null);
}

/** Hashes the stored bytes from `from` to the end (what the layers did not read). */
async function drain(file: string, from: number, hash: ReturnType<typeof createHash>, count: (n: number) => void) {
  const size = await sizeOf(file);
  if (size === null || from >= size) return;
  await pipeline(
    createReadStream(file, { start: from, highWaterMark: 256 * 1024 }),
    new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        count(chunk.length);
        readStats.bytesRead += chunk.length;
        done();
      },
    }),
  );
}

/** The unwrapped bytes of a stored plain dump, for psql (layers removed again as it streams). */
export async function openUnwrapped(file: string, opts: LayerOptions): Promise<Readable> {
  const { inner } = await unwrap(createReadStream(file, { highWaterMark: 256 * 1024 }), opts);
  return inner;
}
