// Two stages of the drill engine (drill/run.ts): the restore, with maintenance mode around it, and
// the restored database's inspection, after post-restore-command.
import { setMaintenance } from '../api/maintenance.js';
import { type CustomCheck, inspectDatabase, runCustomChecks } from '../inspect/index.js';
import { check, type DrillContext } from '../model/context.js';
import type { CheckResult, DatabaseInfo, RestoreInfo } from '../model/types.js';
import {
  analyzeDatabase,
  notRestored,
  type ResolvedBackup,
  restoreBackup,
  runPostRestoreCommand,
} from '../restore/index.js';
import { drillQueue } from '../util/connection-queue.js';
import { Deadline, postRestoreBudgetMs } from '../util/deadline.js';
import { SpareSessions } from '../util/spare-sessions.js';
import type { StateStore } from '../util/state.js';
import { type PreparingDatabase, startPreparing } from './drill-database-stage.js';
import { EarlyInspection } from './early-inspection.js';
import { errorMessage, timed } from './progress.js';

interface RestoreStage {
  info: RestoreInfo;
  checks: CheckResult[];
  /** True when the restore completed; then `url` is the drill database's. */
  ok: boolean;
  url: string | null;
  /** What was analyzed and counted while the restore ran; the inspection closes it. */
  early: EarlyInspection | null;
  /** Sessions the restore has finished with, for the inspection to take over; it closes them. */
  spare: SpareSessions | null;
}

/**
 * The drill database prepared (or, when `preparing`, its making awaited: begun while the backup
 * was read) and the backup restored into it, with maintenance mode switched on around it when
 * asked, and off again in every outcome.
 */
export async function restoreStage(
  ctx: DrillContext,
  state: StateStore,
  timings: Record<string, number>,
  backup: ResolvedBackup,
  preparing: PreparingDatabase | null = null,
): Promise<RestoreStage> {
  const { config, log } = ctx;
  return timed(timings, 'restore', () =>
    log.group('Restore', async () => {
      const warnings: string[] = [];
      let early: EarlyInspection | null = null;
      let spare: SpareSessions | null = null;
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
        const making = preparing ?? startPreparing(ctx, state);
        making.log.release(log);
        const prepared = await making.result;
        // Nothing between the restore and the inspection changes the data: read what is ready early.
        const earlyOk = config.postRestoreCommand === null && config.migrationCommand === null;
        early = earlyOk ? new EarlyInspection(ctx, prepared.url) : null;
        spare = earlyOk ? new SpareSessions() : null;
        const restored = await restoreBackup(ctx, backup, prepared.url, {
          onTableReady: early?.tableReady,
          facts: prepared.facts,
          spare: spare ?? undefined,
        });
        const ok = restored.checks.every((c) => c.id !== 'restore.completed' || c.status === 'ok');
        early?.stop();
        if (!ok) await Promise.all([early?.close(), spare?.close()]);
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
          early: ok ? early : null,
          spare: ok ? spare : null,
        };
      } catch (error) {
        await Promise.all([early?.close(), spare?.close()]);
        const failed = notRestored(ctx, errorMessage(ctx, error), 'The drill database could not be prepared');
        const info = { database: config.drillDatabase, databaseOrigin: null, role: null, ...failed.info, warnings };
        const versions = check('restore.versions', 'skip', 'The drill database could not be prepared.');
        return { info, checks: [versions, ...failed.checks], ok: false, url: null, early: null, spare: null };
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
export async function inspectStage(
  ctx: DrillContext,
  timings: Record<string, number>,
  url: string,
  customChecks: CustomCheck[],
  restoreDurationMs: number | null,
  early: EarlyInspection | null = null,
  spare: SpareSessions | null = null,
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
      // One per restore job (a CPU, by default), at least two: on two CPUs a third only cost its
      // start (alternated drills at scale 100: the inspection 201 and 164 ms on two, 265 and 205 on three).
      const analyzeBy = new Deadline(budgetMs, 'ANALYZE');
      const inspectBy = new Deadline(budgetMs, 'the inspection');
      const size = Math.max(2, config.restoreJobs);
      const queue = drillQueue(url, size, inspectBy, { takeFrom: spare ?? undefined });
      const analyzing = timed(timings, 'analyze', () =>
        analyzeDatabase(ctx, url, config.restoreJobs, analyzeBy, queue, early?.results.analyzed),
      );
      try {
        const direct = await inspectDatabase(ctx, url, inspectBy, queue, early?.results.counted);
        const custom = await runCustomChecks(ctx, url, customChecks, new Deadline(budgetMs, 'the checks-file checks'));
        return { database: direct.info, checks: [...checks, ...direct.checks, ...custom] };
      } finally {
        await analyzing;
        await Promise.all([queue.close(), early?.close(), spare?.close()]);
      }
    }),
  );
}
