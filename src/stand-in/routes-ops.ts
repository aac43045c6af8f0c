// /api/internal/ops/*: db-info and backup/validate, on the primary or the drill database. Audit
// rows always go to the primary database.
import type pg from 'pg';
import type { AppState, RequestContext, Route } from './app-state.js';
import { activeSeasonCheck, migrationHistoryCheck, raceCatalogCheck } from './checks.js';
import {
  appliedMigrations,
  CRITICAL_TABLES,
  criticalTableCounts,
  criticalTablePresence,
  logOpsEvent,
  migrationFingerprint,
  pingDatabase,
} from './database.js';
import {
  decodeJsonObject,
  HttpError,
  isoDate,
  isoOrNull,
  type JsonResponse,
  ok,
  optionalString,
  requiredString,
  sanitizeSource,
  trimmedOrUndefined,
} from './http.js';
import { poolFor, resolveTarget, targetLabel } from './target.js';

async function dbInfo(ctx: RequestContext, app: AppState): Promise<JsonResponse> {
  const pool = poolFor(resolveTarget(ctx.query.get('target') ?? undefined), app);
  const fingerprint = await migrationFingerprint(pool);
  const migrations = await appliedMigrations(pool, 50);
  const presence = await criticalTablePresence(pool);
  const counts = await criticalTableCounts(pool, presence);
  return ok({
    schemaVersion: fingerprint.schemaVersion,
    lastMigrationAt: isoOrNull(fingerprint.lastMigrationAt),
    appliedMigrations: migrations.map((m) => ({ name: m.name, batch: m.batch, createdAt: isoOrNull(m.createdAt) })),
    expectedCriticalTables: [...CRITICAL_TABLES],
    criticalTableCounts: counts.size === 0 ? null : Object.fromEntries(counts),
  });
}

type ChecksProfile = 'quick' | 'full';

interface ValidateRequest {
  target: string;
  backupId: string;
  checksProfile: ChecksProfile | undefined;
  source: string | undefined;
  reason: string | undefined;
}

// Swift decodes the properties in declaration order, so the first bad field is the one reported.
function decodeValidateRequest(body: Record<string, unknown>): ValidateRequest {
  const target = requiredString(body, 'target');
  const backupId = requiredString(body, 'backupId');
  const profile = optionalString(body, 'checksProfile');
  if (profile !== undefined && profile !== 'quick' && profile !== 'full') {
    throw new HttpError(
      400,
      `Data corrupted at path 'checksProfile'. Cannot initialize ChecksProfile from invalid String value ${profile}`,
    );
  }
  return {
    target,
    backupId,
    checksProfile: profile,
    source: optionalString(body, 'source'),
    reason: optionalString(body, 'reason'),
  };
}

function requiredField(value: string, fieldName: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw new HttpError(400, `Field '${fieldName}' is required.`);
  return trimmed;
}

interface BackupCheck {
  name: string;
  status: 'ok' | 'fail' | 'warn';
  details: string;
  latencyMs: number | null;
}

// Swift's JSONEncoder() default for Date: seconds since 2001-01-01T00:00:00Z, as a number.
const SWIFT_REFERENCE_EPOCH_MS = Date.UTC(2001, 0, 1);
const swiftDeferredDate = (date: Date) => (date.getTime() - SWIFT_REFERENCE_EPOCH_MS) / 1000;

async function runChecks(pool: pg.Pool, label: string, profile: ChecksProfile): Promise<BackupCheck[]> {
  const checks: BackupCheck[] = [];
  try {
    const latencyMs = await pingDatabase(pool);
    checks.push({ name: 'db-connectivity', status: 'ok', details: `${label} database reachable.`, latencyMs });
  } catch {
    checks.push({
      name: 'db-connectivity',
      status: 'fail',
      details: `${label} database connectivity check failed.`,
      latencyMs: null,
    });
  }
  checks.push({ ...(await migrationHistoryCheck(pool)), latencyMs: null });
  // Presence and (full) counts share one failure path, as in PickDriver.
  try {
    const start = performance.now();
    const presence = await criticalTablePresence(pool);
    const missing = CRITICAL_TABLES.filter((table) => presence.get(table) !== true);
    const latencyMs = performance.now() - start;
    checks.push(
      missing.length === 0
        ? { name: 'critical_tables_presence', status: 'ok', details: 'All critical tables are present.', latencyMs }
        : {
            name: 'critical_tables_presence',
            status: 'fail',
            details: `Missing critical tables: ${missing.join(', ')}.`,
            latencyMs,
          },
    );
    if (profile === 'full') {
      const counts = await criticalTableCounts(pool, presence);
      const empty = [...counts].filter(([, n]) => n === 0).map(([table]) => table);
      empty.sort();
      checks.push(
        empty.length === 0
          ? {
              name: 'critical_table_counts',
              status: 'ok',
              details: 'All critical tables contain rows.',
              latencyMs: null,
            }
          : {
              name: 'critical_table_counts',
              status: 'warn',
              details: `Critical tables with zero rows: ${empty.join(', ')}.`,
              latencyMs: null,
            },
      );
    }
  } catch {
    checks.push({
      name: 'critical_tables_presence',
      status: 'fail',
      details: 'Failed to inspect critical tables.',
      latencyMs: null,
    });
  }
  if (profile === 'full') {
    checks.push({ ...(await activeSeasonCheck(pool)), latencyMs: null });
    checks.push({ ...(await raceCatalogCheck(pool)), latencyMs: null });
  }
  return checks;
}

async function validateBackup(ctx: RequestContext, app: AppState): Promise<JsonResponse> {
  const payload = decodeValidateRequest(decodeJsonObject(ctx.headers['content-type'], await ctx.body()));
  const target = resolveTarget(requiredField(payload.target, 'target'));
  const pool = poolFor(target, app);
  const backupId = requiredField(payload.backupId, 'backupId');
  const profile = payload.checksProfile ?? 'quick';
  const source = sanitizeSource(payload.source, 'vault-worker');
  const label = targetLabel(target);
  const shared = {
    target: label,
    backupId,
    checksProfile: profile,
    reason: trimmedOrUndefined(payload.reason),
    requestPath: ctx.path,
    requestMethod: ctx.method,
  };

  await logOpsEvent(app.primary, 'drill_started', source, shared);
  await logOpsEvent(app.primary, 'restore_completed', source, shared);

  const checks = await runChecks(pool, label, profile);
  const passed = checks.filter((check) => check.status === 'ok').length;
  const failed = checks.filter((check) => check.status === 'fail').length;
  const summary = { passed, failed, warnings: checks.length - passed - failed };
  const success = failed === 0;
  const validatedAt = new Date();

  const final = { ...shared, validatedAtUtc: swiftDeferredDate(validatedAt), success, summary };
  const eventType = success ? 'functional_validation_completed' : 'functional_validation_failed';
  await logOpsEvent(app.primary, eventType, source, final);
  await logOpsEvent(app.primary, 'drill_finished', source, final);

  return ok({ success, checks, summary, validatedAtUtc: isoDate(validatedAt) });
}

export const opsRoutes: Route[] = [
  { method: 'GET', path: '/api/internal/ops/db-info', handler: dbInfo },
  { method: 'POST', path: '/api/internal/ops/backup/validate', handler: validateBackup },
];
