// How the chosen client restores the backup: pg_restore into the database (parallel for custom
// and directory archives; pg_restore 17+ into a 13–16 server without --exit-on-error, its failed
// `SET transaction_timeout` ignored and any other error stopping it: ignored-settings.ts); psql for
// plain SQL, streamed through the plain-dump filter (which leaves out settings the server lacks).
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { pipeline, type Readable, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { ResolvedClient } from '../clients/resolve.js';
import type { BackupFormat } from '../model/backup-types.js';
import type { DrillContext } from '../model/context.js';
import { formatBytes } from '../util/format.js';
import { memoryReleaser } from '../util/memory.js';
import { type TempDir, writePrivateTempFile } from '../util/temp-files.js';
import { PlainDumpFilter, type PlainRestoreFacts } from './plain-dump-filter.js';
import type { ToolOutput } from './tool-output.js';
import type { ResolvedBackup } from './types.js';

const PG_RESTORE_FORMAT: Partial<Record<BackupFormat, string>> = { custom: 'c', directory: 'd', tar: 't' };
// tar archives cannot be restored in parallel.
const PARALLEL_FORMATS: ReadonlySet<BackupFormat> = new Set(['custom', 'directory']);

export const isArchive = (format: BackupFormat) => PG_RESTORE_FORMAT[format] !== undefined;

/** pg_restore's jobs for an archive of `format`: `restoreJobs` where it can run in parallel, else 1. */
export const pgRestoreJobs = (format: BackupFormat, restoreJobs: number) =>
  PARALLEL_FORMATS.has(format) ? Math.max(1, restoreJobs) : 1;

export interface Invocation {
  /** The program run; the report names it as restore.tool. */
  tool: { name: 'pg_restore' | 'psql'; path: string; version: string };
  args: string[];
  jobs: number;
  input?: Readable;
  describeProgress: () => string;
  /** Removes what the invocation wrote for the tool (psql's key file). */
  dispose?: () => Promise<void>;
  /** The SQL's filter: what it left out is known once the SQL has streamed past. */
  filter?: PlainDumpFilter;
}

/**
 * `\restrict` under a random key, in a file of this run's own that psql reads before the dump
 * (`-f <file> -f -`): on psql's command line the key would show in `ps` to every user of the
 * machine, and line numbers of `-f -` still count from the dump's first line.
 */
export function restrictKeyFile(env: NodeJS.ProcessEnv): Promise<TempDir & { file: string }> {
  return writePrivateTempFile('restrict', 'restrict.psql', `\\restrict ${randomBytes(24).toString('hex')}\n`, env);
}

/** SQL through the filter and the memory releaser; pipeline destroys every stage with the first error. */
function filtered(source: Readable, filter: PlainDumpFilter, gunzip: boolean): Readable {
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
  const stages = [...(gunzip ? [createGunzip()] : []), filter, releasing];
  return (pipeline as (...s: unknown[]) => Readable)(source, ...stages, () => {});
}

export async function invocation(
  ctx: DrillContext,
  backup: ResolvedBackup,
  database: string,
  output: ToolOutput,
  listFile: string | null,
  facts: PlainRestoreFacts,
  chosen: ResolvedClient,
): Promise<Invocation> {
  const { client } = chosen;
  const archiveFormat = PG_RESTORE_FORMAT[backup.format];
  const pgRestore = path.join(client.dir, 'pg_restore');
  const common = ['--no-owner', '--no-privileges', `--format=${archiveFormat}`];
  if (archiveFormat) {
    const jobs = pgRestoreJobs(backup.format, ctx.config.restoreJobs);
    // settings-ignored: the restore stops at any other error all the same (restore-backup.ts).
    const args = ['--verbose', ...common, ...(chosen.route === 'direct' ? ['--exit-on-error'] : [])];
    if (jobs > 1) args.push(`--jobs=${jobs}`);
    if (listFile !== null) args.push(`--use-list=${listFile}`);
    args.push(`--dbname=${database}`, backup.path);
    const total = backup.tocEntries;
    // pg_restore also reports bookkeeping items that --list leaves out: never show more than the total.
    const describeProgress = () =>
      total === null
        ? `${output.tocItemsDone} TOC items`
        : `${Math.min(output.tocItemsDone, total)}/${total} TOC items`;
    const tool = { name: 'pg_restore' as const, path: pgRestore, version: client.version };
    return { tool, args, jobs, describeProgress };
  }
  // `-f -` reads stdin like a file, so errors name their line: `psql:<stdin>:42: ERROR: ...`.
  // `\restrict` with a key of this run's own comes first: psql then refuses every meta-command
  // but `\unrestrict <key>`, which no dump can know (the filter also refuses them, by name).
  const key = await restrictKeyFile(ctx.env);
  let bytesRead = 0;
  const filter = new PlainDumpFilter(facts);
  // A wrapped plain dump streams from its stored file with the layers removed on the way.
  const file = backup.open ? await backup.open() : createReadStream(backup.path);
  file.on('data', (chunk: Buffer) => {
    bytesRead += chunk.length;
  });
  const input = filtered(file, filter, backup.format === 'plain-gzip');
  const args = ['-v', 'ON_ERROR_STOP=1', '-X', '-q', `--dbname=${database}`, '-f', key.file, '-f', '-'];
  const describeProgress = () => {
    const pct = backup.sizeBytes > 0 ? ` (${Math.min(100, Math.round((bytesRead / backup.sizeBytes) * 100))}%)` : '';
    return `${formatBytes(bytesRead)} of the dump's ${formatBytes(backup.sizeBytes)} read${pct}`;
  };
  const tool = { name: 'psql' as const, path: path.join(client.dir, 'psql'), version: client.version };
  return { tool, args, jobs: 1, input, describeProgress, dispose: key.dispose, filter };
}
