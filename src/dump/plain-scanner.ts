// Reads a plain pg_dump script as it streams past: what it would make psql do that a drill
// refuses (dump/plain/lexer.ts), the CREATE TABLE statements (outside COPY data), whether every
// COPY's data ends with pg_dump's `\.` line, and whether the completion marker pg_dump writes
// last is there.
import type { TocTable } from './archive-toc.js';
import { PlainDumpLexer, type Refusal } from './plain/lexer.js';
import type { ByteSink } from './stream-reader.js';

const COMPLETION_MARKER = '-- PostgreSQL database dump complete';
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

export const CREATE_EXTENSION =
  /^CREATE EXTENSION (?:IF NOT EXISTS )?("(?:[^"]|"")*"|[^\s";]+)(?: WITH SCHEMA ("(?:[^"]|"")*"|[^\s";]+))?/;

const LETTER_C = 0x43;

export class PlainDumpScanner implements ByteSink {
  readonly tables: TocTable[] = [];
  /** The CREATE EXTENSION statements: the admin connection creates these before the restore. */
  readonly extensions: { name: string; schema: string | null }[] = [];
  /** The COPY statement whose data did not end with `\.` (the first such), or null. */
  unterminatedCopy: string | null = null;
  private copy = '';
  private readonly lexer = new PlainDumpLexer();
  private tail = Buffer.alloc(0);
  private readonly onLine = (buf: Buffer, start: number, end: number) => this.lineAt(buf, start, end);

  /** What the dump does that a drill refuses to run (the first such line), or null. */
  get refusal(): Refusal | null {
    return this.lexer.refusal;
  }

  // Bytes, not text: COPY data is most of a dump, and decoding it all to strings would cost time
  // and memory for nothing. The lexer reads statements; only lines that may be COPY or CREATE
  // statements are decoded here.
  write(chunk: Buffer): void {
    // Copied, so the tail never keeps a whole read chunk alive.
    const joined = chunk.length >= TAIL_BYTES ? chunk : Buffer.concat([this.tail, chunk]);
    this.tail = Buffer.from(joined.subarray(-TAIL_BYTES));
    this.lexer.write(chunk, this.onLine);
  }

  end(): void {
    this.lexer.end(this.onLine);
    if (this.lexer.inCopy && !this.lexer.refusal) this.unterminatedCopy ??= this.copy;
  }

  private lineAt(buf: Buffer, start: number, end: number): void {
    const stop = end > start && buf[end - 1] === 0x0d ? end - 1 : end;
    if (this.lexer.copyLine) {
      // The rest of a long row that started earlier says nothing.
      if (this.lexer.continued) return;
      // pg_dump's comment before the next table's data inside the data means the terminator is gone.
      if (buf[start] === 0x2d && buf.toString('latin1', start, start + 18) === '-- Data for Name: ') {
        this.unterminatedCopy ??= this.copy;
      }
      return;
    }
    if (buf[start] !== LETTER_C) return;
    const line = buf.toString('utf8', start, stop);
    if (line.startsWith('COPY ') && this.lexer.inCopy) {
      this.copy = line.slice(5, line.indexOf(' (') > 0 ? line.indexOf(' (') : undefined);
      return;
    }
    if (!line.startsWith('CREATE ')) return;
    const extension = CREATE_EXTENSION.exec(line);
    if (extension?.[1]) {
      const schema = extension[2] ? (unquoteQualifiedName(extension[2])[0] ?? null) : null;
      this.extensions.push({ name: unquoteQualifiedName(extension[1])[0] as string, schema });
      return;
    }
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
