// The archive's own table of contents: the one reader for custom archives and for the toc.dat of
// tar and directory archives (pg_backup_archiver.c ReadHead/ReadToc, and each format's
// ReadExtraToc). Everything the drill knows about an archive's contents comes from here, never
// from `pg_restore --list` text: names with spaces, quotes, dots, newlines or non-ASCII letters
// arrive exactly as pg_dump wrote them.
import { ArchiveEndsEarly, ArchiveReader } from './archive-reader.js';

/** The header or the TOC is not what pg_dump writes (as opposed to ending early). */
export class TocDamaged extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TocDamaged';
  }
}

type ArchiveFormatName = 'custom' | 'tar' | 'directory';
const FORMATS: Record<number, ArchiveFormatName> = { 1: 'custom', 3: 'tar', 5: 'directory' };
const COMPRESSION: Record<number, string> = { 0: 'none', 1: 'gzip', 2: 'lz4', 3: 'zstd' };

/** Archive versions pg_dump has written: 1.0 to 1.16 (PostgreSQL 17). */
export const NEWEST_ARCHIVE_MINOR = 16;
/** Oldest version whose header names the pg_dump that wrote it (PostgreSQL 8.4). */
const OLDEST_READ_MINOR = 10;
const MAX_TOC_STRING = 64 * 1024 * 1024;

export const SECTION = { none: 1, preData: 2, data: 3, postData: 4 } as const;

/** A TOC entry's data state in a custom archive (pg_backup_custom.c). */
export const DATA_STATE = { offsetNotSet: 1, offsetSet: 2, noData: 3 } as const;

export interface ArchiveTocEntry {
  dumpId: number;
  /** pg_dump had a data dumper for this entry: TABLE DATA and BLOBS entries, which must have data. */
  hadDumper: boolean;
  /** `TABLE`, `TABLE DATA`, `TABLE ATTACH`, `INDEX`, `EXTENSION`, `BLOBS`, ... */
  desc: string;
  /** The object's name, unquoted (the table's name for TABLE and TABLE DATA). */
  tag: string;
  namespace: string | null;
  /** The tablespace pg_restore sets for the object (null or empty: the default). */
  tablespace: string | null;
  owner: string | null;
  /** pg_dump's teSection: 1 none, 2 pre-data, 3 data, 4 post-data (null before archive version 1.11). */
  section: number | null;
  defn: string | null;
  dependencies: number[];
  /** Custom archives: the data state (DATA_STATE) and block offset; null for tar and directory. */
  dataState: number | null;
  offset: number | null;
  /** Tar and directory archives: the data file (`<id>.dat`, `blobs.toc`); null when none. */
  filename: string | null;
}

export interface ArchiveToc {
  format: ArchiveFormatName;
  version: { major: number; minor: number; rev: number };
  intSize: number;
  offSize: number;
  /** none, gzip, lz4 or zstd (gzip for the level-only headers before 1.15 when the level is not 0). */
  compression: string;
  dbname: string | null;
  serverVersion: string | null;
  pgDumpVersion: string | null;
  entries: ArchiveTocEntry[];
  /** Byte offset right after the TOC: where a custom archive's data blocks start. */
  end: number;
}

export interface TocTable {
  schema: string;
  name: string;
  owner: string | null;
}

/** Is 1.`minor` a version pg_dump has written (and this reader reads)? */
export function knownArchiveVersion(major: number, minor: number): boolean {
  return major === 1 && minor >= OLDEST_READ_MINOR && minor <= NEWEST_ARCHIVE_MINOR;
}

function readHead(r: ArchiveReader, major: number, minor: number) {
  r.byte(); // revision
  r.intSize = r.byte();
  const offSize = r.byte();
  if (r.intSize < 1 || r.intSize > 8 || offSize < 1 || offSize > 8) {
    throw new TocDamaged(`the header is damaged: integer size ${r.intSize}, offset size ${offSize}`);
  }
  const formatCode = r.byte();
  const format = FORMATS[formatCode];
  if (!format) throw new TocDamaged(`the header is damaged: format code ${formatCode} is not an archive format`);
  let compression: string;
  if (minor >= 15) {
    const code = r.byte();
    compression = COMPRESSION[code] ?? '';
    if (!compression) throw new TocDamaged(`the header is damaged: compression code ${code} is unknown`);
  } else {
    compression = r.int() === 0 ? 'none' : 'gzip';
  }
  // The creation time (pgdmp-header.ts reads it for the report): plausible fields or a damaged header.
  const [sec, min, hour, mday, mon, year, isdst] = Array.from({ length: 7 }, () => r.int()) as number[];
  const timeOk =
    (sec as number) <= 61 &&
    (min as number) < 60 &&
    (hour as number) < 24 &&
    (mday as number) >= 1 &&
    (mday as number) <= 31 &&
    (mon as number) < 12 &&
    (year as number) >= 70 &&
    (year as number) < 1100 &&
    Math.abs(isdst as number) <= 1 &&
    [sec, min, hour, mon].every((v) => (v as number) >= 0);
  if (!timeOk) throw new TocDamaged('the header is damaged: its creation time is not a time');
  const dbname = r.str();
  const serverVersion = r.str();
  const pgDumpVersion = r.str();
  if (pgDumpVersion !== null && !/^\d+(\.\d+)*/.test(pgDumpVersion)) {
    throw new TocDamaged('the header is damaged: its pg_dump version is not a version');
  }
  return {
    format,
    version: { major, minor, rev: 0 },
    intSize: r.intSize,
    offSize,
    compression,
    dbname,
    serverVersion,
    pgDumpVersion,
  };
}

function readEntry(r: ArchiveReader, minor: number, format: ArchiveFormatName, offSize: number, index: number) {
  const dumpId = r.int();
  if (dumpId <= 0) throw new TocDamaged(`TOC entry ${index + 1} has dump id ${dumpId}: the TOC is damaged`);
  const hadDumper = r.int();
  if (hadDumper !== 0 && hadDumper !== 1) {
    throw new TocDamaged(`TOC entry ${dumpId} has a data-dumper flag of ${hadDumper}: the TOC is damaged`);
  }
  r.str(); // tableoid
  r.str(); // oid
  const tag = r.str() ?? '';
  const desc = r.str() ?? '';
  if (!/^[A-Z][A-Z ]*$/.test(desc))
    throw new TocDamaged(`TOC entry ${dumpId} has no valid object type: the TOC is damaged`);
  const section = minor >= 11 ? r.int() : null;
  if (section !== null && (section < 1 || section > 4)) {
    throw new TocDamaged(`TOC entry ${dumpId} (${desc} ${tag}) names section ${section}: the TOC is damaged`);
  }
  const defn = r.str();
  r.str(); // dropStmt
  r.str(); // copyStmt
  const namespace = r.str();
  const tablespace = r.str();
  if (minor >= 14) r.str(); // table access method
  if (minor >= 16) r.int(); // relkind
  const owner = r.str();
  const withOids = r.str(); // "false" (WITH OIDS): anything else means the fields are misread
  if (withOids !== 'false' && withOids !== 'true') {
    throw new TocDamaged(
      `TOC entry ${dumpId} (${desc} ${tag}) does not read as archive version 1.${minor}: the TOC is damaged`,
    );
  }
  const dependencies: number[] = [];
  for (let dep = r.str(); dep !== null; dep = r.str()) dependencies.push(Number(dep));
  let dataState: number | null = null;
  let offset: number | null = null;
  let filename: string | null = null;
  if (format === 'custom') {
    dataState = r.byte();
    if (dataState < 1 || dataState > 3) {
      throw new TocDamaged(`TOC entry ${dumpId} (${desc} ${tag}) has data state ${dataState}: the TOC is damaged`);
    }
    offset = 0;
    for (let b = 0; b < offSize; b++) offset += r.byte() * 2 ** (8 * b);
  } else {
    filename = r.str() || null;
  }
  return {
    dumpId,
    hadDumper: hadDumper === 1,
    desc,
    tag,
    namespace,
    tablespace,
    owner,
    section,
    defn,
    dependencies,
    dataState,
    offset,
    filename,
  };
}

type ArchiveHeader = Omit<ArchiveToc, 'entries' | 'end'>;

function startReading(buf: Buffer, layout?: { minor: number }) {
  if (buf.length < 5) throw new ArchiveEndsEarly();
  if (buf.toString('latin1', 0, 5) !== 'PGDMP') throw new TocDamaged('it does not start with the PGDMP header');
  // Strings longer than this are damaged length fields, not SQL (a cut file ends early instead).
  const r = new ArchiveReader(buf, 5, 4, MAX_TOC_STRING);
  const major = r.byte();
  const minor = r.byte();
  const read = layout ? { major: 1, minor: layout.minor } : { major, minor };
  if (!knownArchiveVersion(read.major, read.minor)) throw new UnknownArchiveVersion(major, minor);
  try {
    return { r, head: readHead(r, read.major, read.minor) as ArchiveHeader };
  } catch (error) {
    if (error instanceof RangeError) throw new TocDamaged('the header is damaged (implausible string length)');
    throw error;
  }
}

/** The header alone, read as its version bytes say or as `layout` (to tell a damaged version byte). */
export function readArchiveHeader(buf: Buffer, layout?: { minor: number }): ArchiveHeader {
  return startReading(buf, layout).head;
}

/**
 * Reads header and TOC from the start of `buf` (a custom archive or a toc.dat; `container`
 * 'directory' for the toc.dat of a directory archive; `layout` reads it as that version whatever
 * its version bytes say). Throws
 * ArchiveEndsEarly when `buf` ends first, TocDamaged when the bytes are not a TOC, and
 * UnknownArchiveVersion when the version bytes are not one this reader reads.
 */
export function readArchiveToc(buf: Buffer, container?: ArchiveFormatName, layout?: { minor: number }): ArchiveToc {
  const { r, head } = startReading(buf, layout);
  // pg_dump writes the tar format's code (3) into a directory archive's toc.dat as well.
  if (container === 'directory' && head.format === 'tar') head.format = 'directory';
  const { minor } = head.version;
  try {
    const count = r.int();
    if (count < 0 || count > 10_000_000) throw new TocDamaged(`the TOC claims ${count} entries: it is damaged`);
    const entries: ArchiveTocEntry[] = [];
    for (let i = 0; i < count; i++) entries.push(readEntry(r, minor, head.format, head.offSize, i));
    return { ...head, entries, end: r.pos };
  } catch (error) {
    if (error instanceof RangeError)
      throw new TocDamaged('a length field in the TOC is damaged (implausible string length)');
    throw error;
  }
}

/** Version bytes this reader does not read: a version pg_dump never wrote, newer, or pre-8.4. */
export class UnknownArchiveVersion extends Error {
  constructor(
    readonly major: number,
    readonly minor: number,
  ) {
    super(`archive version ${major}.${minor}`);
    this.name = 'UnknownArchiveVersion';
  }
}

/** The TABLE entries (partitioned parents and partitions included), names exactly as in the archive. */
export function tocTables(toc: ArchiveToc): TocTable[] {
  return toc.entries
    .filter((e) => e.desc === 'TABLE')
    .map((e) => ({ schema: e.namespace ?? 'public', name: e.tag, owner: e.owner }));
}

/** The extensions the archive creates (EXTENSION entries), by name. */
export function tocExtensions(toc: ArchiveToc): string[] {
  return toc.entries.filter((e) => e.desc === 'EXTENSION').map((e) => e.tag);
}

/** `schema.name` of an entry for messages (names printed as they are). */
export function entryLabel(entry: ArchiveTocEntry): string {
  const name = entry.namespace ? `${entry.namespace}.${entry.tag}` : entry.tag;
  return `${entry.desc} ${name}`;
}
