// Route matching and the middleware chain. As in Vapor, middleware belongs to route groups: an
// unknown path is a plain 404 (no token asked), maintenance guards matched /api routes, and the
// internal routes exist only when ENABLE_INTERNAL_ROUTES is on.
import type { IncomingMessage } from 'node:http';
import type { AppState, RequestContext, Route } from './app-state.js';
import { errorResponse, HttpError, type JsonResponse, readBody } from './http.js';
import { checkInternalHttps, checkInternalToken, checkMaintenance } from './middleware.js';
import { healthRoutes, publicRoutes } from './routes-health.js';
import { opsRoutes } from './routes-ops.js';
import { systemRoutes } from './routes-system.js';

interface MountedRoute extends Route {
  internal: boolean;
}

export function mountRoutes(app: AppState): MountedRoute[] {
  const routes: MountedRoute[] = [...healthRoutes, ...publicRoutes].map((route) => ({ ...route, internal: false }));
  if (app.config.enableInternalRoutes) {
    routes.push(...[...systemRoutes, ...opsRoutes].map((route) => ({ ...route, internal: true })));
  }
  return routes;
}

// Vapor ignores empty path components: `/api/health/live/` is `/api/health/live`.
function normalizePath(path: string): string {
  return `/${path.split('/').filter(Boolean).join('/')}`;
}

export function toRequestContext(req: IncomingMessage): RequestContext {
  const url = new URL(req.url ?? '/', 'http://stand-in');
  let body: Promise<string> | undefined;
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body: () => {
      body ??= readBody(req);
      return body;
    },
  };
}

export async function dispatch(routes: MountedRoute[], ctx: RequestContext, app: AppState): Promise<JsonResponse> {
  const path = normalizePath(ctx.path);
  const route = routes.find((candidate) => candidate.method === ctx.method && candidate.path === path);
  try {
    if (!route) throw new HttpError(404, 'Not Found');
    checkMaintenance(ctx, app);
    if (route.internal) {
      checkInternalToken(ctx, app);
      checkInternalHttps(ctx, app);
    }
    return await route.handler(ctx, app);
  } catch (error) {
    if (error instanceof HttpError) return errorResponse(error.status, error.reason);
    // Vapor hides an unexpected error's text in production and shows it elsewhere.
    const reason =
      app.config.environment === 'production'
        ? 'Something went wrong.'
        : error instanceof Error
          ? error.message
          : String(error);
    return errorResponse(500, reason);
  }
}
