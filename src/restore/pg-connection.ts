// Connection details taken apart from a postgresql:// URL, so child processes get them through
// the environment (PGHOST, PGPASSWORD...) and never on a command line where `ps` would show them.

interface ConnectionParts {
  host: string;
  port: number;
  user: string | null;
  password: string | null;
  database: string;
  sslmode: string | null;
}

export function connectionParts(url: string): ConnectionParts {
  const parsed = new URL(url);
  // `?host=/var/run/postgresql` (a socket folder) wins over the URL's host, as in libpq.
  const host = parsed.searchParams.get('host') || parsed.hostname.replace(/^\[(.*)\]$/, '$1') || 'localhost';
  const user = parsed.username ? decodeURIComponent(parsed.username) : null;
  return {
    host,
    port: parsed.port ? Number(parsed.port) : Number(parsed.searchParams.get('port') || 5432),
    user,
    password: parsed.password ? decodeURIComponent(parsed.password) : null,
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || user || 'postgres',
    sslmode: parsed.searchParams.get('sslmode'),
  };
}

/** libpq environment variables for a URL; laid over the parent environment by the caller. */
export function libpqEnv(url: string): Record<string, string> {
  const parts = connectionParts(url);
  const env: Record<string, string> = {
    PGHOST: parts.host,
    PGPORT: String(parts.port),
    PGDATABASE: parts.database,
  };
  if (parts.user) env.PGUSER = parts.user;
  if (parts.password) env.PGPASSWORD = parts.password;
  if (parts.sslmode) env.PGSSLMODE = parts.sslmode;
  return env;
}

/** The same server and credentials as `adminUrl`, another database. */
export function drillDatabaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}
