// A workflow's command run against the drill database (post-restore-command, migration-command):
// a shell in a process group of its own, with the allow-listed environment and the drill
// database in every form it may look for (DRILL_DATABASE_URL, PickDriver's DATABASE_*,
// DATABASE_URL, libpq's PG*), stopped with everything it started at its deadline or on a
// cancellation, its output logged (redacted) as it comes.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { DrillContext } from '../model/context.js';
import { childEnv } from '../util/child-env.js';
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

export interface CommandOutcome {
  exitCode: number | null;
  signal: string | null;
  /** Could not be started (no shell...). */
  spawnError: string | null;
  /** Stopped because it ran past its deadline. */
  timedOut: boolean;
  durationMs: number;
  /** The last lines of its output (stdout and stderr together), redacted. */
  tail: string[];
  /** The last lines it wrote to stderr alone, redacted: where a failing command says why. */
  stderrTail: string[];
}

interface DrillCommand {
  command: string;
  drillUrl: string;
  /** The input's name, for the log. */
  label: string;
  timeoutMs: number;
  /** Called with the process group's leader once it runs. */
  onStarted?: (pid: number) => void;
}

export async function runDrillCommand(ctx: DrillContext, run: DrillCommand): Promise<CommandOutcome> {
  ctx.secrets.addUrl(run.drillUrl);
  const redact = (text: string) => ctx.secrets.redact(text);
  const started = performance.now();
  const tail: string[] = [];
  const stderrTail: string[] = [];
  const keep = (list: string[], line: string) => {
    list.push(line);
    if (list.length > TAIL_LINES) list.shift();
  };
  ctx.log.info(`${run.label}: ${redact(run.command)}`);
  let timedOut = false;
  const outcome = await new Promise<{ code: number | null; signal: string | null; error: string | null }>((resolve) => {
    const child = spawn('sh', ['-c', run.command], {
      env: childEnv(ctx.env, drillDatabaseEnv(run.drillUrl)),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const pid = child.pid;
    if (pid !== undefined) {
      trackGroup(pid);
      run.onStarted?.(pid);
    }
    const timer =
      pid === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            void stopProcessTree(pid, 3_000);
          }, run.timeoutMs);
    let error: string | null = null;
    const readers = (['stdout', 'stderr'] as const).map((name) => {
      const rl = createInterface({ input: child[name], crlfDelay: Number.POSITIVE_INFINITY });
      rl.on('line', (raw) => {
        const line = redact(raw);
        ctx.log.info(`  | ${line}`);
        keep(tail, line);
        if (name === 'stderr') keep(stderrTail, line);
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
  return {
    exitCode: outcome.code,
    signal: outcome.signal,
    spawnError: outcome.error === null ? null : redact(outcome.error),
    timedOut,
    durationMs: Math.round(performance.now() - started),
    tail,
    stderrTail,
  };
}

/** Why a command did not succeed, in a few words: "exit code 3", "killed by SIGKILL"... */
export function whyItFailed(outcome: CommandOutcome, timeoutText: string): string {
  if (outcome.timedOut) return `stopped after ${timeoutText}`;
  if (outcome.spawnError !== null) return `could not run: ${outcome.spawnError}`;
  if (outcome.signal !== null) return `killed by ${outcome.signal}`;
  return `exit code ${outcome.exitCode}`;
}
