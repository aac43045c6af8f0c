// The drill engine, shared by the action and the command line: backup → restore → inspect →
// PickDriver → compare → report. Every phase turns its failures into checks; only a
// configuration error (nothing run yet) escapes as an exception.
import { runApiPhase } from '../api/api-phase.js';
import { setMaintenance } from '../api/maintenance.js';
import { runBackupPhase, untouchedBackupPhase } from '../backup/backup-phase.js';
import { attachRegressions, runComparePhase } from '../compare/compare-phase.js';
import { DEFAULT_DATABASE_URL } from '../config/inputs.js';
import { type CustomCheck, inspectDatabase, loadCustomChecks, runCustomChecks } from '../inspect/index.js';
import { runMigration, skippedMigration } from '../migration/migration-phase.js';
import { check, type DrillContext } from '../model/context.js';
import { computeResult } from '../model/result.js';
import { runInfoFromEnv } from '../model/run-info.js';
import {
  type CheckResult,
  type DatabaseInfo,
  type DrillReport,
  type MigrationInfo,
  REPORT_VERSION,
  type RestoreInfo,
} from '../model/types.js';
import { TOOL_VERSION } from '../model/version.js';
import { checkReportDir } from '../report/report-dir.js';
import { type WrittenReport, writeReportFiles } from '../report/write-report.js';
import { newRunIdentity } from '../restore/drill-role.js';
import {
  analyzeDatabase,
  notRestored,
  prepareDrillDatabase,
  type ResolvedBackup,
  restoreBackup,
  runPostRestoreCommand,
} from '../restore/index.js';
import { checkDatabaseServer } from '../restore/preflight.js';
import { noClientCheck } from '../restore/versions-check.js';
import { parkIfCancelled } from '../util/cancel-state.js';
import { drillQueue } from '../util/connection-queue.js';
import { Deadline, postRestoreBudgetMs } from '../util/deadline.js';
import { addDecryptionKey } from '../util/secrets.js';
import type { StateStore } from '../util/state.js';
import { type DrillProgress, newProgress } from './cancel.js';

interface DrillOutcome {
  report: DrillReport;
  paths: WrittenReport;
}

const RESTORE_IDS = ['restore.completed', 'restore.duration', 'restore.toc-complete'] as const;
const DATABASE_IDS = ['database.migrations', 'database.critical-tables', 'database.sequences'] as const;

/** Registers every secret of the configuration before anything can print it. */
function registerSecrets(ctx: DrillContext): void {
  const { config, secrets } = ctx;
  secrets.addUrl(config.databaseUrl);
  for (const token of config.internalTokens) secrets.add(token);
  secrets.add(config.githubToken);
  secrets.add(config.reportSigningKey);
  addDecryptionKey(secrets, config.backupDecryptionKey);
  secrets.add(ctx.env.AWS_SECRET_ACCESS_KEY);
  secrets.add(ctx.env.AWS_SESSION_TOKEN);
  secrets.addUrl(config.backupSource);
  secrets.add(config.notifyWebhook?.url);
  secrets.add(config.heartbeatUrl);
}

async function timed<T>(timings: Record<string, number>, phase: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    timings[phase] = Math.round(performance.now() - started);
  }
}

function errorMessage(ctx: DrillContext, error: unknown): string {
  return ctx.secrets.redact(error instanceof Error ? error.message : String(error));
}

export async function runDrill(
  ctx: DrillContext,
  state: StateStore,
  progress: DrillProgress = newProgress(),
): Promise<DrillOutcome> {
  const { config, log } = ctx;
  registerSecrets(ctx);
  // A report folder that would upload more than the report is refused before any work.
  await checkReportDir(config, ctx.env);
  const startedAt = progress.startedAt;
  const timings = progress.timings;
  // Shared with the cancel handler, which reports what is here when a signal comes.
  const checks = progress.checks;
  // A bad checks-file is a configuration error: found before any work, like a bad input.
  const customChecks = await loadCustomChecks(ctx);
  progress.customCheckNames = customChecks.map((c) => c.name);

  // The server is checked first: nothing of the backup is read (or downloaded) for a drill that
  // could not restore it.
  const preflight = await timed(timings, 'preflight', () =>
    log.group('Database server', () => checkDatabaseServer(ctx, DEFAULT_DATABASE_URL)),
  );
  const backupPhase = preflight.ok
    ? await timed(timings, 'backup', () => log.group('Backup', () => runBackupPhase(ctx, preflight.serverMajor)))
    : untouchedBackupPhase(ctx, 'not read: the database server failed its checks first (see restore.completed)');
  progress.backup = backupPhase.info;
  await parkIfCancelled();
  checks.push(...backupPhase.checks);
  const backup = backupPhase.backup;

  const restored = backup === null ? null : await restoreStage(ctx, state, timings, backup);
  // A downloaded backup (s3://, https://, artifact:) is no longer needed once restored.
  await backupPhase
    .dispose?.()
    .catch((e: unknown) => log.warning(`Could not remove the downloaded backup: ${errorMessage(ctx, e)}`));
  await parkIfCancelled();
  const restore = restored?.info ?? null;
  progress.restore = restore;
  const drillUrl = restored?.ok ? restored.url : null;
  const restoreOk = drillUrl !== null;
  if (preflight.failure) {
    checks.push(preflight.failure);
    checks.push(check('restore.versions', 'skip', 'The database server failed its checks.'));
    for (const id of RESTORE_IDS.slice(1)) checks.push(check(id, 'skip', 'The database server failed its checks.'));
  } else if (restored === null && backupPhase.noClient) {
    const info = backupPhase.info;
    const tool = info.format === 'plain' || info.format === 'plain-gzip' ? 'psql' : 'pg_restore';
    const versions = { pgDumpVersion: info.pgDumpVersion, serverVersion: info.serverVersion };
    const redact = (t: string) => ctx.secrets.redact(t);
    checks.push(await noClientCheck(config.databaseUrl, versions, tool, backupPhase.noClient, redact));
    for (const id of RESTORE_IDS) checks.push(check(id, 'skip', 'No client here reads the backup.'));
  } else if (restored === null) {
    for (const id of ['restore.versions', ...RESTORE_IDS] as const)
      checks.push(check(id, 'skip', 'No verified backup to restore.'));
  } else {
    checks.push(...restored.checks);
  }

  let database: DatabaseInfo | null = null;
  let migration: MigrationInfo | null = null;
  if (drillUrl === null) {
    const why = preflight.failure
      ? 'The database server failed its checks.'
      : restored === null
        ? 'No verified backup to restore.'
        : 'The restore did not complete.';
    checks.push(...skippedMigration(why).checks);
    checks.push(check('restore.post-command', 'skip', why));
    for (const id of DATABASE_IDS) checks.push(check(id, 'skip', why));
    for (const c of customChecks) checks.push(check(`custom.${c.name}`, 'skip', why));
  } else {
    const migrated =
      config.migrationCommand === null
        ? skippedMigration('No migration-command set.')
        : await timed(timings, 'migration', () =>
            log.group('migration-command', () =>
              runMigration(ctx, drillUrl, (started) => {
                progress.migration = started;
              }),
            ),
          );
    await parkIfCancelled();
    migration = migrated.info;
    progress.migration = migration;
    checks.push(...migrated.checks);
    const inspected = await inspectStage(ctx, timings, drillUrl, customChecks, restore?.durationMs ?? null);
    await parkIfCancelled();
    database = inspected.database;
    progress.database = database;
    checks.push(...inspected.checks);
  }

  const apiPhase = await timed(timings, 'api', () =>
    log.group('PickDriver', () =>
      runApiPhase(ctx, {
        database,
        backupId: backup?.name ?? null,
        drillDatabaseUrl: drillUrl,
        restoreOk,
        onApiStarted: (pid, startTime) => state.save({ apiPid: pid, apiStartTime: startTime }),
      }),
    ),
  );
  await parkIfCancelled();
  progress.api = apiPhase.info;
  checks.push(...apiPhase.checks);

  const report: DrillReport = {
    reportVersion: REPORT_VERSION,
    tool: { name: 'pickdriver-vault-action', version: TOOL_VERSION },
    drillName: config.drillName,
    result: 'passed',
    failOn: config.failOn,
    run: runInfoFromEnv(ctx.env, startedAt),
    backup: backupPhase.info,
    inventory: backupPhase.inventory,
    restore,
    database,
    migration,
    api: apiPhase.info,
    apiSkippedReason: apiPhase.skippedReason,
    checks,
    baseline: null,
    regressions: [],
    timings,
  };

  const compared = await timed(timings, 'compare', () =>
    log.group('Compare with earlier drills', () => runComparePhase(ctx, report)),
  );
  report.baseline = compared.baseline;
  report.regressions = compared.regressions;
  checks.push(compared.check);
  attachRegressions(checks, compared.regressions);

  report.result = computeResult(report.checks, report.regressions);
  report.run.finishedAt = new Date().toISOString();
  await parkIfCancelled();
  const paths = await writeReportFiles(report, config, ctx.secrets);
  return { report, paths };
}

interface RestoreStage {
  info: RestoreInfo;
  checks: CheckResult[];
  /** True when the restore completed; then `url` is the drill database's. */
  ok: boolean;
  url: string | null;
}

/**
 * The drill database prepared and the backup restored into it, with maintenance mode switched on
 * around it when asked, and off again in every outcome.
 */
async function restoreStage(
  ctx: DrillContext,
  state: StateStore,
  timings: Record<string, number>,
  backup: ResolvedBackup,
): Promise<RestoreStage> {
  const { config, log } = ctx;
  return timed(timings, 'restore', () =>
    log.group('Restore', async () => {
      const warnings: string[] = [];
      if (config.maintenanceMode) {
        state.save({ maintenanceOn: true });
        const on = await setMaintenance(ctx, true, `restore drill of ${backup.name}`);
        if (on.ok) log.info(`Maintenance mode: ${on.message}`);
        else {
          warnings.push(`maintenance could not be enabled: ${on.message}`);
          log.warning(`Maintenance mode could not be enabled: ${on.message}`);
        }
      }
      try {
        // The nonce is in the state before anything is made: the cleanup drops only what carries it.
        const run = newRunIdentity(ctx.env);
        state.save({ runNonce: run.nonce });
        const prepared = await prepareDrillDatabase(ctx, { run, onRole: (role) => state.save({ drillRole: role }) });
        if (prepared.origin !== 'reused') {
          state.save({ createdDatabase: config.drillDatabase, databaseOid: prepared.databaseOid });
        }
        const restored = await restoreBackup(ctx, backup, prepared.url);
        const ok = restored.checks.every((c) => c.id !== 'restore.completed' || c.status === 'ok');
        return {
          info: {
            database: config.drillDatabase,
            databaseOrigin: prepared.origin,
            role: prepared.role,
            ...restored.info,
            warnings: [...warnings, ...restored.info.warnings],
          },
          checks: restored.checks,
          ok,
          url: prepared.url,
        };
      } catch (error) {
        const failed = notRestored(ctx, errorMessage(ctx, error), 'The drill database could not be prepared');
        const info = { database: config.drillDatabase, databaseOrigin: null, role: null, ...failed.info, warnings };
        const versions = check('restore.versions', 'skip', 'The drill database could not be prepared.');
        return { info, checks: [versions, ...failed.checks], ok: false, url: null };
      } finally {
        if (config.maintenanceMode) {
          const off = await setMaintenance(ctx, false, `restore drill of ${backup.name} finished`);
          if (off.ok) {
            state.save({ maintenanceOn: false });
            log.info(`Maintenance mode: ${off.message}`);
          } else log.warning(`Maintenance mode could not be disabled; the post step will try again: ${off.message}`);
        }
      }
    }),
  );
}

/** post-restore-command, then the restored database inspected directly, with the user's checks. */
async function inspectStage(
  ctx: DrillContext,
  timings: Record<string, number>,
  url: string,
  customChecks: CustomCheck[],
  restoreDurationMs: number | null,
): Promise<{ database: DatabaseInfo; checks: CheckResult[] }> {
  const { config, log } = ctx;
  // Each phase on the restored database has a deadline of its own (util/deadline.ts).
  const budgetMs = postRestoreBudgetMs(restoreDurationMs, config.restoreTimeoutMs);
  const checks: CheckResult[] = [
    config.postRestoreCommand === null
      ? check('restore.post-command', 'skip', 'No post-restore-command set.')
      : await timed(timings, 'postRestore', () =>
          log.group('post-restore-command', () => runPostRestoreCommand(ctx, url)),
        ),
  ];
  return timed(timings, 'inspect', () =>
    log.group('Inspect', async () => {
      // Fresh planner statistics, as after a real recovery, gathered while the inspection counts
      // rows (neither needs the other) and before PickDriver queries the database: both share a
      // few connections, one statement per table each, largest tables first, so they end together.
      const analyzeBy = new Deadline(budgetMs, 'ANALYZE');
      const inspectBy = new Deadline(budgetMs, 'the inspection');
      const queue = drillQueue(url, config.restoreJobs + 1, inspectBy);
      const analyzing = timed(timings, 'analyze', () =>
        analyzeDatabase(ctx, url, config.restoreJobs, analyzeBy, queue),
      );
      try {
        const direct = await inspectDatabase(ctx, url, inspectBy, queue);
        const custom = await runCustomChecks(ctx, url, customChecks, new Deadline(budgetMs, 'the checks-file checks'));
        return { database: direct.info, checks: [...checks, ...direct.checks, ...custom] };
      } finally {
        await analyzing;
        await queue.close();
      }
    }),
  );
}
