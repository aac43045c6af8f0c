// The drill report: the one data structure every phase writes into and every publisher reads.
// Field names follow ../shared/action-interface.md; every field is always present (null when
// it does not apply). The JSON Schema in schema/report.schema.json describes exactly this.

import type { BackupInfo, InventoryInfo } from './backup-types.js';
import type { MigrationInfo } from './migration-types.js';

export const REPORT_VERSION = 1;

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';
export type DrillResult = 'passed' | 'warned' | 'regressed' | 'failed';
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

/** The role the restore, post-restore-command's connection, the inspection and the checks ran as. */
export interface RestoreRole {
  /** drill: a role of the drill's own, dropped with the database; admin: the database-url role (restore-role: admin). */
  mode: 'drill' | 'admin';
  name: string;
  /** Why running as this role is a risk; null for a drill role. */
  risk: string | null;
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
     * for a plain dump; settings-ignored: pg_restore 17+ into a 13–16 server, the same but for the
     * `SET transaction_timeout` it sends on each connection, which the server rejects: that failure
     * is ignored, and any other error stops the restore.
     */
    route?: 'direct' | 'settings-ignored';
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
  /** Milliseconds per phase: preflight (the server checked), load (the action: the rest of the engine loaded meanwhile), backup, restore, migration, postRestore, inspect, analyze (alongside inspect), api, compare, report. */
  timings: Record<string, number>;
}
