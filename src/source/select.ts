// Choosing the backup to restore among the files a local source names: every entry becomes a
// candidate with a verdict, and the newest real backup by creation time wins.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Detected, detectBackup } from '../dump/detect.js';
import type { BackupCandidate } from '../model/backup-types.js';
import { expandGlob, isGlob, matchesGlob } from './glob.js';
import { type BackupPick, NEWEST, type Pick, pickBackup } from './pick.js';

export interface ChosenBackup {
  path: string;
  name: string;
  sizeBytes: number;
  createdAt: Date;
  createdAtSource: 'archive' | 'mtime';
  /** Where createdAt came from, in words: 'archive header', 'file modification time', 'remote modification time (…)'. */
  timeOrigin: string;
  detected: Detected;
}

/** How a source other than a plain local path dates its files (artifacts: the artifact's created_at). */
interface LocalSelectOptions {
  /** Used instead of each file's own modification time (extracted files carry the extraction time). */
  modifiedAt?: Date;
  /** Words for that time in reasons and the age check. */
  modifiedAtOrigin?: string;
}

/** Which backup backup-select chose and why (its age is added by the backup phase). */
type PickedSelection = Pick['selection'];

export interface Selection {
  /** What was searched, in words, for the report when nothing is found. */
  searched: string;
  candidates: BackupCandidate[];
  chosen: ChosenBackup | null;
  /** Null when nothing was chosen. */
  selection: PickedSelection | null;
}

interface Entry {
  path: string;
  isDirectory: boolean;
}

async function dirSize(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir)) {
    const s = await stat(path.join(dir, name)).catch(() => null);
    if (s?.isFile()) total += s.size;
  }
  return total;
}

async function listEntries(source: string): Promise<{ searched: string; entries: Entry[] }> {
  if (isGlob(source)) {
    const { matches } = await expandGlob(source);
    return { searched: `paths matching the glob '${source}'`, entries: matches };
  }
  const info = await stat(source).catch(() => null);
  if (!info) return { searched: `'${source}' (no such file or directory)`, entries: [] };
  if (info.isDirectory()) {
    const inside = await readdir(source, { withFileTypes: true });
    // A directory-format backup named directly is the backup, not a folder of backups.
    if (inside.some((e) => e.name === 'toc.dat')) {
      return { searched: `the directory-format backup '${source}'`, entries: [{ path: source, isDirectory: true }] };
    }
    const entries = inside
      .map((e) => ({ path: path.join(source, e.name), isDirectory: e.isDirectory() }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { searched: `the entries of the directory '${source}'`, entries };
  }
  return { searched: `the file '${source}'`, entries: [{ path: source, isDirectory: false }] };
}

/** A real backup among the candidates, still to be ranked. */
export interface RankedBackup extends ChosenBackup {
  candidate: BackupCandidate;
}

/**
 * backup-select decides (newest by default): sets the verdicts of the real backups and returns the
 * chosen one and why (null when there is none).
 */
export function rankBackups(
  backups: RankedBackup[],
  pick: BackupPick = NEWEST,
): { chosen: ChosenBackup; selection: PickedSelection } | null {
  // Newest first; equal times fall back to the name, so the choice never depends on listing order.
  backups.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.name < b.name ? 1 : -1));
  const picked = pickBackup(
    backups.map((b) => b.createdAt),
    backups.map((b) => b.name),
    pick,
  );
  const chosen = picked ? backups[picked.index] : undefined;
  if (!picked || !chosen) return null;
  backups.forEach((b, i) => {
    if (i === picked.index) return;
    const created = b.createdAt.toISOString();
    if (picked.expired.has(i)) {
      b.candidate.verdict = 'expired';
      b.candidate.reason = `older than backup-retention (created ${created})`;
    } else if (i > picked.index) {
      b.candidate.verdict = 'older';
      b.candidate.reason = `older than the one chosen (created ${created})`;
    } else {
      b.candidate.verdict = 'newer';
      b.candidate.reason = `newer than the one chosen (created ${created})`;
    }
  });
  chosen.candidate.verdict = 'chosen';
  chosen.candidate.reason = `${picked.selection.reason}: ${chosen.detected.format ?? 'wrapped'} backup created ${chosen.createdAt.toISOString()}, from the ${chosen.timeOrigin}`;
  const { candidate: _candidate, ...rest } = chosen;
  return { chosen: rest, selection: picked.selection };
}

/** A candidate's verdict before its content is looked at: sidecars and names the pattern excludes. */
export function nameVerdict(candidate: BackupCandidate, name: string, pattern: string, isDirectory = false): boolean {
  if (!isDirectory && name.toLowerCase().endsWith('.sha256')) {
    candidate.verdict = 'checksum-sidecar';
    candidate.reason = 'a checksum sidecar (*.sha256)';
    return false;
  }
  if (!matchesGlob(name, pattern)) {
    candidate.verdict = 'pattern-mismatch';
    candidate.reason = `did not match backup-pattern '${pattern}'`;
    return false;
  }
  return true;
}

export async function selectLocalBackup(
  source: string,
  pattern: string,
  options: LocalSelectOptions = {},
  pick: BackupPick = NEWEST,
): Promise<Selection> {
  const { searched, entries } = await listEntries(source);
  const candidates: BackupCandidate[] = [];
  const backups: RankedBackup[] = [];
  for (const entry of entries) {
    const name = path.basename(entry.path);
    const info = await stat(entry.path).catch(() => null);
    const sizeBytes = info ? (entry.isDirectory ? await dirSize(entry.path) : info.size) : null;
    const candidate: BackupCandidate = { name, verdict: 'not-a-backup', reason: '', createdAt: null, sizeBytes };
    candidates.push(candidate);
    if (!nameVerdict(candidate, name, pattern, entry.isDirectory)) continue;
    if (!info) {
      candidate.reason = 'could not be read';
      continue;
    }
    const detection = await detectBackup(entry.path).catch((e: Error) => ({ ok: false as const, reason: e.message }));
    if (!detection.ok) {
      candidate.reason = `not a backup by its header: ${detection.reason}`;
      continue;
    }
    const fromArchive = detection.detected.createdAt;
    const createdAt = fromArchive ?? options.modifiedAt ?? info.mtime;
    candidate.createdAt = createdAt.toISOString();
    backups.push({
      candidate,
      path: path.resolve(entry.path),
      name,
      sizeBytes: sizeBytes ?? 0,
      createdAt,
      createdAtSource: fromArchive ? 'archive' : 'mtime',
      timeOrigin: fromArchive ? 'archive header' : (options.modifiedAtOrigin ?? 'file modification time'),
      detected: detection.detected,
    });
  }
  const ranked = rankBackups(backups, pick);
  return { searched, candidates, chosen: ranked?.chosen ?? null, selection: ranked?.selection ?? null };
}
