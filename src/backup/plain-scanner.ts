// Reads a plain pg_dump script as it streams past: the CREATE TABLE statements (outside COPY
// data) and whether the completion marker pg_dump writes last is there.
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

const CREATE_TABLE = /^CREATE (?:UNLOGGED )?TABLE ((?:"(?:[^"]|"")*"|[^\s."(]+)(?:\.(?:"(?:[^"]|"")*"|[^\s."(]+))?)/;

export class PlainDumpScanner implements ByteSink {
  readonly tables: string[] = [];
  private partial = '';
  private inCopy = false;
  private tail = Buffer.alloc(0);
  private decoder = new TextDecoder('utf-8');

  write(chunk: Buffer): void {
    // Copied, so the tail never keeps a whole read chunk alive.
    const joined = chunk.length >= TAIL_BYTES ? chunk : Buffer.concat([this.tail, chunk]);
    this.tail = Buffer.from(joined.subarray(-TAIL_BYTES));
    const text = this.partial + this.decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      this.line(text.slice(start, nl));
      start = nl + 1;
    }
    this.partial = text.slice(start);
  }

  end(): void {
    if (this.partial) this.line(this.partial);
    this.partial = '';
  }

  private line(line: string): void {
    if (this.inCopy) {
      if (line === '\\.') this.inCopy = false;
      return;
    }
    if (line.startsWith('COPY ') && line.endsWith('FROM stdin;')) {
      this.inCopy = true;
      return;
    }
    if (!line.startsWith('CREATE ')) return;
    const match = CREATE_TABLE.exec(line);
    if (!match?.[1]) return;
    const parts = unquoteQualifiedName(match[1]);
    this.tables.push(parts.length > 1 ? `${parts[0]}.${parts[1]}` : `public.${parts[0]}`);
  }

  /** True when the completion marker is among the last bytes: pg_dump got to the end. */
  get complete(): boolean {
    return this.tail.toString('utf8').includes(COMPLETION_MARKER);
  }
}
