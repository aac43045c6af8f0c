// The read pass over the chosen backup and the backup.archive verdict. Each format gets the
// sinks that prove it whole while the bytes stream past once (and are hashed in the same pass);
// the archive's own TOC (archive-toc.ts) is read from those same bytes:
//   custom     the block structure walked against the TOC (nothing decompressed)
//   tar        our tar walker (pg_restore 15 hangs on a cut tar); toc.dat and blobs.toc kept
//   directory  each file read once (gzip members inflated); toc.dat and blobs.toc kept
//   plain      what it would make psql do (refused before anything runs), the completion marker, COPY
//              terminators and CREATE TABLE scan (through gunzip for plain-gzip)
// Then `pg_restore --list` as a second opinion: the local client can read this archive.
import { stat } from 'node:fs/promises';
import type { PgTool } from '../util/pg-tools.js';
import { ArchiveEndsEarly } from './archive-reader.js';
import { type ArchiveToc, type ArchiveTocEntry, readArchiveToc, TocDamaged, tocTables } from './archive-toc.js';
import { CustomArchiveWalker } from './custom-archive.js';
import { type PgRestoreOutcome, pgRestoreList } from './pg-restore.js';
import { TarWalker } from './tar-walker.js';
import { checkTocFiles, type DataFile, type FileCheck } from './toc-files.js';
import { contradictedVersionWords, missingSectionsWarning, tooNewWords, unreadableTocWords } from './toc-verdict.js';
import { type ArchiveVerdict, fail, readPass, type Verification, type VerifyInput, verdict } from './verification.js';
import { readDirectory } from './verify-directory.js';
import { verifyPlain } from './verify-plain.js';

export type { ArchiveVerdict, Verification, VerifyInput } from './verification.js';

const lastLine = (text: string) => text.trim().split('\n').pop() ?? '';

/** Entries pg_restore --list leaves out (session settings; the database itself without --create). */
const SILENT = new Set(['ENCODING', 'STDSTRINGS', 'SEARCHPATH', 'DATABASE']);

async function toolOrVerdict(input: VerifyInput): Promise<PgTool | ArchiveVerdict> {
  try {
    return await input.pgRestore();
  } catch (e) {
    return fail(`cannot verify a ${input.format} archive without pg_restore: ${(e as Error).message}`, {});
  }
}

function listFailure(tool: PgTool, outcome: PgRestoreOutcome): ArchiveVerdict {
  return fail(
    outcome.timedOut
      ? 'pg_restore --list did not finish: the table of contents is unreadable'
      : `pg_restore --list cannot read the table of contents: ${lastLine(outcome.stderr)}`,
    { pgRestore: tool.path, exitCode: outcome.exitCode, stderr: outcome.stderr },
  );
}

interface Judged {
  toc: ArchiveToc | null;
  head: Buffer;
  tocError: Error | null;
  /** The format's own structural problem (cut, damaged block, missing file), or null. */
  problem: string | null;
  /** What the format's pass saw, for the summary: "12 data blocks whole", "40 members". */
  seen: string;
  details: Record<string, unknown>;
  /** The client and its --list, when started beside the pass (a custom archive already on disk). */
  early?: { tool: Promise<PgTool | ArchiveVerdict>; list: Promise<PgRestoreOutcome | null> };
}

/**
 * pg_restore --list reads only the TOC at a custom archive's head: for a file already on disk it
 * runs beside the pass over the data instead of after it (40 ms of a 120 ms backup phase here).
 */
function listBeside(input: VerifyInput): Judged['early'] {
  const tool = toolOrVerdict(input);
  const list = tool.then((t) => ('path' in t ? pgRestoreList(t.path, input.path) : null));
  // Awaited by judge(); a pass that throws first leaves it to end by itself (bounded by its timeout).
  list.catch(() => {});
  return { tool, list };
}

/** The common verdict: words for the TOC, the structure's problem, --list, missing sections. */
async function judge(
  input: VerifyInput,
  j: Judged,
): Promise<Pick<Verification, 'archive' | 'toc' | 'tocTables' | 'tocEntries'>> {
  const none = { toc: null, tocTables: [], tocEntries: null };
  const tool = await (j.early?.tool ?? toolOrVerdict(input));
  const client = 'path' in tool ? tool : null;
  if (j.toc === null) {
    const words = unreadableTocWords(j.head, j.tocError, client);
    return { ...none, archive: verdict('fail', words.summary, { ...j.details, ...words.details }, words.tooNew) };
  }
  const toc = j.toc;
  const result = { toc, tocTables: tocTables(toc), tocEntries: toc.entries.filter((e) => !SILENT.has(e.desc)).length };
  const version = `${toc.version.major}.${toc.version.minor}-${toc.version.rev}`;
  const details = {
    ...j.details,
    archiveVersion: version,
    tocEntries: result.tocEntries,
    tables: result.tocTables.length,
  };
  if (client) {
    const words = tooNewWords(toc, client);
    if (words) {
      const contradicted = contradictedVersionWords(j.head, toc.version.minor);
      const chosen = contradicted ?? words;
      return { ...result, archive: verdict('fail', chosen.summary, { ...details, ...chosen.details }, !contradicted) };
    }
  }
  if (j.problem !== null)
    return { ...result, archive: fail(`the ${input.format} archive is damaged: ${j.problem}`, details) };
  if (!client) return { ...result, archive: tool as ArchiveVerdict };
  const list = (await j.early?.list) ?? (await pgRestoreList(client.path, input.path));
  if (!list.ok) return { ...result, archive: listFailure(client, list) };
  const what = `${input.format} archive ${version}: ${result.tocEntries} TOC entries, ${result.tocTables.length} tables, ${j.seen}; pg_restore ${client.version} reads it`;
  const missing = missingSectionsWarning(toc);
  if (missing)
    return { ...result, archive: verdict('warn', `${what}; but ${missing}`, { ...details, missingSections: missing }) };
  return { ...result, archive: verdict('ok', what, details) };
}

function tocOf(
  bytes: Buffer | null,
  container: 'tar' | 'directory',
): { toc: ArchiveToc | null; tocError: Error | null } {
  if (bytes === null) return { toc: null, tocError: new Error('toc.dat is missing') };
  try {
    return { toc: readArchiveToc(bytes, container), tocError: null };
  } catch (error) {
    return { toc: null, tocError: error instanceof ArchiveEndsEarly ? null : (error as Error) };
  }
}

function fileProblems(check: FileCheck): { problem: string | null; unchecked: string[] } {
  const problem = check.problems.length
    ? check.problems.slice(0, 5).join('; ') + (check.problems.length > 5 ? ` (+${check.problems.length - 5} more)` : '')
    : null;
  return { problem, unchecked: check.unchecked };
}

async function verifyCustom(input: VerifyInput): Promise<Verification> {
  // Decompressing every block (pg_restore -f /dev/null) would cost as much again as reading the
  // file; the structure walk finds a cut, padded or inconsistent archive for free, and the
  // checksum and the restore itself find damage inside compressed data.
  const size = input.read ? null : input.download ? (input.sizeBytes ?? null) : (await stat(input.path)).size;
  const walker = new CustomArchiveWalker(size);
  const early = !input.read && !input.download ? listBeside(input) : undefined;
  const pass = await readPass(input, [walker]);
  const walked = walker.finish(pass.bytesRead);
  const judged = await judge(input, {
    toc: walked.toc,
    head: walker.headBytes(),
    tocError: walked.tocError,
    problem: walked.problem,
    seen: `${walked.blocks} data blocks whole and consistent with the TOC`,
    details: { blocks: walked.blocks, ...(walked.problem ? { problem: walked.problem } : {}) },
    early,
  });
  return { ...pass, manifest: null, ...judged };
}

/**
 * Where a BLOBS entry's list of large objects is: a directory archive's TOC names it; a tar
 * archive's names `<dumpId>.dat`, and the list is blobs.toc, or one blobs_<dumpId>.toc per group
 * from archive version 1.16 (pg_dump 17).
 */
const blobsName = (toc: ArchiveToc) => (entry: ArchiveTocEntry) =>
  entry.desc === 'BLOBS' && !entry.filename?.endsWith('.toc')
    ? toc.version.minor >= 16
      ? `blobs_${entry.dumpId}.toc`
      : 'blobs.toc'
    : entry.filename;

async function verifyTar(input: VerifyInput): Promise<Verification> {
  const walker = new TarWalker();
  const pass = await readPass(input, [walker]);
  const files = new Map<string, DataFile>(walker.members.map((m) => [m.name, { tail: m.tail }]));
  const { toc, tocError } = tocOf(walker.kept.get('toc.dat') ?? null, 'tar');
  const blobsTocs = new Map([...walker.kept].filter(([name]) => name !== 'toc.dat'));
  const check =
    toc && !walker.error
      ? fileProblems(checkTocFiles(toc, files, blobsTocs, (e) => blobsName(toc)(e) ?? `${e.dumpId}.dat`))
      : null;
  const judged = await judge(input, {
    toc,
    head: walker.kept.get('toc.dat') ?? Buffer.alloc(0),
    // A tar header that does not read is the archive's damage, whatever the TOC then lacks.
    tocError: walker.error ? new TocDamaged(walker.error) : tocError,
    problem: walker.error ?? check?.problem ?? null,
    seen: `${walker.members.length} members present and complete`,
    details: { members: walker.members.length },
  });
  if (walker.error && judged.archive.status !== 'fail') judged.archive = fail(walker.error, judged.archive.details);
  return { ...pass, manifest: null, ...judged };
}

async function verifyDirectory(input: VerifyInput): Promise<Verification> {
  const dir = await readDirectory(input.path);
  const { toc, tocError } = tocOf(dir.tocDat, 'directory');
  const check = toc ? fileProblems(checkTocFiles(toc, dir.files, dir.blobsTocs, blobsName(toc))) : null;
  const problems = [...dir.damaged, ...(check?.problem ? [check.problem] : [])];
  const unchecked = check?.unchecked ?? [];
  const judged = await judge(input, {
    toc,
    head: dir.tocDat ?? Buffer.alloc(0),
    tocError,
    problem: problems.length ? problems.join('; ') : null,
    seen: `${dir.manifest.size} files present and whole${unchecked.length ? ` (${unchecked.length} lz4/zstd files not decompressed: ${unchecked.slice(0, 3).join(', ')}${unchecked.length > 3 ? ', …' : ''})` : ''}`,
    details: { files: dir.manifest.size, uncheckedFiles: unchecked },
  });
  if (!dir.tocDat && judged.archive.status === 'fail') {
    judged.archive.summary = 'the directory backup has no toc.dat: it is not a complete pg_dump directory archive';
  }
  return { sha256: dir.sha256, bytesRead: dir.bytesRead, manifest: dir.manifest, ...judged };
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
