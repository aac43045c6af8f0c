// The PickDriver stand-in: a node:http server answering the routes of
// /work/shared/pickdriver-api-contract.md from a real Postgres, configured by the real API's
// environment variables.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppState } from './app-state.js';
import { type Env, loadConfig } from './config.js';
import { createPool } from './database.js';
import { errorResponse, type NilKeys, sendJson } from './http.js';
import { dispatch, mountRoutes, toRequestContext } from './router.js';

export { type Env, loadConfig, type ReferenceApiConfig, StartupRefusal } from './config.js';

interface ReferenceApiOptions {
  /** The real API's environment variables (DATABASE_*, DRILL_DB_*, INTERNAL_*, ...). */
  env: Env;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** 'omit' (the default, as the real Swift API does) leaves nil optionals out; 'null' sends them as null. */
  nilKeys?: NilKeys;
}

export interface ReferenceApi {
  url: string;
  close(): Promise<void>;
}

/** Starts the stand-in; throws (StartupRefusal) on a configuration the real API refuses. */
export async function startReferenceApi(options: ReferenceApiOptions): Promise<ReferenceApi> {
  const config = loadConfig(options.env);
  const app: AppState = {
    config,
    primary: createPool(config.primary),
    drill: config.drill ? createPool(config.drill) : null,
    maintenanceMode: config.maintenanceMode,
    startedAt: new Date(),
  };
  const routes = mountRoutes(app);
  const nilKeys = options.nilKeys ?? 'omit';

  const server = http.createServer((req, res) => {
    dispatch(routes, toRequestContext(req), app)
      .then((response) => sendJson(res, response, nilKeys))
      .catch(() => sendJson(res, errorResponse(500, 'Something went wrong.'), nilKeys));
  });
  // Clients such as undici keep connections alive; close() must not wait for them.
  server.keepAliveTimeout = 1000;

  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await Promise.all([app.primary.end(), app.drill?.end()]);
    throw error;
  }

  const { port } = server.address() as AddressInfo;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    close: () => {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await Promise.all([app.primary.end(), app.drill?.end()]);
      })();
      return closing;
    },
  };
}
