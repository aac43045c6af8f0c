// Runs a restore tool as a child process with streams: stdin fed from a stream (psql), stdout
// and stderr read line by line as they come, so progress and errors are seen while it runs.
// The tool leads a process group of its own, so a deadline or a cancellation stops it together
// with every worker it forked (pg_restore --jobs).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { stopProcessTree, trackGroup, untrackGroup } from '../util/process-group.js';

interface ToolRun {
  exitCode: number | null;
  signal: string | null;
  /** Failure of the input stream (unreadable file, corrupt gzip, refused dump). */
  inputError: string | null;
  spawnError: string | null;
  /** True when the tool was stopped because it ran past `timeoutMs`. */
  timedOut: boolean;
}

interface RunToolOptions {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  input?: Readable;
  onLine: (stream: 'stdout' | 'stderr', line: string) => void;
  /** The tool and its workers are killed when it runs this long. */
  timeoutMs?: number;
  /** Aborted: the tool and its workers are stopped (an error it would not stop at by itself). */
  signal?: AbortSignal;
}

export function runTool(options: RunToolOptions): Promise<ToolRun> {
  return new Promise((resolve) => {
    const child = spawn(options.command, options.args, {
      env: options.env,
      detached: true,
      stdio: [options.input ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    const pid = child.pid;
    if (pid !== undefined) trackGroup(pid);
    const result: ToolRun = { exitCode: null, signal: null, inputError: null, spawnError: null, timedOut: false };
    const timer =
      options.timeoutMs === undefined || pid === undefined
        ? undefined
        : setTimeout(() => {
            result.timedOut = true;
            void stopProcessTree(pid, 3_000);
          }, options.timeoutMs);
    if (pid !== undefined)
      options.signal?.addEventListener('abort', () => void stopProcessTree(pid, 1_000), { once: true });
    const readers = (['stdout', 'stderr'] as const).map((name) => {
      const rl = createInterface({ input: child[name] as Readable, crlfDelay: Number.POSITIVE_INFINITY });
      rl.on('line', (line) => options.onLine(name, line));
      return new Promise<void>((done) => rl.on('close', done));
    });
    if (options.input && child.stdin) {
      const stdin = child.stdin;
      // psql stops reading when it stops on an error: EPIPE then is expected, not a failure.
      stdin.on('error', () => {});
      options.input.on('error', (error) => {
        result.inputError = error.message;
        // Killed before its stdin closes: psql runs a statement left without its `;` at the end of
        // its input, and the input stopped on purpose (a refused line) must send nothing more.
        if (pid !== undefined) {
          try {
            process.kill(-pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
        stdin.destroy();
      });
      options.input.pipe(stdin);
    }
    child.on('error', (error) => {
      result.spawnError = error.message;
    });
    child.on('close', async (code, signal) => {
      clearTimeout(timer);
      await Promise.all(readers);
      // Workers of a tool that died on its own are stopped with it.
      if (pid !== undefined) {
        await stopProcessTree(pid, 1_000);
        untrackGroup(pid);
      }
      result.exitCode = code;
      result.signal = signal;
      options.input?.unpipe();
      options.input?.destroy();
      resolve(result);
    });
  });
}
