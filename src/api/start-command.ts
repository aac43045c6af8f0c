// api-start-command: the PickDriver instance the drill starts itself after the restore. It runs
// through `sh -c` in its own process group (detached), so the post step — a different process —
// can stop it and everything it spawned with one signal to the group.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DrillContext } from '../model/context.js';
import { childEnv } from '../util/child-env.js';
import { processStartTime, stopProcessTree, trackGroup, untrackGroup } from '../util/process-group.js';
import { makeTempDir } from '../util/temp-files.js';

interface ExitStatus {
  code: number | null;
  signal: string | null;
}

export interface StartedProcess {
  /** Process id of `sh`, which is also the id of the process group. */
  pid: number;
  /** stdout and stderr of the command; read it back through readLogTail (redacted). */
  logFile: string;
  /** Null while the command runs. */
  exitStatus(): ExitStatus | null;
  stop(): Promise<void>;
}

const SECRET_ENV = /PASSWORD|TOKEN|SECRET|KEY/i;

export async function startApiProcess(
  ctx: DrillContext,
  env: Record<string, string>,
  onStarted: (pid: number, startTime: string | null) => void = () => {},
): Promise<StartedProcess> {
  const command = ctx.config.apiStartCommand;
  if (!command) throw new Error('api-start-command is empty');
  for (const [name, value] of Object.entries(env)) {
    if (!SECRET_ENV.test(name)) continue;
    // A database password that is a well-known default or the user name is no secret (see addPassword).
    if (/PASSWORD/i.test(name)) ctx.secrets.addPassword(value, env.DATABASE_USERNAME ?? env.DRILL_DB_USER);
    else ctx.secrets.add(value);
  }

  // The instance must accept the token the drill sends: the first one, unless the caller names one.
  const firstToken = ctx.config.internalTokens[0];
  const envOfChild = childEnv(ctx.env, { INTERNAL_SERVICE_TOKEN: firstToken, ...env });

  const { dir } = await makeTempDir('api', ctx.env);
  const logFile = path.join(dir, 'api.log');
  const fd = openSync(logFile, 'a');
  let exit: ExitStatus | null = null;
  try {
    const child = spawn('sh', ['-c', command], { detached: true, env: envOfChild, stdio: ['ignore', fd, fd] });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    const pid = child.pid;
    if (pid === undefined) throw new Error('api-start-command did not start (no process id)');
    // Saved before anything else can happen: the post step stops only the group this pid leads,
    // and only while the process there still has this start time (a reused pid has another).
    onStarted(pid, processStartTime(pid));
    trackGroup(pid);
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      untrackGroup(pid);
    });
    // The main step may end while the instance keeps running for the post step to stop.
    child.unref();
    ctx.log.info(`Started api-start-command (process group ${pid}); its output goes to ${logFile}`);
    return { pid, logFile, exitStatus: () => exit, stop: () => stopProcessTree(pid) };
  } finally {
    closeSync(fd);
  }
}

/** The last lines of the command's log, redacted and cut to a readable length. */
export async function readLogTail(ctx: DrillContext, logFile: string, lines = 20): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(logFile, 'utf8');
  } catch {
    return [];
  }
  return ctx.secrets
    .redact(text)
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .slice(-lines)
    .map((line) => (line.length > 300 ? `${line.slice(0, 300)}…` : line));
}
