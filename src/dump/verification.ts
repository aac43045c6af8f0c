// What the read pass over a backup yields and the verdict's shape, shared by each format's verifier.
import type { BackupFormat } from '../model/backup-types.js';
import type { PgTool } from '../util/pg-tools.js';
import type { ArchiveToc, TocTable } from './archive-toc.js';
import type { PgdmpHeader } from './pgdmp-header.js';
import { type ByteSink, type Download, type ReadResult, readOnce } from './stream-reader.js';

export interface ArchiveVerdict {
  /** ok, warn (restorable, but something is missing) or fail. */
  status: 'ok' | 'warn' | 'fail';
  ok: boolean;
  summary: string;
  details: Record<string, unknown>;
  /** True when the local pg_restore is too old for this archive. */
  tooNew: boolean;
}

export interface Verification {
  sha256: string;
  bytesRead: number;
  /** See ReadResult: bytes downloaded, and written to disk, by the pass. */
  bytesDownloaded?: number;
  bytesWritten?: number;
  /** Directory backups: file name → SHA-256. */
  manifest: Map<string, string> | null;
  archive: ArchiveVerdict;
  /** The archive's own TOC (null for plain formats and unreadable archives). */
  toc: ArchiveToc | null;
  tocTables: TocTable[];
  tocEntries: number | null;
  /** Plain formats: the dump's CREATE EXTENSION statements (archives: the TOC's EXTENSION entries). */
  extensions?: { name: string; schema: string | null }[];
}

export interface VerifyInput {
  path: string;
  format: BackupFormat;
  header: PgdmpHeader | null;
  /** Resolves the local pg_restore (throws MissingToolError). */
  pgRestore: () => Promise<PgTool>;
  /** The backup is still remote: the pass reads this stream and writes `path` as it goes. */
  download?: Download;
  /** The size the source announced for a backup still remote (the file does not exist yet). */
  sizeBytes?: number;
  /** A wrapped backup: the one pass over its stored bytes, unwrapped on the way (then `path` is the
   *  unwrapped archive the pass writes, for --list and the restore). */
  read?: (sinks: ByteSink[], signal?: AbortSignal) => Promise<ReadResult>;
  /** Plain dumps: the pg_dump version their header comment names, and the local psql. */
  pgDumpVersion?: string | null;
  psql?: () => Promise<PgTool>;
  /** The pass's deadline: ends the read (and every layer's tool) with its reason. */
  signal?: AbortSignal;
}

/** The one read of the backup: the stored file, or its unwrapped bytes. */
export const readPass = (input: VerifyInput, sinks: ByteSink[]) =>
  input.read ? input.read(sinks, input.signal) : readOnce(input.path, sinks, input.download, input.signal);

export const verdict = (
  status: ArchiveVerdict['status'],
  summary: string,
  details: Record<string, unknown>,
  tooNew = false,
) => ({
  status,
  ok: status !== 'fail',
  summary,
  details,
  tooNew,
});
export const fail = (summary: string, details: Record<string, unknown>) => verdict('fail', summary, details);
