// The checks that judge a finished restore: RTO and whether every table of the archive arrived.
import pg from 'pg';
import { formatDuration } from '../config/duration.js';
import type { CheckResult } from '../report/types.js';
import { check } from '../util/context.js';

export function durationCheck(
  completed: boolean,
  durationMs: number,
  maxRestoreTimeMs: number | null,
  stoppedAtRto = false,
): { check: CheckResult; rtoTargetSeconds: number | null; rtoMet: boolean | null } {
  const rtoTargetSeconds = maxRestoreTimeMs === null ? null : maxRestoreTimeMs / 1000;
  const took = formatDuration(durationMs);
  const details = { durationMs, rtoTargetMs: maxRestoreTimeMs };
  if (stoppedAtRto && maxRestoreTimeMs !== null) {
    return {
      check: check(
        'restore.duration',
        'fail',
        `not restored within the RTO target of ${formatDuration(maxRestoreTimeMs)}: stopped after ${took}`,
        details,
      ),
      rtoTargetSeconds,
      rtoMet: false,
    };
  }
  if (!completed) {
    return {
      check: check('restore.duration', 'skip', `the restore did not complete (stopped after ${took})`, details),
      rtoTargetSeconds,
      rtoMet: null,
    };
  }
  if (maxRestoreTimeMs === null) {
    return {
      check: check('restore.duration', 'ok', `restored in ${took}; no RTO target (max-restore-time) set`, details),
      rtoTargetSeconds,
      rtoMet: null,
    };
  }
  const rtoMet = durationMs <= maxRestoreTimeMs;
  const target = formatDuration(maxRestoreTimeMs);
  return {
    check: rtoMet
      ? check('restore.duration', 'ok', `restored in ${took}, within the RTO target of ${target}`, details)
      : check('restore.duration', 'fail', `restored in ${took}, over the RTO target of ${target}`, details),
    rtoTargetSeconds,
    rtoMet,
  };
}

function splitQualified(name: string): [string, string] {
  const dot = name.indexOf('.');
  return dot === -1 ? ['public', name] : [name.slice(0, dot), name.slice(dot + 1)];
}

/** Tables of `tocTables` ('schema.table') that do not exist in the database at `url`. */
export async function missingTables(url: string, tocTables: string[]): Promise<string[]> {
  const parts = tocTables.map(splitQualified);
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT s || '.' || t AS name
         FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(s, t, i)
        WHERE to_regclass(format('%I.%I', s, t)) IS NULL
        ORDER BY i`,
      [parts.map((p) => p[0]), parts.map((p) => p[1])],
    );
    return rows.map((r) => r.name);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function tocCompleteCheck(
  url: string,
  tocTables: string[],
  redact: (text: string) => string,
): Promise<CheckResult> {
  const startedAt = performance.now();
  if (tocTables.length === 0) {
    return check(
      'restore.toc-complete',
      'skip',
      'the backup has no table list to compare with (plain SQL or empty archive)',
    );
  }
  try {
    const missing = await missingTables(url, tocTables);
    if (missing.length === 0) {
      return check(
        'restore.toc-complete',
        'ok',
        `all ${tocTables.length} tables of the archive exist after the restore`,
        { expected: tocTables.length, missing: [] },
        startedAt,
      );
    }
    const shown = missing.slice(0, 10).join(', ') + (missing.length > 10 ? ', …' : '');
    return check(
      'restore.toc-complete',
      'fail',
      `${missing.length} of ${tocTables.length} tables of the archive are missing after the restore: ${shown}`,
      { expected: tocTables.length, missing },
      startedAt,
    );
  } catch (error) {
    return check(
      'restore.toc-complete',
      'fail',
      `could not compare the restored tables with the archive: ${redact((error as Error).message)}`,
      null,
      startedAt,
    );
  }
}
