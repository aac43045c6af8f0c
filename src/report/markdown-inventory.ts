// The "Inventory" section of report.md, also what `pickdriver-vault inventory` prints: the
// backups at the source, a small timeline, the missing periods and the backups past retention.

import type { InventoryInfo } from '../model/backup-types.js';
import { durationAsWritten as durationText, GAP_FACTOR, minuteUtc, missingPeriods } from '../source/inventory.js';
import {
  cell,
  code,
  codeCell,
  formatBytes,
  formatDuration,
  inline,
  keyValueTable,
  listSome,
  markdownCell,
  table,
} from './markdown-format.js';

const MAX_SLOTS = 42;
const DAY_MS = 86_400_000;

/**
 * One character per backup-interval (a day without one), oldest left, newest right: █ a backup,
 * ░ none; capped at 42 slots, so a long history shows its most recent stretch.
 */
export function timeline(inventory: InventoryInfo): string {
  if (inventory.count === 0 || inventory.oldest === null) return '';
  const slotMs = inventory.intervalSeconds === null ? DAY_MS : inventory.intervalSeconds * 1000;
  const end = Date.parse(inventory.asOf);
  const span = end - Date.parse(inventory.oldest.createdAt);
  const slots = Math.max(1, Math.min(MAX_SLOTS, Math.floor(span / slotMs) + 1));
  const start = end - slots * slotMs;
  const marks = Array.from({ length: slots }, () => '░');
  for (const b of inventory.backups) {
    const i = Math.floor((Date.parse(b.createdAt) - start) / slotMs);
    if (i >= 0 && i < slots) marks[i] = '█';
  }
  const unit = inventory.intervalSeconds === null ? 'day' : durationText(slotMs);
  return `\`\`\`\n${marks.join('')}\n${minuteUtc(new Date(start).toISOString())} … ${minuteUtc(inventory.asOf)} UTC, one mark per ${unit}: █ a backup, ░ none\n\`\`\`\n`;
}

export function renderInventory(inventory: InventoryInfo | null): string {
  if (inventory === null) return '';
  if (inventory.count === 0) return '## Inventory\n\nNo backups at the source.\n';
  const { newest, oldest } = inventory;
  const age = (s: number | undefined) => (s === undefined ? '—' : `${formatDuration(s * 1000)} old`);
  const rows = [
    ['backups', cell(`${inventory.count} (${formatBytes(inventory.totalSizeBytes)} in all)`)],
    [
      'newest',
      markdownCell(newest ? `${code(newest.name)} ${inline(newest.createdAt)} (${age(newest.ageSeconds)})` : null),
    ],
    [
      'oldest',
      markdownCell(oldest ? `${code(oldest.name)} ${inline(oldest.createdAt)} (${age(oldest.ageSeconds)})` : null),
    ],
    [
      'backup-interval',
      cell(inventory.intervalSeconds === null ? 'not set' : durationText(inventory.intervalSeconds * 1000)),
    ],
    [
      'backup-retention',
      cell(inventory.retentionSeconds === null ? 'not set' : durationText(inventory.retentionSeconds * 1000)),
    ],
  ];
  const missing = missingPeriods(inventory);
  const lines: string[] = [];
  if (missing.length > 0) {
    const periods = missing.map(
      (g) =>
        `no backup between ${minuteUtc(g.from)} and ${minuteUtc(g.to)} (${formatDuration(g.durationSeconds * 1000)})`,
    );
    lines.push(`**Missing backups** (gaps longer than ${GAP_FACTOR} × backup-interval, UTC): ${listSome(periods, 5)}.`);
  }
  if (inventory.expired.length > 0 && inventory.retentionSeconds !== null) {
    lines.push(
      `**${inventory.expired.length} backup(s) older than ${durationText(inventory.retentionSeconds * 1000)} are still stored**: ${listSome(
        inventory.expired.map((n) => code(n)),
        5,
      )}.`,
    );
  }
  const longest = inventory.gaps.reduce((m, g) => Math.max(m, g.durationSeconds), 0);
  if (inventory.gaps.length > 0)
    lines.push(`Longest gap between consecutive backups: ${formatDuration(longest * 1000)}.`);
  return `## Inventory\n\n${timeline(inventory)}\n${keyValueTable(rows)}\n${lines.join('\n\n')}\n`;
}

/** Every backup at the source, newest first, one line each: what `pickdriver-vault inventory` lists. */
export function renderInventoryList(inventory: InventoryInfo): string {
  if (inventory.backups.length === 0) return '';
  const rows = inventory.backups.map((b) => [
    codeCell(b.name),
    cell(b.createdAt),
    cell(`${formatDuration(b.ageSeconds * 1000)} old`),
    cell(b.sizeBytes === null ? null : formatBytes(b.sizeBytes)),
    b.expired ? 'older than backup-retention' : '',
  ]);
  return `### Backups (${inventory.backups.length}, newest first)\n\n${table(['name', 'created at', 'age', 'size', 'note'], rows)}\n`;
}
