// Recognising a backup by its content (never by its name alone): the PGDMP magic of a custom
// archive, a directory holding toc.dat, a ustar archive whose first member is toc.dat, gzip, or a
// text file that starts the way pg_dump starts a plain dump.
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync, constants as zlibConstants } from 'node:zlib';
import type { BackupFormat, BackupLayer } from '../model/backup-types.js';
import { readArchiveHeader } from './archive-toc.js';
import { sniffLayer } from './layer-magic.js';
import { PGDMP_MAGIC, type PgdmpHeader, parsePgdmpHeader } from './pgdmp-header.js';

/** How much of each candidate is read to recognise it (the header is ~150 bytes; tar adds 512). */
export const PEEK_BYTES = 16 * 1024;

export interface Detected {
  /** The pg_dump format; null when it is inside layers that are removed only once the backup is chosen. */
  format: BackupFormat | null;
  /** Layers recognised so far, outermost first: ['gzip'] for plain-gzip; the outermost of a wrapped backup. */
  wrapping: BackupLayer[];
  header: PgdmpHeader | null;
  /** Creation time from the backup's own content, null when it carries none. */
  createdAt: Date | null;
  pgDumpVersion: string | null;
  serverVersion: string | null;
}

export type Detection = { ok: true; detected: Detected } | { ok: false; reason: string };

const PLAIN_START = /^(?:\uFEFF)?--\r?\n-- PostgreSQL database dump\r?\n/;

async function peek(file: string, bytes = PEEK_BYTES): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function fromHeader(format: BackupFormat, header: PgdmpHeader): Detected {
  return {
    format,
    wrapping: [],
    header,
    createdAt: header.createdAt,
    pgDumpVersion: header.pgDumpVersion,
    serverVersion: header.serverVersion,
  };
}

/** Facts a plain dump states in its opening comments (pg_dump writes "Started on" only with --verbose). */
function plainDumpFacts(text: string): Pick<Detected, 'createdAt' | 'pgDumpVersion' | 'serverVersion'> {
  const server = /^-- Dumped from database version (.+)$/m.exec(text)?.[1]?.trim() ?? null;
  const dumper = /^-- Dumped by pg_dump version (.+)$/m.exec(text)?.[1]?.trim() ?? null;
  const started = /^-- Started on (.+)$/m.exec(text)?.[1]?.trim();
  const createdAt = started ? new Date(started) : null;
  return {
    createdAt: createdAt && !Number.isNaN(createdAt.getTime()) ? createdAt : null,
    pgDumpVersion: dumper,
    serverVersion: server,
  };
}

function plainDetected(format: 'plain' | 'plain-gzip', text: string): Detected {
  return { format, wrapping: format === 'plain-gzip' ? ['gzip'] : [], header: null, ...plainDumpFacts(text) };
}

function tarFirstMember(buf: Buffer): string | null {
  if (buf.length < 512 || buf.toString('latin1', 257, 262) !== 'ustar') return null;
  return buf.toString('latin1', 0, 100).replace(/\0.*$/s, '');
}

/**
 * A pg_dump header whose PGDMP signature lost a byte or two: the rest still reads as an archive
 * header. Said as damage, not as "not a backup".
 */
function damagedSignature(buf: Buffer): boolean {
  const same = [...PGDMP_MAGIC].filter((b, i) => buf[i] === b).length;
  if (same < 3 || same === PGDMP_MAGIC.length) return false;
  try {
    readArchiveHeader(Buffer.concat([PGDMP_MAGIC, buf.subarray(PGDMP_MAGIC.length)]));
    return true;
  } catch {
    return false;
  }
}

const DAMAGED_SIGNATURE =
  'its header is damaged: the PGDMP signature is altered, the rest reads as a pg_dump archive header';

export async function detectBackup(target: string): Promise<Detection> {
  const info = await stat(target);
  if (info.isDirectory()) {
    const entries = await readdir(target);
    if (!entries.includes('toc.dat')) return { ok: false, reason: 'a directory without toc.dat' };
    const toc = await peek(path.join(target, 'toc.dat'));
    const header = parsePgdmpHeader(toc);
    if (!header && damagedSignature(toc)) return { ok: false, reason: `toc.dat: ${DAMAGED_SIGNATURE}` };
    if (!header) return { ok: false, reason: 'a directory whose toc.dat does not start with PGDMP' };
    return { ok: true, detected: fromHeader('directory', header) };
  }
  if (!info.isFile()) return { ok: false, reason: 'neither a file nor a directory' };
  const buf = await peek(target);
  if (buf.length === 0) return { ok: false, reason: 'an empty file' };
  return detectContent(buf, true);
}

/** A wrapped backup before its layers are removed: the format inside is found once it is chosen. */
function wrapped(layer: BackupLayer): Detection {
  return {
    ok: true,
    detected: {
      format: null,
      wrapping: [layer],
      header: null,
      createdAt: null,
      pgDumpVersion: null,
      serverVersion: null,
    },
  };
}

/**
 * A backup recognised by its first bytes: a pg_dump format, or (when `allowWrapped`) an encryption
 * or compression layer around one. gzip around a plain dump stays the `plain-gzip` format.
 */
export function detectContent(buf: Buffer, allowWrapped = false): Detection {
  const custom = parsePgdmpHeader(buf);
  if (custom) return { ok: true, detected: fromHeader('custom', custom) };
  const member = tarFirstMember(buf);
  if (member !== null) {
    const header = member === 'toc.dat' ? parsePgdmpHeader(buf.subarray(512)) : null;
    if (!header && member === 'toc.dat' && damagedSignature(buf.subarray(512))) {
      return { ok: false, reason: `its toc.dat: ${DAMAGED_SIGNATURE}` };
    }
    if (!header) return { ok: false, reason: `a tar archive whose first member is '${member}', not a pg_dump toc.dat` };
    return { ok: true, detected: fromHeader('tar', header) };
  }
  if (buf[0] === 0x1f && buf[1] === 0x8b) {
    let start: Buffer;
    try {
      // Only the first bytes are at hand: inflate what they hold, without asking for the end.
      start = gunzipSync(buf, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    } catch {
      return { ok: false, reason: 'gzip data that does not inflate' };
    }
    const text = start.toString('utf8');
    if (PLAIN_START.test(text)) return { ok: true, detected: plainDetected('plain-gzip', text) };
    if (!allowWrapped) return { ok: false, reason: 'gzip data inside the other layers' };
    const inside = detectContent(start, true);
    if (inside.ok || sniffLayer(start) !== null) return wrapped('gzip');
    return { ok: false, reason: 'gzip data that is not a pg_dump backup' };
  }
  const layer = sniffLayer(buf);
  if (layer !== null) {
    return allowWrapped ? wrapped(layer) : { ok: false, reason: `${layer} data where a pg_dump format was expected` };
  }
  const text = buf.toString('utf8');
  if (PLAIN_START.test(text)) return { ok: true, detected: plainDetected('plain', text) };
  if (damagedSignature(buf)) return { ok: false, reason: DAMAGED_SIGNATURE };
  return { ok: false, reason: 'not a pg_dump archive or plain dump by its header' };
}
