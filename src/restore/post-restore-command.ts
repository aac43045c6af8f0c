// The user's post-restore command (for example PickDriver's seed or a data fix) runs against the
// drill database, as every workflow command does (see drill-command.ts).
import { formatDuration } from '../config/duration.js';
import { check, type DrillContext } from '../model/context.js';
import type { CheckResult } from '../model/types.js';
import { runDrillCommand, whyItFailed } from './drill-command.js';

export { drillDatabaseEnv } from './drill-command.js';

export async function runPostRestoreCommand(ctx: DrillContext, drillUrl: string): Promise<CheckResult> {
  const command = ctx.config.postRestoreCommand;
  if (!command) return check('restore.post-command', 'skip', 'no post-restore-command given');
  const startedAt = performance.now();
  // The command gets as long as the restore may take (restore-timeout).
  const limitMs = ctx.config.restoreTimeoutMs;
  const outcome = await runDrillCommand(ctx, {
    command,
    drillUrl,
    label: 'post-restore-command',
    timeoutMs: limitMs,
  });
  const { tail } = outcome;
  const details = { exitCode: outcome.exitCode, signal: outcome.signal, lastLines: tail };
  if (outcome.exitCode === 0) {
    return check('restore.post-command', 'ok', 'post-restore-command succeeded', details, startedAt);
  }
  const why = whyItFailed(outcome, `restore-timeout (${formatDuration(limitMs)})`);
  const last = tail.length > 0 ? `; last output: ${tail[tail.length - 1]}` : '';
  return check('restore.post-command', 'fail', `post-restore-command failed (${why})${last}`, details, startedAt);
}
