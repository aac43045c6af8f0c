// The user's post-restore command (for example the pull request's migrations) runs against the
// drill database. It gets the drill database in every form it may look for: DRILL_DATABASE_URL,
// PickDriver's DATABASE_* variables, DATABASE_URL and libpq's PG* variables, so nothing in the
// parent environment can point it at another database.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { formatDuration } from '../config/duration.js';
import type { CheckResult } from '../report/types.js';
import { childEnv } from '../util/child-env.js';
import { check, type DrillContext } from '../util/context.js';
import { stopProcessTree, trackGroup, untrackGroup } from '../util/process-group.js';
import { connectionParts, libpqEnv } from './pg-connection.js';

const TAIL_LINES = 20;

export function drillDatabaseEnv(drillUrl: string): Record<string, string> {
  const parts = connectionParts(drillUrl);
  const env: Record<string, string> = {
    ...libpqEnv(drillUrl),
    DRILL_DATABASE_URL: drillUrl,
    DATABASE_URL: drillUrl,
    DATABASE_HOST: parts.host,
    DATABASE_PORT: String(parts.port),
    DATABASE_NAME: parts.database,
    DATABASE_USERNAME: parts.user ?? '',
    DATABASE_PASSWORD: parts.password ?? '',
  };
  if (parts.sslmode) {
    // PickDriver's DATABASE_TLS_MODE knows disable / prefer / require.
    env.DATABASE_TLS_MODE = parts.sslmode === 'disable' || parts.sslmode === 'prefer' ? parts.sslmode : 'require';
  }
  return env;
}

export async function runPostRestoreCommand(ctx: DrillContext, drillUrl: string): Promise<CheckResult> {
  const command = ctx.config.postRestoreCommand;
  if (!command) return check('restore.post-command', 'skip', 'no post-restore-command given');
  ctx.secrets.addUrl(drillUrl);
  const redact = (text: string) => ctx.secrets.redact(text);
  const startedAt = performance.now();
  const tail: string[] = [];
  ctx.log.info(`post-restore-command: ${redact(command)}`);

  // The command gets as long as the restore may take (restore-timeout); it runs in a process
  // group of its own, so a deadline or a cancellation stops whatever it started too.
  const limitMs = ctx.config.restoreTimeoutMs;
  let timedOut = false;
  const outcome = await new Promise<{ code: number | null; signal: string | null; error: string | null }>((resolve) => {
    const child = spawn('sh', ['-c', command], {
      env: childEnv(ctx.env, drillDatabaseEnv(drillUrl)),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const pid = child.pid;
    if (pid !== undefined) trackGroup(pid);
    const timer =
      pid === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            void stopProcessTree(pid, 3_000);
          }, limitMs);
    let error: string | null = null;
    const readers = (['stdout', 'stderr'] as const).map((name) => {
      const rl = createInterface({ input: child[name], crlfDelay: Number.POSITIVE_INFINITY });
      rl.on('line', (raw) => {
        const line = redact(raw);
        ctx.log.info(`  | ${line}`);
        tail.push(line);
        if (tail.length > TAIL_LINES) tail.shift();
      });
      return new Promise<void>((done) => rl.on('close', done));
    });
    child.on('error', (e) => {
      error = e.message;
    });
    child.on('close', async (code, signal) => {
      clearTimeout(timer);
      await Promise.all(readers);
      if (pid !== undefined) {
        // What the command left running in its group goes with it.
        await stopProcessTree(pid, 1_000);
        untrackGroup(pid);
      }
      resolve({ code, signal, error });
    });
  });

  const details = { exitCode: outcome.code, signal: outcome.signal, lastLines: tail };
  if (outcome.code === 0) {
    return check('restore.post-command', 'ok', 'post-restore-command succeeded', details, startedAt);
  }
  const why = timedOut
    ? `stopped after restore-timeout (${formatDuration(limitMs)})`
    : outcome.error
      ? `could not run: ${redact(outcome.error)}`
      : outcome.signal
        ? `killed by ${outcome.signal}`
        : `exit code ${outcome.code}`;
  const last = tail.length > 0 ? `; last output: ${tail[tail.length - 1]}` : '';
  return check('restore.post-command', 'fail', `post-restore-command failed (${why})${last}`, details, startedAt);
}
