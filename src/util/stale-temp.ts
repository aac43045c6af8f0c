// Temporary folders of a drill that was killed outright (SIGKILL, an out-of-memory kill, a runner
// that stopped the job hard) stay behind: no handler runs. Each folder's name carries its maker's
// pid, that process's start time and a tag of this host (temp-files.ts), so the next drill and the
// post step can tell a leftover from a folder in use: only a folder named so, a real folder (not a
// link), owned by this user, on this host, not changed for a moment, whose maker is gone (no such
// pid, or the pid now names a process started at another time) is removed.
import { createHash } from 'node:crypto';
import { lstat, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { processStartTime } from './process-group.js';

/** `p<pid>[s<start time>]h<host tag>`: who made the folder. */
const OWNER = /^pickdriver-vault-[a-z0-9]+(?:-[a-z0-9]+)*-p(\d+)(?:s(\d+))?h([0-9a-f]{8})-[A-Za-z0-9]{6}$/;
/** A folder changed this recently is left alone, whatever its name says. */
const MIN_AGE_MS = 2_000;

function hostTag(): string {
  return createHash('sha256').update(os.hostname()).digest('hex').slice(0, 8);
}

/** The owner part of a temporary folder's name, for this process. */
export function ownerTag(): string {
  const start = processStartTime(process.pid);
  return `p${process.pid}${start === null ? '' : `s${start}`}h${hostTag()}`;
}

/** True while the process that made the folder may still run (when unsure, it may). */
function makerAlive(pid: number, startTime: string | null): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // The pid runs: the same process only if its start time (where /proc tells it) is the saved one.
  const now = processStartTime(pid);
  return startTime === null || now === null || now === startTime;
}

/** Removes leftovers of killed drills under `root`; returns the folders removed. Never throws. */
export async function removeStaleTempDirs(root: string): Promise<string[]> {
  const removed: string[] = [];
  const entries = await readdir(root).catch(() => [] as string[]);
  const uid = process.getuid?.();
  const host = hostTag();
  for (const name of entries) {
    const m = OWNER.exec(name);
    if (!m || m[3] !== host) continue;
    const pid = Number(m[1]);
    if (!Number.isSafeInteger(pid) || pid <= 1 || pid === process.pid) continue;
    const full = path.join(root, name);
    const stats = await lstat(full).catch(() => null);
    if (stats === null || !stats.isDirectory() || (uid !== undefined && stats.uid !== uid)) continue;
    if (Date.now() - stats.mtimeMs < MIN_AGE_MS) continue;
    if (makerAlive(pid, m[2] ?? null)) continue;
    try {
      await rm(full, { recursive: true, force: true });
      removed.push(full);
    } catch {
      // Left for the runner's own cleanup.
    }
  }
  return removed;
}
