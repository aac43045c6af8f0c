// The inventory: every backup at the source (count, newest, oldest, sizes, the gaps between
// consecutive backups, those past backup-retention) and the backup.cadence verdict on it. Built
// from the candidates the selection already dated, so it costs no extra request or read.

import type { BackupCandidate, InventoryBackup, InventoryGap, InventoryInfo } from '../model/backup-types.js';
import { check } from '../model/context.js';
import type { CheckResult } from '../model/types.js';

/** A gap longer than this many backup-intervals means a backup is missing. */
export const GAP_FACTOR = 1.5;

const BACKUP_VERDICTS = new Set(['chosen', 'older', 'newer', 'expired']);

/** A candidate that is a backup: not a checksum sidecar, a name the pattern excludes or another file. */
export function isBackup(candidate: BackupCandidate): boolean {
  return BACKUP_VERDICTS.has(candidate.verdict);
}

/** "1 backup", "3 backups": what "among N" counts, sidecars and other entries left out. */
export function backupCount(candidates: BackupCandidate[]): string {
  const n = candidates.filter(isBackup).length;
  return `${n} backup${n === 1 ? '' : 's'}`;
}

interface InventoryOptions {
  intervalMs: number | null;
  retentionMs: number | null;
  now: Date;
}

/** A configured duration as it is written: 30d, 24h, 1d12h (formatDuration pads to two units). */
export function durationAsWritten(ms: number): string {
  let rest = Math.round(ms / 1000);
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join('') || '0s';
}

/** "2026-11-24 03:00" (UTC): how a missing period is named. */
export function minuteUtc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

export function buildInventory(candidates: BackupCandidate[], opts: InventoryOptions): InventoryInfo {
  const now = opts.now.getTime();
  const backups: InventoryBackup[] = candidates
    .filter((c) => isBackup(c) && c.createdAt !== null)
    .map((c) => {
      const ageMs = now - new Date(c.createdAt as string).getTime();
      return {
        name: c.name,
        createdAt: c.createdAt as string,
        ageSeconds: Math.max(0, Math.round(ageMs / 1000)),
        sizeBytes: c.sizeBytes,
        expired: opts.retentionMs !== null && ageMs > opts.retentionMs,
      };
    })
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.name < b.name ? 1 : -1));
  const gaps: InventoryGap[] = [];
  for (let i = 0; i + 1 < backups.length; i++) {
    const newer = backups[i] as InventoryBackup;
    const older = backups[i + 1] as InventoryBackup;
    const ms = new Date(newer.createdAt).getTime() - new Date(older.createdAt).getTime();
    gaps.push({
      from: older.createdAt,
      to: newer.createdAt,
      durationSeconds: Math.round(ms / 1000),
      missing: opts.intervalMs === null ? null : ms > GAP_FACTOR * opts.intervalMs,
      withinRetention: !older.expired && !newer.expired,
    });
  }
  return {
    asOf: opts.now.toISOString(),
    count: backups.length,
    newest: backups[0] ?? null,
    oldest: backups[backups.length - 1] ?? null,
    totalSizeBytes: backups.reduce((sum, b) => sum + (b.sizeBytes ?? 0), 0),
    intervalSeconds: opts.intervalMs === null ? null : Math.round(opts.intervalMs / 1000),
    retentionSeconds: opts.retentionMs === null ? null : Math.round(opts.retentionMs / 1000),
    backups,
    gaps,
    expired: backups.filter((b) => b.expired).map((b) => b.name),
  };
}

/** The periods without a backup that backup.cadence fails on: gaps within the retention window. */
export function missingPeriods(inventory: InventoryInfo): InventoryGap[] {
  return inventory.gaps.filter((g) => g.missing === true && g.withinRetention);
}

/**
 * backup.cadence: fails on a gap longer than 1.5 × backup-interval within the retention window;
 * warns when backups past backup-retention are still stored; skipped without backup-interval
 * unless there is such a warning to give.
 */
export function cadenceCheck(inventory: InventoryInfo): CheckResult {
  const { intervalSeconds, retentionSeconds } = inventory;
  const expiredNote =
    inventory.expired.length > 0 && retentionSeconds !== null
      ? `${inventory.expired.length} backup(s) older than ${durationAsWritten(retentionSeconds * 1000)} are still stored`
      : null;
  const missing = missingPeriods(inventory);
  const details = {
    count: inventory.count,
    intervalSeconds,
    retentionSeconds,
    missing: missing.map((g) => ({ from: g.from, to: g.to, durationSeconds: g.durationSeconds })),
    expired: inventory.expired,
  };
  if (intervalSeconds === null) {
    return expiredNote
      ? check(
          'backup.cadence',
          'warn',
          `${expiredNote} (backup-retention); gaps not judged: no backup-interval set`,
          details,
        )
      : check('backup.cadence', 'skip', 'no backup-interval set: the gaps between backups are not judged', details);
  }
  const interval = durationAsWritten(intervalSeconds * 1000);
  if (missing.length > 0) {
    const periods = missing.map((g) => `no backup between ${minuteUtc(g.from)} and ${minuteUtc(g.to)}`);
    const shown = periods.slice(0, 3).join('; ') + (periods.length > 3 ? `; and ${periods.length - 3} more` : '');
    return check(
      'backup.cadence',
      'fail',
      `${shown} (UTC; longer than ${GAP_FACTOR} × backup-interval ${interval})${expiredNote ? `; ${expiredNote}` : ''}`,
      details,
    );
  }
  const judged = inventory.gaps.filter((g) => g.withinRetention).length;
  const longest = Math.max(0, ...inventory.gaps.filter((g) => g.withinRetention).map((g) => g.durationSeconds));
  const base =
    judged === 0
      ? `${inventory.count} backup(s): no gap to judge against backup-interval ${interval}`
      : `${judged} gap(s) between ${inventory.count} backups, the longest ${durationAsWritten(longest * 1000)}, none longer than ${GAP_FACTOR} × backup-interval ${interval}`;
  return expiredNote
    ? check('backup.cadence', 'warn', `${base}; ${expiredNote} (backup-retention)`, details)
    : check('backup.cadence', 'ok', base, details);
}
