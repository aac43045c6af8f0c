// pg_dump's archive encoding (pg_backup_archiver.c ReadInt/ReadStr): an int is a sign byte then
// intSize bytes, least significant first; a string is an int length (-1 for NULL) then its bytes.

/** The buffer ended before the value did: more bytes are needed, or the archive is cut short. */
export class ArchiveEndsEarly extends Error {
  constructor() {
    super('the archive ends early');
    this.name = 'ArchiveEndsEarly';
  }
}

export class ArchiveReader {
  constructor(
    private readonly buf: Buffer,
    public pos: number,
    public intSize: number,
    /** Longest string accepted: a header's names are short, a TOC's definitions are not. */
    private readonly maxString = Number.POSITIVE_INFINITY,
  ) {}

  byte(): number {
    const b = this.buf[this.pos];
    if (b === undefined) throw new ArchiveEndsEarly();
    this.pos += 1;
    return b;
  }

  int(): number {
    const negative = this.byte() !== 0;
    let value = 0;
    for (let i = 0; i < this.intSize; i++) value += this.byte() * 2 ** (8 * i);
    return negative ? -value : value;
  }

  str(): string | null {
    const length = this.int();
    if (length < 0) return null;
    if (length > this.maxString) throw new RangeError('implausible string length');
    if (this.pos + length > this.buf.length) throw new ArchiveEndsEarly();
    const text = this.buf.toString('utf8', this.pos, this.pos + length);
    this.pos += length;
    return text;
  }
}
