// Runs a restore tool as a child process with streams: stdin fed from a stream (psql), stdout
// and stderr read line by line as they come, so progress and errors are seen while it runs.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

export interface ToolRun {
  exitCode: number | null;
  signal: string | null;
  /** Failure of the input stream (unreadable file, corrupt gzip, refused dump). */
  inputError: string | null;
  spawnError: string | null;
}

export interface RunToolOptions {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  input?: Readable;
  onLine: (stream: 'stdout' | 'stderr', line: string) => void;
}

export function runTool(options: RunToolOptions): Promise<ToolRun> {
  return new Promise((resolve) => {
    const child = spawn(options.command, options.args, {
      env: options.env,
      stdio: [options.input ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    const result: ToolRun = { exitCode: null, signal: null, inputError: null, spawnError: null };
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
        stdin.destroy();
        child.kill('SIGTERM');
      });
      options.input.pipe(stdin);
    }
    child.on('error', (error) => {
      result.spawnError = error.message;
    });
    child.on('close', async (code, signal) => {
      await Promise.all(readers);
      result.exitCode = code;
      result.signal = signal;
      options.input?.unpipe();
      options.input?.destroy();
      resolve(result);
    });
  });
}
