// The inventory and backup.cadence on dated candidates, and backup-select's choice.
import { describe, expect, it } from 'vitest';
import type { BackupCandidate } from '../../src/model/backup-types.js';
import { renderInventory, timeline } from '../../src/report/markdown-inventory.js';
import { buildInventory, cadenceCheck } from '../../src/source/inventory.js';
import { pickBackup, seededIndex } from '../../src/source/pick.js';

const NOW = new Date('2026-11-30T06:00:00.000Z');
const DAY = 86_400_000;

/** Nightly backups at 03:00 UTC, `daysAgo` each, plus a sidecar and a stray file that are not backups. */
function candidates(daysAgo: number[]): BackupCandidate[] {
  const list: BackupCandidate[] = daysAgo.map((d) => {
    const at = new Date(Date.parse('2026-11-30T03:00:00.000Z') - d * DAY).toISOString();
    return { name: `pickdriver-${at.slice(0, 10)}.dump`, verdict: 'older', reason: '', createdAt: at, sizeBytes: 1000 };
  });
  list.push({ name: 'x.dump.sha256', verdict: 'checksum-sidecar', reason: '', createdAt: null, sizeBytes: 80 });
  list.push({ name: 'notes.txt', verdict: 'not-a-backup', reason: '', createdAt: null, sizeBytes: 5 });
  return list;
}

describe('the inventory', () => {
  it('counts the backups only, newest first, with sizes, gaps and those past retention', () => {
    const inv = buildInventory(candidates([0, 1, 2, 4, 5, 40]), { intervalMs: DAY, retentionMs: 30 * DAY, now: NOW });
    expect(inv.count).toBe(6);
    expect(inv.totalSizeBytes).toBe(6000);
    expect(inv.newest?.name).toBe('pickdriver-2026-11-30.dump');
    expect(inv.oldest?.name).toBe('pickdriver-2026-10-21.dump');
    expect(inv.expired).toEqual(['pickdriver-2026-10-21.dump']);
    expect(inv.gaps.map((g) => g.durationSeconds / 86_400)).toEqual([1, 1, 2, 1, 35]);
    expect(inv.gaps.map((g) => g.missing)).toEqual([false, false, true, false, true]);
    // The 35-day gap reaches past retention: only the 2-day gap counts.
    expect(inv.gaps.map((g) => g.withinRetention)).toEqual([true, true, true, true, false]);
  });

  it('fails backup.cadence naming the missing period, and warns about backups past retention', () => {
    const inv = buildInventory(candidates([0, 1, 2, 4, 5, 40]), { intervalMs: DAY, retentionMs: 30 * DAY, now: NOW });
    const c = cadenceCheck(inv);
    expect(c.status).toBe('fail');
    expect(c.summary).toContain('no backup between 2026-11-26 03:00 and 2026-11-28 03:00');
    expect(c.summary).toContain('1 backup(s) older than 30d are still stored');
  });

  it('passes a steady cadence, warns on expired backups alone, and is skipped without backup-interval', () => {
    const steady = buildInventory(candidates([0, 1, 2, 3]), { intervalMs: DAY, retentionMs: null, now: NOW });
    expect(cadenceCheck(steady)).toMatchObject({ status: 'ok' });
    // 36 hours is 1.5 × 24h exactly: not yet missing.
    const edge = buildInventory(candidates([0, 1.5]), { intervalMs: DAY, retentionMs: null, now: NOW });
    expect(cadenceCheck(edge).status).toBe('ok');
    const expired = buildInventory(candidates([0, 1, 45]), { intervalMs: null, retentionMs: 30 * DAY, now: NOW });
    expect(cadenceCheck(expired)).toMatchObject({ status: 'warn' });
    expect(cadenceCheck(expired).summary).toMatch(/^1 backup\(s\) older than 30d are still stored/);
    const none = buildInventory(candidates([0, 9]), { intervalMs: null, retentionMs: null, now: NOW });
    expect(cadenceCheck(none)).toMatchObject({ status: 'skip' });
  });

  it('draws a timeline, one mark per interval, and names the missing period in report.md', () => {
    const inv = buildInventory(candidates([0, 1, 2, 4, 5]), { intervalMs: DAY, retentionMs: 30 * DAY, now: NOW });
    expect(timeline(inv)).toContain('```\n██░███\n2026-11-24 06:00 … 2026-11-30 06:00 UTC');
    const md = renderInventory(inv);
    expect(md).toMatch(/^## Inventory/);
    expect(md).toContain('no backup between 2026-11-26 03:00 and 2026-11-28 03:00 (2d 00h)');
  });
});

describe('backup-select', () => {
  const times = [0, 1, 2, 3, 4, 40].map((d) => new Date(NOW.getTime() - d * DAY));
  const names = times.map((_, i) => `b${i}`);
  const pick = (mode: 'newest' | 'random' | 'oldest', seed: string | null = '987654321-1') =>
    pickBackup(times, names, { mode, retentionMs: 30 * DAY, seed, now: NOW });

  it('newest drills the newest; oldest the oldest within retention', () => {
    expect(pick('newest')?.index).toBe(0);
    const oldest = pick('oldest');
    expect(oldest?.index).toBe(4);
    expect(oldest?.selection.reason).toContain('oldest of 5 backup(s) within backup-retention 30d');
    expect(oldest?.expired).toEqual(new Set([5]));
  });

  it('random draws within retention, the same for the same run and attempt', () => {
    const a = pick('random', '111-1');
    expect(a?.index).toBe(pick('random', '111-1')?.index);
    expect(a?.selection.seed).toBe('111-1');
    const drawn = new Set(Array.from({ length: 40 }, (_, i) => pick('random', `${i}-1`)?.index));
    // Every backup within retention is drawn by some run, the expired one never.
    expect([...drawn].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(seededIndex('111-1', 5)).toBe(seededIndex('111-1', 5));
  });

  it('drills the newest, saying why, when every backup is past retention', () => {
    const old = pickBackup([times[5] as Date], ['b5'], { mode: 'random', retentionMs: DAY, seed: '1-1', now: NOW });
    expect(old?.index).toBe(0);
    expect(old?.selection.reason).toContain('none of the 1 backup(s) is within backup-retention');
  });
});
