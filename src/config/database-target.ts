// Which server and which database the drill may touch, decided from database-url before anything
// connects: a job's Postgres is a loopback or service-container host, and the drill database is
// never one of the server's own databases nor the one the administrative connection uses.

import { canonicalHost, isLoopbackHost } from '../util/addresses.js';
import { isSingleLabelHost } from './host-policy.js';

/** Databases every server has; dropping or restoring into one of them is never a drill. */
const SYSTEM_DATABASES = ['postgres', 'template0', 'template1'] as const;

/**
 * The database a postgresql:// URL really connects to: its path, else `?dbname=`, else (as libpq
 * does) the database named after the user, else `postgres`.
 */
function adminDatabaseOf(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const user = decodeURIComponent(url.username);
  return decodeURIComponent(url.pathname.replace(/^\//, '')) || url.searchParams.get('dbname') || user || 'postgres';
}

/** Every host the URL may connect to: `?host=` (which wins in libpq, and may list several) or its own. */
function hostsOf(url: URL): { written: string; host: string }[] {
  const param = url.searchParams.get('host');
  const written = param ? param.split(',').map((h) => h.trim()) : [url.hostname];
  return written.map((h) => ({ written: h, host: h.startsWith('/') ? h : canonicalHost(h) }));
}

/** Null when the host may be used, else why not. */
export function remoteHostProblem(databaseUrl: string, allowRemote: boolean): string | null {
  if (allowRemote) return null;
  const url = new URL(databaseUrl);
  for (const { written, host } of hostsOf(url)) {
    // '' : libpq's default Unix socket; '/…': a socket folder on this machine.
    // Numeric forms are read as addresses first: 167772161 is 10.0.0.1, not a service container.
    if (host === '' || host.startsWith('/') || isLoopbackHost(host) || isSingleLabelHost(host)) continue;
    const shown = written.replace(/^\[|\]$/g, '').toLowerCase() === host ? host : `${written} (that is ${host})`;
    return (
      `database-url: the host ${shown} is neither loopback nor a single-label service-container name (such as postgres); ` +
      'the drill restores untrusted backups, so it only touches the job’s own Postgres unless allow-remote-database is true'
    );
  }
  return null;
}

/** Null when `name` may be the drill database, else why not. */
export function drillDatabaseProblem(name: string, databaseUrl: string): string | null {
  if ((SYSTEM_DATABASES as readonly string[]).includes(name)) {
    return `drill-database: '${name}' is one of the server's own databases (${SYSTEM_DATABASES.join(', ')}); name a dedicated drill database such as pickdriver_drill`;
  }
  if (name === adminDatabaseOf(databaseUrl)) {
    return `drill-database: '${name}' is the database database-url connects to; name a separate drill database`;
  }
  return null;
}
