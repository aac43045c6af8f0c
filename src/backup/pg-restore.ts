// pg_restore without a server: `--list` for the table of contents.
import { spawn } from 'node:child_process';
import { once } from 'node:events';

const STDERR_LIMIT = 64 * 1024;
/** pg_restore has been seen to loop forever on damaged input: nothing it does here takes this long. */
const LIST_TIMEOUT_MS = 120_000;

export interface PgRestoreOutcome {
  ok: boolean;
  exitCode: number | null;
  stderr: string;
  timedOut: boolean;
}

export interface TocListing {
  /** Numbered lines of `pg_restore --list`. */
  entries: number;
  /** `schema.table` of the TABLE entries. */
  tables: string[];
  /** TABLE DATA entries by dump id (directory and tar archives keep their data in `<id>.dat`). */
  tableDataIds: number[];
}

function trimStderr(text: string): string {
  return text.replace(/\s+$/, '').slice(0, STDERR_LIMIT);
}

export async function pgRestoreList(
  tool: string,
  target: string,
): Promise<PgRestoreOutcome & { listing: TocListing | null }> {
  const child = spawn(tool, ['--list', target], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    if (stderr.length < STDERR_LIMIT) stderr += d;
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, LIST_TIMEOUT_MS);
  const [code] = (await once(child, 'close')) as [number | null];
  clearTimeout(timer);
  const ok = code === 0 && !timedOut;
  return { ok, exitCode: code, stderr: trimStderr(stderr), timedOut, listing: ok ? parseTocList(stdout) : null };
}

// "216; 1259 16389 TABLE public t1 postgres": id; catalog oid, object oid, description, schema,
// name, owner. The name may contain spaces; the owner is the last word (empty with no owner).
const ENTRY = /^(\d+);\s+\d+\s+\d+\s+(.*)$/;

export function parseTocList(text: string): TocListing {
  const listing: TocListing = { entries: 0, tables: [], tableDataIds: [] };
  for (const line of text.split('\n')) {
    const match = ENTRY.exec(line);
    if (!match?.[1] || match[2] === undefined) continue;
    listing.entries += 1;
    const rest = match[2];
    if (rest.startsWith('TABLE DATA ')) {
      listing.tableDataIds.push(Number(match[1]));
    } else if (rest.startsWith('TABLE ')) {
      const words = rest.slice('TABLE '.length);
      const firstSpace = words.indexOf(' ');
      const lastSpace = words.lastIndexOf(' ');
      if (firstSpace === -1 || lastSpace <= firstSpace) continue;
      listing.tables.push(`${words.slice(0, firstSpace)}.${words.slice(firstSpace + 1, lastSpace)}`);
    }
  }
  return listing;
}
