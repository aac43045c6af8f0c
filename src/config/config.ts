// One typed configuration for the whole drill, built from raw inputs (action or command line).

import { drillDatabaseProblem, remoteHostProblem } from './database-target.js';
import { artifactNameFor, type NotifyOn, type WebhookTarget } from './fleet-inputs.js';
import { withDefaults } from './plain-values.js';
import { type ChecksumMode, rawInputsSchema } from './schema.js';

export type { ChecksumMode };

type BackupSelect = 'newest' | 'random' | 'oldest';
export type FailOn = 'failure' | 'regression' | 'warning' | 'never';

export interface DrillConfig {
  backupSource: string;
  backupPattern: string;
  backupChecksum: ChecksumMode;
  maxBackupAgeMs: number | null;
  backupSelect: BackupSelect;
  /** artifact: sources: the branch whose runs count (null: the default branch; '*': any of the repository's own). */
  backupArtifactBranch: string | null;
  /** artifact: sources: the workflow whose runs count (file name or name); null: any. */
  backupArtifactWorkflow: string | null;
  /** How often backups are made; null: backup.cadence is skipped. */
  backupIntervalMs: number | null;
  /** How long backups are kept; null: every backup at the source is within the window. */
  backupRetentionMs: number | null;
  /** A secret: age identity, OpenPGP passphrase or armored private key. */
  backupDecryptionKey: string | null;
  s3: { endpoint: string | null; region: string | null; forcePathStyle: boolean };
  databaseUrl: string;
  drillDatabase: string;
  restoreJobs: number;
  maxRestoreTimeMs: number | null;
  /** The restore's processes are killed when it runs this long (restore-timeout, default 6h). */
  restoreTimeoutMs: number;
  pgBinDir: string | null;
  /** auto: install the needed client on a GitHub-hosted Ubuntu runner; never: the remedy instead. */
  pgClientInstall: 'auto' | 'never';
  keepDatabase: boolean;
  /** drill: restore and check as a role of the drill's own; admin: as the database-url role. */
  restoreRole: 'drill' | 'admin';
  /** Untrusted extensions the database-url role may create for the backup (allowed-extensions). */
  allowedExtensions: string[];
  allowRemoteDatabase: boolean;
  postRestoreCommand: string | null;
  /** Run after the restore, before post-restore-command, and observed (locks, rewrites, rows, schema). */
  migrationCommand: string | null;
  /** A lock blocking PickDriver's reads or writes longer than this fails migration.locks (0: any). */
  migrationMaxLockMs: number;
  /** migration-command taking longer fails migration.completed; null: no limit of its own. */
  migrationMaxDurationMs: number | null;
  checksFile: string | null;
  apiUrl: string | null;
  internalTokens: string[];
  apiTarget: 'drill' | 'staging';
  checksProfile: 'quick' | 'full';
  apiStartCommand: string | null;
  apiReadyTimeoutMs: number;
  maintenanceMode: boolean;
  allowInsecureHttp: boolean;
  baseline: string;
  baselineWindow: number;
  rowDropThreshold: number;
  durationThreshold: number;
  /** A slower restore is a regression only when slower by at least this much (ms). */
  durationMinDeltaMs: number;
  failOn: FailOn;
  reportDir: string;
  artifactName: string | null;
  artifactRetentionDays: number | null;
  jobSummary: boolean;
  prComment: 'auto' | 'off';
  githubToken: string | null;
  reportSigningKey: string | null;
  prometheusTextfile: string | null;
  /** Names this drill among the legs of a matrix; null: a drill on its own. */
  drillName: string | null;
  notifyWebhook: WebhookTarget | null;
  notifyOn: NotifyOn;
  heartbeatUrl: string | null;
}

/** A configuration error: nothing has run; the command line exits 2, the action fails. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

export function loadConfig(raw: Record<string, string | undefined>): DrillConfig {
  const parsed = rawInputsSchema.safeParse(withDefaults(raw));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => i.message));
  }
  const v = parsed.data;
  const config: DrillConfig = {
    backupSource: v['backup-source'],
    backupPattern: v['backup-pattern'],
    backupChecksum: v['backup-checksum'],
    maxBackupAgeMs: v['max-backup-age'],
    backupSelect: v['backup-select'],
    backupArtifactBranch: v['backup-artifact-branch'],
    backupArtifactWorkflow: v['backup-artifact-workflow'],
    backupIntervalMs: v['backup-interval'],
    backupRetentionMs: v['backup-retention'],
    backupDecryptionKey: v['backup-decryption-key'],
    s3: { endpoint: v['s3-endpoint'], region: v['s3-region'], forcePathStyle: v['s3-force-path-style'] },
    databaseUrl: v['database-url'],
    drillDatabase: v['drill-database'],
    restoreJobs: v['restore-jobs'],
    maxRestoreTimeMs: v['max-restore-time'],
    restoreTimeoutMs: v['restore-timeout'] ?? 6 * 3_600_000,
    pgBinDir: v['pg-bin-dir'],
    pgClientInstall: v['pg-client-install'],
    keepDatabase: v['keep-database'],
    restoreRole: v['restore-role'],
    allowedExtensions: v['allowed-extensions'],
    allowRemoteDatabase: v['allow-remote-database'],
    postRestoreCommand: v['post-restore-command'],
    migrationCommand: v['migration-command'],
    migrationMaxLockMs: v['migration-max-lock'],
    migrationMaxDurationMs: v['migration-max-duration'],
    checksFile: v['checks-file'],
    apiUrl: v['api-url'],
    internalTokens: v['internal-token'],
    apiTarget: v['api-target'],
    checksProfile: v['checks-profile'],
    apiStartCommand: v['api-start-command'],
    apiReadyTimeoutMs: v['api-ready-timeout'] ?? 120_000,
    maintenanceMode: v['maintenance-mode'],
    allowInsecureHttp: v['allow-insecure-http'],
    baseline: v.baseline,
    baselineWindow: v['baseline-window'],
    rowDropThreshold: v['row-drop-threshold'],
    durationThreshold: v['duration-threshold'],
    durationMinDeltaMs: v['duration-min-delta'],
    failOn: v['fail-on'],
    reportDir: v['report-dir'],
    artifactName: artifactNameFor(v['artifact-name'], v['drill-name']),
    artifactRetentionDays: v['artifact-retention-days'],
    jobSummary: v['job-summary'],
    prComment: v['pr-comment'],
    githubToken: v['github-token'],
    reportSigningKey: v['report-signing-key'],
    prometheusTextfile: v['prometheus-textfile'],
    drillName: v['drill-name'],
    notifyWebhook: v['notify-webhook'],
    notifyOn: v['notify-on'],
    heartbeatUrl: v['heartbeat-url'],
  };
  checkCrossFieldRules(config);
  return config;
}

function checkCrossFieldRules(c: DrillConfig): void {
  const problems: string[] = [];
  const remote = remoteHostProblem(c.databaseUrl, c.allowRemoteDatabase);
  if (remote !== null) problems.push(remote);
  const drillDb = drillDatabaseProblem(c.drillDatabase, c.databaseUrl);
  if (drillDb !== null) problems.push(drillDb);
  if (c.apiUrl !== null && c.internalTokens.length === 0) {
    problems.push('internal-token: required when api-url is set (the value of X-Internal-Token)');
  }
  if (c.maintenanceMode && c.apiUrl === null) {
    problems.push('maintenance-mode: true needs api-url (maintenance is switched through the PickDriver API)');
  }
  if (c.maintenanceMode && c.apiStartCommand !== null) {
    problems.push(
      'maintenance-mode: true switches maintenance on an instance that is already running before the restore; it cannot be combined with api-start-command, which starts the instance after the restore',
    );
  }
  if (c.apiStartCommand !== null && c.apiUrl === null) {
    problems.push('api-start-command: needs api-url (the drill waits for <api-url>/api/health/ready)');
  }
  if (c.migrationMaxDurationMs !== null && c.migrationCommand === null) {
    problems.push('migration-max-duration: needs migration-command (the command whose duration it limits)');
  }
  if (problems.length > 0) throw new ConfigError(problems);
}
