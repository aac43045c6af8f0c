// What one running stand-in holds: its configuration, its pools and the mutable maintenance flag.
import type { IncomingHttpHeaders } from 'node:http';
import type pg from 'pg';
import type { ReferenceApiConfig } from './config.js';
import type { JsonResponse } from './http.js';

export interface AppState {
  config: ReferenceApiConfig;
  primary: pg.Pool;
  /** null when no DRILL_DB_* variable is set. */
  drill: pg.Pool | null;
  maintenanceMode: boolean;
  startedAt: Date;
}

export interface RequestContext {
  method: string;
  /** The URL path without its query, as Vapor's `req.url.path`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The raw body, read on first use. */
  body(): Promise<string>;
}

type Handler = (ctx: RequestContext, app: AppState) => Promise<JsonResponse>;

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  handler: Handler;
}

export function uptimeSeconds(app: AppState): number {
  return Math.max(0, Math.floor((Date.now() - app.startedAt.getTime()) / 1000));
}
