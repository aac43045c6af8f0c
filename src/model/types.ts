// The drill report: the one data structure every phase writes into and every publisher reads.
// Field names follow ../shared/action-interface.md; every field is always present (null when
// it does not apply). The JSON Schema in schema/report.schema.json describes exactly this.

export const REPORT_VERSION = 1;

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';
export type DrillResult = 'passed' | 'warned' | 'regressed' | 'failed';
export type BackupFormat = 'custom' | 'directory' | 'tar' | 'plain' | 'plain-gzip';
type Trigger = 'schedule' | 'pull_request' | 'push' | 'workflow_dispatch' | 'manual' | string;

/** The fixed check ids of the interface page, plus `custom.<name>`. */
export const CHECK_IDS = [
  'backup.found',
  'backup.checksum',
  'backup.archive',
  'backup.age',
  'backup.cadence',
  'restore.completed',
  'restore.duration',
  'restore.toc-complete',
  'restore.versions',
  'restore.post-command',
  'migration.completed',
  'migration.locks',
  'migration.rewrites',
  'migration.data',
  'database.migrations',
  'database.critical-tables',
  'database.sequences',
  'api.ready',
  'api.info',
  'api.compatibility',
  'api.smoke',
  'api.db-info',
  'api.validate',
  'compare.baseline',
] as const;
export type FixedCheckId = (typeof CHECK_IDS)[number];
export type CheckId = FixedCheckId | `custom.${string}`;

export interface CheckResult {
  id: CheckId;
  status: CheckStatus;
  /** One line a person reads in the checks table. */
  summary: string;
  /** Structured evidence (lists, numbers, quoted answers); null when there is nothing more to say. */
  details: unknown;
  durationMs: number;
  /**
   * The regressions found against earlier drills on what this check judges. Every check of a drill
   * carries it (empty when none); optional only so that reports written before it still read.
   */
  regressions?: Regression[];
}

export interface RunInfo {
  trigger: Trigger;
  repository: string | null;
  workflow: string | null;
  runId: string | null;
  runAttempt: number | null;
  ref: string | null;
  sha: string | null;
  actor: string | null;
  serverUrl: string | null;
  /** Link to the workflow run on GitHub, null off GitHub. */
  runUrl: string | null;
  startedAt: string;
  finishedAt: string | null;
}

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

/** The role the restore, post-restore-command's connection, the inspection and the checks ran as. */
export interface RestoreRole {
  /** drill: a role of the drill's own, dropped with the database; admin: the database-url role (restore-role: admin). */
  mode: 'drill' | 'admin';
  name: string;
  /** Why running as this role is a risk; null for a drill role. */
  risk: string | null;
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

export interface RestoreInfo {
  database: string;
  /** created: the action created it; recreated: it was the action's and was dropped first; reused: pre-provisioned and empty. */
  databaseOrigin: 'created' | 'recreated' | 'reused' | null;
  /** Null when the drill database could not be prepared. */
  role: RestoreRole | null;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  rtoTargetSeconds: number | null;
  rtoMet: boolean | null;
  jobs: number | null;
  tool: string | null;
  toolVersion: string | null;
  /** The server restored into, read before the restore; null when it could not be reached. */
  server: { version: string; major: number } | null;
  /** The client that restored and why it was chosen (`installed`: the drill installed it). */
  client: {
    path: string;
    version: string;
    major: number;
    reason: string;
    /**
     * direct: pg_restore into the database (parallel for custom and directory archives), or psql
     * for a plain dump; sql-filter: pg_restore -f - through the drill's SQL filter into psql, one
     * stream (pg_restore 17+ into a 13–16 server, which rejects the SET transaction_timeout it sends).
     */
    route?: 'direct' | 'sql-filter';
  } | null;
  warnings: string[];
  errors: string[];
}

export interface CriticalTable {
  name: string;
  present: boolean;
  rows: number | null;
}

export interface MigrationRow {
  name: string;
  batch: number;
  createdAt: string | null;
}

export interface DatabaseInfo {
  schemaVersion: string | null;
  ledgerSize: number | null;
  lastMigration: MigrationRow | null;
  criticalTables: CriticalTable[];
  totalCriticalRows: number | null;
  /** Serial/identity columns whose sequence lags behind the column's maximum. */
  sequencesBehind: { table: string; column: string; sequence: string; lastValue: number; maxValue: number }[];
}

/** What a lock on a table stops PickDriver from doing: ACCESS EXCLUSIVE blocks both, SHARE and stronger writes. */
export type LockBlocks = 'reads and writes' | 'writes';

/** A lock migration-command held (or queued for) that PickDriver's queries would have waited behind. */
export interface MigrationLock {
  /** schema.table; a lock on an index or TOAST table is its table's. */
  table: string;
  /** ACCESS EXCLUSIVE, EXCLUSIVE, SHARE ROW EXCLUSIVE or SHARE. */
  mode: string;
  /** How long it was held without a break: the longest a query of that table would have waited. */
  heldMs: number;
  blocks: LockBlocks;
}

/** A table (index: null) or one index on its own whose storage was written anew (relfilenode changed). */
export interface MigrationRewrite {
  table: string;
  index: string | null;
  sizeBefore: number | null;
  sizeAfter: number | null;
}

/** An index that did not exist before migration-command. */
export interface MigrationIndex {
  index: string;
  table: string;
  /** Built with CREATE INDEX CONCURRENTLY (reads and writes go on); null when it could not be told. */
  concurrently: boolean | null;
  /** False: a build that failed half-way left an INVALID index behind. */
  valid: boolean;
  sizeBytes: number | null;
}

export interface MigrationRowChange {
  table: string;
  /** Exact row counts; null for a table that did not exist before (before) or no longer does (after). */
  before: number | null;
  after: number | null;
  /** The statistics counters' growth (rows of rolled-back transactions included). */
  inserted: number;
  updated: number;
  deleted: number;
}

export interface MigrationSchemaChange {
  kind: 'table' | 'column' | 'index' | 'constraint';
  change: 'added' | 'dropped' | 'altered';
  name: string;
  detail: string | null;
}

export interface MigrationStatement {
  /** The statement with its literals removed. */
  query: string;
  durationMs: number;
  /** How often it ran (pg_stat_statements); null when sampled. */
  calls: number | null;
}

/** How the locks were watched: the catalog sampled this often, so a lock's time is right to within resolutionMs. */
export interface LockSampling {
  intervalMs: number;
  /** The longest gap between two samples while the command ran: the worst error of a lock's time. */
  resolutionMs: number | null;
  samples: number;
}

/** migration-command, observed; null without one (or when the restore did not complete). */
export interface MigrationInfo {
  /** The command, secrets and URL passwords removed. */
  command: string;
  startedAt: string;
  durationMs: number | null;
  exitCode: number | null;
  signal: string | null;
  /** Stopped at restore-timeout. */
  timedOut: boolean;
  /** WAL the server wrote while the command ran (the whole server's). */
  walBytes: number | null;
  databaseSizeBefore: number | null;
  databaseSizeAfter: number | null;
  /** Longest first. */
  locks: MigrationLock[];
  lockSampling: LockSampling;
  rewrites: MigrationRewrite[];
  indexes: MigrationIndex[];
  rowChanges: MigrationRowChange[];
  schemaChanges: MigrationSchemaChange[];
  /** The slowest, longest first. */
  statements: MigrationStatement[];
  /** Where statements came from; null when neither could be read. */
  statementsSource: 'pg_stat_statements' | 'sampled activity' | null;
  /** What could not be measured, and why. */
  errors: string[];
}

export interface ApiInfo {
  url: string;
  target: 'drill' | 'staging';
  version: string | null;
  environment: string | null;
  info: unknown;
  smoke: unknown;
  dbInfo: unknown;
  validate: unknown;
}

export interface BaselineRun {
  runId: string | null;
  runUrl: string | null;
  startedAt: string;
  result: DrillResult;
  restoreDurationMs: number | null;
  totalCriticalRows: number | null;
  /** The earlier drill's backup size, schema and rows: what the comparison table sets this drill against. */
  backupSizeBytes: number | null;
  ledgerSize: number | null;
  schemaVersion: string | null;
  /** Rows per present critical table with a known count; null when that drill has no database figures. */
  criticalTableRows: Record<string, number> | null;
  source: string;
}

export interface BaselineInfo {
  /** 'path', 'auto' (artifacts of earlier workflow runs). */
  kind: 'path' | 'auto';
  source: string;
  runs: BaselineRun[];
  notes: string[];
}

export interface Regression {
  checkId: string;
  metric: string;
  baseline: number | string | null;
  current: number | string | null;
  threshold: number | string | null;
  message: string;
}

export interface DrillReport {
  reportVersion: typeof REPORT_VERSION;
  tool: { name: 'pickdriver-vault-action'; version: string };
  /** The drill-name input: which leg of a matrix this is; null for a drill on its own. */
  drillName: string | null;
  result: DrillResult;
  failOn: 'failure' | 'regression' | 'warning' | 'never';
  run: RunInfo;
  backup: BackupInfo;
  /** The backups at the source; null when the source could not be searched. */
  inventory: InventoryInfo | null;
  restore: RestoreInfo | null;
  database: DatabaseInfo | null;
  /** migration-command, observed; null without one. */
  migration: MigrationInfo | null;
  api: ApiInfo | null;
  /** Why the API checks were skipped, null when they ran. */
  apiSkippedReason: string | null;
  checks: CheckResult[];
  baseline: BaselineInfo | null;
  regressions: Regression[];
  /** Milliseconds per phase: backup, restore, migration, postRestore, inspect, analyze (alongside inspect), api, compare, report. */
  timings: Record<string, number>;
}
