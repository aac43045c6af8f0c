// /api/internal/system/*: info, smoke, and the maintenance switch. All read or write the primary
// database.
import type { AppState, RequestContext, Route } from './app-state.js';
import { uptimeSeconds } from './app-state.js';
import { activeSeasonCheck, type CheckResult, migrationHistoryCheck, raceCatalogCheck } from './checks.js';
import { logOpsEvent, pingDatabase, recentMigrationsForInfo } from './database.js';
import {
  decodeJsonObject,
  isoOrNull,
  type JsonResponse,
  now,
  ok,
  optionalString,
  sanitizeSource,
  swiftDouble,
  trimmedOrUndefined,
} from './http.js';

async function smoke(app: AppState): Promise<JsonResponse> {
  const checks: CheckResult[] = [];
  try {
    const latency = await pingDatabase(app.primary);
    checks.push({
      name: 'database_connection',
      status: 'ok',
      // A tenth of a millisecond: the digits of a Double beyond that are noise, not a measurement.
      details: `Database reachable (${swiftDouble(Math.round(latency * 10) / 10)} ms).`,
    });
  } catch {
    checks.push({ name: 'database_connection', status: 'fail', details: 'Database connectivity check failed.' });
  }
  checks.push(await activeSeasonCheck(app.primary));
  checks.push(await raceCatalogCheck(app.primary));
  checks.push(await migrationHistoryCheck(app.primary));
  const healthy = checks.every((check) => check.status === 'ok');
  return { status: healthy ? 200 : 503, body: { status: healthy ? 'ok' : 'fail', timestamp: now(), checks } };
}

async function info(app: AppState): Promise<JsonResponse> {
  const migrations = await recentMigrationsForInfo(app.primary);
  return ok({
    status: 'ok',
    service: 'pickdriver-vapor-api',
    version: app.config.version,
    environment: app.config.environment,
    timestamp: now(),
    uptimeSeconds: uptimeSeconds(app),
    recentMigrations: migrations.map((m) => ({ name: m.name, batch: m.batch, createdAt: isoOrNull(m.createdAt) })),
  });
}

/** PickDriver decodes this body with `try?`: anything unreadable is simply no body. */
async function maintenanceBody(ctx: RequestContext): Promise<{ source?: string; reason?: string }> {
  try {
    const body = decodeJsonObject(ctx.headers['content-type'], await ctx.body());
    return { source: optionalString(body, 'source'), reason: optionalString(body, 'reason') };
  } catch {
    return {};
  }
}

async function setMaintenance(ctx: RequestContext, app: AppState, enable: boolean): Promise<JsonResponse> {
  const payload = await maintenanceBody(ctx);
  const source = sanitizeSource(payload.source, 'manual');
  const previous = app.maintenanceMode;
  app.maintenanceMode = enable;
  const changed = previous !== enable;
  const eventType = enable
    ? changed
      ? 'maintenance_enabled'
      : 'maintenance_enable_noop'
    : changed
      ? 'maintenance_disabled'
      : 'maintenance_disable_noop';
  const auditLogged = await logOpsEvent(app.primary, eventType, source, {
    reason: trimmedOrUndefined(payload.reason),
    previousMaintenanceMode: previous,
    currentMaintenanceMode: enable,
    path: ctx.path,
    method: ctx.method,
  });
  return ok({ status: 'ok', maintenanceMode: enable, changed, eventType, auditLogged, timestamp: now() });
}

export const systemRoutes: Route[] = [
  { method: 'GET', path: '/api/internal/system/info', handler: (_ctx, app) => info(app) },
  { method: 'GET', path: '/api/internal/system/smoke', handler: (_ctx, app) => smoke(app) },
  {
    method: 'POST',
    path: '/api/internal/system/maintenance/enable',
    handler: (ctx, app) => setMaintenance(ctx, app, true),
  },
  {
    method: 'POST',
    path: '/api/internal/system/maintenance/disable',
    handler: (ctx, app) => setMaintenance(ctx, app, false),
  },
];
