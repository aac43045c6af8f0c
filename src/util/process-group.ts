// Child processes the drill starts run in process groups of their own (spawned detached), so
// one signal to the group stops a tool and everything it forked (pg_restore's workers, the
// shell of a command and its children). Every live group is tracked here, so a cancelled drill
// can stop them all before it exits.
import { readdirSync, readFileSync } from 'node:fs';
import { cancelledBy } from './cancel-state.js';
import { sleep } from './retry.js';

const live = new Set<number>();

/** Marks `pid` as the leader of a process group the drill started and has not seen end. */
export function trackGroup(pid: number): void {
  live.add(pid);
  // Started while a cancellation was under way (it raced the handler): stopped at once.
  if (cancelledBy() !== null) void stopProcessTree(pid, 1_000);
}

export function untrackGroup(pid: number): void {
  live.delete(pid);
}

/** Groups started by this process that are still running (for cancellation). */
function liveGroups(): number[] {
  return [...live];
}

/** Stops every group still tracked (cancellation); resolves when they are gone. */
export async function stopAllGroups(graceMs = 3_000): Promise<void> {
  await Promise.all(liveGroups().map((pid) => stopProcessTree(pid, graceMs).finally(() => untrackGroup(pid))));
}

/** "pid (comm) state ppid pgrp session tty tpgid flags ... starttime(22)" without the comm. */
function statFields(pid: number | string): string[] | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // comm may hold spaces and parentheses: the fields start after the last ')'.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/**
 * The start time of a process (clock ticks since boot, field 22 of /proc/<pid>/stat), or null
 * where there is no /proc or no such process. With the pid it names one process for good: a
 * pid reused later has another start time.
 */
export function processStartTime(pid: number): string | null {
  return statFields(pid)?.[19] ?? null;
}

/**
 * True when the process group `pid` is still the one this drill started: its leader runs with
 * the start time saved when it was spawned; or the leader is gone but members of its group
 * remain (the kernel never hands out a pid that is still a group's id, so that group is ours).
 * Without a saved start time a live leader proves nothing, so it does not match.
 */
export function isSameGroupLeader(pid: number, startTime: string | null): boolean {
  if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid) return false;
  const fields = statFields(pid);
  if (fields !== null) {
    return startTime !== null && Number(fields[2]) === pid && fields[19] === startTime;
  }
  return groupMembers(pid) > 0;
}

function groupMembers(pgid: number): number {
  let count = 0;
  try {
    for (const entry of readdirSync('/proc')) {
      if (/^\d+$/.test(entry) && Number(statFields(entry)?.[2]) === pgid) count += 1;
    }
  } catch {
    return 0;
  }
  return count;
}

function exists(target: number): boolean {
  try {
    process.kill(target, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !onlyZombies(target);
}

/**
 * True when every process of the target (a pid, or a group as -pgid) has exited and only waits
 * to be reaped: a child orphaned by `sh` is reaped by init, which may take its time. Linux only;
 * elsewhere the signal-0 probe decides alone.
 */
function onlyZombies(target: number): boolean {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return false;
  }
  let members = 0;
  for (const entry of entries) {
    const fields = statFields(entry);
    if (fields === null) continue;
    const matches = target < 0 ? Number(fields[2]) === -target : Number(entry) === target;
    if (!matches) continue;
    members += 1;
    if (fields[0] !== 'Z') return false;
  }
  return members > 0;
}

function signal(target: number, name: NodeJS.Signals): void {
  try {
    process.kill(target, name);
  } catch {
    // Gone already.
  }
}

async function waitGone(target: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!exists(target)) return true;
    await sleep(50);
  }
  return !exists(target);
}

/**
 * Stops the process group `pid` leads (SIGTERM, then SIGKILL after `graceMs`). Never throws;
 * a pid that is not a group leader is stopped on its own.
 */
export async function stopProcessTree(pid: number, graceMs = 5_000): Promise<void> {
  // Never signal group 0 / -1 (our own group, every process) or ourselves.
  if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid) return;
  const target = exists(-pid) ? -pid : exists(pid) ? pid : null;
  if (target === null) return;
  signal(target, 'SIGTERM');
  if (await waitGone(target, graceMs)) return;
  signal(target, 'SIGKILL');
  await waitGone(target, 2_000);
}
