// backup-select: which of the backups at the source is drilled. newest (the default) proves
// tonight's backup; random and oldest prove that the older backups kept for backup-retention still
// restore (AWS Backup restore testing draws recovery points the same way). Random is seeded by
// the workflow run id and attempt, so a re-run of a failed drill drills the same backup.
import { createHash } from 'node:crypto';
import type { DrillConfig } from '../config/config.js';
import type { BackupSelection } from '../model/backup-types.js';
import { durationAsWritten } from './inventory.js';

export interface BackupPick {
  mode: DrillConfig['backupSelect'];
  retentionMs: number | null;
  /** random: what the draw is seeded with; null off GitHub (then the clock seeds it). */
  seed: string | null;
  now: Date;
}

export const NEWEST: BackupPick = { mode: 'newest', retentionMs: null, seed: null, now: new Date(0) };

export function backupPick(config: DrillConfig, env: NodeJS.ProcessEnv, now = new Date()): BackupPick {
  const runId = env.GITHUB_RUN_ID?.trim();
  const seed = runId ? `${runId}-${env.GITHUB_RUN_ATTEMPT?.trim() || '1'}` : null;
  return { mode: config.backupSelect, retentionMs: config.backupRetentionMs, seed, now };
}

/** A number in [0, n) drawn from the seed: the same seed always draws the same. */
export function seededIndex(seed: string, n: number): number {
  const digest = createHash('sha256').update(`pickdriver-vault backup-select ${seed}`).digest();
  return digest.readUIntBE(0, 6) % n;
}

export interface Pick {
  /** Index into the list (newest first) of the backup to drill. */
  index: number;
  /** Indexes of the backups older than backup-retention. */
  expired: Set<number>;
  selection: Omit<BackupSelection, 'newestAgeSeconds'>;
}

/**
 * Chooses among backups sorted newest first. random and oldest choose among those within
 * backup-retention (all of them without it); when every backup is past retention, the newest is
 * drilled and the reason says so.
 */
export function pickBackup(createdAt: Date[], names: string[], pick: BackupPick): Pick | null {
  if (createdAt.length === 0) return null;
  const expired = new Set<number>();
  if (pick.retentionMs !== null) {
    createdAt.forEach((t, i) => {
      if (pick.now.getTime() - t.getTime() > (pick.retentionMs as number)) expired.add(i);
    });
  }
  const pool = createdAt.map((_, i) => i).filter((i) => !expired.has(i));
  const window =
    pick.retentionMs === null ? 'at the source' : `within backup-retention ${durationAsWritten(pick.retentionMs)}`;
  const newest = { newestId: names[0] ?? null, newestCreatedAt: createdAt[0]?.toISOString() ?? null };
  const base = { mode: pick.mode, seed: null as string | null, poolSize: pool.length, ...newest };
  if (pick.mode === 'newest' || pool.length === 0) {
    const why =
      pick.mode === 'newest'
        ? `newest of ${createdAt.length} backup(s) (backup-select: newest)`
        : `backup-select: ${pick.mode}, but none of the ${createdAt.length} backup(s) is within backup-retention: the newest is drilled`;
    return { index: 0, expired, selection: { ...base, reason: why } };
  }
  if (pick.mode === 'oldest') {
    const index = pool[pool.length - 1] as number;
    return {
      index,
      expired,
      selection: { ...base, reason: `oldest of ${pool.length} backup(s) ${window} (backup-select: oldest)` },
    };
  }
  const seed = pick.seed ?? `clock-${pick.now.getTime()}`;
  const drawn = seededIndex(seed, pool.length);
  const index = pool[drawn] as number;
  const seededBy = pick.seed
    ? `seeded by run ${pick.seed} (run id-attempt), so a re-run drills the same backup`
    : 'seeded by the clock (no GITHUB_RUN_ID)';
  return {
    index,
    expired,
    selection: {
      ...base,
      seed,
      reason: `random: number ${drawn + 1} (newest first) of ${pool.length} backup(s) ${window}, ${seededBy} (backup-select: random)`,
    },
  };
}
