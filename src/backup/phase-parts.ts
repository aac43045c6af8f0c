// Pieces of the backup phase (backup/backup-phase.ts): the backup section before anything is read,
// the checks skipped after a failure, what a failure's details say, and the verification's own deadline.
import type { BackupFormat, BackupInfo, BackupLayer } from '../model/backup-types.js';
import { check } from '../model/context.js';
import type { CheckResult } from '../model/types.js';
import { HttpStatusError } from '../source/remote-errors.js';
import { S3Error } from '../source/s3-location.js';
import type { ChosenBackup } from '../source/select.js';
import { Deadline, DeadlineExceeded } from '../util/deadline.js';
import type { AgedBackup } from './phase-checks.js';

/** "custom", "custom in age → zstd", or the layers alone while the format inside is unknown. */
export function describeFormat(format: BackupFormat | null, wrapping: BackupLayer[]): string {
  if (wrapping.length === 0 || format === 'plain-gzip') return format ?? 'unknown';
  return `${format ?? 'pg_dump'} in ${wrapping.join(' → ')}`;
}

export function emptyBackupInfo(source: string): BackupInfo {
  return {
    id: null,
    source,
    resolved: null,
    candidates: [],
    selection: null,
    format: null,
    wrapping: [],
    sizeBytes: null,
    sha256: null,
    checksumVerified: null,
    checksumSource: null,
    checksumStatus: null,
    checksumUnverifiedReason: null,
    createdAt: null,
    createdAtSource: null,
    ageSeconds: null,
    rpoTargetSeconds: null,
    rpoMet: null,
    archiveVersion: null,
    pgDumpVersion: null,
    serverVersion: null,
    tocEntries: null,
  };
}

export const skipRest = (reason: string): CheckResult[] => [
  check('backup.checksum', 'skip', reason),
  check('backup.archive', 'skip', reason),
  check('backup.age', 'skip', reason),
];

/** What a failed search tells in backup.found's details: the S3 error code or HTTP status, when there is one. */
export function failureDetails(error: Error, source: string, kind: string): Record<string, unknown> {
  const details: Record<string, unknown> = { source, kind };
  if (error instanceof S3Error) Object.assign(details, { status: error.status, code: error.code });
  else if (error instanceof HttpStatusError) details.status = error.status;
  return details;
}

/** The newest backup at the source, which backup.age judges (the drilled one unless backup-select says otherwise). */
export function newestOf(chosen: ChosenBackup, info: BackupInfo): AgedBackup {
  const id = info.selection?.newestId;
  const at = info.selection?.newestCreatedAt;
  if (!id || !at || id === chosen.name) return chosen;
  return { name: id, createdAt: new Date(at), createdAtSource: chosen.createdAtSource, timeOrigin: 'listing' };
}

export function sizeFromDownload(chosen: ChosenBackup, info: BackupInfo, bytes: number): void {
  chosen.sizeBytes = bytes;
  info.sizeBytes = bytes;
  for (const c of info.candidates) if (c.verdict === 'chosen') c.sizeBytes = bytes;
}

/**
 * `serverMajor`: the target server's major, read by the preflight: the verification picks (and,
 * where allowed, installs) the client the restore will use, by the same rule, not one of its own.
 */
/**
 * The verification pass by restore-timeout: a backup that inflates without end (a plain dump in
 * nested layers has no disk to fill) or a read that never ends stops there, its read and every
 * layer's tool with it, and fails the backup's checks.
 */
export async function verifyWithin<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const deadline = new Deadline(ms, 'the verification pass');
  const controller = new AbortController();
  return deadline.race(work(controller.signal), () =>
    controller.abort(new DeadlineExceeded(deadline.what, deadline.totalMs)),
  );
}
