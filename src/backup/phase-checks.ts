// The backup.checksum and backup.age verdicts, and the wording they share with backup.found.

import { compareChecksum, expectedChecksum } from '../dump/checksum.js';
import type { Verification } from '../dump/verify.js';
import type { BackupInfo } from '../model/backup-types.js';
import { check, type DrillContext } from '../model/context.js';
import type { CheckResult } from '../model/types.js';
import type { ChosenBackup } from '../source/select.js';
import { formatDuration } from '../util/format.js';

/** Ages are written like every other duration. */
function formatAge(seconds: number): string {
  return formatDuration(seconds * 1000);
}

export async function checksumCheck(
  ctx: DrillContext,
  chosen: ChosenBackup,
  pass: Pick<Verification, 'sha256' | 'manifest'>,
  info: BackupInfo,
  startedAt: number,
) {
  const mode = ctx.config.backupChecksum;
  const expected = await expectedChecksum(mode, chosen.path);
  // checksumVerified is true only when the bytes matched; checksumStatus keeps "nothing to compare
  // with" apart from "did not match", so no report calls an unverified backup a mismatch.
  const unverified = (reason: 'no-sidecar' | 'off' | 'sidecar-unreadable') => {
    info.checksumVerified = false;
    info.checksumStatus = 'not-verified';
    info.checksumUnverifiedReason = reason;
  };
  if (expected.kind === 'off') {
    unverified('off');
    return check('backup.checksum', 'skip', 'backup-checksum is off: not verified', { sha256: pass.sha256 }, startedAt);
  }
  if (expected.kind === 'none') {
    unverified('no-sidecar');
    const where = expected.sidecar.split(/[/\\]/).pop();
    return mode.mode === 'required'
      ? check(
          'backup.checksum',
          'fail',
          `backup-checksum is required but there is no ${where} sidecar next to the backup: not verified`,
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
    unverified('sidecar-unreadable');
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
  info.checksumSource = expected.expected.source;
  if (!result.ok) {
    info.checksumVerified = false;
    info.checksumStatus = 'mismatch';
    info.checksumUnverifiedReason = null;
    return check(
      'backup.checksum',
      'fail',
      `SHA-256 mismatch against ${expected.expected.origin}: ${result.mismatches.slice(0, 3).join('; ')}`,
      details,
      startedAt,
    );
  }
  info.checksumVerified = true;
  info.checksumStatus = 'verified';
  info.checksumUnverifiedReason = null;
  return check(
    'backup.checksum',
    'ok',
    `SHA-256 ${pass.sha256} matches ${expected.expected.origin}`,
    details,
    startedAt,
  );
}

/** The backup backup.age judges: always the newest at the source, whichever one is drilled. */
export type AgedBackup = Pick<ChosenBackup, 'name' | 'createdAt' | 'createdAtSource' | 'timeOrigin'>;

export function ageCheck(ctx: DrillContext, newest: AgedBackup, info: BackupInfo, now = new Date()): CheckResult {
  const ageMs = now.getTime() - newest.createdAt.getTime();
  const ageSeconds = Math.max(0, Math.round(ageMs / 1000));
  if (info.selection) info.selection.newestAgeSeconds = ageSeconds;
  const drilledOther = info.id !== null && info.id !== newest.name;
  const subject = drilledOther ? `the newest backup (${newest.name})` : 'backup';
  const target = ctx.config.maxBackupAgeMs;
  const from = newest.timeOrigin;
  const details = {
    ageSeconds,
    rpoTargetSeconds: null as number | null,
    newest: newest.name,
    createdAt: newest.createdAt.toISOString(),
    createdAtSource: newest.createdAtSource,
    drilledAgeSeconds: info.ageSeconds,
    clockSkew: ageMs < -60_000,
  };
  if (target === null)
    return check(
      'backup.age',
      'ok',
      `${subject} is ${formatAge(ageSeconds)} old (from its ${from}); no RPO target set (max-backup-age)`,
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
        `${subject} is ${formatAge(ageSeconds)} old, within the RPO target of ${formatAge(targetSeconds)}`,
        details,
      )
    : check(
        'backup.age',
        'fail',
        `${subject} is ${formatAge(ageSeconds)} old, older than the RPO target of ${formatAge(targetSeconds)} (max-backup-age)`,
        details,
      );
}
