// The structure of a custom-format archive (pg_backup_archiver.c ReadHead/ReadToc,
// pg_backup_custom.c): header, table of contents, then one data block per TOC entry with data:
//   block   := type byte (1 data, 3 large objects), dump id (int), then
//              data:  chunk* int(0)                 chunk := int(length) bytes
//              blobs: (oid int, chunk* int(0))* int(0)
// Walking it checks, in the one pass that reads the file, that every data block the TOC announces
// is there, complete, at the offset the TOC records, and that the file ends where the last block
// does: a cut or padded archive fails here without decompressing anything (pg_restore --list
// alone does not notice a cut archive). Corruption inside compressed data is the checksum's and
// the restore's to find.
import { ArchiveEndsEarly, ArchiveReader } from './archive-reader.js';
import type { ByteSink } from './stream-reader.js';

export interface CustomTocEntry {
  dumpId: number;
  desc: string;
  tag: string;
  namespace: string | null;
  /** 1: offset not set (written to a pipe), 2: offset set, 3: no data. */
  dataState: number;
  offset: number;
}

export interface CustomWalkResult {
  ok: boolean;
  problem: string | null;
  entries: CustomTocEntry[];
  /** Data blocks found, by dump id. */
  blocks: number;
}

const K_OFFSET_POS_SET = 2;
const K_OFFSET_NO_DATA = 3;
const BLK_DATA = 1;
const BLK_BLOBS = 3;
const MAX_HEAD_BYTES = 512 * 1024 * 1024;

interface Parsed {
  entries: CustomTocEntry[];
  dataStart: number;
  intSize: number;
}

/** Parses header and TOC; throws ArchiveEndsEarly when `buf` ends first, Error when it is not parseable. */
export function parseCustomHead(buf: Buffer): Parsed {
  if (buf.length < 5) throw new ArchiveEndsEarly();
  if (buf.toString('latin1', 0, 5) !== 'PGDMP') throw new Error('no PGDMP header');
  const r = new ArchiveReader(buf, 5, 4);
  const major = r.byte();
  const minor = r.byte();
  if (major !== 1 || minor < 10) throw new Error(`archive version ${major}.${minor} is too old to walk`);
  r.byte(); // revision
  r.intSize = r.byte();
  const offSize = r.byte();
  if (r.intSize < 1 || r.intSize > 8 || offSize < 1 || offSize > 8) throw new Error('implausible int or offset size');
  const format = r.byte();
  if (format !== 1) throw new Error(`not a custom-format archive (format ${format})`);
  if (minor >= 15) r.byte();
  else r.int();
  for (let i = 0; i < 7; i++) r.int(); // creation time
  r.str(); // database name
  r.str(); // server version
  r.str(); // pg_dump version
  const count = r.int();
  if (count < 0 || count > 10_000_000) throw new Error('implausible TOC size');
  const entries: CustomTocEntry[] = [];
  for (let i = 0; i < count; i++) {
    const dumpId = r.int();
    if (dumpId <= 0) throw new Error(`TOC entry ${i} has dump id ${dumpId}: corrupt TOC`);
    r.int(); // hadDumper
    r.str(); // tableoid
    r.str(); // oid
    const tag = r.str() ?? '';
    const desc = r.str() ?? '';
    if (minor >= 11) r.int(); // section
    r.str(); // defn
    r.str(); // dropStmt
    r.str(); // copyStmt
    const namespace = r.str();
    r.str(); // tablespace
    if (minor >= 14) r.str(); // tableam
    if (minor >= 16) r.int(); // relkind
    r.str(); // owner
    r.str(); // "false" (WITH OIDS)
    while (r.str() !== null); // dependencies, NULL-terminated
    const dataState = r.byte();
    let offset = 0;
    for (let b = 0; b < offSize; b++) offset += r.byte() * 2 ** (8 * b);
    entries.push({ dumpId, desc, tag, namespace, dataState, offset });
  }
  return { entries, dataStart: r.pos, intSize: r.intSize };
}

type State = 'type' | 'id' | 'chunk-length' | 'skip' | 'blob-oid';

/** Fed the archive's bytes in order (a sink of the one read pass); `finish()` judges it. */
export class CustomArchiveWalker implements ByteSink {
  private head: Buffer[] = [];
  private headBytes = 0;
  private nextParseAt = 64 * 1024;
  private parsed: Parsed | null = null;
  private failed: string | null = null;
  private position = 0; // file offset of the next byte the state machine reads
  private state: State = 'type';
  private intBytes: number[] = [];
  private blockType = 0;
  private blockStart = 0;
  private skipLeft = 0;
  private readonly blockAt = new Map<number, number>(); // dump id -> offset

  write(chunk: Buffer): void {
    if (this.failed !== null) return;
    if (this.parsed === null) {
      this.head.push(chunk);
      this.headBytes += chunk.length;
      if (this.headBytes < this.nextParseAt) return;
      this.tryParse(false);
      return;
    }
    this.walk(chunk);
  }

  end(): void {}

  private tryParse(final: boolean): void {
    const buf = Buffer.concat(this.head);
    try {
      this.parsed = parseCustomHead(buf);
    } catch (error) {
      if (!(error instanceof ArchiveEndsEarly)) {
        this.failed = (error as Error).message;
      } else if (final) {
        this.failed = 'the archive ends inside its table of contents';
      } else if (this.headBytes > MAX_HEAD_BYTES) {
        this.failed = 'the table of contents is implausibly large';
      } else {
        this.nextParseAt = this.headBytes * 2;
      }
      return;
    }
    this.head = [];
    this.position = this.parsed.dataStart;
    this.walk(buf.subarray(this.parsed.dataStart));
  }

  private readInt(buf: Buffer, i: number): [number | null, number] {
    const size = 1 + (this.parsed as Parsed).intSize;
    while (this.intBytes.length < size && i < buf.length) this.intBytes.push(buf[i++] as number);
    if (this.intBytes.length < size) return [null, i];
    const [sign, ...bytes] = this.intBytes;
    this.intBytes = [];
    const value = bytes.reduce((sum, b, k) => sum + b * 2 ** (8 * k), 0);
    return [sign ? -value : value, i];
  }

  private walk(buf: Buffer): void {
    let i = 0;
    while (i < buf.length && this.failed === null) {
      if (this.state === 'skip') {
        const n = Math.min(this.skipLeft, buf.length - i);
        i += n;
        this.skipLeft -= n;
        if (this.skipLeft === 0) this.state = 'chunk-length';
        continue;
      }
      if (this.state === 'type') {
        this.blockStart = this.position + i;
        this.blockType = buf[i++] as number;
        if (this.blockType !== BLK_DATA && this.blockType !== BLK_BLOBS) {
          this.failed = `unexpected data block type ${this.blockType} at byte ${this.blockStart}`;
          break;
        }
        this.state = 'id';
        continue;
      }
      const [value, next] = this.readInt(buf, i);
      i = next;
      if (value === null) break;
      if (this.state === 'id') {
        if (this.blockAt.has(value)) this.failed = `data block for dump id ${value} appears twice`;
        this.blockAt.set(value, this.blockStart);
        this.state = this.blockType === BLK_DATA ? 'chunk-length' : 'blob-oid';
      } else if (this.state === 'blob-oid') {
        this.state = value === 0 ? 'type' : 'chunk-length';
      } else if (value < 0) {
        this.failed = `negative chunk length at byte ${this.position + i}`;
      } else if (value === 0) {
        this.state = this.blockType === BLK_DATA ? 'type' : 'blob-oid';
      } else {
        this.skipLeft = value;
        this.state = 'skip';
      }
    }
    this.position += buf.length;
  }

  /** Judges the archive once every byte (`totalBytes` of them) was fed. */
  finish(totalBytes: number): CustomWalkResult {
    if (this.parsed === null && this.failed === null) this.tryParse(true);
    const entries = this.parsed?.entries ?? [];
    const result = (problem: string | null): CustomWalkResult => ({
      ok: problem === null,
      problem,
      entries,
      blocks: this.blockAt.size,
    });
    if (this.failed !== null) return result(this.failed);
    if (this.state !== 'type' || this.intBytes.length > 0) {
      return result(`the archive is cut short: it ends inside a data block (${totalBytes} bytes)`);
    }
    for (const entry of entries) {
      if (entry.dataState === K_OFFSET_NO_DATA) continue;
      const at = this.blockAt.get(entry.dumpId);
      if (at === undefined) {
        return result(
          `the data of ${entry.desc} ${entry.tag} (dump id ${entry.dumpId}) is missing: the archive is cut short`,
        );
      }
      if (entry.dataState === K_OFFSET_POS_SET && entry.offset !== at) {
        return result(
          `the data of ${entry.desc} ${entry.tag} is at byte ${at}, not at ${entry.offset} as the TOC says`,
        );
      }
    }
    return result(null);
  }
}
