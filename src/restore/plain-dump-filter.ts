// A plain SQL dump is fed to psql through this filter, which reads it again with the lexer the
// verify pass used (dump/plain/lexer.ts) and:
//  - skips what pg_restore's --no-owner --no-privileges would leave out (owner, grant and
//    session authorization statements name roles the drill server lacks, and with
//    ON_ERROR_STOP one missing role would end the restore), the dump's own \restrict lines
//    (psql runs under the drill's key) and a --create dump's CREATE DATABASE / ALTER DATABASE /
//    \connect (the drill restores into its own database), the drops a --clean dump starts with,
//    the CREATE SCHEMA of a schema made before the restore for an extension, the SET of a setting
//    the target server does not have (transaction_timeout of a pg_dump 17+ plain dump, which 13–16
//    reject), and what the drill role may not do or the restore left out (dump/plain/privileged.ts,
//    named in the report). Skipped lines become comments, so
//    psql's line numbers in error messages still point into the original file;
//  - stops with an error before a line that would do what a drill refuses is sent (the verify
//    pass refused such a dump already; this holds if the file changed since).
// Lines of a statement that may yet be skipped are held back until its end decides.
import { Transform, type TransformCallback } from 'node:stream';
import { HOLD, type LineAction, PASS, PlainDumpLexer, SKIP } from '../dump/plain/lexer.js';
import { NO_FACTS, type RestoreFacts } from '../dump/plain/verdict.js';
import type { LeftOut } from './left-out.js';

export type PlainRestoreFacts = RestoreFacts;

const SKIPPED = Buffer.from('-- (skipped by pickdriver-vault-action)\n');

class PlainDumpRefused extends Error {
  constructor(
    readonly line: number,
    readonly what: string,
  ) {
    super(`the plain dump was refused at line ${line}: ${what}; psql was stopped before that line`);
    this.name = 'PlainDumpRefused';
  }
}

export class PlainDumpFilter extends Transform {
  skippedStatements = 0;
  private readonly lexer: PlainDumpLexer;
  private held: Buffer[] = [];
  private out: Buffer[] = [];
  /** Start of the run of bytes passed through unchanged, and the end of the last line seen, in `buf`. */
  private passStart = 0;
  private lastEnd = 0;
  /** The buffer the lines come from: a chunk, or a line joined from several (the lexer switches). */
  private buf: Buffer = Buffer.alloc(0);
  private readonly onLine = (buf: Buffer, start: number, end: number, action: LineAction) => {
    if (buf !== this.buf) {
      this.flushPassed();
      this.buf = buf;
      this.passStart = start;
      this.lastEnd = start;
    }
    // The line with its newline, when it has one.
    const next = end < buf.length ? end + 1 : end;
    if (action === PASS) {
      if (this.held.length > 0) {
        // One at a time: a statement held over many lines must not become as many call arguments.
        for (const line of this.held) this.out.push(line);
        this.held = [];
        this.passStart = start;
      }
    } else {
      // A refused line and what follows are never pushed: done() reports the refusal instead.
      this.out.push(buf.subarray(this.passStart, start));
      this.passStart = next;
      if (action === HOLD) this.held.push(Buffer.from(buf.subarray(start, next)));
      else if (action === SKIP) {
        for (let i = 0; i <= this.held.length; i++) this.out.push(SKIPPED);
        this.held = [];
        this.skippedStatements += 1;
      }
    }
    this.lastEnd = next;
  };

  private flushPassed(): void {
    if (this.lastEnd > this.passStart) this.out.push(this.buf.subarray(this.passStart, this.lastEnd));
    this.passStart = 0;
    this.lastEnd = 0;
  }

  /** `facts`: what the restore knows: schemas made and extensions left out (extensions.ts), the server's roles. */
  constructor(facts: PlainRestoreFacts = NO_FACTS) {
    super();
    this.lexer = new PlainDumpLexer(facts);
  }

  /** What was left out that the dump meant to run (known once the dump has streamed past). */
  get leftOut(): LeftOut[] {
    return this.lexer.leftOut.map((l) => ({ ...l, data: l.data ?? false }));
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.begin();
    this.lexer.write(chunk, this.onLine);
    this.done(callback);
  }

  override _flush(callback: TransformCallback): void {
    this.begin();
    this.lexer.end(this.onLine);
    this.done(callback);
  }

  private begin(): void {
    this.buf = Buffer.alloc(0);
    this.passStart = 0;
    this.lastEnd = 0;
    this.out = [];
  }

  private done(callback: TransformCallback): void {
    const refusal = this.lexer.refusal;
    if (refusal) {
      callback(new PlainDumpRefused(refusal.line, refusal.what));
      return;
    }
    this.flushPassed();
    this.buf = Buffer.alloc(0);
    if (this.out.length === 0) callback();
    else callback(null, this.out.length === 1 ? this.out[0] : Buffer.concat(this.out));
  }
}
