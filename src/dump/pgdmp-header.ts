// The header pg_dump writes at the start of a custom archive and of the toc.dat of directory and
// tar archives (pg_backup_archiver.c, WriteHead/ReadHead):
//   "PGDMP", vmaj, vmin, vrev, intSize, offSize, format (bytes);
//   compression: a byte (algorithm) from 1.15, an int (level) from 1.4, a byte before that;
//   tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year, tm_isdst (ints, the dumping machine's local time);
//   dbname, server version (from 1.10), pg_dump version (from 1.10) (strings).
// An int is a sign byte followed by intSize bytes, least significant first; a string is an int
// length (-1 for NULL) followed by that many bytes.

import { sanitizeName } from '../util/sanitize.js';
import { ArchiveReader } from './archive-reader.js';

export const PGDMP_MAGIC = Buffer.from('PGDMP', 'latin1');

/** pg_dump's ArchiveFormat codes. */
const FORMAT_NAMES: Record<number, string> = { 1: 'custom', 2: 'files', 3: 'tar', 4: 'null', 5: 'directory' };

export interface PgdmpHeader {
  /** e.g. `1.14-0`, as pg_restore --list prints it. */
  archiveVersion: string;
  major: number;
  minor: number;
  rev: number;
  format: string;
  /** Null when the header is too short or not a format this parser knows (then the fields below are too). */
  createdAt: Date | null;
  dbname: string | null;
  serverVersion: string | null;
  pgDumpVersion: string | null;
}

/** Parses the header at the start of `buf`; null when it does not start with the PGDMP magic. */
export function parsePgdmpHeader(buf: Buffer): PgdmpHeader | null {
  if (buf.length < 8 || !buf.subarray(0, 5).equals(PGDMP_MAGIC)) return null;
  const major = buf[5] ?? 0;
  const minor = buf[6] ?? 0;
  const hasRev = major > 1 || (major === 1 && minor > 0);
  const rev = hasRev ? (buf[7] ?? 0) : 0;
  const header: PgdmpHeader = {
    archiveVersion: `${major}.${minor}-${rev}`,
    major,
    minor,
    rev,
    format: 'unknown',
    createdAt: null,
    dbname: null,
    serverVersion: null,
    pgDumpVersion: null,
  };
  // Archives older than 1.10 (PostgreSQL 8.x) carry no version strings: not worth parsing further.
  if (major !== 1 || minor < 10) return header;
  try {
    const start = hasRev ? 8 : 7;
    const intSize = buf[start] ?? 0;
    if (intSize < 1 || intSize > 8) return header;
    // Names and version strings are short; anything longer means we are not reading a header.
    const c = new ArchiveReader(buf, start + 1, intSize, 1024);
    c.byte(); // offSize
    header.format = FORMAT_NAMES[c.byte()] ?? 'unknown';
    if (minor >= 15) c.byte();
    else c.int();
    const [sec, min, hour, mday, mon, year] = [c.int(), c.int(), c.int(), c.int(), c.int(), c.int()];
    c.int(); // isdst: Date resolves daylight saving time itself
    // pg_restore turns these fields into a time with mktime(), i.e. in the local time zone.
    const created = new Date(year + 1900, mon, mday, hour, min, sec);
    const plausible = mon >= 0 && mon < 12 && mday >= 1 && mday <= 31 && hour < 24 && min < 60 && sec <= 61;
    header.createdAt = plausible && year >= 70 && !Number.isNaN(created.getTime()) ? created : null;
    // Strings of the backup's own making: no newline or escape of theirs reaches a log or a report.
    const text = () => {
      const value = c.str();
      return value === null ? null : sanitizeName(value);
    };
    header.dbname = text();
    header.serverVersion = text();
    header.pgDumpVersion = text();
  } catch {
    // A short or garbled header: keep what was read (version, maybe format).
  }
  return header;
}

/** The newest archive version a pg_restore of this major version reads (pg_backup_archiver.h, K_VERS_MAX). */
export function maxArchiveMinorFor(pgMajor: number): number {
  if (pgMajor >= 17) return 16;
  if (pgMajor === 16) return 15;
  if (pgMajor >= 12) return 14;
  if (pgMajor >= 11) return 13;
  return 12;
}

/** The lowest client major that reads an archive of version `1.N` (as the report writes it); null when not known. */
export function archiveClientMajor(version: string | null): number | null {
  const minor = /^1\.(\d+)/.exec(version ?? '')?.[1];
  return minor === undefined ? null : minPgMajorForArchiveMinor(Number(minor));
}

/** The first PostgreSQL major version whose pg_restore reads archive version 1.`minor`; null when not known here. */
export function minPgMajorForArchiveMinor(minor: number): number | null {
  if (minor > 16) return null;
  if (minor === 16) return 17;
  if (minor === 15) return 16;
  if (minor === 14) return 12;
  if (minor === 13) return 11;
  return 9;
}
