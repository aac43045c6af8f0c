import { readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runApiPhase } from '../../src/api/api-phase.js';
import { readLogTail, startApiProcess } from '../../src/api/start-command.js';
import { stopProcessTree } from '../../src/util/process-group.js';
import { testContext } from './helpers.js';

const SERVER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'slow-ready-server.mjs');
const NODE = JSON.stringify(process.execPath);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Running (a zombie waiting for init to reap it counts as stopped). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true;
  }
}

/** Each start writes its log into a fresh folder under os.tmpdir(). */
async function removeLog(logFile: string | undefined): Promise<void> {
  if (logFile) await rm(path.dirname(logFile), { recursive: true, force: true });
}

const phaseInput = (startEnv: Record<string, string>) => ({
  database: null,
  backupId: null,
  drillDatabaseUrl: null,
  restoreOk: false,
  startEnv,
});

describe('api-start-command', () => {
  it('starts the instance in the background and api.ready waits until it listens', async () => {
    const port = await freePort();
    const ctx = testContext(
      {
        apiUrl: `http://127.0.0.1:${port}`,
        internalTokens: ['start-token'],
        // The drill's own environment never reaches the command: what it needs is in its text.
        apiStartCommand: `READY_DELAY_MS=1200 ${NODE} ${JSON.stringify(SERVER)}`,
        apiReadyTimeoutMs: 15_000,
      },
      { ...process.env, READY_DELAY_MS: '99999' },
    );
    const result = await runApiPhase(ctx, phaseInput({ PORT: String(port), DATABASE_PASSWORD: 'hunter2-secret' }));
    try {
      const ready = result.checks[0]!;
      expect(ready.id).toBe('api.ready');
      expect(ready.status).toBe('ok');
      expect(ready.durationMs).toBeGreaterThanOrEqual(1000);
      expect(result.startedProcess).not.toBeNull();
      expect(alive(result.startedProcess!.pid)).toBe(true);
      // The log is on disk unredacted (the runner's own file), but never read back with the secret.
      const tail = await readLogTail(ctx, result.startedProcess!.logFile);
      expect(tail).toContain('booting, database password is ***');
      expect(tail).toContain(`listening on ${port}`);
    } finally {
      await result.startedProcess?.stop();
      await removeLog(result.startedProcess?.logFile);
    }
    expect(alive(result.startedProcess!.pid)).toBe(false);
  });

  it('fails api.ready at once with the log tail when the command exits early', async () => {
    const ctx = testContext(
      {
        apiUrl: `http://127.0.0.1:${await freePort()}`,
        internalTokens: ['start-token'],
        apiStartCommand:
          'echo "starting"; echo "Fatal error: DATABASE_PASSWORD=$DATABASE_PASSWORD refused" >&2; exit 3',
        apiReadyTimeoutMs: 30_000,
      },
      { ...process.env },
    );
    const t0 = Date.now();
    const result = await runApiPhase(ctx, phaseInput({ DATABASE_PASSWORD: 'pw-very-secret' }));
    expect(Date.now() - t0).toBeLessThan(10_000);
    const ready = result.checks[0]!;
    expect(ready.status).toBe('fail');
    expect(ready.summary).toBe(
      'api-start-command exited with code 3 before the API was ready; last lines of its log: starting | Fatal error: DATABASE_PASSWORD=*** refused',
    );
    expect(ready.details).toMatchObject({ exitCode: 3 });
    expect(JSON.stringify(result)).not.toContain('pw-very-secret');
    await removeLog(result.startedProcess?.logFile);
  });

  it('gives the instance the first internal token when the environment names none', async () => {
    const port = await freePort();
    const ctx = testContext(
      {
        apiUrl: `http://127.0.0.1:${port}`,
        internalTokens: ['token-for-child'],
        apiStartCommand: 'echo "$INTERNAL_SERVICE_TOKEN" > "$OUT"',
      },
      { ...process.env },
    );
    const out = path.join(path.dirname(SERVER), `.token-${process.pid}-${port}.txt`);
    const started = await startApiProcess(ctx, { OUT: out });
    await new Promise((r) => setTimeout(r, 300));
    await started.stop();
    await removeLog(started.logFile);
    expect((await readFile(out, 'utf8')).trim()).toBe('token-for-child');
    await import('node:fs/promises').then((fs) => fs.rm(out));
  });

  it('stopProcessTree stops the command and the processes it spawned', async () => {
    const port = await freePort();
    const childPidFile = path.join(path.dirname(SERVER), `.child-${process.pid}-${port}.pid`);
    const ctx = testContext(
      {
        apiUrl: `http://127.0.0.1:${port}`,
        internalTokens: ['t0k3n'],
        apiStartCommand: `${NODE} ${JSON.stringify(SERVER)}`,
      },
      { ...process.env },
    );
    const started = await startApiProcess(ctx, { PORT: String(port), CHILD: '1', CHILD_PID_FILE: childPidFile });
    let childPid = 0;
    for (let i = 0; i < 100 && !childPid; i++) {
      await new Promise((r) => setTimeout(r, 50));
      childPid = Number(await readFile(childPidFile, 'utf8').catch(() => '0'));
    }
    expect(childPid).toBeGreaterThan(0);
    expect(alive(childPid)).toBe(true);

    // The post step only has the saved pid.
    await stopProcessTree(started.pid);
    expect(alive(started.pid)).toBe(false);
    expect(alive(childPid)).toBe(false);
    await removeLog(started.logFile);
    await import('node:fs/promises').then((fs) => fs.rm(childPidFile));
  });

  it('stopProcessTree does nothing for a process that is gone or a pid it must never signal', async () => {
    await expect(stopProcessTree(2 ** 22 + 12345)).resolves.toBeUndefined();
    await expect(stopProcessTree(0)).resolves.toBeUndefined();
    await expect(stopProcessTree(1)).resolves.toBeUndefined();
    await expect(stopProcessTree(process.pid)).resolves.toBeUndefined();
    expect(alive(process.pid)).toBe(true);
  });
});
