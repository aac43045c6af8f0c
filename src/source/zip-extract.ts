// An artifact's zip extracted with the same limits as every other source: the sizes its central
// directory declares are checked against the free space first, and the bytes actually inflated
// are counted as they are written, so an entry that lies about its size (a zip bomb) stops when
// the folder's disk would keep less than the reserve. Names are checked before anything is
// written: no absolute paths, no `..`, no backslashes, no links; only stored and deflated entries.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, statfs } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw } from 'node:zlib';
import { formatBytes } from '../util/format.js';

/** Free space kept on the disk while extracting, as while unwrapping a backup. */
export const EXTRACT_RESERVE_BYTES = 64 * 1024 * 1024;

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  offset: number;
  isDirectory: boolean;
  isLink: boolean;
}

class ZipLimitError extends Error {
  override name = 'ZipLimitError';
}

async function freeBytes(dir: string): Promise<number> {
  const s = await statfs(dir);
  return Number(s.bavail) * Number(s.bsize);
}

async function readAt(file: Awaited<ReturnType<typeof open>>, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** The central directory's entries (ZIP64 included). */
async function readEntries(zipPath: string): Promise<Entry[]> {
  const file = await open(zipPath, 'r');
  try {
    const size = (await file.stat()).size;
    const tailLength = Math.min(size, 65_557);
    const tail = await readAt(file, size - tailLength, tailLength);
    const at = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (at < 0) throw new Error('not a zip file (no end of central directory)');
    let count = tail.readUInt16LE(at + 10);
    let cdSize = tail.readUInt32LE(at + 12);
    let cdOffset = tail.readUInt32LE(at + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      const locator = tail.subarray(Math.max(0, at - 20), at);
      if (locator.readUInt32LE(0) !== 0x07064b50) throw new Error('a ZIP64 archive without its locator');
      const record = await readAt(file, Number(locator.readBigUInt64LE(8)), 56);
      if (record.readUInt32LE(0) !== 0x06064b50) throw new Error('a ZIP64 archive without its end record');
      count = Number(record.readBigUInt64LE(32));
      cdSize = Number(record.readBigUInt64LE(40));
      cdOffset = Number(record.readBigUInt64LE(48));
    }
    if (cdOffset + cdSize > size) throw new Error('the central directory lies past the end of the file');
    const cd = await readAt(file, cdOffset, cdSize);
    const entries: Entry[] = [];
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) throw new Error('a damaged central directory');
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      let compressedSize = cd.readUInt32LE(p + 20);
      let entrySize = cd.readUInt32LE(p + 24);
      let offset = cd.readUInt32LE(p + 42);
      const extra = cd.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength);
      for (let e = 0; e + 4 <= extra.length; ) {
        const id = extra.readUInt16LE(e);
        const length = extra.readUInt16LE(e + 2);
        if (id === 0x0001) {
          let q = e + 4;
          const next = () => {
            const v = Number(extra.readBigUInt64LE(q));
            q += 8;
            return v;
          };
          if (entrySize === 0xffffffff) entrySize = next();
          if (compressedSize === 0xffffffff) compressedSize = next();
          if (offset === 0xffffffff) offset = next();
        }
        e += 4 + length;
      }
      const name = cd.toString('utf8', p + 46, p + 46 + nameLength);
      const mode = cd.readUInt32LE(p + 38) >>> 16;
      entries.push({
        name,
        method: cd.readUInt16LE(p + 10),
        compressedSize,
        size: entrySize,
        offset,
        isDirectory: name.endsWith('/'),
        isLink: (mode & 0o170000) === 0o120000,
      });
      p += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    await file.close();
  }
}

/** Why an entry's name may not be written into the folder, or null. */
function nameProblem(name: string): string | null {
  if (name === '' || name.includes('\0') || name.includes('\\')) return 'a name with a backslash or NUL';
  if (name.startsWith('/') || /^[a-z]:/i.test(name)) return 'an absolute path';
  if (name.split('/').some((segment) => segment === '..')) return "a '..' segment";
  return null;
}

/**
 * Extracts `zipPath` into `dir`; throws ZipLimitError when the entries (declared or inflated)
 * would leave less than the reserve free, Error for a damaged or hostile zip.
 */
export async function extractZipBounded(zipPath: string, dir: string, reserve = EXTRACT_RESERVE_BYTES): Promise<void> {
  const entries = await readEntries(zipPath);
  const free = await freeBytes(dir);
  const cap = Math.max(0, free - reserve);
  const where = `the temporary folder ${dir}`;
  const declared = entries.reduce((sum, e) => sum + e.size, 0);
  if (declared > cap) {
    throw new ZipLimitError(
      `the artifact's zip declares ${formatBytes(declared)} of files but ${where} has ${formatBytes(free)} free (${formatBytes(reserve)} kept free); nothing was extracted`,
    );
  }
  let written = 0;
  for (const entry of entries) {
    const problem = nameProblem(entry.name);
    if (problem)
      throw new Error(`the artifact's zip holds ${entry.name.slice(0, 80)}: ${problem}; nothing of it is used`);
    if (entry.isLink) throw new Error(`the artifact's zip holds a link (${entry.name}); backups are files`);
    const target = path.join(dir, entry.name);
    if (entry.isDirectory) {
      await mkdir(target, { recursive: true });
      continue;
    }
    if (entry.method !== 0 && entry.method !== 8)
      throw new Error(
        `the artifact's zip stores ${entry.name} with compression method ${entry.method} (only stored and deflate)`,
      );
    await mkdir(path.dirname(target), { recursive: true });
    const file = await open(zipPath, 'r');
    const local = await readAt(file, entry.offset, 30);
    await file.close();
    if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50) throw new Error(`a damaged entry: ${entry.name}`);
    const start = entry.offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        written += chunk.length;
        if (written > cap) {
          done(
            new ZipLimitError(
              `the artifact's zip inflated past the space for it: stopped after ${formatBytes(written)} in ${entry.name}, ${where} had ${formatBytes(free)} free (${formatBytes(reserve)} kept free)`,
            ),
          );
          return;
        }
        done(null, chunk);
      },
    });
    const out = createWriteStream(target, { mode: 0o600 });
    if (entry.compressedSize === 0) {
      await new Promise<void>((resolve, reject) => {
        out.once('error', reject);
        out.end(() => resolve());
      });
      continue;
    }
    const raw = createReadStream(zipPath, { start, end: start + entry.compressedSize - 1 });
    if (entry.method === 8) await pipeline(raw, createInflateRaw(), count, out);
    else await pipeline(raw, count, out);
  }
}
