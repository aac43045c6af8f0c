// A small PickDriver for the API phase's tests: answers the contract's routes with bodies a test
// can change, checks X-Internal-Token like the real middleware, records every request, and can be
// told to answer anything (HTML, broken JSON, 502) for the next requests of a route.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type NilKeys, swiftJson } from '../../src/stand-in/http.js';

export interface FakeAnswer {
  status: number;
  /** JSON-serialized unless `raw` is set. */
  body: unknown;
  raw?: boolean;
  contentType?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  token: string | null;
  body: unknown;
}

export interface FakeState {
  /** The token the instance accepts (INTERNAL_SERVICE_TOKEN). */
  token: string;
  version: string;
  environment: string;
  /** The API's primary ledger, newest first (info shows the first 20). */
  migrations: { name: string; batch: number; createdAt: string | null }[];
  schemaVersion: string | null;
  criticalTableCounts: Record<string, number> | null;
  maintenanceMode: boolean;
  /** Validate answers with these checks (success and summary follow from them). */
  validateChecks: { name: string; status: string; details: string; latencyMs?: number | null }[];
  /** 'omit' (the default) leaves nil optionals out as the Swift API does; 'null' sends them as null. */
  nilKeys: NilKeys;
}

export interface FakePickdriver {
  url: string;
  port: number;
  state: FakeState;
  requests: RecordedRequest[];
  /** The next requests to `METHOD /path` get these answers, one each, before the route answers itself again. */
  queue(route: string, ...answers: FakeAnswer[]): void;
  close(): Promise<void>;
}

const vapor = (status: number, reason: string): FakeAnswer => ({ status, body: { error: true, reason } });
const now = () => new Date().toISOString();

export function migrationNames(count: number): { name: string; batch: number; createdAt: string }[] {
  // Newest first, as the API lists them.
  return Array.from({ length: count }, (_, i) => {
    const n = count - i;
    return {
      name: `PickdriverVaporApi.Migration${String(n).padStart(3, '0')}`,
      batch: Math.ceil(n / 10),
      createdAt: new Date(Date.UTC(2025, 0, 1) + n * 1000).toISOString(),
    };
  });
}

export async function startFakePickdriver(
  overrides: Partial<FakeState> = {},
  listenHost = '127.0.0.1',
): Promise<FakePickdriver> {
  const state: FakeState = {
    token: 'fake-internal-token-1',
    version: '1.4.2',
    environment: 'testing',
    migrations: migrationNames(25),
    schemaVersion: 'fluent-abc-b3-n25',
    criticalTableCounts: { users: 10, seasons: 2 },
    maintenanceMode: false,
    validateChecks: [{ name: 'db-connectivity', status: 'ok', details: 'drill database reachable.', latencyMs: 3 }],
    nilKeys: 'omit',
    ...overrides,
  };
  const requests: RecordedRequest[] = [];
  const queued = new Map<string, FakeAnswer[]>();

  function route(req: RecordedRequest): FakeAnswer {
    const key = `${req.method} ${req.path}`;
    const next = queued.get(key)?.shift();
    if (next) return next;
    if (req.path === '/api/health/ready' && req.method === 'GET') {
      return {
        status: 200,
        body: {
          status: 'ok',
          timestamp: now(),
          checks: [{ name: 'database', status: 'ok', latencyMs: 1, reason: null }],
        },
      };
    }
    if (req.path.startsWith('/api/internal/')) {
      if (!req.token) return vapor(401, 'Missing internal service token.');
      if (req.token !== state.token) return vapor(401, 'Invalid internal service token.');
      return internal(req);
    }
    return vapor(404, 'Not Found');
  }

  function internal(req: RecordedRequest): FakeAnswer {
    const key = `${req.method} ${req.path}`;
    switch (key) {
      case 'GET /api/internal/system/info':
        return {
          status: 200,
          body: {
            status: 'ok',
            service: 'pickdriver-vapor-api',
            version: state.version,
            environment: state.environment,
            timestamp: now(),
            uptimeSeconds: 12,
            recentMigrations: state.migrations.slice(0, 20),
          },
        };
      case 'GET /api/internal/system/smoke':
        return {
          status: 200,
          body: {
            status: 'ok',
            timestamp: now(),
            checks: [
              { name: 'database_connection', status: 'ok', details: 'Database reachable (1 ms).' },
              { name: 'active_season_exists', status: 'ok', details: 'Active seasons: 1.' },
              { name: 'race_catalog_available', status: 'ok', details: 'Races: 24.' },
              { name: 'migration_history_available', status: 'ok', details: 'Migration rows: 25.' },
            ],
          },
        };
      case 'GET /api/internal/ops/db-info': {
        const target = (req.query.get('target') ?? '').trim().toLowerCase();
        if (['prod', 'production', 'main', 'live'].includes(target)) {
          return vapor(403, `Target '${target}' is restricted for internal drill operations.`);
        }
        return {
          status: 200,
          body: {
            schemaVersion: state.schemaVersion,
            lastMigrationAt: state.migrations[0]?.createdAt ?? null,
            appliedMigrations: state.migrations.slice(0, 50),
            expectedCriticalTables: ['users', 'seasons'],
            criticalTableCounts: state.criticalTableCounts,
          },
        };
      }
      case 'POST /api/internal/ops/backup/validate': {
        const body = (req.body ?? {}) as Record<string, unknown>;
        for (const field of ['target', 'backupId']) {
          if (typeof body[field] !== 'string' || (body[field] as string).trim() === '') {
            return vapor(400, `Field '${field}' is required.`);
          }
        }
        const passed = state.validateChecks.filter((c) => c.status === 'ok').length;
        const failed = state.validateChecks.filter((c) => c.status === 'fail').length;
        const warnings = state.validateChecks.length - passed - failed;
        return {
          status: 200,
          body: {
            success: failed === 0,
            checks: state.validateChecks,
            summary: { passed, failed, warnings },
            validatedAtUtc: now(),
          },
        };
      }
      case 'POST /api/internal/system/maintenance/enable':
      case 'POST /api/internal/system/maintenance/disable': {
        const on = req.path.endsWith('/enable');
        const changed = state.maintenanceMode !== on;
        state.maintenanceMode = on;
        const eventType = `maintenance_${on ? 'enable' : 'disable'}${changed ? 'd' : '_noop'}`;
        return {
          status: 200,
          body: { status: 'ok', maintenanceMode: on, changed, eventType, auditLogged: true, timestamp: now() },
        };
      }
      default:
        return vapor(404, 'Not Found');
    }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = text;
      }
      const header = req.headers['x-internal-token'];
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        token: typeof header === 'string' ? header : null,
        body,
      };
      requests.push(recorded);
      const answer = route(recorded);
      const payload = answer.raw
        ? String(answer.body)
        : state.nilKeys === 'omit'
          ? swiftJson(answer.body)
          : JSON.stringify(answer.body);
      res.writeHead(answer.status, {
        'content-type':
          answer.contentType ?? (answer.raw ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8'),
      });
      res.end(payload);
    });
  });
  server.keepAliveTimeout = 500;
  await new Promise<void>((resolve) => server.listen(0, listenHost, resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    state,
    requests,
    queue(routeKey, ...answers) {
      queued.set(routeKey, [...(queued.get(routeKey) ?? []), ...answers]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
