// migration-command, rehearsed on the restored data and observed: the catalog and the row counts
// before, the observer sampling the locks while the command runs (with the same environment,
// connection and deadline as post-restore-command), the catalog and the counts of the tables it
// touched after, and the four migration checks.
import type pg from 'pg';
import { check, type DrillContext } from '../model/context.js';
import type { MigrationInfo } from '../model/migration-types.js';
import type { CheckResult } from '../model/types.js';
import { type CommandOutcome, runDrillCommand } from '../restore/drill-command.js';
import { connectionParts, drillDatabaseUrl } from '../restore/pg-connection.js';
import { cancelledBy, onCancel, parkIfCancelled } from '../util/cancel-state.js';
import { formatBytes, formatDuration } from '../util/format.js';
import { type CatalogSnapshot, takeSnapshot, walBetween } from './catalog-snapshot.js';
import { blockingLocks } from './lock-holds.js';
import { INTERVAL_MS, LockObserver, type Observation } from './lock-observer.js';
import { completedCheck, dataCheck, locksCheck, rewritesCheck } from './migration-checks.js';
import { connectObserver, endOtherSessions, otherSessions } from './observer-connection.js';
import { countRows } from './row-counts.js';
import { newIndexes, rewrites, rowChanges, schemaChanges, touchedTables } from './snapshot-diff.js';
import { type StatementTotals, sampledStatements, statementsSince, statementTotals } from './statements.js';

const MIGRATION_IDS = ['migration.completed', 'migration.locks', 'migration.rewrites', 'migration.data'] as const;

interface MigrationStage {
  info: MigrationInfo | null;
  checks: CheckResult[];
}

export function skippedMigration(why: string): MigrationStage {
  return { info: null, checks: MIGRATION_IDS.map((id) => check(id, 'skip', why)) };
}

/** The command as the report shows it: secrets and the passwords of URLs in it removed. */
function shownCommand(ctx: DrillContext, command: string): string {
  return ctx.secrets.redact(command).replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@]+@/gi, '$1***@');
}

function emptyInfo(command: string): MigrationInfo {
  return {
    command,
    startedAt: new Date().toISOString(),
    durationMs: null,
    exitCode: null,
    signal: null,
    timedOut: false,
    walBytes: null,
    databaseSizeBefore: null,
    databaseSizeAfter: null,
    locks: [],
    lockSampling: { intervalMs: INTERVAL_MS, resolutionMs: null, samples: 0 },
    rewrites: [],
    indexes: [],
    rowChanges: [],
    schemaChanges: [],
    statements: [],
    statementsSource: null,
    errors: [],
  };
}

interface Before {
  client: pg.Client;
  adminDb: pg.Client | null;
  databaseOid: number;
  ours: number[];
  snapshot: CatalogSnapshot;
  counts: Map<number, number>;
  totals: StatementTotals | null;
}

/** Everything measured before the command starts; null (with the reason in `errors`) when it could not be. */
async function measureBefore(ctx: DrillContext, drillUrl: string, errors: string[]): Promise<Before | null> {
  const adminUrl = drillDatabaseUrl(ctx.config.databaseUrl, ctx.config.drillDatabase);
  let client: pg.Client | null = null;
  let adminDb: pg.Client | null = null;
  try {
    client = await connectObserver(adminUrl);
    const { rows } = await client.query<{ oid: number; pid: number }>(
      'SELECT d.oid::pg_catalog.int8 AS oid, pg_catalog.pg_backend_pid() AS pid FROM pg_catalog.pg_database d WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database()',
    );
    const databaseOid = Number(rows[0]?.oid);
    // The observer's own statements stay out of pg_stat_statements where the server lets it say so.
    await client.query("SET pg_stat_statements.track = 'none'").catch(() => {});
    // The restore's sessions close a moment after its tools exit: their write counters come then.
    const ours = [Number(rows[0]?.pid)];
    await endOtherSessions(client, ours, 3_000).catch(() => 0);
    const present = await otherSessions(client, ours);
    const snapshot = await takeSnapshot(client);
    const counts = await countRows(drillUrl, snapshot.tables, ctx.config.restoreJobs, ctx.config.restoreTimeoutMs);
    adminDb = await connectObserver(ctx.config.databaseUrl).catch(() => null);
    const role = connectionParts(drillUrl).user ?? connectionParts(ctx.config.databaseUrl).user ?? 'postgres';
    const totals = await statementTotals(
      [adminDb, client].filter((c) => c !== null),
      databaseOid,
      role,
    );
    return { client, adminDb, databaseOid, ours: [...ours, ...present], snapshot, counts, totals };
  } catch (error) {
    errors.push(`before the command: ${ctx.secrets.redact((error as Error).message)}`);
    await client?.end().catch(() => {});
    await adminDb?.end().catch(() => {});
    return null;
  }
}

export async function runMigration(
  ctx: DrillContext,
  drillUrl: string,
  onStarted: (info: MigrationInfo) => void = () => {},
): Promise<MigrationStage> {
  const command = ctx.config.migrationCommand;
  if (command === null) return skippedMigration('No migration-command set.');
  const info = emptyInfo(shownCommand(ctx, command));
  const before = await measureBefore(ctx, drillUrl, info.errors);
  let observer: LockObserver | null = null;
  if (before !== null) {
    observer = new LockObserver(before.client, before.databaseOid, before.ours);
    await observer.start().catch((error: unknown) => {
      info.errors.push(`the lock observer: ${ctx.secrets.redact((error as Error).message)}`);
      observer = null;
    });
  }
  // Cancelled: the command's process group is stopped by the cancel handler, its sessions here.
  const ours = before?.ours ?? [];
  const offCancel =
    before === null ? () => {} : onCancel(() => endOtherSessions(before.client, ours, 0).then(() => {}));
  info.startedAt = new Date().toISOString();
  onStarted(info);
  let outcome: CommandOutcome;
  try {
    outcome = await runDrillCommand(ctx, {
      command,
      drillUrl,
      label: 'migration-command',
      timeoutMs: ctx.config.restoreTimeoutMs,
    });
  } finally {
    // Cancelled: the command may end (its group stopped) before the cancel handler runs its hooks;
    // the hook must still be there then, and its client open.
    if (cancelledBy() === null) offCancel();
  }
  // The cancel handler ends the command's sessions through the hook and then the process: nothing
  // here may go on and close the client it uses.
  await parkIfCancelled();
  Object.assign(info, {
    durationMs: outcome.durationMs,
    exitCode: outcome.exitCode,
    signal: outcome.signal,
    timedOut: outcome.timedOut,
  });
  let observation: Observation | null = null;
  let measured = false;
  if (before !== null) {
    try {
      observation = await measureAfter(ctx, drillUrl, before, observer, info, outcome.timedOut);
      measured = true;
    } catch (error) {
      info.errors.push(`after the command: ${ctx.secrets.redact((error as Error).message)}`);
    } finally {
      await before.client.end().catch(() => {});
      await before.adminDb?.end().catch(() => {});
    }
  }
  logFigures(ctx, info);
  const completed = completedCheck(ctx, info, { stderr: outcome.stderrTail, all: outcome.tail }, outcome.spawnError);
  completed.durationMs = outcome.durationMs;
  const unmeasured = (id: 'migration.rewrites' | 'migration.data') =>
    check(id, 'fail', `could not be measured: ${info.errors[0] ?? 'no snapshot'}`);
  return {
    info,
    checks: [
      completed,
      locksCheck(ctx, info, (observation?.sampling.samples ?? 0) > 1),
      measured ? rewritesCheck(info) : unmeasured('migration.rewrites'),
      measured ? dataCheck(ctx, info) : unmeasured('migration.data'),
    ],
  };
}

async function measureAfter(
  ctx: DrillContext,
  drillUrl: string,
  before: Before,
  observer: LockObserver | null,
  info: MigrationInfo,
  stopped: boolean,
): Promise<Observation | null> {
  // A command stopped at its deadline leaves its statement running (ended at once); a client that
  // exited leaves its session closing for a moment.
  const ended = await endOtherSessions(before.client, before.ours, stopped ? 0 : 3_000);
  if (ended > 0) ctx.log.info(`migration-command: ended ${ended} session(s) it left on the drill database`);
  const observation = observer === null ? null : await (observer as LockObserver).stop();
  if (observation !== null) {
    info.locks = blockingLocks(observation.sightings);
    info.lockSampling = observation.sampling;
    if (observation.error !== null) info.errors.push(`a lock sample failed: ${ctx.secrets.redact(observation.error)}`);
  }
  const after = await takeSnapshot(before.client);
  const counted = await countRows(
    drillUrl,
    touchedTables(before.snapshot, after),
    ctx.config.restoreJobs,
    ctx.config.restoreTimeoutMs,
  );
  info.walBytes = await walBetween(before.client, before.snapshot.walLsn, after.walLsn);
  info.databaseSizeBefore = before.snapshot.databaseSize;
  info.databaseSizeAfter = after.databaseSize;
  info.rewrites = rewrites(before.snapshot, after);
  info.indexes = newIndexes(before.snapshot, after, observation);
  info.rowChanges = rowChanges(before.snapshot, after, before.counts, counted);
  info.schemaChanges = schemaChanges(before.snapshot, after);
  if (before.totals !== null) {
    info.statements = await statementsSince(before.totals, before.databaseOid);
    info.statementsSource = 'pg_stat_statements';
  } else if (observation !== null) {
    info.statements = sampledStatements(observation.statements);
    info.statementsSource = 'sampled activity';
  }
  return observation;
}

function logFigures(ctx: DrillContext, m: MigrationInfo): void {
  const lock = m.locks[0];
  ctx.log.info(
    [
      `migration-command: ${m.exitCode === 0 ? 'succeeded' : 'FAILED'} in ${formatDuration(m.durationMs ?? 0)}`,
      lock
        ? `longest blocking lock ${lock.table} ${lock.mode} ${formatDuration(lock.heldMs)}`
        : 'no blocking lock seen',
      `${m.rewrites.length} rewritten`,
      `${m.indexes.length} new index(es)`,
      m.walBytes === null ? null : `${formatBytes(m.walBytes)} of WAL`,
    ]
      .filter(Boolean)
      .join('; '),
  );
}
