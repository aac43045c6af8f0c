// Restoring the chosen backup into the drill database with the tool its format needs:
// pg_restore for archives (parallel for custom and directory), psql for plain SQL, which is
// streamed (and, for .sql.gz, decompressed on the fly: never written out decompressed).
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline, type Readable, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { BackupFormat, CheckResult, RestoreInfo } from '../report/types.js';
import { childEnv } from '../util/child-env.js';
import { check, type DrillContext } from '../util/context.js';
import { formatBytes, formatDuration } from '../util/format.js';
import { memoryReleaser } from '../util/memory.js';
import { ADMIN_STATEMENT_TIMEOUT_MS, withPinnedClient } from '../util/pg-session.js';
import { findPgTool, type PgTool, psqlHasRestrict, RESTRICT_RELEASES } from '../util/pg-tools.js';
import { type TempDir, writePrivateTempFile } from '../util/temp-files.js';
import { describeLeftOut, type LeftOut, leftOutDetails } from './left-out.js';
import { connectionParts, libpqEnv } from './pg-connection.js';
import { PlainDumpFilter, type PlainRestoreFacts } from './plain-dump-filter.js';
import { type Prepared, prepareRestore } from './prepare-restore.js';
import { durationCheck, notRestored, restoreLimit, tocCompleteCheck } from './restore-checks.js';
import { runTool } from './run-tool.js';
import { startProgressReports, ToolOutput } from './tool-output.js';
import type { ResolvedBackup } from './types.js';

export type RestoreOutcome = { info: Omit<RestoreInfo, 'database' | 'databaseOrigin' | 'role'>; checks: CheckResult[] };

const PG_RESTORE_FORMAT: Partial<Record<BackupFormat, string>> = { custom: 'c', directory: 'd', tar: 't' };
// tar archives cannot be restored in parallel.
const PARALLEL_FORMATS: ReadonlySet<BackupFormat> = new Set(['custom', 'directory']);

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

interface Invocation {
  tool: PgTool;
  args: string[];
  jobs: number;
  input?: Readable;
  describeProgress: () => string;
  /** Removes what the invocation wrote for the tool (psql's key file). */
  dispose?: () => Promise<void>;
  /** A plain dump's filter: what it left out is known once the dump has streamed past. */
  filter?: PlainDumpFilter;
}

async function plainInput(
  backup: ResolvedBackup,
  filter: PlainDumpFilter,
  onBytes: (n: number) => void,
): Promise<Readable> {
  // A wrapped plain dump streams from its stored file with the layers removed on the way.
  const file = backup.open ? await backup.open() : createReadStream(backup.path);
  file.on('data', (chunk: Buffer) => onBytes(chunk.length));
  // runTool reports stream errors; this keeps one that comes early from being unhandled.
  filter.on('error', () => {});
  // Dead chunk buffers are let go every few megabytes of SQL, so memory stays flat however large
  // the dump. A stage of the pipeline, not a 'data' listener: that would set the output flowing
  // before psql's stdin is attached, and what flowed then would never reach psql.
  const release = memoryReleaser();
  const releasing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      release(chunk.length);
      done(null, chunk);
    },
  });
  // pipeline destroys every stage with the first error, so psql's stdin reports it.
  return backup.format === 'plain-gzip'
    ? pipeline(file, createGunzip(), filter, releasing, () => {})
    : pipeline(file, filter, releasing, () => {});
}

/**
 * `\restrict` under a random key, in a file of this run's own that psql reads before the dump
 * (`-f <file> -f -`): on psql's command line the key would show in `ps` to every user of the
 * machine, and line numbers of `-f -` still count from the dump's first line.
 */
export function restrictKeyFile(env: NodeJS.ProcessEnv): Promise<TempDir & { file: string }> {
  return writePrivateTempFile('restrict', 'restrict.psql', `\\restrict ${randomBytes(24).toString('hex')}\n`, env);
}

async function invocation(
  ctx: DrillContext,
  backup: ResolvedBackup,
  database: string,
  output: ToolOutput,
  listFile: string | null,
  facts: PlainRestoreFacts,
): Promise<Invocation> {
  const archiveFormat = PG_RESTORE_FORMAT[backup.format];
  if (archiveFormat) {
    const tool = await findPgTool('pg_restore', ctx.config.pgBinDir);
    const jobs = PARALLEL_FORMATS.has(backup.format) ? Math.max(1, ctx.config.restoreJobs) : 1;
    const args = ['--verbose', '--no-owner', '--no-privileges', '--exit-on-error', `--format=${archiveFormat}`];
    if (jobs > 1) args.push(`--jobs=${jobs}`);
    if (listFile !== null) args.push(`--use-list=${listFile}`);
    args.push(`--dbname=${database}`, backup.path);
    const total = backup.tocEntries;
    // pg_restore also reports bookkeeping items that --list leaves out: never show more than the total.
    const describeProgress = () =>
      total === null
        ? `${output.tocItemsDone} TOC items`
        : `${Math.min(output.tocItemsDone, total)}/${total} TOC items`;
    return { tool, args, jobs, describeProgress };
  }
  const tool = await findPgTool('psql', ctx.config.pgBinDir);
  if (!psqlHasRestrict(tool)) {
    throw new Error(
      `psql ${tool.version} lacks \\restrict (psql ${RESTRICT_RELEASES}): a plain dump is not restored with it; install a current PostgreSQL client (or set pg-bin-dir)`,
    );
  }
  // `-f -` reads stdin like a file, so errors name their line: `psql:<stdin>:42: ERROR: ...`.
  // `\restrict` with a key of this run's own comes first: psql then refuses every meta-command
  // but `\unrestrict <key>`, which no dump can know (the filter also refuses them, by name).
  const key = await restrictKeyFile(ctx.env);
  let bytesRead = 0;
  const filter = new PlainDumpFilter(facts);
  const input = await plainInput(backup, filter, (n) => {
    bytesRead += n;
  });
  const args = ['-v', 'ON_ERROR_STOP=1', '-X', '-q', `--dbname=${database}`, '-f', key.file, '-f', '-'];
  const describeProgress = () => {
    const pct = backup.sizeBytes > 0 ? ` (${Math.min(100, Math.round((bytesRead / backup.sizeBytes) * 100))}%)` : '';
    return `${formatBytes(bytesRead)} of the dump's ${formatBytes(backup.sizeBytes)} read${pct}`;
  };
  return { tool, args, jobs: 1, input, describeProgress, dispose: key.dispose, filter };
}

export async function restoreBackup(
  ctx: DrillContext,
  backup: ResolvedBackup,
  drillUrl: string,
): Promise<RestoreOutcome> {
  ctx.secrets.addUrl(drillUrl);
  const redact = (text: string) => ctx.secrets.redact(text);
  const output = new ToolOutput(redact);
  const database = connectionParts(drillUrl).database;
  const startedAtMs = Date.now();
  const startedAt = performance.now();

  let run: Invocation;
  let prepared: Prepared | null = null;
  try {
    prepared = await prepareRestore(ctx, backup, database, drillUrl, PG_RESTORE_FORMAT[backup.format] !== undefined);
    run = await invocation(ctx, backup, database, output, prepared.list?.file ?? null, {
      madeSchemas: new Set(prepared.made.schemas),
      skippedExtensions: prepared.made.skipped,
      roles: prepared.roles,
      privileged: ctx.config.restoreRole === 'drill',
    });
  } catch (error) {
    await prepared?.list?.dispose();
    return notRestored(ctx, redact((error as Error).message), 'the restore could not start', startedAtMs, startedAt);
  }
  const { role, list } = prepared;

  const env = childEnv(ctx.env, { ...libpqEnv(drillUrl), PGAPPNAME: APP_NAME });
  if (role) env.PGOPTIONS = `${env.PGOPTIONS ?? ''} -c role=${role}`.trim();
  const how = run.jobs > 1 ? ` with ${run.jobs} jobs` : '';
  ctx.log.info(
    `restore: ${backup.name} (${backup.format}) into ${database} with ${run.tool.name} ${run.tool.version}${how}${role ? ` as role ${role}` : ''}`,
  );
  const stopReports = startProgressReports(ctx.log, run.describeProgress);
  const limit = restoreLimit(ctx.config.restoreTimeoutMs, ctx.config.maxRestoreTimeMs);
  const result = await runTool({
    command: run.tool.path,
    args: run.args,
    env,
    input: run.input,
    timeoutMs: limit.ms,
    onLine: (stream, line) => {
      if (stream === 'stderr') output.addStderrLine(line);
      else ctx.log.debug(`${run.tool.name}: ${redact(line)}`);
    },
  }).finally(() => {
    stopReports();
    return Promise.all([list?.dispose(), run.dispose?.()]);
  });
  const durationMs = Date.now() - startedAtMs;
  const finishedAt = new Date().toISOString();
  // A killed client leaves its server session running the statement it sent (a long index build,
  // a slow COPY): end the restore's sessions too, so nothing of the stopped restore goes on.
  if (result.timedOut) await endRestoreSessions(drillUrl).catch(() => {});

  if (result.timedOut) output.errors.unshift(`stopped after ${formatDuration(durationMs)}: ${limit.why}`);
  for (const problem of [result.spawnError, result.inputError]) {
    if (problem) output.errors.push(redact(problem));
  }
  const completed =
    !result.timedOut && result.exitCode === 0 && result.inputError === null && result.spawnError === null;
  if (!completed && output.errors.length === 0) {
    output.errors.push(
      `${run.tool.name} exited with ${result.signal ? `signal ${result.signal}` : `code ${result.exitCode}`}`,
    );
  }
  const toolLabel = `${run.tool.name} ${run.tool.version}`;
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
        `restored ${backup.name} (${backup.format}) with ${toolLabel}${how}${leftOut.length > 0 ? `; ${leftOut.some((l) => l.data) ? 'not all its data (the restore does not equal the backup): ' : ''}left out: ${redact(describeLeftOut(leftOut))}` : ''}`,
        { exitCode: 0, warnings: output.warnings.length, ...leftOutDetails(leftOut) },
        startedAt,
      )
    : check(
        'restore.completed',
        'fail',
        result.timedOut
          ? `${run.tool.name} ${output.errors[0]}`
          : `${run.tool.name} failed (${result.signal ? `signal ${result.signal}` : `exit code ${result.exitCode}`}): ${output.errors[0] ?? 'no error text'}${permissionHint(ctx, drillUrl, output.errors)}${leftOut.length > 0 ? ` (left out before it, which may be what it needed: ${redact(describeLeftOut(leftOut, 3))})` : ''}`,
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
  const tocCheck = await tocCompleteCheck(drillUrl, backup.tocTables, redact);

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
      warnings: output.warnings,
      errors: output.errors,
    },
    checks: [completedCheck, duration.check, tocCheck],
  };
}

const PRIVILEGE_RE =
  /must be superuser|permission denied|must be owner|must be member|must have privileges|privileges of the/i;

/** A restore the drill role was not allowed to do says so: that is the role model working. */
function permissionHint(ctx: DrillContext, drillUrl: string, errors: string[]): string {
  if (ctx.config.restoreRole !== 'drill' || !errors.some((e) => PRIVILEGE_RE.test(e))) return '';
  const role = connectionParts(drillUrl).user;
  return ` — permission: the restore runs as the drill role ${role}, without superuser rights, and the backup did something only a privileged role may do (restore-role: admin would allow it, with that risk)`;
}
