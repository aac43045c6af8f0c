// The drill engine, shared by the action and the command line: backup → restore → inspect →
// PickDriver → compare → report. Every phase turns its failures into checks; only a
// configuration error (nothing run yet) escapes as an exception.
import { runApiPhase } from '../api/api-phase.js';
import { runBackupPhase, untouchedBackupPhase } from '../backup/backup-phase.js';
import { attachRegressions, runComparePhase } from '../compare/compare-phase.js';
import { runMigration, skippedMigration } from '../migration/migration-phase.js';
import { check, type DrillContext } from '../model/context.js';
import type { MigrationInfo } from '../model/migration-types.js';
import type { DatabaseInfo, DrillReport } from '../model/types.js';
import { type WrittenReport, writeReportFiles } from '../report/write-report.js';
import { noClientCheck } from '../restore/versions-check.js';
import { parkIfCancelled } from '../util/cancel-state.js';
import type { StateStore } from '../util/state.js';
import { abandonPreparing } from './drill-database-stage.js';
import { type DrillProgress, errorMessage, newProgress, timed } from './progress.js';
import { assembleReport, finishReport } from './report.js';
import { inspectStage, restoreStage } from './stages.js';
import { type DrillStart, startDrill } from './start.js';

interface DrillOutcome {
  report: DrillReport;
  paths: WrittenReport;
}

const RESTORE_IDS = ['restore.completed', 'restore.duration', 'restore.toc-complete'] as const;
const DATABASE_IDS = ['database.migrations', 'database.critical-tables', 'database.sequences'] as const;

/** The drill; `started`: its start (start.ts), when the caller made it before loading this module. */
export async function runDrill(
  ctx: DrillContext,
  state: StateStore,
  progress: DrillProgress = newProgress(),
  started?: DrillStart,
): Promise<DrillOutcome> {
  const { config, log } = ctx;
  const { customChecks, preflight, preparing } = await (started ?? startDrill(ctx, state, progress));
  const startedAt = progress.startedAt;
  const timings = progress.timings;
  // Shared with the cancel handler, which reports what is here when a signal comes.
  const checks = progress.checks;

  const backupPhase = preflight.ok
    ? await timed(timings, 'backup', () => log.group('Backup', () => runBackupPhase(ctx, preflight.serverMajor)))
    : untouchedBackupPhase(ctx, 'not read: the database server failed its checks first (see restore.completed)');
  progress.backup = backupPhase.info;
  await parkIfCancelled();
  checks.push(...backupPhase.checks);
  const backup = backupPhase.backup;

  if (backup === null && preparing !== null) await abandonPreparing(ctx, state, preparing, log);
  const restored = backup === null ? null : await restoreStage(ctx, state, timings, backup, preparing);
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
    const inspected = await inspectStage(
      ctx,
      timings,
      drillUrl,
      customChecks,
      restore?.durationMs ?? null,
      restored?.early,
      restored?.spare,
    );
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

  const report = assembleReport(ctx, startedAt, {
    backup: backupPhase.info,
    inventory: backupPhase.inventory,
    restore,
    database,
    migration,
    api: apiPhase.info,
    apiSkippedReason: apiPhase.skippedReason,
    checks,
    timings,
  });

  const compared = await timed(timings, 'compare', () =>
    log.group('Compare with earlier drills', () => runComparePhase(ctx, report)),
  );
  report.baseline = compared.baseline;
  report.regressions = compared.regressions;
  checks.push(compared.check);
  attachRegressions(checks, compared.regressions);

  finishReport(report);
  await parkIfCancelled();
  const paths = await writeReportFiles(report, config, ctx.secrets);
  return { report, paths };
}
