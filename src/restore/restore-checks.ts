// The checks that judge a restore: RTO and whether every table of the archive arrived, how long
// the restore may run, and the checks of a restore that never ran.
import type { TocTable } from '../dump/archive-toc.js';
import { check, type DrillContext } from '../model/context.js';
import type { CheckResult, RestoreInfo } from '../model/types.js';
import { formatDuration } from '../util/format.js';
import { ADMIN_STATEMENT_TIMEOUT_MS, withPinnedClient } from '../util/pg-session.js';
import { connectionParts } from './pg-connection.js';

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

/** A name as SQL writes it: bare when it needs no quotes, otherwise quoted (control characters escaped for the log). */
function sqlName(name: string): string {
  if (/^[a-z_][a-z0-9_$]*$/.test(name)) return name;
  const quoted = `"${name.replaceAll('"', '""')}"`;
  // Control characters escaped, so a name cannot write its own lines into the log.
  return Array.from(quoted, (c) => {
    const code = c.charCodeAt(0);
    if (c === '\n') return '\\n';
    return code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : c;
  }).join('');
}

const tableLabel = (t: TocTable) => `${sqlName(t.schema)}.${sqlName(t.name)}`;

/**
 * Tables of the archive that are not tables (ordinary or partitioned) of the database at `url`,
 * compared by exact schema and table name: no parsing, no quoting, no case folding.
 */
async function missingTables(url: string, tables: TocTable[]): Promise<TocTable[]> {
  return withPinnedClient(url, { statementTimeoutMs: ADMIN_STATEMENT_TIMEOUT_MS }, async (client) => {
    const { rows } = await client.query<{ i: string }>(
      `SELECT u.i FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(s, t, i)
        WHERE NOT EXISTS (
          SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = u.s AND c.relname = u.t AND c.relkind IN ('r', 'p'))
        ORDER BY u.i`,
      [tables.map((t) => t.schema), tables.map((t) => t.name)],
    );
    return rows.map((r) => tables[Number(r.i) - 1] as TocTable);
  });
}

export async function tocCompleteCheck(
  url: string,
  tocTables: TocTable[],
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
    const shown = missing.slice(0, 10).map(tableLabel).join(', ') + (missing.length > 10 ? ', …' : '');
    return check(
      'restore.toc-complete',
      'fail',
      `${missing.length} of ${tocTables.length} tables of the archive are missing after the restore: ${shown}`,
      { expected: tocTables.length, missing: missing.map((t) => ({ schema: t.schema, name: t.name })) },
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

/**
 * How long the restore may run: restore-timeout, or max-restore-time when that comes first (once
 * the RTO target is missed the verdict is known; waiting longer proves nothing).
 */
export function restoreLimit(
  restoreTimeoutMs: number,
  maxRestoreTimeMs: number | null,
): { ms: number; byRto: boolean; why: string } {
  if (maxRestoreTimeMs !== null && maxRestoreTimeMs < restoreTimeoutMs) {
    return {
      ms: maxRestoreTimeMs,
      byRto: true,
      why: `the RTO target (max-restore-time: ${formatDuration(maxRestoreTimeMs)}) was reached, so the restore was stopped`,
    };
  }
  return {
    ms: restoreTimeoutMs,
    byRto: false,
    why: `restore-timeout (${formatDuration(restoreTimeoutMs)}) was reached, so the restore was stopped`,
  };
}

/**
 * The outcome of a restore that never ran (the database could not be prepared, the tool could not
 * start): restore.completed fails with `why`, the other two restore checks are skipped.
 */
export function notRestored(
  ctx: DrillContext,
  message: string,
  why: string,
  startedAtMs: number | null = null,
  startedAt?: number,
): { info: Omit<RestoreInfo, 'database' | 'databaseOrigin' | 'role'>; checks: CheckResult[] } {
  return {
    info: {
      startedAt: startedAtMs === null ? null : new Date(startedAtMs).toISOString(),
      finishedAt: startedAtMs === null ? null : new Date().toISOString(),
      durationMs: null,
      rtoTargetSeconds: ctx.config.maxRestoreTimeMs === null ? null : ctx.config.maxRestoreTimeMs / 1000,
      rtoMet: null,
      jobs: null,
      tool: null,
      toolVersion: null,
      server: null,
      client: null,
      warnings: [],
      errors: [message],
    },
    checks: [
      check('restore.completed', 'fail', `${why}: ${message}`, null, startedAt),
      check('restore.duration', 'skip', 'Nothing was restored.'),
      check('restore.toc-complete', 'skip', 'Nothing was restored.'),
    ],
  };
}

const PRIVILEGE_RE =
  /must be superuser|permission denied|must be owner|must be member|must have privileges|privileges of the/i;

/** A restore the drill role was not allowed to do says so: that is the role model working. */
export function permissionHint(ctx: DrillContext, drillUrl: string, errors: string[]): string {
  if (ctx.config.restoreRole !== 'drill' || !errors.some((e) => PRIVILEGE_RE.test(e))) return '';
  const role = connectionParts(drillUrl).user;
  return ` — permission: the restore runs as the drill role ${role}, without superuser rights, and the backup did something only a privileged role may do (restore-role: admin would allow it, with that risk)`;
}
