// Restoring the chosen backup into the drill database with the client picked for it and the
// server (restore.versions, judged before anything is restored): pg_restore for archives
// (parallel for custom and directory), psql for plain SQL, which is streamed (and, for .sql.gz,
// decompressed on the fly: never written out decompressed); how each runs is in
// restore-invocation.ts.

import { type ResolvedClient, resolveClient } from '../clients/resolve.js';
import { minPgMajorForArchiveMinor } from '../dump/pgdmp-header.js';
import { check, type DrillContext } from '../model/context.js';
import type { CheckResult, RestoreInfo } from '../model/types.js';
import { childEnv } from '../util/child-env.js';
import { formatDuration } from '../util/format.js';
import { ADMIN_STATEMENT_TIMEOUT_MS, withPinnedClient } from '../util/pg-session.js';
import { majorOf } from '../util/pg-tools.js';
import type { SpareSessions } from '../util/spare-sessions.js';
import { restoreRoleUrl } from './foreign-keys.js';
import { IgnoredSettingErrors } from './ignored-settings.js';
import { KeysBesideRestore } from './keys-beside-restore.js';
import { describeLeftOut, type LeftOut, leftOutDetails } from './left-out.js';
import { connectionParts, libpqEnv } from './pg-connection.js';
import { type Prepared, prepareRestore, type RestoreFacts } from './prepare-restore.js';
import { durationCheck, notRestored, permissionHint, restoreLimit, tocCompleteCheck } from './restore-checks.js';
import { type Invocation, invocation, isArchive, pgRestoreJobs } from './restore-invocation.js';
import { runTool } from './run-tool.js';
import { type ReadyTable, TableReadiness } from './table-readiness.js';
import { startProgressReports, ToolOutput } from './tool-output.js';
import type { ResolvedBackup } from './types.js';
import { settingsUnknownTo, versionsCheck } from './versions-check.js';

export { restrictKeyFile } from './restore-invocation.js';

type RestoreOutcome = { info: Omit<RestoreInfo, 'database' | 'databaseOrigin' | 'role'>; checks: CheckResult[] };

const APP_NAME = 'pickdriver-vault-action';

async function endRestoreSessions(drillUrl: string): Promise<void> {
  await withPinnedClient(drillUrl, { statementTimeoutMs: ADMIN_STATEMENT_TIMEOUT_MS }, (client) =>
    client.query(
      `SELECT pg_catalog.pg_terminate_backend(pid) FROM pg_catalog.pg_stat_activity
        WHERE datname = pg_catalog.current_database() AND application_name = $1 AND pid <> pg_catalog.pg_backend_pid()`,
      [APP_NAME],
    ),
  );
}

/** The backup's pg_dump and source server versions (the archive's header, a plain dump's comments). */
function backupVersions(backup: ResolvedBackup) {
  return {
    pgDumpVersion: backup.pgDumpVersion ?? backup.toc?.pgDumpVersion ?? null,
    serverVersion: backup.serverVersion ?? backup.toc?.serverVersion ?? null,
  };
}

/** The lowest client major that reads the backup: the archive's version; a plain dump's pg_dump. */
function minClientMajor(backup: ResolvedBackup): number | null {
  if (backup.toc) return minPgMajorForArchiveMinor(backup.toc.version.minor);
  return isArchive(backup.format) ? null : majorOf(backupVersions(backup).pgDumpVersion);
}

/** restore.client: the program's path, its version and why it was chosen. */
function clientInfo(chosen: ResolvedClient, tool: 'pg_restore' | 'psql'): RestoreInfo['client'] {
  const { client } = chosen;
  return {
    path: `${client.dir}/${tool}`,
    version: client.version,
    major: client.major,
    reason: chosen.reason,
    route: chosen.route,
  };
}

/**
 * Restores `backup` into the drill database. `onTableReady`, when given, hears of each table a
 * parallel pg_restore has finished with while the rest of the restore goes on (table-readiness.ts);
 * `facts`, of a database this run created, spare the restore a session to ask them; `spare` keeps
 * the sessions of the keys checked after pg_restore for the inspection (util/spare-sessions.ts).
 */
export async function restoreBackup(
  ctx: DrillContext,
  backup: ResolvedBackup,
  drillUrl: string,
  options: { onTableReady?: (table: ReadyTable) => void; facts?: RestoreFacts | null; spare?: SpareSessions } = {},
): Promise<RestoreOutcome> {
  const { onTableReady, facts = null } = options;
  ctx.secrets.addUrl(drillUrl);
  const redact = (text: string) => ctx.secrets.redact(text);
  const output = new ToolOutput(redact);
  const database = connectionParts(drillUrl).database;
  const startedAtMs = Date.now();
  const startedAt = performance.now();

  let run: Invocation;
  const parallel = isArchive(backup.format) && pgRestoreJobs(backup.format, ctx.config.restoreJobs) > 1;
  let prepared: Prepared | null = null;
  let versions: CheckResult | null = null;
  let resolved: ResolvedClient | Error | null = null;
  const toolName = isArchive(backup.format) ? 'pg_restore' : 'psql';
  const notStarted = (message: string): RestoreOutcome => {
    const failed = notRestored(ctx, redact(message), 'the restore could not start', startedAtMs, startedAt);
    const client = resolved && !(resolved instanceof Error) ? clientInfo(resolved, toolName) : null;
    const info = { ...failed.info, server: prepared?.server ?? null, client };
    const skipped = check('restore.versions', 'skip', 'The server could not be asked its version.');
    return { info, checks: [versions ?? skipped, ...failed.checks] };
  };
  try {
    prepared = await prepareRestore(ctx, backup, database, drillUrl, isArchive(backup.format), parallel, facts);
    // The client is chosen (and, where allowed, installed) before anything of the backup is restored.
    const server = prepared.server;
    const versionsStarted = performance.now();
    const need = { tool: toolName, minMajor: minClientMajor(backup), serverMajor: server.major } as const;
    resolved = await resolveClient(ctx, need).catch((e: Error) => e);
    versions = versionsCheck(backupVersions(backup), server, toolName, resolved, versionsStarted);
    versions.summary = redact(versions.summary);
    ctx.log.info(`restore.versions: ${versions.status}: ${versions.summary}`);
    if (resolved instanceof Error) {
      await prepared.list?.dispose();
      return notStarted(`not restored: ${resolved.message}`);
    }
    run = await invocation(
      ctx,
      backup,
      database,
      output,
      prepared.list?.file ?? null,
      {
        madeSchemas: new Set(prepared.made.schemas),
        skippedExtensions: prepared.made.skipped,
        roles: prepared.roles,
        privileged: ctx.config.restoreRole === 'drill',
        unknownSettings: settingsUnknownTo(server.major),
        extensionObjects: prepared.extensionObjects,
      },
      resolved,
    );
  } catch (error) {
    await prepared?.list?.dispose();
    return notStarted((error as Error).message);
  }
  const chosen = resolved as ResolvedClient;
  const { role, list } = prepared;

  const env = childEnv(ctx.env, { ...libpqEnv(drillUrl), PGAPPNAME: APP_NAME });
  // Its jobs already keep the CPUs busy: an index build's parallel workers would only compete with
  // them (and with the keys built beside it), for more CPU time in all.
  const pgOptions = [env.PGOPTIONS, role && `-c role=${role}`, run.jobs > 1 && '-c max_parallel_maintenance_workers=0']
    .filter(Boolean)
    .join(' ');
  if (pgOptions) env.PGOPTIONS = pgOptions;
  const how = run.jobs > 1 ? ` with ${run.jobs} jobs` : '';
  // pg_restore 17+ into a 13–16 server: its SET of a setting the server lacks fails on every
  // connection and is ignored; any other error stops it, as --exit-on-error would.
  const stopAtError = new AbortController();
  const ignoring =
    chosen.route === 'settings-ignored'
      ? new IgnoredSettingErrors(
          settingsUnknownTo(prepared.server.major),
          (line) => output.addStderrLine(line),
          () => stopAtError.abort(),
        )
      : null;
  if (ignoring)
    ctx.log.info(
      `restore: pg_restore ${run.tool.version} sets transaction_timeout on each connection, which PostgreSQL ${prepared.server.version} lacks: that error is ignored, any other stops the restore`,
    );
  ctx.log.info(
    `restore: ${backup.name} (${backup.format}) into ${database} (PostgreSQL ${prepared.server.version}) with ${run.tool.name} ${run.tool.version}${how}${role ? ` as role ${role}` : ''}`,
  );
  const readiness =
    onTableReady && backup.toc && run.tool.name === 'pg_restore' && run.jobs > 1
      ? new TableReadiness(backup.toc, prepared.leave, run.jobs, onTableReady)
      : null;
  const stopReports = startProgressReports(ctx.log, run.describeProgress);
  const limit = restoreLimit(ctx.config.restoreTimeoutMs, ctx.config.maxRestoreTimeMs);
  const keys = new KeysBesideRestore(
    ctx,
    prepared,
    restoreRoleUrl(drillUrl, role),
    run.jobs,
    limit.ms - (Date.now() - startedAtMs),
    { readiness, output, stop: () => stopAtError.abort(), spare: options.spare },
  );
  const result = await runTool({
    command: run.tool.path,
    args: run.args,
    env,
    input: run.input,
    timeoutMs: limit.ms,
    signal: stopAtError.signal,
    onLine: (stream, line) => {
      if (stream === 'stderr') {
        readiness?.addStderrLine(line);
        keys.addStderrLine(line);
        (ignoring ?? output).addStderrLine(line);
      } else ctx.log.debug(`${run.tool.name}: ${redact(line)}`);
    },
  }).finally(() => {
    ignoring?.end();
    stopReports();
    return Promise.all([list?.dispose(), run.dispose?.()]);
  });
  // pg_restore exits 1 when it ignored errors: with only the failed SETs (any other error aborts
  // the run) the restore completed.
  const onlyIgnored = ignoring !== null && ignoring.ignored > 0 && result.exitCode === 1;
  let completed =
    !result.timedOut &&
    !stopAtError.signal.aborted &&
    (result.exitCode === 0 || onlyIgnored) &&
    result.inputError === null &&
    result.spawnError === null;
  // Every table is made once pg_restore has ended: their check need not wait for the keys.
  const tocChecked = tocCompleteCheck(drillUrl, backup.tocTables, redact);
  // The keys taken out of pg_restore's list (keys-beside-restore.ts), within what is left of its limit.
  const keysError = await keys.finish(completed);
  if (keysError !== null) completed = false;
  readiness?.end();
  const durationMs = Date.now() - startedAtMs;
  const finishedAt = new Date().toISOString();
  // A killed client leaves its server session running the statement it sent (a long index build,
  // a slow COPY): end the restore's sessions too, so nothing of the stopped restore goes on.
  if (result.timedOut || stopAtError.signal.aborted) await endRestoreSessions(drillUrl).catch(() => {});

  if (result.timedOut) output.errors.unshift(`stopped after ${formatDuration(durationMs)}: ${limit.why}`);
  for (const problem of [result.spawnError, result.inputError]) {
    if (problem) output.errors.push(redact(problem));
  }
  if (!completed && output.errors.length === 0) {
    output.errors.push(
      `${run.tool.name} exited with ${result.signal ? `signal ${result.signal}` : `code ${result.exitCode}`}`,
    );
  }
  const toolLabel = `${run.tool.name} ${run.tool.version}`;
  const ignoredNote =
    ignoring && ignoring.ignored > 0
      ? `; its SET transaction_timeout, which PostgreSQL ${prepared.server.major} lacks, failed on ${ignoring.ignored} connection(s) and was ignored`
      : '';
  const leftOut: LeftOut[] = [...prepared.leftOut, ...(run.filter?.leftOut ?? [])];
  for (const [name, why] of prepared.made.skipped) {
    // A plain dump's CREATE EXTENSION is skipped by the filter, which names it by itself.
    if (!leftOut.some((l) => l.what === `EXTENSION ${name}`))
      leftOut.push({ what: `EXTENSION ${name}`, why, data: false });
  }
  if (leftOut.length > 0) ctx.log.warning(`restore: left out: ${redact(describeLeftOut(leftOut))}`);
  const completedCheck = completed
    ? check(
        'restore.completed',
        leftOut.some((l) => l.data) ? 'fail' : leftOut.length > 0 ? 'warn' : 'ok',
        `restored ${backup.name} (${backup.format}) with ${toolLabel}${how}${ignoredNote}${leftOut.length > 0 ? `; ${leftOut.some((l) => l.data) ? 'not all its data (the restore does not equal the backup): ' : ''}left out: ${redact(describeLeftOut(leftOut))}` : ''}`,
        {
          exitCode: result.exitCode,
          warnings: output.warnings.length,
          ...(ignoring ? { ignoredSettingErrors: ignoring.ignored } : {}),
          ...(prepared.foreignKeys.length > 0 ? { foreignKeysAfterPgRestore: prepared.foreignKeys.length } : {}),
          ...(prepared.uniqueKeys.length > 0 ? { uniqueKeysBesidePgRestore: prepared.uniqueKeys.length } : {}),
          ...leftOutDetails(leftOut),
        },
        startedAt,
      )
    : check(
        'restore.completed',
        'fail',
        result.timedOut
          ? `${run.tool.name} ${output.errors[0]}`
          : keysError !== null
            ? `${toolLabel} ${keysError}`
            : `${run.tool.name} failed (${stopAtError.signal.aborted ? 'stopped at its first error' : result.signal ? `signal ${result.signal}` : `exit code ${result.exitCode}`}): ${output.errors[0] ?? 'no error text'}${permissionHint(ctx, drillUrl, output.errors)}${leftOut.length > 0 ? ` (left out before it, which may be what it needed: ${redact(describeLeftOut(leftOut, 3))})` : ''}`,
        {
          exitCode: result.exitCode,
          signal: result.signal,
          timedOut: result.timedOut,
          errors: output.errors.slice(0, 10),
          ...leftOutDetails(leftOut),
        },
        startedAt,
      );
  ctx.log.info(
    `restore: ${completed ? 'finished' : 'FAILED'} after ${formatDuration(durationMs)} (${run.describeProgress()})`,
  );

  const duration = durationCheck(completed, durationMs, ctx.config.maxRestoreTimeMs, result.timedOut && limit.byRto);
  const tocCheck = await tocChecked;

  return {
    info: {
      startedAt: new Date(startedAtMs).toISOString(),
      finishedAt,
      durationMs,
      rtoTargetSeconds: duration.rtoTargetSeconds,
      rtoMet: duration.rtoMet,
      jobs: run.jobs,
      tool: run.tool.name,
      toolVersion: run.tool.version,
      server: prepared.server,
      client: clientInfo(chosen, toolName),
      warnings: output.warnings,
      errors: output.errors,
    },
    checks: [versions as CheckResult, completedCheck, duration.check, tocCheck],
  };
}
