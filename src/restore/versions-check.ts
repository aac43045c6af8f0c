// restore.versions: the backup's pg_dump and source server, the target server and the client,
// judged before the restore: ok; warn when the backup comes from a newer server than the target
// (its SQL may use what the target lacks: the service image to use is named); fail with the one
// thing to change when no client can restore it.
import type { ResolvedClient } from '../clients/resolve.js';
import { check } from '../model/context.js';
import type { CheckResult } from '../model/types.js';
import { ADMIN_STATEMENT_TIMEOUT_MS, withPinnedClient } from '../util/pg-session.js';
import { majorOf } from '../util/pg-tools.js';

/** Session settings a newer pg_dump or pg_restore writes, with the major that added them. */
const SETTINGS_SINCE: Record<string, number> = { transaction_timeout: 17, default_toast_compression: 14 };

/** The settings pg_dump/pg_restore may SET that a server of `major` does not have. */
export function settingsUnknownTo(major: number): Set<string> {
  return new Set(Object.keys(SETTINGS_SINCE).filter((name) => (SETTINGS_SINCE[name] as number) > major));
}

export interface ServerVersion {
  version: string;
  major: number;
}

interface BackupVersions {
  pgDumpVersion: string | null;
  /** The server the backup was dumped from. */
  serverVersion: string | null;
}

/** `server_version` as the server says it ("16.4 (Debian 16.4-1.pgdg120+1)") → 16.4. */
export function serverVersionFrom(setting: string, num: number): ServerVersion {
  return { version: setting.split(' ')[0] ?? setting, major: Math.floor(num / 10000) };
}

/** "pg_dump 17.6 (of PostgreSQL 17.6) → PostgreSQL 16.4 with pg_restore 17.12": the three versions. */
function versionsSummary(
  backup: BackupVersions,
  server: ServerVersion,
  tool: string,
  client: { version: string } | null,
): string {
  const dump = backup.pgDumpVersion
    ? `pg_dump ${backup.pgDumpVersion}${backup.serverVersion ? ` (of PostgreSQL ${backup.serverVersion})` : ''}`
    : 'a backup of unknown pg_dump version';
  return `${dump} → PostgreSQL ${server.version} with ${client ? `${tool} ${client.version}` : `no ${tool}`}`;
}

export function versionsCheck(
  backup: BackupVersions,
  server: ServerVersion,
  tool: string,
  resolved: ResolvedClient | Error,
  startedAt: number,
): CheckResult {
  const client = resolved instanceof Error ? null : resolved;
  const line = versionsSummary(backup, server, tool, client?.client ?? null);
  const details = {
    pgDumpVersion: backup.pgDumpVersion,
    sourceServerVersion: backup.serverVersion,
    serverVersion: server.version,
    client: client ? { path: client.client.dir, version: client.client.version, reason: client.reason } : null,
    route: client?.route ?? null,
  };
  if (!client) return check('restore.versions', 'fail', `${line}: ${(resolved as Error).message}`, details, startedAt);
  const source = majorOf(backup.serverVersion) ?? majorOf(backup.pgDumpVersion);
  if (source !== null && source > server.major) {
    return check(
      'restore.versions',
      'warn',
      `${line}: the backup comes from PostgreSQL ${source}, newer than the server (${server.major}); what it uses may be missing in ${server.major} — restore into the postgres:${source} service image`,
      details,
      startedAt,
    );
  }
  const how =
    client.route === 'settings-ignored'
      ? `; pg_restore ${client.client.major} sets transaction_timeout on each connection, which PostgreSQL ${server.major} lacks: that failure is ignored, any other error stops the restore`
      : '';
  return check('restore.versions', 'ok', `${line}${how}`, details, startedAt);
}

/**
 * restore.versions when no client here reads the backup (found by its verification): fail before
 * anything is made, naming the target server's version too (one query on database-url).
 */
export async function noClientCheck(
  databaseUrl: string,
  backup: BackupVersions,
  tool: string,
  why: string,
  redact: (text: string) => string,
): Promise<CheckResult> {
  const startedAt = performance.now();
  try {
    const server = await withPinnedClient(
      databaseUrl,
      { statementTimeoutMs: ADMIN_STATEMENT_TIMEOUT_MS },
      async (c) => {
        const { rows } = await c.query<{ v: string; n: string }>(
          "SELECT pg_catalog.current_setting('server_version') AS v, pg_catalog.current_setting('server_version_num') AS n",
        );
        return serverVersionFrom(rows[0]?.v ?? '', Number(rows[0]?.n));
      },
    );
    const line = versionsSummary(backup, server, tool, null);
    return check(
      'restore.versions',
      'fail',
      redact(`${line}: ${why}`),
      { ...backup, serverVersion: server.version },
      startedAt,
    );
  } catch (e) {
    return check(
      'restore.versions',
      'fail',
      redact(`${why} (the server could not be asked its version: ${(e as Error).message})`),
      null,
      startedAt,
    );
  }
}
