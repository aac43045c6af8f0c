// The backup phase: find the backup, verify its checksum and archive in one read, judge its age.
// Always returns the four backup.* checks in order; `backup` is null when nothing can be restored.
import { performance } from 'node:perf_hooks';
import type { BackupFormat, BackupInfo, CheckResult } from '../report/types.js';
import { check, type DrillContext } from '../util/context.js';
import { findPgTool } from '../util/pg-tools.js';
import { withoutPassword } from '../util/secrets.js';
import { ageCheck, checksumCheck, formatBytes } from './phase-checks.js';
import { selectLocalBackup } from './select.js';
import { SOURCE_KIND_NAMES, sourceKind } from './source-kind.js';
import { verifyBackup } from './verify.js';

export interface ResolvedBackup {
  path: string;
  name: string;
  format: BackupFormat;
  sizeBytes: number;
  /** Tables in the archive's table of contents as `schema.table` (for restore.toc-complete); for plain formats,
   *  the CREATE TABLE statements found while reading the dump. */
  tocTables: string[];
  /** Number of TOC items (for restore progress: done of total); null for plain formats. */
  tocEntries: number | null;
}

export interface BackupPhaseResult {
  info: BackupInfo;
  checks: CheckResult[];
  backup: ResolvedBackup | null;
}

function emptyInfo(source: string): BackupInfo {
  return {
    id: null,
    source,
    resolved: null,
    candidates: [],
    format: null,
    sizeBytes: null,
    sha256: null,
    checksumVerified: null,
    checksumSource: null,
    createdAt: null,
    createdAtSource: null,
    ageSeconds: null,
    rpoTargetSeconds: null,
    rpoMet: null,
    archiveVersion: null,
    pgDumpVersion: null,
    serverVersion: null,
    tocEntries: null,
  };
}

const skipRest = (reason: string): CheckResult[] => [
  check('backup.checksum', 'skip', reason),
  check('backup.archive', 'skip', reason),
  check('backup.age', 'skip', reason),
];

export async function runBackupPhase(ctx: DrillContext): Promise<BackupPhaseResult> {
  const source = ctx.secrets.redact(withoutPassword(ctx.config.backupSource));
  const info = emptyInfo(source);
  const kind = sourceKind(ctx.config.backupSource);
  if (kind !== 'local') {
    const summary = `backup-source '${source}' is a ${SOURCE_KIND_NAMES[kind]} source, which is not supported yet; use a local path, glob or directory`;
    return {
      info,
      checks: [check('backup.found', 'fail', summary, { source, kind }), ...skipRest('no backup found')],
      backup: null,
    };
  }

  let started = performance.now();
  const selection = await selectLocalBackup(ctx.config.backupSource, ctx.config.backupPattern).catch((e: Error) => e);
  if (selection instanceof Error) {
    const summary = ctx.secrets.redact(`could not search backup-source '${source}': ${selection.message}`);
    return {
      info,
      checks: [check('backup.found', 'fail', summary, null, started), ...skipRest('no backup found')],
      backup: null,
    };
  }
  info.candidates = selection.candidates;
  const chosen = selection.chosen;
  if (!chosen) {
    const counts: Record<string, number> = {};
    for (const c of selection.candidates) counts[c.verdict] = (counts[c.verdict] ?? 0) + 1;
    const seen = selection.candidates.length
      ? ` (${selection.candidates.length} entries: ${Object.entries(counts)
          .map(([v, n]) => `${n} ${v}`)
          .join(', ')})`
      : ' (nothing there)';
    const summary = ctx.secrets.redact(
      `no backup found: searched ${selection.searched} for names matching backup-pattern '${ctx.config.backupPattern}'${seen}`,
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
      ],
      backup: null,
    };
  }
  const detected = chosen.detected;
  Object.assign(info, {
    id: chosen.name,
    resolved: chosen.path,
    format: detected.format,
    sizeBytes: chosen.sizeBytes,
    createdAt: chosen.createdAt.toISOString(),
    createdAtSource: chosen.createdAtSource,
    archiveVersion: detected.header?.archiveVersion ?? null,
    pgDumpVersion: detected.pgDumpVersion,
    serverVersion: detected.serverVersion,
  });
  const found = check(
    'backup.found',
    'ok',
    `${chosen.name}: ${detected.format} backup, ${formatBytes(chosen.sizeBytes)}, created ${info.createdAt} (among ${selection.candidates.length} candidates)`,
    { resolved: chosen.path, searched: selection.searched },
    started,
  );
  ctx.log.info(`Backup: ${found.summary}`);

  started = performance.now();
  const pass = await verifyBackup({
    path: chosen.path,
    format: detected.format,
    header: detected.header,
    pgRestore: () => findPgTool('pg_restore', ctx.config.pgBinDir),
  }).catch((e: Error) => e);
  if (pass instanceof Error) {
    // Only a read error of the backup itself gets here: the sinks record their own failures.
    const summary = ctx.secrets.redact(`could not read ${chosen.path}: ${pass.message}`);
    const checks = [
      found,
      check('backup.checksum', 'fail', summary, null, started),
      check('backup.archive', 'fail', summary, null, started),
      ageCheck(ctx, chosen, info),
    ];
    return { info, checks, backup: null };
  }
  info.sha256 = pass.sha256;
  info.tocEntries = pass.tocEntries;
  const checksum = await checksumCheck(ctx, chosen, pass, info, started);
  const archive = check(
    'backup.archive',
    pass.archive.ok ? 'ok' : 'fail',
    ctx.secrets.redact(pass.archive.summary),
    { format: detected.format, bytesRead: pass.bytesRead, ...pass.archive.details },
    started,
  );
  const age = ageCheck(ctx, chosen, info);
  for (const c of [checksum, archive, age]) ctx.log.info(`${c.id}: ${c.status}: ${c.summary}`);

  const restorable = checksum.status !== 'fail' && archive.status !== 'fail';
  const backup: ResolvedBackup | null = restorable
    ? {
        path: chosen.path,
        name: chosen.name,
        format: detected.format,
        sizeBytes: chosen.sizeBytes,
        tocTables: pass.tocTables,
        tocEntries: pass.tocEntries,
      }
    : null;
  return { info, checks: [found, checksum, archive, age], backup };
}
