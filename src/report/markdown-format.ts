// Small formatting helpers for the Markdown report: table cells, code spans, sizes, durations.

import { formatBytes as formatBytesText, formatDuration as formatDurationText } from '../util/format.js';
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

/** Label/value pairs: the first pair is the header row, so no empty header renders above them. */
export function keyValueTable(rows: string[][]): string {
  const [first, ...rest] = rows;
  return first ? table(first, rest) : '';
}

export function table(header: string[], rows: string[][]): string {
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return `${lines.join('\n')}\n`;
}

/** Sizes and durations as everywhere else (src/util/format.ts); a dash when unknown. */
export function formatBytes(bytes: number | null): string {
  return bytes === null ? '—' : formatBytesText(bytes);
}

export function formatDuration(ms: number | null): string {
  return ms === null ? '—' : formatDurationText(ms);
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
