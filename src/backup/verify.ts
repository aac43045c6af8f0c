// The read pass over the chosen backup and the backup.archive verdict. Each format gets the
// sinks that prove it whole while the bytes stream past once (and are hashed in the same pass):
//   custom     the block structure walked (every data block there, whole, where the TOC says;
//              nothing decompressed), then --list for the TOC
//   tar        our tar walker (pg_restore 15 hangs on a cut tar), then --list, data members present
//   directory  each file read once (gzip members inflated), then --list, data files present
//   plain      the completion marker and CREATE TABLE scan
//   plain-gzip the same through gunzip
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { BackupFormat } from '../report/types.js';
import type { PgTool } from '../util/pg-tools.js';
import { manifestDigest } from './checksum.js';
import { CustomArchiveWalker } from './custom-archive.js';
import { GunzipSink } from './gunzip-sink.js';
import { type PgRestoreOutcome, pgRestoreList, type TocListing } from './pg-restore.js';
import { maxArchiveMinorFor, minPgMajorForArchiveMinor, type PgdmpHeader } from './pgdmp-header.js';
import { PlainDumpScanner } from './plain-scanner.js';
import { readOnce } from './stream-reader.js';
import { TarWalker } from './tar-walker.js';

export interface ArchiveVerdict {
  ok: boolean;
  summary: string;
  details: Record<string, unknown>;
  /** True when the local pg_restore is too old for this archive. */
  tooNew: boolean;
}

export interface Verification {
  sha256: string;
  bytesRead: number;
  /** Directory backups: file name → SHA-256. */
  manifest: Map<string, string> | null;
  archive: ArchiveVerdict;
  tocTables: string[];
  tocEntries: number | null;
}

export interface VerifyInput {
  path: string;
  format: BackupFormat;
  header: PgdmpHeader | null;
  /** Resolves the local pg_restore (throws MissingToolError). */
  pgRestore: () => Promise<PgTool>;
}

const lastLine = (text: string) => text.trim().split('\n').pop() ?? '';
const ok = (summary: string, details: Record<string, unknown>): ArchiveVerdict => ({
  ok: true,
  summary,
  details,
  tooNew: false,
});
const fail = (summary: string, details: Record<string, unknown>): ArchiveVerdict => ({
  ok: false,
  summary,
  details,
  tooNew: false,
});

function tooNewVerdict(header: PgdmpHeader | null, tool: PgTool, stderr: string): ArchiveVerdict | null {
  const reported = /unsupported version \((\d+)\.(\d+)\) in file header/.exec(stderr);
  const minor = reported ? Number(reported[2]) : header?.major === 1 ? header.minor : null;
  if (!reported && (minor === null || minor <= maxArchiveMinorFor(tool.major))) return null;
  const archive = reported ? `${reported[1]}.${reported[2]}` : (header?.archiveVersion ?? '?');
  const dumpMajor = Number(/^(\d+)/.exec(header?.pgDumpVersion ?? '')?.[1] ?? Number.NaN);
  const needed = Number.isFinite(dumpMajor) ? dumpMajor : minor !== null ? minPgMajorForArchiveMinor(minor) : null;
  const by = header?.pgDumpVersion ? ` (written by pg_dump ${header.pgDumpVersion})` : '';
  const client = needed ? `PostgreSQL ${needed} client tools (or newer)` : 'newer PostgreSQL client tools';
  return {
    ok: false,
    tooNew: true,
    summary: `archive version ${archive}${by} is too new for pg_restore ${tool.version}, which reads archives up to 1.${maxArchiveMinorFor(tool.major)}: install the ${client} or set pg-bin-dir to their bin folder`,
    details: {
      archiveVersion: archive,
      pgDumpVersion: header?.pgDumpVersion ?? null,
      pgRestoreVersion: tool.version,
      pgRestore: tool.path,
      stderr,
    },
  };
}

async function toolOrVerdict(input: VerifyInput): Promise<PgTool | ArchiveVerdict> {
  try {
    return await input.pgRestore();
  } catch (e) {
    return fail(`cannot verify a ${input.format} archive without pg_restore: ${(e as Error).message}`, {});
  }
}

function listFailure(input: VerifyInput, tool: PgTool, outcome: PgRestoreOutcome): ArchiveVerdict {
  return (
    tooNewVerdict(input.header, tool, outcome.stderr) ??
    fail(
      outcome.timedOut
        ? 'pg_restore --list did not finish: the table of contents is unreadable'
        : `pg_restore --list cannot read the table of contents: ${lastLine(outcome.stderr)}`,
      { pgRestore: tool.path, exitCode: outcome.exitCode, stderr: outcome.stderr },
    )
  );
}

function listed(listing: TocListing, header: PgdmpHeader | null, extra: Record<string, unknown>) {
  return {
    archiveVersion: header?.archiveVersion ?? null,
    tocEntries: listing.entries,
    tables: listing.tables.length,
    ...extra,
  };
}

async function verifyCustom(input: VerifyInput): Promise<Verification> {
  const tool = await toolOrVerdict(input);
  if (!('path' in tool))
    return { ...(await readOnce(input.path)), manifest: null, archive: tool, tocTables: [], tocEntries: null };
  // Decompressing every block (pg_restore -f /dev/null) would cost as much again as reading the
  // file; the structure walk finds a cut or padded archive for free, and the checksum and the
  // restore itself find damage inside compressed data.
  const walker = new CustomArchiveWalker();
  const pass = await readOnce(input.path, [walker]);
  const base = { ...pass, manifest: null, tocTables: [] as string[], tocEntries: null };
  const structure = walker.finish(pass.bytesRead);
  if (!structure.ok) {
    const verdict =
      tooNewVerdict(input.header, tool, '') ??
      fail(`the archive is damaged: ${structure.problem}`, { bytes: pass.bytesRead, problem: structure.problem });
    return { ...base, archive: verdict };
  }
  const list = await pgRestoreList(tool.path, input.path);
  if (!list.listing) return { ...base, archive: listFailure(input, tool, list) };
  const summary = `custom archive ${input.header?.archiveVersion ?? ''} readable: ${list.listing.entries} TOC entries, ${list.listing.tables.length} tables, ${structure.blocks} data blocks whole; TOC read by pg_restore ${tool.version}`;
  return {
    ...base,
    tocTables: list.listing.tables,
    tocEntries: list.listing.entries,
    archive: ok(summary, listed(list.listing, input.header, { pgRestore: tool.path })),
  };
}

function missingData(ids: number[], present: Set<string>, suffixes: string[]): string[] {
  return ids.filter((id) => !suffixes.some((s) => present.has(`${id}${s}`))).map((id) => `${id}.dat`);
}

async function verifyTar(input: VerifyInput): Promise<Verification> {
  const walker = new TarWalker();
  const pass = await readOnce(input.path, [walker]);
  const base = { ...pass, manifest: null, tocTables: [] as string[], tocEntries: null };
  if (walker.error) return { ...base, archive: fail(walker.error, { members: walker.members.length }) };
  const tool = await toolOrVerdict(input);
  if (!('path' in tool)) return { ...base, archive: tool };
  const list = await pgRestoreList(tool.path, input.path);
  if (!list.listing) return { ...base, archive: listFailure(input, tool, list) };
  const missing = missingData(list.listing.tableDataIds, new Set(walker.members.map((m) => m.name)), ['.dat']);
  const details = listed(list.listing, input.header, { members: walker.members.length, missingData: missing });
  const archive = missing.length
    ? fail(`the tar archive lacks the data of ${missing.length} table(s): ${missing.join(', ')}`, details)
    : ok(
        `tar archive ${input.header?.archiveVersion ?? ''} complete: ${walker.members.length} members, ${list.listing.entries} TOC entries, ${list.listing.tables.length} tables`,
        details,
      );
  return { ...base, tocTables: list.listing.tables, tocEntries: list.listing.entries, archive };
}

async function verifyDirectory(input: VerifyInput): Promise<Verification> {
  const names = (await readdir(input.path)).filter((n) => !n.startsWith('.')).sort();
  const manifest = new Map<string, string>();
  const damaged: string[] = [];
  let bytesRead = 0;
  for (const name of names) {
    const file = path.join(input.path, name);
    if (!(await stat(file)).isFile()) continue;
    const gunzip = name.endsWith('.gz') ? new GunzipSink(null) : null;
    const pass = await readOnce(file, gunzip ? [gunzip] : []);
    bytesRead += pass.bytesRead;
    manifest.set(name, pass.sha256);
    if (gunzip?.error) damaged.push(`${name}: ${gunzip.error}`);
  }
  const base = { sha256: manifestDigest(manifest), bytesRead, manifest, tocTables: [] as string[], tocEntries: null };
  if (damaged.length)
    return {
      ...base,
      archive: fail(`damaged data file(s) in the directory backup: ${damaged.join('; ')}`, { damaged }),
    };
  const tool = await toolOrVerdict(input);
  if (!('path' in tool)) return { ...base, archive: tool };
  const list = await pgRestoreList(tool.path, input.path);
  if (!list.listing) return { ...base, archive: listFailure(input, tool, list) };
  const missing = missingData(list.listing.tableDataIds, new Set(manifest.keys()), [
    '.dat',
    '.dat.gz',
    '.dat.lz4',
    '.dat.zst',
  ]);
  const details = listed(list.listing, input.header, { files: manifest.size, missingData: missing });
  const archive = missing.length
    ? fail(`the directory backup lacks the data files of ${missing.length} table(s): ${missing.join(', ')}`, details)
    : ok(
        `directory archive ${input.header?.archiveVersion ?? ''} complete: ${manifest.size} files, ${list.listing.entries} TOC entries, ${list.listing.tables.length} tables`,
        details,
      );
  return { ...base, tocTables: list.listing.tables, tocEntries: list.listing.entries, archive };
}

async function verifyPlain(input: VerifyInput): Promise<Verification> {
  const scanner = new PlainDumpScanner();
  const gunzip = input.format === 'plain-gzip' ? new GunzipSink(scanner) : null;
  const pass = await readOnce(input.path, [gunzip ?? scanner]);
  const base = { ...pass, manifest: null, tocTables: scanner.tables, tocEntries: null };
  const what = input.format === 'plain-gzip' ? 'gzip-compressed plain dump' : 'plain dump';
  const details = { createTables: scanner.tables.length, inflatedBytes: gunzip?.inflatedBytes ?? null };
  if (gunzip?.error) return { ...base, archive: fail(`${what} is damaged: ${gunzip.error}`, details) };
  if (!scanner.complete) {
    return {
      ...base,
      archive: fail(
        `${what} is incomplete: it does not end with pg_dump's '-- PostgreSQL database dump complete' marker (cut short?)`,
        details,
      ),
    };
  }
  return {
    ...base,
    archive: ok(
      `${what} complete (ends with pg_dump's completion marker), ${scanner.tables.length} CREATE TABLE statements`,
      details,
    ),
  };
}

export function verifyBackup(input: VerifyInput): Promise<Verification> {
  switch (input.format) {
    case 'custom':
      return verifyCustom(input);
    case 'tar':
      return verifyTar(input);
    case 'directory':
      return verifyDirectory(input);
    default:
      return verifyPlain(input);
  }
}
