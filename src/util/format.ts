// The one way figures are written for people: in the report, the summary, the checks and the log.
// Durations: 850 ms, 12.3 s, 4m 05s, 3h 12m, 2d 04h (two units at most, so "1h 00m" and never
// "60m" or "1h 1s"). Sizes: 512 B, 1.5 KiB, 12.3 MiB.

const pad = (n: number) => String(n).padStart(2, '0');

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return `${ms} ms`;
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`;
  const tenths = Math.round(ms / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m ${pad(s % 60)}s`;
  const m = Math.round(ms / 60_000);
  if (m < 1440) return `${Math.floor(m / 60)}h ${pad(m % 60)}m`;
  const h = Math.round(ms / 3_600_000);
  return `${Math.floor(h / 24)}d ${pad(h % 24)}h`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1023.95 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** A fraction as a percentage with at most one decimal: 0.1146 → "11.5%". */
export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10}%`;
}

/**
 * Milliseconds a server reported, without the float noise: whole milliseconds from 100 ms, two
 * significant digits below (0.9653400000001966 → 0.97, 3.4567 → 3.5, 12.34 → 12, 153.6 → 154).
 */
export function roundMs(ms: number): number {
  if (!Number.isFinite(ms)) return ms;
  return Math.abs(ms) >= 100 ? Math.round(ms) : Number(ms.toPrecision(2));
}

/** Milliseconds a server reported, for people: 0.9653400000001966 → "0.97 ms", 1500 → "1.5 s". */
export function formatMs(ms: number): string {
  if (ms >= 1000) return formatDuration(ms);
  return `${roundMs(ms)} ms`;
}

/**
 * A count for people, thousands grouped as en-US writes them (1234567.5 → "1,234,567.5", at most
 * three decimals). Written out rather than toLocaleString: its first call loads ICU's locale data,
 * some 30 ms of every drill's report for a comma.
 */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 1e21) return String(n);
  const [whole, fraction] = Math.abs(n).toFixed(3).split('.');
  const decimals = (fraction ?? '').replace(/0+$/, '');
  const grouped = (whole ?? '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = n < 0 && (whole !== '0' || decimals !== '') ? '-' : '';
  return `${sign}${grouped}${decimals ? `.${decimals}` : ''}`;
}
