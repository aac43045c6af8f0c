// From sampled lock sightings to what a PickDriver query would have waited: each lock a
// transaction held (or queued for) on a table, timed from the samples around its first and last
// sighting, holds of one table that overlap merged (a query waits for the last of them).
import type { LockBlocks, MigrationLock } from '../model/migration-types.js';

/** pg_locks mode names of the locks that block PickDriver's writes (ROW EXCLUSIVE), strongest first. */
export const BLOCKING_MODES: Readonly<Record<string, { name: string; blocks: LockBlocks; strength: number }>> = {
  AccessExclusiveLock: { name: 'ACCESS EXCLUSIVE', blocks: 'reads and writes', strength: 4 },
  ExclusiveLock: { name: 'EXCLUSIVE', blocks: 'writes', strength: 3 },
  ShareRowExclusiveLock: { name: 'SHARE ROW EXCLUSIVE', blocks: 'writes', strength: 2 },
  ShareLock: { name: 'SHARE', blocks: 'writes', strength: 1 },
};

/** One lock of one transaction on one table, from its first to its last sighting. */
export interface Sighting {
  table: string;
  mode: string;
  /** Time of the sample before the first that saw it (null: it was there at the first sample). */
  before: number | null;
  first: number;
  last: number;
  /** Time of the first sample that no longer saw it (null: still there at the last sample). */
  after: number | null;
  /** When the holder's statement running at the first sighting began, if after `before`: the lock is no older. */
  startedBy: number | null;
  /** When the holder's transaction ended, if the sample after the last sighting could tell (see the observer). */
  endedBy: number | null;
  /** The holder's next statement began then, so the transaction had ended by this time. */
  endedBefore: number | null;
}

interface Hold {
  table: string;
  mode: string;
  start: number;
  end: number;
}

/**
 * A lock's time. Its start: when the statement that took it began, when the samples saw that
 * (a migration's statement takes its locks as it begins), else halfway between the samples around
 * its first sighting. Its end: when the transaction ended, when the samples saw the session go idle
 * then, else halfway between the samples around its last sighting (and never after the session's
 * next statement began).
 */
export function holdOf(s: Sighting): Hold {
  const start = s.startedBy ?? (s.before === null ? s.first : (s.before + s.first) / 2);
  const middle = s.after === null ? s.last : (s.last + s.after) / 2;
  const end = s.endedBy ?? (s.endedBefore === null ? middle : Math.max(s.last, Math.min(middle, s.endedBefore)));
  return { table: s.table, mode: s.mode, start, end: Math.max(start, end) };
}

function stronger(a: string, b: string): string {
  return (BLOCKING_MODES[a]?.strength ?? 0) >= (BLOCKING_MODES[b]?.strength ?? 0) ? a : b;
}

/** Holds of one table overlapping in time, merged: a query waiting behind one waits for all. */
function merged(holds: Hold[]): Hold[] {
  const out: Hold[] = [];
  for (const h of [...holds].sort((a, b) => a.start - b.start)) {
    const last = out[out.length - 1];
    if (last !== undefined && h.start < last.end) {
      last.end = Math.max(last.end, h.end);
      last.mode = stronger(last.mode, h.mode);
    } else out.push({ ...h });
  }
  return out;
}

/**
 * Per table, the longest wait of a read (behind ACCESS EXCLUSIVE) and of a write (behind SHARE or
 * stronger); one entry when both are the same lock. Longest first.
 */
export function blockingLocks(sightings: Sighting[]): MigrationLock[] {
  const byTable = new Map<string, Hold[]>();
  for (const s of sightings) {
    if (!(s.mode in BLOCKING_MODES)) continue;
    const list = byTable.get(s.table) ?? [];
    list.push(holdOf(s));
    byTable.set(s.table, list);
  }
  const locks: MigrationLock[] = [];
  const longest = (holds: Hold[]) =>
    holds.reduce<Hold | null>((max, h) => (max === null || h.end - h.start > max.end - max.start ? h : max), null);
  for (const [table, holds] of byTable) {
    const reads = longest(merged(holds.filter((h) => h.mode === 'AccessExclusiveLock')));
    const writes = longest(merged(holds));
    const entry = (h: Hold, blocks: LockBlocks): MigrationLock => ({
      table,
      mode: BLOCKING_MODES[h.mode]?.name ?? h.mode,
      heldMs: Math.max(0, Math.round(h.end - h.start)),
      blocks,
    });
    if (reads !== null) locks.push(entry(reads, 'reads and writes'));
    if (writes !== null && (reads === null || writes.end - writes.start > reads.end - reads.start + 0.5)) {
      locks.push(entry(writes, 'writes'));
    }
  }
  return locks.sort((a, b) => b.heldMs - a.heldMs || a.table.localeCompare(b.table));
}
