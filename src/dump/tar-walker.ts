// Walks a tar stream as it passes: every member's header checksum and size, and whether the
// archive ends where tar says it ends. pg_restore 15 loops forever on a truncated tar archive
// (found while building this), so truncation is caught here instead of by pg_restore.
import type { ByteSink } from './stream-reader.js';

const BLOCK = 512;

interface TarMember {
  name: string;
  size: number;
  /** The last bytes of a member's content: a table's data ends with pg_dump's `\.` terminator. */
  tail: Buffer;
}

/** Members whose whole content is kept for the TOC cross-checks (they are small). */
const KEPT = /^(toc\.dat|blobs(_\d+)?\.toc)$/;
const TAIL_BYTES = 8;

function octal(block: Buffer, start: number, length: number): number {
  const text = block
    .toString('latin1', start, start + length)
    .replace(/\0.*$/s, '')
    .trim();
  return text === '' ? 0 : Number.parseInt(text, 8);
}

function checksumOk(block: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
  return sum === octal(block, 148, 8);
}

export class TarWalker implements ByteSink {
  readonly members: TarMember[] = [];
  /** toc.dat and blobs.toc, whole. */
  readonly kept = new Map<string, Buffer>();
  error: string | null = null;
  /** Content bytes of the current member still to come (the rest of `skip` is padding). */
  private contentLeft = 0;
  private pending = Buffer.alloc(0);
  /** Bytes of member data (with padding) still to skip before the next header. */
  private skip = 0;
  private current: TarMember | null = null;
  private zeroBlocks = 0;
  private ended = false;

  write(chunk: Buffer): void {
    if (this.error || this.ended) return;
    let offset = 0;
    if (this.skip > 0) {
      const n = Math.min(this.skip, chunk.length);
      this.content(chunk.subarray(0, n));
      this.skip -= n;
      offset = n;
      if (this.skip > 0) return;
      this.current = null;
    }
    this.pending = Buffer.concat([this.pending, chunk.subarray(offset)]);
    while (!this.error && !this.ended && this.pending.length >= BLOCK && this.skip === 0) {
      const block = this.pending.subarray(0, BLOCK);
      this.pending = this.pending.subarray(BLOCK);
      this.header(block);
      if (this.skip > 0) {
        const n = Math.min(this.skip, this.pending.length);
        this.content(this.pending.subarray(0, n));
        this.skip -= n;
        this.pending = this.pending.subarray(n);
        if (this.skip === 0) this.current = null;
      }
    }
  }

  private header(block: Buffer): void {
    if (block.every((b) => b === 0)) {
      this.zeroBlocks += 1;
      if (this.zeroBlocks === 2) this.ended = true;
      return;
    }
    if (this.zeroBlocks > 0 || !checksumOk(block)) {
      this.error = `a tar header after member ${this.members.length} is corrupt (bad checksum)`;
      return;
    }
    const name = block.toString('latin1', 0, 100).replace(/\0.*$/s, '');
    const member = { name, size: octal(block, 124, 12), tail: Buffer.alloc(0) };
    if (!Number.isSafeInteger(member.size) || member.size < 0) {
      this.error = `the tar header of member '${name}' is corrupt (size field)`;
      return;
    }
    this.members.push(member);
    this.current = member;
    this.contentLeft = member.size;
    this.skip = Math.ceil(member.size / BLOCK) * BLOCK;
    if (KEPT.test(name)) this.kept.set(name, Buffer.alloc(0));
  }

  /** Bytes of the current member (content, then padding). */
  private content(bytes: Buffer): void {
    const member = this.current;
    if (!member || this.contentLeft === 0) return;
    const data = bytes.subarray(0, Math.min(bytes.length, this.contentLeft));
    this.contentLeft -= data.length;
    member.tail = Buffer.from(Buffer.concat([member.tail, data]).subarray(-TAIL_BYTES));
    const kept = this.kept.get(member.name);
    if (kept) this.kept.set(member.name, Buffer.concat([kept, data]));
  }

  end(): void {
    if (this.error) return;
    if (this.current || this.skip > 0) {
      this.error = `the tar archive is truncated inside member '${this.current?.name ?? '?'}'`;
    } else if (!this.ended) {
      this.error = 'the tar archive is truncated: it lacks the end-of-archive blocks tar writes last';
    }
  }
}
