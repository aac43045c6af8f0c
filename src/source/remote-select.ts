// Choosing among remote objects exactly as among local files: every object becomes a candidate
// with a verdict (sidecar, pattern mismatch, not a backup by its header, older, chosen), and the
// newest real backup wins. Only the first bytes of each eligible object are fetched to recognise
// it (the same 16 KiB a local file is peeked at); then only the chosen backup and its sidecar are
// downloaded, streamed into a temporary folder that the caller removes with dispose(). A fetcher
// that can open a stream (S3, https) leaves the chosen backup to the verification pass, which writes
// the file while it hashes and walks the bytes: they are read once.
import { mkdir, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { sidecarPathFor } from '../dump/checksum.js';
import { detectBackup, PEEK_BYTES } from '../dump/detect.js';
import type { BackupCandidate } from '../model/backup-types.js';
import { makeTempDir } from '../util/temp-files.js';
import type { BackupPick } from './pick.js';
import { nameVerdict, type RankedBackup, rankBackups, type Selection } from './select.js';

export interface RemoteEntry {
  /** The fetcher's own locator: an S3 key, a URL. */
  ref: string;
  /** The candidate's name in the report (an object key relative to the prefix, or a file name). */
  name: string;
  /** The last path segment: what backup-pattern is matched against and the downloaded file's name. */
  baseName: string;
  sizeBytes: number | null;
  /** The remote object's own modification time; null when the server gave none. */
  modifiedAt: Date | null;
  /** Why this entry is never fetched (an S3 key with `..` segments); null or absent when it may be. */
  refused?: string | null;
}

interface RemoteFetcher {
  /** Writes the object's first `bytes` bytes to `file`. */
  peek(entry: RemoteEntry, file: string, bytes: number): Promise<void>;
  /** Streams the whole object to `file`. */
  download(entry: RemoteEntry, file: string): Promise<void>;
  /** The whole object as a stream: when given, the chosen backup is left to the verification pass. */
  open?(entry: RemoteEntry): Promise<AsyncIterable<Buffer>>;
  /** Streams the entry's `<name>.sha256` sidecar to `file`; false when there is none. */
  downloadSidecar(entry: RemoteEntry, file: string): Promise<boolean>;
  /** Where the object lives, for the report (no query string, no credentials). */
  describe(entry: RemoteEntry): string;
  /** Words for modifiedAt in reasons: 'remote modification time (S3 LastModified)'. */
  timeOrigin: string;
}

export interface RemoteSelection extends Selection {
  /** Where the chosen backup lives remotely (report's `resolved`), null when none was chosen. */
  resolved: string | null;
  /**
   * Set when the chosen backup is still remote: the stream the verification pass writes to
   * chosen.path as it reads, and what to do once the file is whole.
   */
  pending?: PendingDownload | null;
}

interface PendingDownload {
  open(): Promise<AsyncIterable<Buffer>>;
  /** Dates the written file and checks it is still the backup its first bytes promised. */
  finish(): Promise<void>;
}

/** A temporary folder in RUNNER_TEMP (or the system's) and the function that removes it (safe to call twice). */
export function makeTempFolder(): Promise<{ dir: string; dispose: () => Promise<void> }> {
  return makeTempDir('backup');
}

/** A file name safe to create inside our temporary folder, whatever the remote name is. */
export function safeFileName(name: string): string {
  const cleaned = name.replace(/[/\\\0]/g, '_').replace(/^\.+$/, '_');
  return cleaned === '' ? 'backup' : cleaned;
}

export async function selectRemoteBackup(opts: {
  entries: RemoteEntry[];
  fetcher: RemoteFetcher;
  pattern: string;
  searched: string;
  dir: string;
  /** Fetch the sidecar of the chosen backup (not when backup-checksum is off or a value). */
  wantSidecar: boolean;
  /** backup-select: which backup to download and drill (newest when absent). */
  pick?: BackupPick;
}): Promise<RemoteSelection> {
  const { fetcher, dir } = opts;
  const peekDir = path.join(dir, '.peek');
  await mkdir(peekDir, { recursive: true });
  const candidates: BackupCandidate[] = [];
  const backups: (RankedBackup & { entry: RemoteEntry })[] = [];
  for (const [index, entry] of opts.entries.entries()) {
    const candidate: BackupCandidate = {
      name: entry.name,
      verdict: 'not-a-backup',
      reason: '',
      createdAt: null,
      sizeBytes: entry.sizeBytes,
    };
    candidates.push(candidate);
    if (entry.refused) {
      candidate.reason = entry.refused;
      continue;
    }
    if (!nameVerdict(candidate, entry.baseName, opts.pattern)) continue;
    if (entry.sizeBytes === 0) {
      candidate.reason = 'not a backup by its header: an empty object';
      continue;
    }
    // One folder per object: two keys in different folders may share a base name.
    const target = path.join(dir, String(index), safeFileName(entry.baseName));
    await mkdir(path.dirname(target), { recursive: true });
    const probe = path.join(peekDir, String(index));
    await fetcher.peek(entry, probe, PEEK_BYTES);
    candidate.sizeBytes = entry.sizeBytes;
    const detection = await detectBackup(probe).catch((e: Error) => ({ ok: false as const, reason: e.message }));
    if (!detection.ok) {
      candidate.reason = `not a backup by its header: ${detection.reason}`;
      continue;
    }
    const fromArchive = detection.detected.createdAt;
    const createdAt = fromArchive ?? entry.modifiedAt ?? new Date();
    candidate.createdAt = createdAt.toISOString();
    backups.push({
      candidate,
      entry,
      path: target,
      name: path.basename(target),
      sizeBytes: entry.sizeBytes ?? 0,
      createdAt,
      createdAtSource: fromArchive ? 'archive' : 'mtime',
      timeOrigin: fromArchive
        ? 'archive header'
        : entry.modifiedAt
          ? fetcher.timeOrigin
          : 'download time (the server gave no modification time)',
      detected: detection.detected,
    });
  }
  await rm(peekDir, { recursive: true, force: true });
  const byPath = new Map(backups.map((b) => [b.path, b]));
  const ranked = rankBackups(backups, opts.pick);
  if (!ranked) return { searched: opts.searched, candidates, chosen: null, selection: null, resolved: null };
  const chosen = ranked.chosen;
  const { entry } = byPath.get(chosen.path)!;
  const peeked = chosen.detected.format;
  // The object may have been replaced since its first bytes were read: judge what was downloaded.
  const finish = async () => {
    if (entry.modifiedAt) await utimes(chosen.path, entry.modifiedAt, entry.modifiedAt);
    const detection = await detectBackup(chosen.path);
    if (!detection.ok) throw new Error(`${entry.name} changed while it was downloaded: ${detection.reason}`);
    if (detection.detected.format !== peeked) {
      throw new Error(`${entry.name} changed while it was downloaded: now a ${detection.detected.format} backup`);
    }
    chosen.detected = detection.detected;
    chosen.sizeBytes = (await stat(chosen.path)).size;
  };
  if (opts.wantSidecar) await fetcher.downloadSidecar(entry, sidecarPathFor(chosen.path));
  const open = fetcher.open;
  if (open) {
    const pending = { open: () => open(entry), finish };
    return {
      searched: opts.searched,
      candidates,
      chosen,
      selection: ranked.selection,
      resolved: fetcher.describe(entry),
      pending,
    };
  }
  await fetcher.download(entry, chosen.path);
  await finish();
  return {
    searched: opts.searched,
    candidates,
    chosen,
    selection: ranked.selection,
    resolved: fetcher.describe(entry),
  };
}
