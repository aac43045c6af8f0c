// The Markdown report as the job summary. GitHub refuses a step summary over 1 MiB (and then
// shows none), so a longer report is cut at a line boundary with a pointer to the full one.
import { stat } from 'node:fs/promises';
import * as core from '@actions/core';

export const SUMMARY_LIMIT_BYTES = 1_048_576;

/**
 * Cuts `markdown` so it and the note fit in `limitBytes` (UTF-8), at the end of a line, closing a
 * code fence or <details> the cut left open. Returns it unchanged when it fits.
 */
export function fitSummary(markdown: string, limitBytes: number, note: string): { text: string; truncated: boolean } {
  if (Buffer.byteLength(markdown, 'utf8') <= limitBytes) return { text: markdown, truncated: false };
  const lines = markdown.split('\n');
  const tail = (kept: string[]): string => {
    const fences = kept.filter((l) => l.trimStart().startsWith('```')).length;
    const opened =
      kept.filter((l) => l.includes('<details')).length - kept.filter((l) => l.includes('</details>')).length;
    return `${fences % 2 === 1 ? '```\n' : ''}${'</details>\n'.repeat(Math.max(0, opened))}\n${note}\n`;
  };
  // Reserve room for the worst-case tail first, then take whole lines while they fit.
  const reserve = Buffer.byteLength(tail(['```', ...lines.filter((l) => l.includes('<details'))]), 'utf8');
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    const size = Buffer.byteLength(line, 'utf8') + 1;
    if (used + size + reserve > limitBytes) break;
    kept.push(line);
    used += size;
  }
  return { text: `${kept.join('\n')}\n${tail(kept)}`, truncated: true };
}

/** Appends the report to $GITHUB_STEP_SUMMARY; what the step already wrote counts towards the limit. */
export async function writeJobSummary(markdown: string, fullReportHint: string): Promise<{ truncated: boolean }> {
  const file = process.env['GITHUB_STEP_SUMMARY'];
  const already = file
    ? await stat(file).then(
        (s) => s.size,
        () => 0,
      )
    : 0;
  const note = `> [!NOTE]\n> This summary was shortened to stay under GitHub's 1 MiB job summary limit. ${fullReportHint}`;
  const { text, truncated } = fitSummary(markdown, SUMMARY_LIMIT_BYTES - already, note);
  try {
    await core.summary.addRaw(text).write();
  } finally {
    // The summary is a process-wide buffer: never leave half a report in it for the next writer.
    core.summary.emptyBuffer();
  }
  return { truncated };
}
