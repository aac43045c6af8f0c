// A directory archive read once, file by file: toc.dat is read by the TOC reader; each data
// file is hashed, gzip members are inflated to their end, and the last bytes of each table's
// data are kept for the `\.` check against the TOC (toc-files.ts).
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { manifestDigest } from './checksum.js';
import { GunzipSink } from './gunzip-sink.js';
import { type ByteSink, readOnce } from './stream-reader.js';
import type { DataFile } from './toc-files.js';

/** Keeps the last bytes of a stream, or all of it. */
class TailSink implements ByteSink {
  private kept = Buffer.alloc(0);
  constructor(private readonly limit: number) {}
  write(chunk: Buffer): void {
    const joined = Buffer.concat([this.kept, chunk]);
    this.kept = Buffer.from(joined.subarray(Math.max(0, joined.length - this.limit)));
  }
  end(): void {}
  get bytes(): Buffer {
    return this.kept;
  }
}

const WHOLE = 512 * 1024 * 1024;

interface DirectoryPass {
  sha256: string;
  bytesRead: number;
  manifest: Map<string, string>;
  files: Map<string, DataFile>;
  /** toc.dat and blobs*.toc, whole (null when toc.dat is absent). */
  tocDat: Buffer | null;
  blobsTocs: Map<string, Buffer>;
  /** Files whose compression is damaged. */
  damaged: string[];
}

export async function readDirectory(dir: string): Promise<DirectoryPass> {
  const names = (await readdir(dir)).filter((n) => !n.startsWith('.')).sort();
  const manifest = new Map<string, string>();
  const files = new Map<string, DataFile>();
  const blobsTocs = new Map<string, Buffer>();
  const damaged: string[] = [];
  let tocDat: Buffer | null = null;
  let bytesRead = 0;
  for (const name of names) {
    const file = path.join(dir, name);
    if (!(await stat(file)).isFile()) continue;
    const whole = name === 'toc.dat' || /^blobs(_\d+)?\.toc$/.test(name);
    const tail = new TailSink(whole ? WHOLE : 8);
    const gunzip = name.endsWith('.gz') ? new GunzipSink(tail) : null;
    const unreadable = name.endsWith('.lz4') || name.endsWith('.zst');
    const pass = await readOnce(file, unreadable ? [] : [gunzip ?? tail]);
    bytesRead += pass.bytesRead;
    manifest.set(name, pass.sha256);
    if (gunzip?.error) damaged.push(`${name}: ${gunzip.error}`);
    if (name === 'toc.dat') tocDat = tail.bytes;
    else if (whole) blobsTocs.set(name, tail.bytes);
    else files.set(name, { tail: unreadable || gunzip?.error ? null : tail.bytes });
  }
  return { sha256: manifestDigest(manifest), bytesRead, manifest, files, tocDat, blobsTocs, damaged };
}
