// pg_restore without a server: `--list`, a second opinion that the local client reads the archive
// (what is in the archive comes from its own TOC: archive-toc.ts).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { childEnv } from '../util/child-env.js';

const STDERR_LIMIT = 64 * 1024;
/** pg_restore has been seen to loop forever on damaged input: nothing it does here takes this long. */
const LIST_TIMEOUT_MS = 120_000;

export interface PgRestoreOutcome {
  ok: boolean;
  exitCode: number | null;
  stderr: string;
  timedOut: boolean;
}

function trimStderr(text: string): string {
  return text.replace(/\s+$/, '').slice(0, STDERR_LIMIT);
}

export async function pgRestoreList(tool: string, target: string): Promise<PgRestoreOutcome> {
  const child = spawn(tool, ['--list', target], { env: childEnv(process.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stdout.resume();
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    if (stderr.length < STDERR_LIMIT) stderr += d;
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, LIST_TIMEOUT_MS);
  const [code] = (await once(child, 'close')) as [number | null];
  clearTimeout(timer);
  const ok = code === 0 && !timedOut;
  return { ok, exitCode: code, stderr: trimStderr(stderr), timedOut };
}
