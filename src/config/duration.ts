// Durations as users write them in workflows: `90s`, `10m`, `26h`, `2d` (also `1h30m`).

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION_RE = /^(?:(\d+(?:\.\d+)?)(ms|s|m|h|d))+$/;

/** Parses a duration to milliseconds; returns null for text that is not a duration. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim().toLowerCase();
  if (!DURATION_RE.test(trimmed)) return null;
  let total = 0;
  for (const match of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) {
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
  }
  return total > 0 ? Math.round(total) : null;
}

/** Percentages as in `10%` or `10` (both ten percent); returns a fraction, or null for anything else. */
export function parsePercent(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)\s*%?$/.exec(text.trim());
  return match ? Number(match[1]) / 100 : null;
}

// Durations are written by src/util/format.ts; re-exported here for code that reads and writes them.
export { formatDuration } from '../util/format.js';
