// A wrapped backup still remote (S3, https): its layers are peeled from the download stream
// itself, in the one pass that hashes the stored bytes and walks the unwrapped ones. The backup
// crosses the network once and one copy of it reaches the disk: the unwrapped archive for custom
// and tar (pg_restore seeks in it for parallel jobs), or the stored wrapped bytes for a plain dump
// (smaller than its SQL; psql reads them through the layers again as it restores).
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import { detectContent } from '../dump/detect.js';
import type { ByteSink, ReadResult } from '../dump/stream-reader.js';
import type { BackupLayer } from '../model/backup-types.js';
import { memoryReleaser } from '../util/memory.js';
import { LayerError, type LayerOptions, stopGpgAgents } from './layers.js';
import { makeTempFolder, safeFileName } from './remote-select.js';
import { checkRoomToUnwrap, openUnwrapped, passInner, UnwrapFailure, unwrap } from './unwrap.js';
import type { Unwrapping } from './wrapped.js';

/** Stored bytes held in memory until the format inside is known; beyond this they go to disk. */
const HOLD_MAX = 32 * 1024 * 1024;

/**
 * Reads the download to its end: every byte hashed, fed to the layers while they want it, and
 * kept on disk only once keep() says so (held in memory until then).
 */
class StoredBytes {
  readonly hash = createHash('sha256');
  bytes = 0;
  written = 0;
  /** What the layers read; ended with the download, or destroyed with its error. */
  readonly feed = new PassThrough({ highWaterMark: 256 * 1024 });
  readonly done: Promise<void>;
  private feeding = true;
  private cancelled = false;
  private unblock: () => void = () => {};
  private held: Buffer[] | null = [];
  private heldBytes = 0;
  private copy: WriteStream | null = null;

  constructor(
    source: AsyncIterable<Buffer>,
    private readonly file: string,
  ) {
    this.done = this.run(source);
    this.done.catch(() => {});
  }

  private async run(source: AsyncIterable<Buffer>): Promise<void> {
    const release = memoryReleaser();
    try {
      for await (const chunk of source) {
        // Leaving the loop ends the download (its stream is destroyed with the iteration).
        if (this.cancelled) throw new Error('the drill stopped before the download ended');
        this.hash.update(chunk);
        this.bytes += chunk.length;
        release(chunk.length);
        if (this.held) {
          this.held.push(chunk);
          this.heldBytes += chunk.length;
          if (this.heldBytes > HOLD_MAX) this.spill();
        } else if (this.copy) {
          await this.write(this.copy, chunk);
        }
        // The layers' chain destroys the feed once its reader is done (trailing bytes then only hashed).
        if (this.feeding && !this.feed.destroyed && !this.feed.write(chunk)) {
          await Promise.race([
            once(this.feed, 'drain'),
            once(this.feed, 'close'),
            new Promise<void>((r) => {
              this.unblock = r;
            }),
          ]);
        }
      }
      if (this.feeding) this.feed.end();
      const copy = this.copy;
      if (copy) {
        copy.end();
        await finished(copy);
      }
    } catch (error) {
      this.feed.destroy(error as Error);
      this.copy?.destroy();
      throw error;
    }
  }

  private async write(copy: WriteStream, chunk: Buffer): Promise<void> {
    this.written += chunk.length;
    if (!copy.write(chunk)) await Promise.race([once(copy, 'drain'), once(copy, 'close')]);
  }

  /** The held bytes to disk: the format inside needs more than HOLD_MAX stored bytes to show. */
  private spill(): void {
    const held = this.held ?? [];
    this.held = null;
    this.copy = createWriteStream(this.file, { mode: 0o600 });
    for (const chunk of held) {
      this.written += chunk.length;
      this.copy.write(chunk);
    }
  }

  /** Whether the stored bytes stay on disk (a plain dump) or are only hashed (an archive). */
  async keep(keep: boolean): Promise<void> {
    if (keep && this.held) this.spill();
    this.held = null;
    if (!keep && this.copy) {
      const copy = this.copy;
      this.copy = null;
      copy.destroy();
      await rm(this.file, { force: true });
    }
  }

  /** The layers are done: the rest of the download (trailing bytes) is only hashed. */
  stopFeeding(): void {
    this.feeding = false;
    this.unblock();
  }

  /** The drill stops (cancelled, or done with a backup it did not read to the end): no more bytes. */
  cancel(): void {
    this.cancelled = true;
    this.abandon();
  }

  /** The layers failed or the drill stops: their input ends, so no layer tool waits for more. */
  abandon(): void {
    this.stopFeeding();
    this.feed.destroy();
  }

  /** Waits for the download's end; its own failure (network, deadline, size) is thrown as it is. */
  async result(): Promise<ReadResult> {
    await this.done;
    const sha256 = this.hash.digest('hex');
    return { sha256, bytesRead: this.bytes, bytesDownloaded: this.bytes, bytesWritten: this.written };
  }

  /** What a failed layer becomes once the download is hashed to its end (for backup.checksum). */
  async failure(error: unknown): Promise<Error> {
    this.abandon();
    const done = await this.done.then(
      () => null,
      (e: Error) => e,
    );
    if (done) return done;
    const message =
      error instanceof LayerError ? error.message : `could not unwrap the backup: ${(error as Error).message}`;
    return new UnwrapFailure(message, this.hash.digest('hex'), this.bytes);
  }
}

interface RemoteWrapped {
  open: () => Promise<AsyncIterable<Buffer>>;
  /** Where the stored bytes are kept when they are (a plain dump inside the layers). */
  storedPath: string;
  name: string;
  key: string | null;
  /** The outermost layer the peek found: the download must still start with it. */
  outer: BackupLayer | null;
  /** The size the source announced (for the free-space check before unwrapping). */
  sizeBytes: number;
}

/**
 * Opens the download and peels its layers up to the format inside; read() is the rest of the
 * one pass. Throws UnwrapFailure (a wrong key, damage, not a pg_dump backup inside: the stored
 * bytes hashed to the end) or the download's own error.
 */
export async function prepareRemoteUnwrap(remote: RemoteWrapped): Promise<Unwrapping> {
  const temp = await makeTempFolder();
  const opts: LayerOptions = { key: remote.key, gpgHomes: [] };
  let stored: StoredBytes | null = null;
  let read = false;
  const dispose = async () => {
    // A download the drill stops before its end ends here; one read to its end is left alone.
    if (!read) stored?.cancel();
    await stopGpgAgents(opts.gpgHomes);
    await temp.dispose();
  };
  try {
    stored = new StoredBytes(await remote.open(), remote.storedPath);
    const s = stored;
    const peeled = await unwrap(s.feed, opts).catch(async (e) => {
      throw await s.failure(e);
    });
    const outer = peeled.layers.join(' → ');
    if (remote.outer && peeled.layers[0] !== remote.outer) {
      s.abandon();
      throw new Error(
        `${remote.name} changed while it was downloaded: it no longer starts with a ${remote.outer} layer`,
      );
    }
    const detection = detectContent(peeled.head);
    const last = peeled.layers[peeled.layers.length - 1] ?? 'gzip';
    if (!detection.ok)
      throw await s.failure(new LayerError(last, `inside ${outer}: not a pg_dump backup (${detection.reason})`));
    const detected = detection.detected;
    if (detected.format === null || detected.format === 'directory')
      throw await s.failure(new LayerError(last, `inside ${outer}: not a pg_dump archive or plain dump`));
    const format = detected.format === 'plain-gzip' ? 'plain' : detected.format;
    const layers = detected.format === 'plain-gzip' ? [...peeled.layers, 'gzip' as const] : peeled.layers;
    const innerPath =
      format === 'plain'
        ? null
        : path.join(temp.dir, `${safeFileName(remote.name.replace(/(\.[a-z0-9]+)+$/i, ''))}.unwrapped`);
    await s.keep(format === 'plain');
    return {
      layers,
      detected: { ...detected, format, wrapping: layers },
      innerPath,
      read: async (sinks: ByteSink[], signal?: AbortSignal) => {
        let unwrapped: number;
        // The pass's deadline ends the layers' chain (and their tools) wherever it waits.
        const stop = () => peeled.inner.destroy(signal?.reason);
        signal?.addEventListener('abort', stop, { once: true });
        try {
          signal?.throwIfAborted();
          if (innerPath) await checkRoomToUnwrap(temp.dir, remote.sizeBytes);
          unwrapped = await passInner(peeled.inner, sinks, innerPath);
        } catch (error) {
          // Past the deadline the rest of the download is not worth hashing: it ends here too.
          if (signal?.aborted) {
            s.cancel();
            throw signal.reason;
          }
          throw await s.failure(error);
        } finally {
          signal?.removeEventListener('abort', stop);
        }
        // A layer may end before the download does (trailing bytes): all of them are hashed.
        s.stopFeeding();
        const result = await s.result();
        read = true;
        return { ...result, bytesWritten: (result.bytesWritten ?? 0) + unwrapped };
      },
      open: format === 'plain' ? () => openUnwrapped(remote.storedPath, opts) : null,
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}
