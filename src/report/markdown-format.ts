// Small formatting helpers for the Markdown report: table cells, code spans, sizes, durations.

import type { CheckStatus, DrillResult } from '../model/types.js';
import { formatBytes as formatBytesText, formatDuration as formatDurationText } from '../util/format.js';
import { markdownCode, markdownText } from '../util/inert-text.js';
import { sanitizeName } from '../util/sanitize.js';

export const STATUS_MARK: Record<CheckStatus, string> = { ok: '✅', warn: '⚠️', fail: '❌', skip: '⏭️' };
export const RESULT_MARK: Record<DrillResult, string> = { passed: '✅', warned: '⚠️', regressed: '📉', failed: '❌' };

/**
 * A table cell of text from outside the report's own words (names, errors, the API's strings,
 * check summaries): inert (markdownText), a dash when empty.
 */
export function cell(text: string | number | null | undefined): string {
  if (text === null || text === undefined || text === '') return '—';
  // Each line inert on its own; the lines joined by the report's own <br>.
  return typeof text === 'number'
    ? String(text)
    : text
        .split(/\r?\n/)
        .map((line) => markdownText(line))
        .join('<br>');
}

/**
 * A table cell of Markdown the report built itself (code spans, marks), whose outside parts
 * are already inert: only what would end the cell or the row is escaped.
 */
export function markdownCell(markdown: string | null): string {
  if (markdown === null || markdown === '') return '—';
  return markdown.replace(/\r?\n/g, ' ').replace(/(?<!\\)\|/g, '\\|');
}

/** A code span of outside text (markdownCode: one line, fenced past its backticks). */
export function code(text: string): string {
  return markdownCode(text);
}

/** A code span as a table cell: pipes escaped (GitHub splits cells first; a code span shows `\|` as `|`). */
export function codeCell(text: string): string {
  return markdownCode(text).replace(/\|/g, '\\|');
}

/** Outside text in a sentence: inert, on one line. */
export function inline(text: string): string {
  return markdownText(text);
}

/**
 * Lines of outside text (the restore tool's messages) as a fenced block: shown as they are,
 * control characters but the line breaks replaced, and no run of backticks that could close
 * the fence.
 */
export function fencedText(lines: string[]): string {
  const body = lines
    .flatMap((l) => l.split(/\r?\n/))
    .map((l) => sanitizeName(l).replace(/`{3,}/g, (run) => "'".repeat(run.length)))
    .join('\n');
  return `${'```'}text\n${body}\n${'```'}\n`;
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
