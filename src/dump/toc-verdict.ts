// Words for what the TOC reader found, true to the bytes: "too new" only for a version pg_dump
// really wrote (its header reads as that version) that is newer than the local client; a version
// byte that is not a version, or that contradicts the header's own layout, is a damaged header;
// a file that ends early is cut short. Also: which sections pg_dump left out (--section, -s, -a).
import type { PgTool } from '../util/pg-tools.js';
import { ArchiveEndsEarly } from './archive-reader.js';
import {
  type ArchiveToc,
  knownArchiveVersion,
  NEWEST_ARCHIVE_MINOR,
  readArchiveHeader,
  readArchiveToc,
  SECTION,
  UnknownArchiveVersion,
} from './archive-toc.js';
import { maxArchiveMinorFor, minPgMajorForArchiveMinor } from './pgdmp-header.js';

interface VerdictWords {
  summary: string;
  details: Record<string, unknown>;
  tooNew: boolean;
}

type Header = ReturnType<typeof readArchiveHeader>;

/** The known layouts the header reads as, newest first (empty: none). */
function layoutsThatRead(head: Buffer): Header[] {
  const found: Header[] = [];
  for (let minor = NEWEST_ARCHIVE_MINOR; minor >= 10; minor--) {
    try {
      found.push(readArchiveHeader(head, { minor }));
    } catch {
      // not this layout
    }
  }
  return found;
}

const pgMajor = (version: string | null) => Number(/^(\d+)/.exec(version ?? '')?.[1] ?? Number.NaN);

/** The client cannot read this archive: its version is newer than the client's newest. */
export function tooNewWords(toc: Header, tool: PgTool): VerdictWords | null {
  const { major, minor } = toc.version;
  if (minor <= maxArchiveMinorFor(tool.major)) return null;
  const archive = `${major}.${minor}`;
  const dumpMajor = pgMajor(toc.pgDumpVersion);
  const needed = Number.isFinite(dumpMajor) ? dumpMajor : minPgMajorForArchiveMinor(minor);
  const by = toc.pgDumpVersion ? ` (written by pg_dump ${toc.pgDumpVersion})` : '';
  const client = needed ? `PostgreSQL ${needed} client tools (or newer)` : 'newer PostgreSQL client tools';
  return {
    tooNew: true,
    summary: `archive version ${archive}${by} is too new for pg_restore ${tool.version}, which reads archives up to 1.${maxArchiveMinorFor(tool.major)}: install the ${client} or set pg-bin-dir to their bin folder`,
    details: {
      archiveVersion: archive,
      pgDumpVersion: toc.pgDumpVersion,
      pgRestoreVersion: tool.version,
      pgRestore: tool.path,
    },
  };
}

/** Words for a TOC the reader could not read (`error` from readArchiveToc, or null: cut short). */
export function unreadableTocWords(head: Buffer, error: Error | null, tool: PgTool | null): VerdictWords {
  const damaged = (summary: string, extra: Record<string, unknown> = {}): VerdictWords => ({
    summary,
    details: { problem: error?.message ?? 'cut short', ...extra },
    tooNew: false,
  });
  if (error === null || error instanceof ArchiveEndsEarly) {
    return damaged('the archive is cut short: it ends inside its table of contents');
  }
  if (!(error instanceof UnknownArchiveVersion)) {
    const claimed = head.length >= 7 && head[5] === 1 ? (head[6] as number) : null;
    const contradicted = claimed === null ? null : contradictedVersionWords(head, claimed);
    if (contradicted) return { ...contradicted, details: { problem: error.message, ...contradicted.details } };
    return damaged(`the archive is damaged: ${error.message}`);
  }
  const { major, minor } = error;
  const reads = layoutsThatRead(head);
  const claimed = `${major}.${minor}`;
  if (major === 1 && minor > NEWEST_ARCHIVE_MINOR && reads[0]?.pgDumpVersion) {
    // A version newer than any this action knows, in a header that reads: a future pg_dump.
    const future = { ...reads[0], version: { major, minor, rev: 0 } };
    const words = tool ? tooNewWords(future, tool) : null;
    if (words && pgMajor(future.pgDumpVersion) > (tool?.major ?? 0)) return words;
  }
  const real = reads.find((toc) => toc.pgDumpVersion !== null) ?? reads[0];
  if (real && !knownArchiveVersion(major, minor)) {
    return damaged(
      `the header is damaged: its version bytes say ${claimed}, which no pg_dump writes, but the header reads as version 1.${real.version.minor}${real.pgDumpVersion ? ` (pg_dump ${real.pgDumpVersion})` : ''}`,
      { claimedVersion: claimed, layoutVersion: `1.${real.version.minor}` },
    );
  }
  return damaged(`the header is damaged: version bytes ${claimed} are not an archive version`, {
    claimedVersion: claimed,
  });
}

/**
 * A known version newer than the client whose header does not read as that version (but as
 * another): a flipped version byte, not a newer pg_dump.
 */
export function contradictedVersionWords(head: Buffer, claimedMinor: number): VerdictWords | null {
  const reads = (minor: number, whole: boolean) => {
    try {
      if (whole) readArchiveToc(head, undefined, { minor });
      else readArchiveHeader(head, { minor });
      return true;
    } catch {
      return false;
    }
  };
  const minors = Array.from({ length: NEWEST_ARCHIVE_MINOR - 9 }, (_, i) => NEWEST_ARCHIVE_MINOR - i);
  // The header alone, then the whole TOC: the first layout that reads where the claimed one does not.
  for (const whole of [false, true]) {
    if (reads(claimedMinor, whole)) continue;
    const real = minors.find((m) => m !== claimedMinor && reads(m, whole));
    if (real === undefined) return null;
    return {
      tooNew: false,
      summary: `the header is damaged: its version byte says 1.${claimedMinor}, but the ${whole ? 'archive' : 'header'} reads as version 1.${real}`,
      details: { claimedVersion: `1.${claimedMinor}`, layoutVersion: `1.${real}` },
    };
  }
  return null;
}

/** What pg_dump left out, as a warning: no data (-s, --section=pre-data/post-data), no schema (-a), no post-data. */
export function missingSectionsWarning(toc: ArchiveToc): string | null {
  const has = (section: number) => toc.entries.some((e) => e.section === section);
  const tables = toc.entries.some((e) => e.desc === 'TABLE');
  const data = toc.entries.some((e) => e.desc === 'TABLE DATA' || e.desc === 'BLOBS');
  const missing: string[] = [];
  if (!has(SECTION.preData) && data) {
    missing.push(
      'its pre-data section (the schema: pg_dump -a or --section=data): the restore needs the tables to exist',
    );
  }
  if (tables && !data) missing.push('data (pg_dump -s or --section without data): tables restore empty');
  if (tables && !has(SECTION.postData)) {
    missing.push(
      'its post-data section (indexes, constraints, triggers, materialized view refreshes: pg_dump --section without post-data, or -a)',
    );
  }
  return missing.length ? `the archive has no ${missing.join('; and no ')}` : null;
}
