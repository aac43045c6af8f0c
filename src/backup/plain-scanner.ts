// Reads a plain pg_dump script as it streams past: the CREATE TABLE statements (outside COPY
// data), whether every COPY's data ends with pg_dump's `\.` line, and whether the completion
// marker pg_dump writes last is there.
import type { TocTable } from './archive-toc.js';
import type { ByteSink } from './stream-reader.js';

export const COMPLETION_MARKER = '-- PostgreSQL database dump complete';
// pg_dump ends with the marker, then (since the 2025 minor releases) a `\unrestrict <key>` line.
const TAIL_BYTES = 4096;

/** `public."odd name"` → `public.odd name`; identifiers are unquoted the way pg_restore --list prints them. */
export function unquoteQualifiedName(text: string): string[] {
  const parts: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      let part = '';
      i += 1;
      while (i < text.length) {
        if (text[i] === '"' && text[i + 1] === '"') {
          part += '"';
          i += 2;
        } else if (text[i] === '"') {
          i += 1;
          break;
        } else {
          part += text[i];
          i += 1;
        }
      }
      parts.push(part);
    } else {
      const dot = text.indexOf('.', i);
      const end = dot === -1 ? text.length : dot;
      parts.push(text.slice(i, end));
      i = end;
    }
    if (text[i] === '.') i += 1;
  }
  return parts;
}

// A name must end on its line (followed by a space or the column list): a quoted name with a
// newline in it continues on the next line and is left out rather than misread.
const CREATE_TABLE =
  /^CREATE (?:UNLOGGED )?TABLE ((?:"(?:[^"]|"")*"|[^\s."(]+)(?:\.(?:"(?:[^"]|"")*"|[^\s."(]+))?)(?=[\s(]|$)/;

const NEWLINE = 0x0a;
const LETTER_C = 0x43;

export class PlainDumpScanner implements ByteSink {
  readonly tables: TocTable[] = [];
  /** The COPY statement whose data did not end with `\.` (the first such), or null. */
  unterminatedCopy: string | null = null;
  private copy = '';
  /** The start of a line the last chunk cut off. */
  private rest: Buffer = Buffer.alloc(0);
  private inCopy = false;
  private tail = Buffer.alloc(0);

  // Bytes, not text: COPY data is most of a dump, and decoding it all to strings would cost time
  // and memory for nothing. Only lines that may be COPY or CREATE statements are decoded.
  write(chunk: Buffer): void {
    // Copied, so the tail never keeps a whole read chunk alive.
    const joined = chunk.length >= TAIL_BYTES ? chunk : Buffer.concat([this.tail, chunk]);
    this.tail = Buffer.from(joined.subarray(-TAIL_BYTES));
    const buf = this.rest.length > 0 ? Buffer.concat([this.rest, chunk]) : chunk;
    let start = 0;
    for (let nl = buf.indexOf(NEWLINE); nl !== -1; nl = buf.indexOf(NEWLINE, start)) {
      this.lineAt(buf, start, nl);
      start = nl + 1;
    }
    this.rest = Buffer.from(buf.subarray(start));
  }

  end(): void {
    if (this.rest.length > 0) this.lineAt(this.rest, 0, this.rest.length);
    this.rest = Buffer.alloc(0);
    if (this.inCopy) this.unterminatedCopy ??= this.copy;
  }

  private lineAt(buf: Buffer, start: number, end: number): void {
    const stop = end > start && buf[end - 1] === 0x0d ? end - 1 : end;
    if (this.inCopy) {
      // COPY data ends with a line holding only `\.`; pg_dump's comment before the next table's
      // data inside the data means the terminator is gone.
      if (stop - start === 2 && buf[start] === 0x5c && buf[start + 1] === 0x2e) this.inCopy = false;
      else if (buf[start] === 0x2d && buf.toString('latin1', start, start + 18) === '-- Data for Name: ') {
        this.unterminatedCopy ??= this.copy;
      }
      return;
    }
    if (buf[start] !== LETTER_C) return;
    this.line(buf.toString('utf8', start, stop));
  }

  private line(line: string): void {
    if (this.inCopy) {
      if (line === '\\.') this.inCopy = false;
      return;
    }
    if (line.startsWith('COPY ') && line.endsWith('FROM stdin;')) {
      this.inCopy = true;
      this.copy = line.slice(5, line.indexOf(' (') > 0 ? line.indexOf(' (') : undefined);
      return;
    }
    if (!line.startsWith('CREATE ')) return;
    const match = CREATE_TABLE.exec(line);
    if (!match?.[1]) return;
    const parts = unquoteQualifiedName(match[1]);
    const [schema, name] = parts.length > 1 ? parts : ['public', parts[0]];
    this.tables.push({ schema: schema as string, name: name as string, owner: null });
  }

  /** True when the completion marker is among the last bytes: pg_dump got to the end. */
  get complete(): boolean {
    return this.tail.toString('utf8').includes(COMPLETION_MARKER);
  }
}
