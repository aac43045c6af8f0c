// One duration format and one size format for the report, the summary, the checks and the log.
import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatDuration, formatMs, formatPercent, roundMs } from '../../src/util/format.js';

describe('formatDuration', () => {
  it('writes at most two units, the second zero-padded, rounded rather than cut', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(999.6)).toBe('1.0 s');
    expect(formatDuration(1_500)).toBe('1.5 s');
    expect(formatDuration(59_960)).toBe('1m 00s');
    expect(formatDuration(600_000)).toBe('10m 00s');
    expect(formatDuration(3_600_000)).toBe('1h 00m');
    // An hour and a second is an hour: the case that made "1h 1s" in a check.
    expect(formatDuration(3_601_000)).toBe('1h 00m');
    expect(formatDuration(93_600_000)).toBe('1d 02h');
    expect(formatDuration(93_784_000)).toBe('1d 02h');
    expect(formatDuration(172_800_000)).toBe('2d 00h');
  });
});

describe('formatBytes, formatPercent, formatMs', () => {
  it('writes sizes in binary units with one decimal', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1_536)).toBe('1.5 KiB');
    expect(formatBytes(1_048_575)).toBe('1.0 MiB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.0 GiB');
  });

  it('rounds percentages and API figures', () => {
    expect(formatPercent(1.146)).toBe('114.6%');
    expect(formatPercent(0.1)).toBe('10%');
    expect(formatMs(0.9653400000001966)).toBe('0.97 ms');
    expect(formatMs(12.3456)).toBe('12 ms');
    expect(formatMs(250.4)).toBe('250 ms');
    expect(formatMs(1500)).toBe('1.5 s');
  });

  it('rounds the milliseconds an API reports: two significant digits under 100 ms, whole ones above', () => {
    expect([0.9653400000001966, 0.0523451, 3.4567, 12.34, 99.6, 153.6, 2, 0].map(roundMs)).toEqual([
      0.97, 0.052, 3.5, 12, 100, 154, 2, 0,
    ]);
  });
});

describe('formatCount', () => {
  it('groups thousands as en-US does, without loading the locale data', () => {
    for (const n of [0, 7, 999, 1_000, 65_536, 1_234_567, -1_234_567, 12.5, 1234.5678, -3.25, 10 ** 15]) {
      expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
    }
    expect(formatCount(1_234_567)).toBe('1,234,567');
  });
});
