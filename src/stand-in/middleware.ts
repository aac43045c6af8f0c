// PickDriver's middleware on /api: maintenance mode for the whole group, then on /api/internal/*
// the service token and, when required, HTTPS — in that order, so a request without a token over
// plain HTTP gets 401, not 403.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { AppState, RequestContext } from './app-state.js';
import { HttpError } from './http.js';

export function checkMaintenance(ctx: RequestContext, app: AppState): void {
  if (!app.maintenanceMode) return;
  if (ctx.path.startsWith('/api/health') || ctx.path.startsWith('/api/internal/')) return;
  throw new HttpError(503, 'Service is in maintenance mode.');
}

function firstHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sameToken(received: string, expected: string): boolean {
  const a = Buffer.from(received);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function checkInternalToken(ctx: RequestContext, app: AppState): void {
  const expected = app.config.internalServiceToken;
  if (!expected) throw new HttpError(500, 'Internal service authentication is not configured.');
  const received = firstHeader(ctx.headers, 'x-internal-token');
  if (received === undefined || received.trim() === '') {
    throw new HttpError(401, 'Missing internal service token.');
  }
  if (!sameToken(received, expected)) throw new HttpError(401, 'Invalid internal service token.');
}

/** The stand-in listens on plain HTTP, so only a proxy's headers can make a request HTTPS. */
function isHttps(headers: IncomingHttpHeaders): boolean {
  const forwardedProto = firstHeader(headers, 'x-forwarded-proto');
  if (forwardedProto?.split(',')[0]?.trim().toLowerCase() === 'https') return true;
  const forwarded = firstHeader(headers, 'forwarded');
  return forwarded?.toLowerCase().includes('proto=https') ?? false;
}

export function checkInternalHttps(ctx: RequestContext, app: AppState): void {
  if (!app.config.internalRequireHttps) return;
  if (!isHttps(ctx.headers)) throw new HttpError(403, 'HTTPS is required for internal routes.');
}
