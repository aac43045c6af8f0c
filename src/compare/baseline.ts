// Which earlier drills this one is compared with, from the `baseline` input:
// `none`, `auto` (artifacts of earlier workflow runs) or a path to a report or a folder of reports.

import type { DrillContext } from '../model/context.js';
import type { BaselineInfo, DrillReport, RunInfo } from '../model/types.js';
import { loadPathBaseline } from './baseline-path.js';

/**
 * Loads the baseline reports, newest first (at most `baseline-window`). Refused requests, expired
 * artifacts and reports of unknown versions become warnings and notes in `info.notes`; only a
 * `baseline` path that does not exist throws (a ConfigError).
 */
export async function loadBaseline(
  ctx: DrillContext,
  current: { run: RunInfo },
): Promise<{ info: BaselineInfo | null; reports: DrillReport[] }> {
  const input = ctx.config.baseline.trim();
  switch (input.toLowerCase()) {
    case 'none':
      return { info: null, reports: [] };
    case '':
    case 'auto':
      // Loaded on demand: the GitHub and artifact clients are most of the bundle, and a drill off
      // GitHub (or with a path baseline) never needs them.
      return (await import('./baseline-auto.js')).loadAutoBaseline(ctx, current);
    default:
      return loadPathBaseline(ctx, input, current);
  }
}
