// Shared by the stand-in's conformance tests: environments pointing at test databases, a running
// stand-in per test, and requests with or without the internal token.

import { afterEach } from 'vitest';
import { freePort } from '../../src/demo/embedded-postgres.js';
import type { NilKeys } from '../../src/stand-in/http.js';
import { type Env, type ReferenceApi, startReferenceApi } from '../../src/stand-in/server.js';

export const TOKEN = 'conformance-token-0123456789';

export { drillEnv, primaryEnv } from '../../src/stand-in/env.js';

const running: ReferenceApi[] = [];

/** Starts a stand-in closed automatically after the current test. */
export async function startApi(env: Env, nilKeys: NilKeys = 'omit'): Promise<ReferenceApi> {
  const api = await startReferenceApi({ env, nilKeys });
  running.push(api);
  return api;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((api) => api.close()));
});

export interface CallOptions {
  method?: 'GET' | 'POST';
  token?: string | null;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as it is. */
  body?: unknown;
}

export interface CallResult {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON.
  body: any;
}

/** A request; the internal token is sent unless `token: null`. */
export async function call(api: ReferenceApi, path: string, options: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? TOKEN : options.token;
  if (token !== null) headers['x-internal-token'] = token;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${api.url}${path}`, { method: options.method ?? 'GET', headers, body });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

export const validate = (api: ReferenceApi, body: unknown, options: CallOptions = {}) =>
  call(api, '/api/internal/ops/backup/validate', { ...options, method: 'POST', body });

/** A TCP port nothing listens on. */
export const deadPort = freePort;

export const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
