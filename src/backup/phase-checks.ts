// The backup.checksum and backup.age verdicts, and the wording they share with backup.found.
import type { BackupInfo, CheckResult } from '../report/types.js';
import type { ChosenBackup } from '../source/select.js';
import { check, type DrillContext } from '../util/context.js';
import { formatDuration } from '../util/format.js';
import { compareChecksum, expectedChecksum } from './checksum.js';
import type { Verification } from './verify.js';

/** Ages are written like every other duration. */
export function formatAge(seconds: number): string {
  return formatDuration(seconds * 1000);
}

export async function checksumCheck(
  ctx: DrillContext,
  chosen: ChosenBackup,
  pass: Verification,
  info: BackupInfo,
  startedAt: number,
) {
  const mode = ctx.config.backupChecksum;
  const expected = await expectedChecksum(mode, chosen.path);
  info.checksumVerified = false;
  if (expected.kind === 'off')
    return check('backup.checksum', 'skip', 'backup-checksum is off: not verified', { sha256: pass.sha256 }, startedAt);
  if (expected.kind === 'none') {
    const where = expected.sidecar.split(/[/\\]/).pop();
    return mode.mode === 'required'
      ? check(
          'backup.checksum',
          'fail',
          `backup-checksum is required but there is no ${where} sidecar next to the backup`,
          { sidecar: expected.sidecar, sha256: pass.sha256 },
          startedAt,
        )
      : check(
          'backup.checksum',
          'skip',
          `no ${where} sidecar next to the backup (backup-checksum: auto): not verified`,
          { sha256: pass.sha256 },
          startedAt,
        );
  }
  if (expected.kind === 'invalid') {
    return check(
      'backup.checksum',
      'fail',
      `the checksum sidecar ${expected.sidecar} is unreadable: ${expected.problem}`,
      { sidecar: expected.sidecar },
      startedAt,
    );
  }
  const result = compareChecksum(expected.expected, chosen.name, pass.sha256, pass.manifest);
  const details = {
    source: expected.expected.source,
    origin: expected.expected.origin,
    expected: result.expected,
    actual: pass.sha256,
    mismatches: result.mismatches,
  };
  if (!result.ok) {
    return check(
      'backup.checksum',
      'fail',
      `SHA-256 mismatch against ${expected.expected.origin}: ${result.mismatches.slice(0, 3).join('; ')}`,
      details,
      startedAt,
    );
  }
  info.checksumVerified = true;
  info.checksumSource = expected.expected.source;
  return check(
    'backup.checksum',
    'ok',
    `SHA-256 ${pass.sha256} matches ${expected.expected.origin}`,
    details,
    startedAt,
  );
}

export function ageCheck(ctx: DrillContext, chosen: ChosenBackup, info: BackupInfo): CheckResult {
  const ageMs = Date.now() - chosen.createdAt.getTime();
  const ageSeconds = Math.max(0, Math.round(ageMs / 1000));
  info.ageSeconds = ageSeconds;
  if (info.selection) info.selection.newestAgeSeconds = ageSeconds;
  const target = ctx.config.maxBackupAgeMs;
  const from = chosen.timeOrigin;
  const details = {
    ageSeconds,
    rpoTargetSeconds: null as number | null,
    createdAt: info.createdAt,
    createdAtSource: chosen.createdAtSource,
    clockSkew: ageMs < -60_000,
  };
  if (target === null)
    return check(
      'backup.age',
      'ok',
      `backup is ${formatAge(ageSeconds)} old (from its ${from}); no RPO target set (max-backup-age)`,
      details,
    );
  const targetSeconds = Math.round(target / 1000);
  info.rpoTargetSeconds = targetSeconds;
  info.rpoMet = ageSeconds <= targetSeconds;
  details.rpoTargetSeconds = targetSeconds;
  return info.rpoMet
    ? check(
        'backup.age',
        'ok',
        `backup is ${formatAge(ageSeconds)} old, within the RPO target of ${formatAge(targetSeconds)}`,
        details,
      )
    : check(
        'backup.age',
        'fail',
        `backup is ${formatAge(ageSeconds)} old, older than the RPO target of ${formatAge(targetSeconds)} (max-backup-age)`,
        details,
      );
}

/** backup.cadence: the gaps between backups against backup-interval (skipped without it). */
export function cadenceCheck(ctx: DrillContext): CheckResult {
  if (ctx.config.backupIntervalMs === null)
    return check('backup.cadence', 'skip', 'no backup-interval set: the gaps between backups are not judged');
  return check('backup.cadence', 'skip', 'the gaps between backups are not judged yet');
}
