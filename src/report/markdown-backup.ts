// The backup section of report.md: where the backup came from, its checksum, the candidates
// backup-select chose among.
import type { DrillReport } from '../model/types.js';
import { backupCount, isBackup } from '../source/inventory.js';
import {
  cell,
  code,
  codeCell,
  formatBytes,
  formatDuration,
  keyValueTable,
  markdownCell,
  table,
  versusTarget,
} from './markdown-format.js';

/** What the sha256 row says: verified, not verified (and why), or a mismatch; never a mismatch for a backup nothing was compared with. */
function checksumWords(report: DrillReport): string {
  const b = report.backup;
  const failed = report.checks.find((c) => c.id === 'backup.checksum')?.status === 'fail' ? ' ❌' : '';
  // Reports written before checksumStatus existed: checksumVerified alone cannot tell the two "false" apart.
  const status = b.checksumStatus ?? (b.checksumVerified === true ? 'verified' : 'not-verified');
  if (status === 'verified') return `verified (${b.checksumSource ?? 'given'}) ✅`;
  if (status === 'mismatch')
    return `does NOT match the ${b.checksumSource === 'input' ? 'backup-checksum input' : 'sidecar'} ❌`;
  switch (b.checksumUnverifiedReason) {
    case 'no-sidecar':
      return `not verified (no sidecar${failed ? '; backup-checksum: required' : ''})${failed}`;
    case 'off':
      return 'not verified (backup-checksum: off)';
    case 'sidecar-unreadable':
      return `not verified (the sidecar holds no checksum line)${failed}`;
    default:
      return `not verified${failed}`;
  }
}

export function renderBackup(report: DrillReport): string {
  const b = report.backup;
  if (b.id === null) {
    return `## Backup\n\nNo backup was found in ${code(b.source)}.\n`;
  }
  const checksum = b.sha256 === null ? '—' : `${code(b.sha256.slice(0, 12))}… ${checksumWords(report)}`;
  const created = b.createdAt === null ? '—' : `${b.createdAt}${b.createdAtSource ? ` (${b.createdAtSource})` : ''}`;
  const age = versusTarget(
    b.ageSeconds === null ? null : b.ageSeconds * 1000,
    b.rpoTargetSeconds === null ? null : b.rpoTargetSeconds * 1000,
    b.rpoMet,
    'RPO',
  );
  const versions = [
    b.pgDumpVersion !== null ? `pg_dump ${b.pgDumpVersion}` : null,
    b.serverVersion !== null ? `server ${b.serverVersion}` : null,
    b.archiveVersion !== null ? `archive ${b.archiveVersion}` : null,
    b.tocEntries !== null ? `${b.tocEntries} TOC entries` : null,
  ].filter((v) => v !== null);
  const rows: string[][] = [
    ['id', codeCell(b.id)],
    ['source', codeCell(b.source)],
    ['format', cell(b.wrapping.length > 0 ? `${b.format ?? '?'} inside ${b.wrapping.join(' → ')}` : b.format)],
    ['size', cell(b.sizeBytes === null ? null : formatBytes(b.sizeBytes))],
    ['sha256', markdownCell(checksum)],
    ['created at', cell(created)],
    ['age', cell(age)],
    ...(b.selection && b.selection.mode !== 'newest'
      ? [
          ['selected', cell(b.selection.reason)],
          [
            'newest backup',
            cell(
              `${b.selection.newestId ?? '—'}${b.selection.newestAgeSeconds !== null ? `, ${formatDuration(b.selection.newestAgeSeconds * 1000)} old (backup.age judges the RPO on it)` : ''}`,
            ),
          ],
        ]
      : []),
    ['versions', cell(versions.join(', '))],
  ];
  return `## Backup\n\n${keyValueTable(rows)}`;
}

export function renderCandidates(report: DrillReport): string {
  const { candidates } = report.backup;
  if (candidates.length === 0) return '';
  const rows = candidates.map((c) => [
    codeCell(c.name),
    cell(c.verdict),
    cell(c.reason),
    cell(c.createdAt),
    cell(c.sizeBytes === null ? null : formatBytes(c.sizeBytes)),
  ]);
  // Sidecars and other files are listed with their verdict, but only backups count as candidates.
  const others = candidates.filter((c) => !isBackup(c)).length;
  const count = `${backupCount(candidates)}${others > 0 ? `; ${others} other entr${others === 1 ? 'y' : 'ies'}` : ''}`;
  return `<details><summary>Backup candidates (${count})</summary>\n\n${table(
    ['name', 'verdict', 'why', 'created at', 'size'],
    rows,
  )}\n</details>\n`;
}
