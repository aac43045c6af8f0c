// Finding the PostgreSQL client programs (pg_restore, psql, pg_dump) and their versions.

import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { childEnv } from './child-env.js';

const execFileAsync = promisify(execFile);

type PgToolName = 'pg_restore' | 'psql' | 'pg_dump';

export interface PgTool {
  name: PgToolName;
  path: string;
  /** e.g. `15.20` */
  version: string;
  major: number;
}

/** The first release of each major version whose psql has `\restrict` (CVE-2025-8714). */
const RESTRICT_SINCE: Record<number, number> = { 13: 22, 14: 19, 15: 14, 16: 10, 17: 6 };
export const RESTRICT_RELEASES = '13.22, 14.19, 15.14, 16.10, 17.6, 18 or newer';

export function psqlHasRestrict(tool: Pick<PgTool, 'version' | 'major'>): boolean {
  if (tool.major >= 18) return true;
  const since = RESTRICT_SINCE[tool.major];
  const minor = Number(tool.version.split('.')[1] ?? 0);
  return since !== undefined && minor >= since;
}

/** The major of a version string ("17.6", "16.4 (Debian …)"); null when there is none. */
export const majorOf = (version: string | null | undefined): number | null => {
  const m = /^(\d+)/.exec(version ?? '');
  return m ? Number(m[1]) : null;
};

class MissingToolError extends Error {
  constructor(
    readonly tool: PgToolName,
    where: string,
  ) {
    super(
      `${tool} was not found ${where}. Install the PostgreSQL client tools (Debian/Ubuntu: apt-get install postgresql-client; macOS: brew install libpq) or point pg-bin-dir at the folder that holds ${tool}.`,
    );
    this.name = 'MissingToolError';
  }
}

const cache = new Map<string, Promise<PgTool>>();

/** Finds a client program in pg-bin-dir (when given) or on PATH, and asks it for its version. */
export function findPgTool(name: PgToolName, pgBinDir: string | null): Promise<PgTool> {
  const key = `${pgBinDir ?? ''}\0${name}`;
  let found = cache.get(key);
  if (!found) {
    found = locate(name, pgBinDir);
    found.catch(() => cache.delete(key));
    cache.set(key, found);
  }
  return found;
}

async function locate(name: PgToolName, pgBinDir: string | null): Promise<PgTool> {
  const dirs = pgBinDir ? [pgBinDir] : (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      await access(candidate, constants.X_OK);
    } catch {
      continue;
    }
    const { stdout } = await execFileAsync(candidate, ['--version'], { env: childEnv(process.env) });
    // "pg_restore (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"
    const match = /\)\s+(\d+)(?:\.(\d+))?/.exec(stdout) ?? /(\d+)(?:\.(\d+))?/.exec(stdout);
    if (!match) throw new Error(`${candidate} --version printed no version: ${stdout.trim()}`);
    const major = Number(match[1]);
    return { name, path: candidate, version: match[2] ? `${match[1]}.${match[2]}` : String(major), major };
  }
  throw new MissingToolError(name, pgBinDir ? `in pg-bin-dir (${pgBinDir})` : 'on PATH');
}
