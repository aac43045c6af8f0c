// The structure of a custom-format archive (pg_backup_custom.c): header and TOC (archive-toc.ts),
// then one data block per TOC entry with data:
//   block   := type byte (1 data, 3 large objects), dump id (int), then
//              data:  chunk* int(0)                 chunk := int(length) bytes
//              blobs: (oid int, chunk* int(0))* int(0)
// Walking it checks, in the one pass that reads the file and without decompressing anything:
// every block is whole and where the TOC says; every TABLE DATA/BLOBS entry that should have data
// has its block and every block belongs to such an entry (pg_restore silently skips a block whose
// entry says "no data": one flipped bit would empty a table); uncompressed (-Z0) table data ends
// with pg_dump's `\.` terminator; and the file ends where the last block does.

import { formatBytes } from '../util/format.js';
import { ArchiveEndsEarly } from './archive-reader.js';
import {
  type ArchiveToc,
  type ArchiveTocEntry,
  DATA_STATE,
  entryLabel,
  readArchiveHeader,
  readArchiveToc,
  TocDamaged,
} from './archive-toc.js';
import type { ByteSink } from './stream-reader.js';

interface CustomWalkResult {
  ok: boolean;
  problem: string | null;
  /** Null when the header or TOC could not be read. */
  toc: ArchiveToc | null;
  /** The error the TOC reader threw, for the words (version, damage, cut short). */
  tocError: Error | null;
  /** Data blocks found. */
  blocks: number;
}

const BLK_DATA = 1;
const BLK_BLOBS = 3;
const MAX_HEAD_BYTES = 512 * 1024 * 1024;
/** pg_dump ends every table's COPY data with this line (and blank lines). */
const TERMINATOR = Buffer.from('\\.\n');

/** A header that names another format than the custom archive this file is: a damaged format byte. */
function formatContradiction(buf: Buffer): TocDamaged | null {
  try {
    const format = readArchiveHeader(buf).format;
    if (format === 'custom') return null;
    return new TocDamaged(`the header says ${format} format, but this is a custom archive: the header is damaged`);
  } catch {
    return null;
  }
}

type State = 'type' | 'id' | 'chunk-length' | 'skip' | 'blob-oid';

interface Block {
  start: number;
  type: number;
  entry: ArchiveTocEntry | undefined;
  /** The last bytes of a data block's content (uncompressed archives only). */
  tail: Buffer;
  /** Where the next block starts, by the TOC (null: not recorded): no chunk may reach past it. */
  next: number | null;
}

/** Fed the archive's bytes in order (a sink of the one read pass); `finish()` judges it. */
export class CustomArchiveWalker implements ByteSink {
  private head: Buffer[] = [];
  private headSize = 0;
  private nextParseAt = 64 * 1024;
  private toc: ArchiveToc | null = null;
  private tocError: Error | null = null;
  private failed: string | null = null;
  private position = 0; // file offset of the next byte the state machine reads
  private state: State = 'type';
  private intBytes: number[] = [];
  /** The index after the int readInt read last. */
  private at = 0;
  private block: Block | null = null;
  private skipLeft = 0;
  private byId = new Map<number, ArchiveTocEntry>();
  /** Block offsets the TOC records, ascending: where each block must start. */
  private offsets: number[] = [];
  private readonly blockAt = new Map<number, number>(); // dump id -> offset
  private readonly unterminated: string[] = [];

  /** `fileSize`, when known, tells a damaged length field from a cut file. */
  constructor(private readonly fileSize: number | null = null) {}

  write(chunk: Buffer): void {
    if (this.failed !== null) return;
    if (this.toc === null) {
      this.head.push(chunk);
      this.headSize += chunk.length;
      if (this.headSize < this.nextParseAt) return;
      this.tryParse(false);
      return;
    }
    this.walk(chunk);
  }

  end(): void {}

  /** The bytes the TOC was read from (kept only when it could not be read: for the words). */
  headBytes(): Buffer {
    return this.toc === null ? Buffer.concat(this.head) : Buffer.alloc(0);
  }

  private tryParse(final: boolean): void {
    const buf = Buffer.concat(this.head);
    this.head = [buf];
    try {
      this.toc = readArchiveToc(buf);
    } catch (error) {
      if (!(error instanceof ArchiveEndsEarly)) {
        const tocError = formatContradiction(buf) ?? (error as Error);
        this.tocError = tocError;
        this.failed = tocError.message;
      } else if (final) {
        this.failed = 'the archive is cut short: it ends inside its table of contents';
      } else if (this.headSize > MAX_HEAD_BYTES) {
        this.failed = 'the table of contents is implausibly large';
      } else {
        this.nextParseAt = this.headSize * 2;
      }
      return;
    }
    if (this.toc.format !== 'custom') {
      this.failed = `the header says ${this.toc.format} format, not custom: the header is damaged`;
      return;
    }
    this.head = [];
    this.byId = new Map(this.toc.entries.map((e) => [e.dumpId, e]));
    this.offsets = this.toc.entries
      .filter((e) => e.dataState === DATA_STATE.offsetSet)
      .map((e) => e.offset as number)
      .sort((a, b) => a - b);
    this.position = this.toc.end;
    this.walk(buf.subarray(this.toc.end));
  }

  /**
   * Reads one of the archive's ints (a sign byte, then intSize bytes, least significant first)
   * from buf[i]; null when the buffer ends inside it (its bytes so far are kept for the next
   * buffer). `this.at` is then the index after what was read. Most ints lie whole in one buffer:
   * those are read in place, as this runs once a chunk of every data block.
   */
  private readInt(buf: Buffer, i: number): number | null {
    const size = 1 + (this.toc as ArchiveToc).intSize;
    if (this.intBytes.length === 0 && i + size <= buf.length) {
      let value = 0;
      for (let k = size - 1; k >= 1; k--) value = value * 256 + (buf[i + k] as number);
      this.at = i + size;
      return buf[i] ? -value : value;
    }
    while (this.intBytes.length < size && i < buf.length) this.intBytes.push(buf[i++] as number);
    this.at = i;
    if (this.intBytes.length < size) return null;
    const [sign, ...bytes] = this.intBytes;
    this.intBytes = [];
    const value = bytes.reduce((sum, b, k) => sum + b * 2 ** (8 * k), 0);
    return sign ? -value : value;
  }

  /** The offset where the block after one starting at `start` starts, by the TOC; null when not recorded. */
  private nextBlockOffset(start: number): number | null {
    return this.offsets.find((o) => o > start) ?? null;
  }

  private chunkLength(length: number, at: number): void {
    const next = (this.block as Block).next;
    if (next !== null && at + length > next && (this.fileSize === null || this.fileSize >= next)) {
      const label = this.block?.entry ? entryLabel(this.block.entry) : 'a data block';
      this.failed = `the length field at byte ${at - 1 - (this.toc as ArchiveToc).intSize} in the data of ${label} is damaged: it claims ${length} bytes, past the next block at byte ${next}`;
    }
  }

  private walk(buf: Buffer): void {
    let i = 0;
    while (i < buf.length && this.failed === null) {
      if (this.state === 'skip') {
        const n = Math.min(this.skipLeft, buf.length - i);
        if (this.block && this.block.type === BLK_DATA && this.toc?.compression === 'none') {
          this.block.tail = Buffer.concat([this.block.tail, buf.subarray(i, i + n)]).subarray(-8);
        }
        i += n;
        this.skipLeft -= n;
        if (this.skipLeft === 0) this.state = 'chunk-length';
        continue;
      }
      if (this.state === 'type') {
        const start = this.position + i;
        const type = buf[i++] as number;
        if (type !== BLK_DATA && type !== BLK_BLOBS) {
          this.failed = `unexpected data block type ${type} at byte ${start}: the data before it or a length field is damaged`;
          break;
        }
        this.block = { start, type, entry: undefined, tail: Buffer.alloc(0), next: this.nextBlockOffset(start) };
        this.state = 'id';
        continue;
      }
      const value = this.readInt(buf, i);
      i = this.at;
      if (value === null) break;
      if (this.state === 'id') this.blockId(value);
      else if (this.state === 'blob-oid') this.state = value === 0 ? 'type' : 'chunk-length';
      else if (value < 0) this.failed = `negative chunk length at byte ${this.position + i}: a length field is damaged`;
      else if (value === 0) this.blockEnd();
      else {
        this.chunkLength(value, this.position + i);
        this.skipLeft = value;
        this.state = 'skip';
      }
    }
    this.position += buf.length;
  }

  private blockId(id: number): void {
    const block = this.block as Block;
    if (this.blockAt.has(id)) this.failed = `data block for dump id ${id} appears twice`;
    this.blockAt.set(id, block.start);
    block.entry = this.byId.get(id);
    const entry = block.entry;
    if (!entry?.hadDumper) {
      this.failed = `a data block at byte ${block.start} belongs to ${entry ? entryLabel(entry) : `dump id ${id}`}, which the TOC says has no data: the TOC or the block is damaged`;
    } else if (entry?.dataState === DATA_STATE.noData) {
      this.failed = `the TOC says ${entryLabel(entry)} has no data, but its data block is at byte ${block.start}: the TOC's data state is damaged (pg_restore would skip the data)`;
    }
    this.state = block.type === BLK_DATA ? 'chunk-length' : 'blob-oid';
  }

  private blockEnd(): void {
    const block = this.block as Block;
    if (block.type === BLK_DATA) {
      const terminated = block.tail.subarray(-TERMINATOR.length - 2).includes(TERMINATOR);
      if (this.toc?.compression === 'none' && block.entry?.desc === 'TABLE DATA' && !terminated) {
        this.unterminated.push(entryLabel(block.entry));
      }
      this.state = 'type';
    } else {
      this.state = 'blob-oid';
    }
  }

  /** Judges the archive once every byte (`totalBytes` of them) was fed. */
  finish(totalBytes: number): CustomWalkResult {
    if (this.toc === null && this.failed === null) this.tryParse(true);
    const result = (problem: string | null): CustomWalkResult => ({
      ok: problem === null,
      problem,
      toc: this.toc,
      tocError: this.tocError,
      blocks: this.blockAt.size,
    });
    if (this.failed !== null) return result(this.failed);
    if (this.state !== 'type' || this.intBytes.length > 0) {
      const label = this.block?.entry ? ` of ${entryLabel(this.block.entry)}` : '';
      return result(`the archive is cut short: it ends inside the data${label} (${formatBytes(totalBytes)} in all)`);
    }
    for (const entry of (this.toc as ArchiveToc).entries) {
      const at = this.blockAt.get(entry.dumpId);
      if (entry.dataState === DATA_STATE.noData) {
        if (entry.hadDumper) {
          return result(
            `the TOC says ${entryLabel(entry)} has no data although pg_dump dumped data for it: the TOC's data state is damaged`,
          );
        }
        continue;
      }
      if (!entry.hadDumper) {
        return result(`the TOC gives ${entryLabel(entry)} a data block although it has none: the TOC is damaged`);
      }
      if (at === undefined) {
        return result(
          `the data of ${entryLabel(entry)} (dump id ${entry.dumpId}) is missing: the archive is cut short`,
        );
      }
      if (entry.dataState === DATA_STATE.offsetSet && entry.offset !== at) {
        return result(`the data of ${entryLabel(entry)} is at byte ${at}, not at ${entry.offset} as the TOC says`);
      }
    }
    if (this.unterminated.length > 0) {
      return result(
        `the uncompressed data of ${this.unterminated.join(', ')} does not end with pg_dump's \\. terminator: it is damaged`,
      );
    }
    return result(null);
  }
}
