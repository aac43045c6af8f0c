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

export interface CpuSample {
  /** Milliseconds of CPU time of the server's exited backends. */
  serverMs: number;
  /** Milliseconds of CPU time of this process's exited children. */
  clientMs: number;
}

export interface CpuSpent {
  serverMs: number;
  clientMs: number;
}

/** utime + stime (own: false) or cutime + cstime (children: true) of `pid`, in milliseconds. */
async function cpuMs(pid: number | 'self', children: boolean): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // The fields after the command's name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14–17 of stat(5) (utime, stime, cutime, cstime) are 11–14 here, counted from state (3).
  const [a, b] = children ? [fields[13], fields[14]] : [fields[11], fields[12]];
  return ((Number(a) + Number(b)) * 1000) / TICKS_PER_SECOND;
}

/**
 * A reader of both, or null when the server's postmaster is not a process of this machine (a
 * remote server, or /proc not there): then the bench prints no CPU figures.
 */
export async function cpuReader(adminUrl: string): Promise<(() => Promise<CpuSample>) | null> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  let backend: number;
  try {
    backend = (await client.query<{ pid: number }>('SELECT pg_catalog.pg_backend_pid() AS pid')).rows[0]?.pid ?? 0;
    // The backend's parent is the postmaster, read while the backend is still there.
    const stat = await readFile(`/proc/${backend}/stat`, 'utf8').catch(() => null);
    if (stat === null) return null;
    const postmaster = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!(postmaster > 1)) return null;
    return async () => ({ serverMs: await cpuMs(postmaster, true), clientMs: await cpuMs('self', true) });
  } finally {
    await client.end();
  }
}

/** The CPU time between two samples. */
export function spent(before: CpuSample, after: CpuSample): CpuSpent {
  return { serverMs: after.serverMs - before.serverMs, clientMs: after.clientMs - before.clientMs };
}
