// The report's backup and inventory sections: which backup was drilled, how it was found and read,
// and every backup at the source (src/model/types.ts holds the report around them).

export type BackupFormat = 'custom' | 'directory' | 'tar' | 'plain' | 'plain-gzip';

/** chosen; older/newer than the chosen one; expired: older than backup-retention (never drawn by random/oldest). */
type CandidateVerdict =
  | 'chosen'
  | 'older'
  | 'newer'
  | 'expired'
  | 'pattern-mismatch'
  | 'not-a-backup'
  | 'checksum-sidecar';

/** Encryption and compression layers a backup can be wrapped in (backup.wrapping, outermost first). */
const BACKUP_LAYERS = ['age', 'gpg', 'gzip', 'zstd', 'xz', 'lz4', 'bzip2'] as const;
export type BackupLayer = (typeof BACKUP_LAYERS)[number];

type BackupSelectMode = 'newest' | 'random' | 'oldest';

/** Which backup backup-select drilled, and why. */
export interface BackupSelection {
  mode: BackupSelectMode;
  /** In words: "random: 4th of 9 backups within backup-retention 30d (seed 987654321-1)". */
  reason: string;
  /** random: the seed the draw used (run id and attempt, so a re-run drills the same backup); else null. */
  seed: string | null;
  /** How many backups the choice was made among. */
  poolSize: number;
  /** The newest backup at the source: backup.age judges the RPO on it, whichever backup is drilled. */
  newestId: string | null;
  newestCreatedAt: string | null;
  newestAgeSeconds: number | null;
}

export interface BackupCandidate {
  name: string;
  verdict: CandidateVerdict;
  reason: string;
  createdAt: string | null;
  sizeBytes: number | null;
}

type ChecksumStatus = 'verified' | 'not-verified' | 'mismatch';
/** no-sidecar: no <name>.sha256 beside the backup; off: backup-checksum is off; sidecar-unreadable: a sidecar without a checksum line. */
type ChecksumUnverifiedReason = 'no-sidecar' | 'off' | 'sidecar-unreadable';

export interface BackupInfo {
  /** Stable id of the chosen backup: its file or object name. */
  id: string | null;
  /** The backup-source input with any credentials removed. */
  source: string;
  /** The resolved file, directory or object the drill restored. */
  resolved: string | null;
  candidates: BackupCandidate[];
  /** backup-select: which backup was drilled and why; null when none was found. */
  selection: BackupSelection | null;
  /** The pg_dump format inside any layers. */
  format: BackupFormat | null;
  /** Encryption and compression layers around the pg_dump format, outermost first; [] for none. */
  wrapping: BackupLayer[];
  sizeBytes: number | null;
  sha256: string | null;
  /** True only when the SHA-256 matched what was expected; false when it was not verified or did not match. */
  checksumVerified: boolean | null;
  /** Where the expected checksum came from: 'sidecar', 'input', or null when there was none. */
  checksumSource: 'sidecar' | 'input' | null;
  /**
   * verified: it matched; mismatch: it did not (the backup or its sidecar is not what was made);
   * not-verified: nothing to compare with (checksumUnverifiedReason says why); null: no backup was read.
   */
  checksumStatus: ChecksumStatus | null;
  /** Why a read backup was not verified; null unless checksumStatus is not-verified. */
  checksumUnverifiedReason: ChecksumUnverifiedReason | null;
  createdAt: string | null;
  /** Where createdAt came from: the archive header or the file's modification time. */
  createdAtSource: 'archive' | 'mtime' | null;
  /** Age of the drilled backup. */
  ageSeconds: number | null;
  rpoTargetSeconds: number | null;
  /** Judged on the newest backup at the source (selection.newestAgeSeconds), not on the drilled one. */
  rpoMet: boolean | null;
  archiveVersion: string | null;
  pgDumpVersion: string | null;
  serverVersion: string | null;
  tocEntries: number | null;
}

export interface InventoryBackup {
  name: string;
  createdAt: string;
  ageSeconds: number;
  sizeBytes: number | null;
  /** Older than backup-retention: it should no longer be stored. */
  expired: boolean;
}

/** The time between two consecutive backups. */
export interface InventoryGap {
  /** Creation time of the older backup of the two. */
  from: string;
  /** Creation time of the newer one. */
  to: string;
  durationSeconds: number;
  /** Longer than 1.5 × backup-interval: a backup is missing; null without backup-interval. */
  missing: boolean | null;
  /** Both ends within backup-retention (only these count for backup.cadence). */
  withinRetention: boolean;
}

/** Every backup at the source: what `pickdriver-vault inventory` prints and report.json's `inventory`. */
export interface InventoryInfo {
  /** The time ages and the retention window are measured from. */
  asOf: string;
  count: number;
  newest: InventoryBackup | null;
  oldest: InventoryBackup | null;
  totalSizeBytes: number;
  intervalSeconds: number | null;
  retentionSeconds: number | null;
  /** Newest first. */
  backups: InventoryBackup[];
  /** Between consecutive backups, newest first. */
  gaps: InventoryGap[];
  /** Names of the backups older than backup-retention, newest first. */
  expired: string[];
}
