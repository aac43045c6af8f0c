// The "Compared with earlier drills" section of the Markdown report.
import type { DrillReport } from '../report/types.js';

export function renderComparison(report: DrillReport): string {
  if (report.baseline === null) return '';
  return `## Compared with earlier drills\n\n${report.regressions.length} regression(s).\n`;
}
