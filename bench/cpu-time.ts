// CPU seconds a side of the bench spent, read from /proc: the server's (every backend a side
// opened is a child of the postmaster, and its CPU time joins the postmaster's cutime and cstime
// once the backend has exited) and the client's (the bench's own children and theirs: the main
// and post steps with the pg_restore they ran, or createdb and pg_restore). On 2 CPUs the whole
// drill cannot take less than the CPU time it needs divided by 2; these say how far apart the two
// sides' needs are, whatever the timing noise.
import { readFile } from 'node:fs/promises';
import pg from 'pg';

/** Linux's USER_HZ: /proc's ticks are in hundredths of a second on every architecture Node runs on. */
const TICKS_PER_SECOND = 100;

/** Milliseconds of CPU time of the server's exited backends and of this process's exited children. */
export interface CpuSpent {
  serverMs: number;
  clientMs: number;
}

/** The fields of /proc/`pid`/stat after the command's name (which is in parentheses and may hold spaces), from state on. */
async function statFields(pid: number | 'self'): Promise<string[]> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** cutime + cstime of `pid`, in milliseconds: the CPU time of its children that have exited. */
async function childrenCpuMs(pid: number | 'self'): Promise<number> {
  // Fields 16 and 17 of stat(5), 13 and 14 here, counted from state (3).
  const fields = await statFields(pid);
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND;
}

/**
 * A reader of both (totals so far; `spent` takes the difference), or null when the server's
 * postmaster is not a process of this machine (a remote server, or /proc not there): then the
 * bench prints no CPU figures.
 */
export async function cpuReader(adminUrl: string): Promise<(() => Promise<CpuSpent>) | null> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_catalog.pg_backend_pid() AS pid');
    // The backend's parent (field 4) is the postmaster, read while the backend is still there.
    const fields = await statFields(rows[0]?.pid ?? 0).catch(() => null);
    const postmaster = Number(fields?.[1]);
    if (!(postmaster > 1)) return null;
    return async () => ({ serverMs: await childrenCpuMs(postmaster), clientMs: await childrenCpuMs('self') });
  } finally {
    await client.end();
  }
}

/** The CPU time between two readings. */
export function spent(before: CpuSpent, after: CpuSpent): CpuSpent {
  return { serverMs: after.serverMs - before.serverMs, clientMs: after.clientMs - before.clientMs };
}
