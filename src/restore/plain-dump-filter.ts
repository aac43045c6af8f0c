// A plain SQL dump is fed to psql through this filter, which does for plain SQL what
// pg_restore's --no-owner --no-privileges do for archives: ownership, grant and session
// authorization statements name roles the drill server usually lacks, and with ON_ERROR_STOP
// one missing role would end the restore. Skipped lines become comments, so psql's line numbers
// in error messages still point into the original file. A dump made with --create (CREATE
// DATABASE / \connect) would restore into another database than the drill database: refused.
import { Transform, type TransformCallback } from 'node:stream';

const SKIP_RES = [
  /^ALTER [A-Z ]+ .* OWNER TO .*;\s*$/,
  /^(GRANT|REVOKE) .*;\s*$/,
  /^ALTER DEFAULT PRIVILEGES .*;\s*$/,
  /^(SET|RESET) SESSION AUTHORIZATION\b.*;\s*$/,
];
const SWITCH_DATABASE_RES = [/^\\(c|connect)(\s|$)/, /^CREATE DATABASE\s/i, /^DROP DATABASE\s/i];
const COPY_START_RE = /^COPY .* FROM stdin;\s*$/;
const SKIPPED = Buffer.from('-- (skipped by pickdriver-vault-action: owner/privilege statement)\n');
const NEWLINE = 0x0a;
// First letters of lines worth decoding and testing outside COPY data.
const INTERESTING_FIRST = new Set(['A', 'G', 'R', 'S', 'C', 'D', '\\'].map((c) => c.charCodeAt(0)));

export class PlainDumpFilter extends Transform {
  private rest: Buffer = Buffer.alloc(0);
  private inCopy = false;
  skippedStatements = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const buf = this.rest.length > 0 ? Buffer.concat([this.rest, chunk]) : chunk;
    let lineStart = 0;
    let passStart = 0; // start of the run of bytes passed through unchanged
    const out: Buffer[] = [];
    for (let nl = buf.indexOf(NEWLINE, lineStart); nl !== -1; nl = buf.indexOf(NEWLINE, lineStart)) {
      const replacement = this.lineReplacement(buf, lineStart, nl + 1);
      if (replacement instanceof Error) {
        callback(replacement);
        return;
      }
      if (replacement !== null) {
        out.push(buf.subarray(passStart, lineStart), replacement);
        passStart = nl + 1;
      }
      lineStart = nl + 1;
    }
    out.push(buf.subarray(passStart, lineStart));
    this.rest = Buffer.from(buf.subarray(lineStart));
    callback(null, Buffer.concat(out));
  }

  override _flush(callback: TransformCallback): void {
    if (this.rest.length === 0) {
      callback();
      return;
    }
    const replacement = this.lineReplacement(this.rest, 0, this.rest.length);
    if (replacement instanceof Error) callback(replacement);
    else callback(null, replacement ?? this.rest);
  }

  /** null: pass the line through; a Buffer: write this instead; an Error: stop. */
  private lineReplacement(buf: Buffer, start: number, end: number): Buffer | Error | null {
    if (this.inCopy) {
      // COPY data ends with a line holding only `\.`
      if (buf[start] === 0x5c && buf[start + 1] === 0x2e && (end - start <= 3 || buf[start + 2] === 0x0d)) {
        this.inCopy = false;
      }
      return null;
    }
    const first = buf[start];
    if (first === undefined || !INTERESTING_FIRST.has(first)) return null;
    const line = buf.toString('utf8', start, end);
    if (COPY_START_RE.test(line)) {
      this.inCopy = true;
      return null;
    }
    if (SWITCH_DATABASE_RES.some((re) => re.test(line))) {
      return new Error(
        `the plain dump switches or creates databases (${line.trim().slice(0, 80)}): it was made with pg_dump --create or pg_dumpall; the drill restores only into the drill database, so make the backup without --create`,
      );
    }
    if (SKIP_RES.some((re) => re.test(line))) {
      this.skippedStatements += 1;
      return SKIPPED;
    }
    return null;
  }
}
