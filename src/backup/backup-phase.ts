// The backup phase: find the backup, verify its checksum and archive in one read, judge its age.
// Always returns the four backup.* checks in order; `backup` is null when nothing can be restored.
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { toolForVerify } from '../clients/resolve.js';
import type { ArchiveToc, TocTable } from '../dump/archive-toc.js';
import { archiveClientMajor } from '../dump/pgdmp-header.js';
import { readOnce } from '../dump/stream-reader.js';
import { verifyBackup } from '../dump/verify.js';
import type { BackupFormat, BackupInfo, InventoryInfo } from '../model/backup-types.js';
import { check, type DrillContext } from '../model/context.js';
import type { CheckResult } from '../model/types.js';
import { backupCount, buildInventory, cadenceCheck } from '../source/inventory.js';
import { LayerError } from '../source/layers.js';
import { displaySource, locateBackup } from '../source/locate.js';
import { prepareRemoteUnwrap } from '../source/remote-unwrap.js';
import { sourceKind } from '../source/source-kind.js';
import { UnwrapFailure } from '../source/unwrap.js';
import { prepareUnwrap } from '../source/wrapped.js';
import { formatBytes } from '../util/format.js';
import { majorOf } from '../util/pg-tools.js';
import { ageCheck, checksumCheck } from './phase-checks.js';
import {
  describeFormat,
  emptyBackupInfo,
  failureDetails,
  newestOf,
  sizeFromDownload,
  skipRest,
  verifyWithin,
} from './phase-parts.js';

export interface ResolvedBackup {
  path: string;
  name: string;
  format: BackupFormat;
  sizeBytes: number;
  /** The archive's own table of contents (custom, tar, directory); null for plain formats. */
  toc: ArchiveToc | null;
  /** The TOC's TABLE entries, names exactly as in the archive (for restore.toc-complete); for plain
   *  formats, the CREATE TABLE statements found while reading the dump. */
  tocTables: TocTable[];
  /** Number of TOC items (for restore progress: done of total); null for plain formats. */
  tocEntries: number | null;
  /** Plain formats: the extensions the dump creates (archives have them in `toc`). */
  extensions?: { name: string; schema: string | null }[];
  /** A wrapped plain dump: its SQL with the layers removed, for psql (null: read `path`). */
  open?: (() => Promise<Readable>) | null;
  /** pg_dump's version and the dumped server's, from the header or the dump's comments. */
  pgDumpVersion?: string | null;
  serverVersion?: string | null;
}

export interface BackupPhaseResult {
  info: BackupInfo;
  checks: CheckResult[];
  backup: ResolvedBackup | null;
  /** Why no client here can read the backup (it is too new for every one), or absent. */
  noClient?: string;
  /**
   * Removes the temporary folder a remote source (s3://, https://, artifact:) was downloaded into.
   * Non-null only when `backup` is non-null and was downloaded; call it once the restore is done
   * (safe to call twice). Local sources: null (nothing to remove).
   */
  dispose: (() => Promise<void>) | null;
  /** Every backup at the source; null when the source could not be searched. */
  inventory: InventoryInfo | null;
}

/** The backup phase when the backup is not to be touched at all: every backup check skipped, saying why. */
export function untouchedBackupPhase(ctx: DrillContext, reason: string): BackupPhaseResult {
  const info = emptyBackupInfo(ctx.secrets.redact(displaySource(ctx.config.backupSource)));
  const ids = ['backup.found', 'backup.checksum', 'backup.archive', 'backup.age', 'backup.cadence'] as const;
  return { info, checks: ids.map((id) => check(id, 'skip', reason)), backup: null, dispose: null, inventory: null };
}

export async function runBackupPhase(ctx: DrillContext, serverMajor: number | null = null): Promise<BackupPhaseResult> {
  ctx.secrets.addUrl(ctx.config.backupSource);
  const source = ctx.secrets.redact(displaySource(ctx.config.backupSource));
  const info = emptyBackupInfo(source);
  const kind = sourceKind(ctx.config.backupSource);

  const now = new Date();
  let started = performance.now();
  const selection = await locateBackup(ctx).catch((e: Error) => e);
  if (selection instanceof Error) {
    const summary = ctx.secrets.redact(`could not search backup-source '${source}': ${selection.message}`);
    return {
      info,
      checks: [
        check('backup.found', 'fail', summary, failureDetails(selection, source, kind), started),
        ...skipRest('no backup found'),
        check('backup.cadence', 'skip', 'the source could not be searched'),
      ],
      backup: null,
      dispose: null,
      inventory: null,
    };
  }
  info.candidates = selection.candidates;
  const inventory = buildInventory(selection.candidates, {
    intervalMs: ctx.config.backupIntervalMs,
    retentionMs: ctx.config.backupRetentionMs,
    now,
  });
  const cadence = cadenceCheck(inventory);
  const chosen = selection.chosen;
  if (!chosen) {
    const counts: Record<string, number> = {};
    for (const c of selection.candidates) counts[c.verdict] = (counts[c.verdict] ?? 0) + 1;
    const seen = selection.candidates.length
      ? ` (${selection.candidates.length} entries: ${Object.entries(counts)
          .map(([v, n]) => `${n} ${v}`)
          .join(', ')})`
      : ' (nothing there)';
    // The candidates turned away for what they are say why, in the summary itself.
    const rejected = selection.candidates.filter((c) => c.verdict === 'not-a-backup');
    const why = rejected
      .slice(0, 3)
      .map((c) => `; ${c.name} is not a backup: ${c.reason.replace(/^not a backup by its header: /, '')}`)
      .join('');
    const summary = ctx.secrets.redact(
      `no backup found: searched ${selection.searched} for names matching backup-pattern '${ctx.config.backupPattern}'${seen}${why}${rejected.length > 3 ? '; …' : ''}`,
    );
    return {
      info,
      checks: [
        check(
          'backup.found',
          'fail',
          summary,
          { searched: selection.searched, pattern: ctx.config.backupPattern, counts },
          started,
        ),
        ...skipRest('no backup found'),
        cadence,
      ],
      backup: null,
      dispose: null,
      inventory,
    };
  }
  const resolved = ctx.secrets.redact(selection.resolved ?? chosen.path);
  let detected = chosen.detected;
  // A wrapped backup: its layers and the pg_dump format inside them, from its first bytes. One
  // still remote is peeled from its download, which the verification pass then reads on.
  const key = ctx.config.backupDecryptionKey;
  const remote = selection.pending;
  const unwrapping =
    detected.format === null
      ? await (remote
          ? prepareRemoteUnwrap({
              open: remote.open,
              storedPath: chosen.path,
              name: chosen.name,
              key,
              outer: detected.wrapping[0] ?? null,
              sizeBytes: chosen.sizeBytes,
            })
          : prepareUnwrap(chosen.path, chosen.name, key)
        ).catch((e: Error) => e)
      : null;
  const unwrapped = unwrapping instanceof Error ? null : unwrapping;
  if (unwrapped) detected = unwrapped.detected;
  const disposeAll = async () => {
    await unwrapped?.dispose();
    await selection.dispose?.();
  };
  Object.assign(info, {
    id: chosen.name,
    resolved,
    format: detected.format,
    wrapping: unwrapped?.layers ?? detected.wrapping,
    sizeBytes: chosen.sizeBytes,
    createdAt: chosen.createdAt.toISOString(),
    createdAtSource: chosen.createdAtSource,
    ageSeconds: Math.max(0, Math.round((now.getTime() - chosen.createdAt.getTime()) / 1000)),
    selection: selection.selection ? { ...selection.selection, newestAgeSeconds: null } : null,
    archiveVersion: detected.header?.archiveVersion ?? null,
    pgDumpVersion: detected.pgDumpVersion,
    serverVersion: detected.serverVersion,
  });
  const found = check(
    'backup.found',
    'ok',
    `${chosen.name}: ${describeFormat(detected.format, info.wrapping)} backup, ${formatBytes(chosen.sizeBytes)}, created ${info.createdAt} (among ${backupCount(selection.candidates)})${
      info.selection && info.selection.mode !== 'newest' ? `; ${info.selection.reason}` : ''
    }`,
    { resolved, searched: ctx.secrets.redact(selection.searched) },
    started,
  );
  ctx.log.info(`Backup: ${found.summary}`);

  started = performance.now();
  const format = detected.format;
  const pending = unwrapped ? null : selection.pending;
  const pass =
    format === null || unwrapping instanceof Error
      ? unwrapping instanceof Error
        ? unwrapping
        : new Error('the format inside the layers is unknown')
      : await verifyWithin(ctx.config.restoreTimeoutMs, (signal) =>
          verifyBackup({
            signal,
            path: unwrapped?.innerPath ?? chosen.path,
            format,
            header: detected.header,
            pgRestore: () => toolForVerify(ctx, 'pg_restore', archiveClientMajor(info.archiveVersion), serverMajor),
            read: unwrapped?.read,
            download: pending?.open,
            sizeBytes: chosen.sizeBytes,
            pgDumpVersion: detected.pgDumpVersion,
            psql: () => toolForVerify(ctx, 'psql', majorOf(detected.pgDumpVersion), serverMajor),
          }),
        )
          .then(async (verified) => {
            // A backup downloaded by the pass: dated, and checked to be what its first bytes promised.
            await pending?.finish();
            return verified;
          })
          .catch((e: Error) => e);
  if (pass instanceof Error && (pass instanceof UnwrapFailure || pass instanceof LayerError)) {
    // A layer failed (a missing or wrong key, cut or damaged data): the stored bytes are still
    // checked against their sidecar, and backup.archive says what the layer needed.
    const stored = pass instanceof UnwrapFailure ? pass : await readOnce(chosen.path).catch(() => null);
    if (stored) info.sha256 = stored.sha256;
    const checks = [
      found,
      stored
        ? await checksumCheck(ctx, chosen, { sha256: stored.sha256, manifest: null }, info, started)
        : check('backup.checksum', 'fail', `could not read ${resolved}`, null, started),
      check('backup.archive', 'fail', ctx.secrets.redact(pass.message), { wrapping: info.wrapping }, started),
      ageCheck(ctx, newestOf(chosen, info), info, now),
      cadence,
    ];
    for (const c of checks.slice(1)) ctx.log.info(`${c.id}: ${c.status}: ${c.summary}`);
    await disposeAll();
    return { info, checks, backup: null, dispose: null, inventory };
  }
  if (pass instanceof Error || format === null) {
    // Only a read error of the backup itself gets here: the sinks record their own failures.
    const why = pass instanceof Error ? pass.message : 'the format is unknown';
    const summary = ctx.secrets.redact(`could not read ${resolved}: ${why}`);
    const checks = [
      found,
      check('backup.checksum', 'fail', summary, null, started),
      check('backup.archive', 'fail', summary, null, started),
      ageCheck(ctx, newestOf(chosen, info), info, now),
      cadence,
    ];
    await disposeAll();
    return { info, checks, backup: null, dispose: null, inventory };
  }
  info.sha256 = pass.sha256;
  info.tocEntries = pass.tocEntries;
  // A download's size is what arrived (a server may announce none before it sends the body).
  if (pass.bytesDownloaded !== undefined) sizeFromDownload(chosen, info, pass.bytesDownloaded);
  const checksum = await checksumCheck(ctx, chosen, pass, info, started);
  const archive = check(
    'backup.archive',
    pass.archive.status,
    ctx.secrets.redact(pass.archive.summary),
    {
      format: detected.format,
      bytesRead: pass.bytesRead,
      ...(pass.bytesDownloaded === undefined ? {} : { bytesDownloaded: pass.bytesDownloaded }),
      ...(pass.bytesWritten === undefined ? {} : { bytesWritten: pass.bytesWritten }),
      ...pass.archive.details,
    },
    started,
  );
  const age = ageCheck(ctx, newestOf(chosen, info), info, now);
  for (const c of [checksum, archive, age, cadence]) ctx.log.info(`${c.id}: ${c.status}: ${c.summary}`);

  const restorable = checksum.status !== 'fail' && archive.status !== 'fail';
  const backup: ResolvedBackup | null = restorable
    ? {
        path: unwrapped?.innerPath ?? chosen.path,
        name: chosen.name,
        format,
        open: unwrapped?.open ?? null,
        sizeBytes: chosen.sizeBytes,
        toc: pass.toc,
        tocTables: pass.tocTables,
        tocEntries: pass.tocEntries,
        extensions: pass.extensions ?? [],
        pgDumpVersion: detected.pgDumpVersion,
        serverVersion: detected.serverVersion,
      }
    : null;
  if (!backup) await disposeAll();
  return {
    info,
    checks: [found, checksum, archive, age, cadence],
    backup,
    dispose: backup ? (unwrapped ? disposeAll : selection.dispose) : null,
    inventory,
    ...(pass.archive.tooNew ? { noClient: archive.summary } : {}),
  };
}
