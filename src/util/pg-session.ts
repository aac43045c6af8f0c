// Every session the drill opens on Postgres (the admin's and the drill role's) starts with its
// settings pinned in the startup packet, which wins over `ALTER DATABASE … SET` and
// `ALTER ROLE … SET`, the settings a backup can write:
//  - search_path = pg_catalog: the drill's queries resolve every function, operator and type in
//    pg_catalog, never one the backup planted (`public.||(name,name)`, `public.max`), whatever the
//    restored database says; only checks-file SQL, the user's own, runs with search_path public
//    (PickDriver's schema, as Fluent resolves its tables);
//  - row_security = off: a query that a policy of the backup's would filter fails instead of
//    reporting fewer rows;
//  - DateStyle, IntervalStyle, TimeZone: values are read back in the forms the drill parses;
//  - statement_timeout: no statement of the drill waits without end (a view or an index
//    expression that sleeps); the phase's remaining time, or the admin's own bound;
//  - no parallel workers for the drill's own statements: it spreads them over a connection per
//    job itself (beside pg_restore's jobs), so a statement's workers would only oversubscribe the
//    CPUs (PickDriver at scale 100 on 2 CPUs: about a sixth of the server's CPU time went to them).
// Only this module creates pg clients for the drill (a test holds the source to that).
import pg from 'pg';

/** The admin's own statements (create, drop, comment, grant) never take longer than this. */
export const ADMIN_STATEMENT_TIMEOUT_MS = 5 * 60_000;

interface SessionSettings {
  /** statement_timeout of the session, in ms (rounded up to at least 1). */
  statementTimeoutMs: number;
  /** `pg_catalog` (the drill's own queries) or `public` (checks-file SQL). */
  searchPath?: 'pg_catalog' | 'public';
}

/** The startup `options` value for these settings (spaces in values escaped as libpq wants). */
function sessionOptions(settings: SessionSettings): string {
  const timeout = Math.max(1, Math.ceil(settings.statementTimeoutMs));
  return [
    `search_path=${settings.searchPath ?? 'pg_catalog'}`,
    'row_security=off',
    'DateStyle=ISO',
    'IntervalStyle=postgres',
    'TimeZone=UTC',
    `statement_timeout=${timeout}`,
    // The drill's own statements only; checks-file SQL plans as the user's sessions do.
    ...(settings.searchPath === 'public'
      ? []
      : ['max_parallel_maintenance_workers=0', 'max_parallel_workers_per_gather=0']),
  ]
    .map((setting) => `-c ${setting}`)
    .join(' ');
}

interface ClientOptions extends SessionSettings {
  connectionTimeoutMillis?: number;
}

/**
 * A client for `url` with the drill's pinned settings. The URL's own `options` (the user's) come
 * first, so the pinned ones win. Errors of an idle client are swallowed (a server that goes away
 * would otherwise crash the process); the query that fails reports them.
 */
export function pgClient(url: string, options: ClientOptions): pg.Client {
  const parsed = new URL(url);
  const own = parsed.searchParams.get('options');
  parsed.searchParams.delete('options');
  const client = new pg.Client({
    connectionString: parsed.toString(),
    options: [own, sessionOptions(options)].filter(Boolean).join(' '),
    ...(options.connectionTimeoutMillis === undefined
      ? {}
      : { connectionTimeoutMillis: options.connectionTimeoutMillis }),
  });
  client.on('error', () => {});
  return client;
}

/** Connects `client`; on failure it is closed and the error thrown. */
export async function connected(client: pg.Client): Promise<pg.Client> {
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
}

/** Connects a pinned client; on failure it is closed and the error thrown. */
export function connectPinned(url: string, options: ClientOptions): Promise<pg.Client> {
  return connected(pgClient(url, options));
}

/** Runs `fn` with a pinned client, closed afterwards. */
export async function withPinnedClient<T>(
  url: string,
  options: ClientOptions,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = await connectPinned(url, options);
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}
