// Small formatting helpers for the Markdown report: table cells, code spans, sizes, durations.
import type { CheckStatus, DrillResult } from './types.js';

export const STATUS_MARK: Record<CheckStatus, string> = { ok: '✅', warn: '⚠️', fail: '❌', skip: '⏭️' };
export const RESULT_MARK: Record<DrillResult, string> = { passed: '✅', warned: '⚠️', regressed: '📉', failed: '❌' };

/** Text safe inside a GitHub table cell: no pipe ends the cell, no newline ends the row, no HTML. */
export function cell(text: string | number | null | undefined): string {
  if (text === null || text === undefined || text === '') return '—';
  return String(text).replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** A code span that survives backticks in the value (cell() still has to escape pipes in tables). */
export function code(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A code span as a table cell: pipes escaped (GitHub splits cells first), HTML left alone (code spans show it as text). */
export function codeCell(text: string): string {
  return code(text.replace(/\r?\n/g, ' ')).replace(/\|/g, '\\|');
}

/** A one-line value outside tables: newlines folded, HTML neutralised. */
export function inline(text: string): string {
  return text
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\s*\r?\n\s*/g, ' ');
}

export function table(header: string[], rows: string[][]): string {
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return `${lines.join('\n')}\n`;
}

export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '—';
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

/** 850 ms, 12.3 s, 4m 05s, 3h 12m, 2d 04h. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const total = Math.round(seconds);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (total < 3600) return `${Math.floor(total / 60)}m ${pad(total % 60)}s`;
  if (total < 86_400) return `${Math.floor(total / 3600)}h ${pad(Math.floor((total % 3600) / 60))}m`;
  return `${Math.floor(total / 86_400)}d ${pad(Math.floor((total % 86_400) / 3600))}h`;
}

/** "3h 12m — within the RPO of 1d 02h ✅" and the like. */
export function versusTarget(
  actualMs: number | null,
  targetMs: number | null,
  met: boolean | null,
  what: string,
): string {
  const actual = formatDuration(actualMs);
  if (targetMs === null) return `${actual} (no ${what} target)`;
  if (met === null) return `${actual} (${what} target ${formatDuration(targetMs)})`;
  return met
    ? `${actual} — within the ${what} of ${formatDuration(targetMs)} ✅`
    : `${actual} — over the ${what} of ${formatDuration(targetMs)} ❌`;
}

/** Lists ids, cut after `max` with a count of the rest. */
export function listSome(items: string[], max = 5): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
