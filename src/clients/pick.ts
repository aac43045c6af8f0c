// Which installed client restores this backup into this server, and why: the lowest major that
// reads the backup and is not newer than the server (an older client never sends settings the
// server lacks, and one of the server's own major is what the server was tested with); when only
// newer clients read it, the lowest of those (pg_restore 17+ into a 13–16 server then restores with
// the SET of a setting the server lacks, which it sends on every connection, ignored: ignored-settings.ts).
import { psqlHasRestrict, RESTRICT_RELEASES } from '../util/pg-tools.js';
import type { InstalledClient } from './installed.js';

type RestoreTool = 'pg_restore' | 'psql';

export interface ClientNeed {
  /** pg_restore for archives, psql for plain dumps. */
  tool: RestoreTool;
  /** The lowest client major that reads the backup (the archive's version; a plain dump's pg_dump); null: any. */
  minMajor: number | null;
  /** The target server's major; null when not known yet (the backup's verification). */
  serverMajor: number | null;
}

export type Route = 'direct' | 'settings-ignored';

type ClientChoice =
  | { client: InstalledClient; reason: string; route: Route }
  | { client: null; neededMajor: number | null; why: string };

/**
 * pg_restore 17 and newer send `SET transaction_timeout = 0`, which servers before 17 reject:
 * such a pair restores with that failed SET ignored (and every other error stopping it).
 */
export function routeFor(tool: RestoreTool, clientMajor: number, serverMajor: number): Route {
  return tool === 'pg_restore' && clientMajor >= 17 && serverMajor < 17 ? 'settings-ignored' : 'direct';
}

const minor = (c: InstalledClient) => Number(c.version.split('.')[1] ?? 0);
/** Lowest major first; the newest release of a major first. */
const byPreference = (a: InstalledClient, b: InstalledClient) => a.major - b.major || minor(b) - minor(a);

export function pickClient(clients: readonly InstalledClient[], need: ClientNeed): ClientChoice {
  const fits = (c: InstalledClient) =>
    (need.minMajor === null || c.major >= need.minMajor) && (need.tool !== 'psql' || psqlHasRestrict(c));
  const readers = clients.filter(fits).sort(byPreference);
  const server = need.serverMajor ?? Number.POSITIVE_INFINITY;
  const within = readers.filter((c) => c.major <= server);
  const chosen = within[0] ?? readers[0];
  const needs = need.minMajor === null ? '' : ` (${need.minMajor} or newer)`;
  if (chosen) {
    const route = routeFor(need.tool, chosen.major, server);
    const reason =
      chosen.source === 'pg-bin-dir'
        ? 'pg-bin-dir'
        : within[0]
          ? `the lowest installed client that reads this backup${needs} and is not newer than the server (${need.serverMajor})`
          : `only newer clients than the server (${need.serverMajor}) read this backup${needs}: the lowest of them`;
    return { client: chosen, reason, route };
  }
  // None will do: the server's own major when it reads the backup, else the lowest that does.
  const neededMajor =
    need.serverMajor === null || (need.minMajor !== null && need.minMajor > need.serverMajor)
      ? need.minMajor
      : need.serverMajor;
  const installed = clients.map((c) => c.version).join(', ') || 'none';
  const restrict =
    need.tool === 'psql' && clients.some((c) => need.minMajor === null || c.major >= need.minMajor)
      ? ` with \\restrict (psql ${RESTRICT_RELEASES})`
      : '';
  return {
    client: null,
    neededMajor,
    why: `no installed ${need.tool}${restrict} reads this backup${needs} (installed: ${installed})`,
  };
}
