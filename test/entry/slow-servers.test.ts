// Servers that never finish, through the command-line bundle: a backup URL and a PickDriver API
// that drip one byte every second (the idle timeouts never fire), and a backup announced larger
// than the temporary folder's free space. Every one ends in a failed check, in bounded time.

import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBundle, runnerFiles } from '../helpers/bundles.js';
import { createDrillWorld, type DrillWorld } from '../helpers/drill-world.js';

const STACK = /\n\s+at .+[:(]\d+:\d+/;

let world: DrillWorld;
const servers: http.Server[] = [];
beforeAll(async () => {
  world = await createDrillWorld({ api: false });
  await world.backup('custom');
}, 120_000);
afterAll(async () => {
  for (const s of servers) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  await world?.close();
});

/** A local server; `drip` answers with one byte per second for ever. */
async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function drip(res: http.ServerResponse, type: string): void {
  res.writeHead(200, { 'content-type': type });
  res.write(type.includes('json') ? '{' : 'P');
  const timer = setInterval(() => res.write(' '), 1_000);
  res.on('close', () => clearInterval(timer));
}

async function drill(flags: Record<string, string>) {
  const files = await runnerFiles();
  const reportDir = path.join(files.dir, 'report');
  const args = ['drill'];
  const all = {
    'database-url': world.adminUrl,
    'drill-database': world.drillDatabase,
    baseline: 'none',
    'report-dir': reportDir,
    ...flags,
  };
  for (const [name, value] of Object.entries(all)) args.push(`--${name}`, value);
  const started = Date.now();
  const run = await runBundle('dist/cli/index.js', { args, env: { RUNNER_TEMP: files.dir } });
  const seconds = (Date.now() - started) / 1000;
  expect(run.stdout + run.stderr).not.toMatch(STACK);
  const report = JSON.parse(await readFile(path.join(reportDir, 'report.json'), 'utf8'));
  const find = (id: string) => report.checks.find((c: { id: string }) => c.id === id);
  return { run, report, find, seconds };
}

describe('servers that never finish', () => {
  it('a backup URL dripping a byte a second is cut off at restore-timeout and fails backup.found', async () => {
    const base = await serve((req, res) => {
      if (req.url?.endsWith('.sha256')) {
        res.writeHead(404).end();
        return;
      }
      drip(res, 'application/octet-stream');
    });
    const d = await drill({ 'backup-source': `${base}/nightly.dump`, 'restore-timeout': '3s' });
    expect(d.run.code).toBe(1);
    expect(d.seconds).toBeLessThan(30);
    expect(d.find('backup.found')).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/no complete answer within 3\.0 s \(the request's total deadline\)/),
    });
    expect(d.find('restore.completed').status).toBe('skip');
  }, 60_000);

  it('a backup announced larger than the free space of the temp folder is refused before a byte is written', async () => {
    const base = await serve((req, res) => {
      if (req.url?.endsWith('.sha256')) {
        res.writeHead(404).end();
        return;
      }
      // A petabyte, announced; the server then sends nothing more.
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(10 ** 15) });
      res.flushHeaders();
    });
    const d = await drill({ 'backup-source': `${base}/huge.dump` });
    expect(d.run.code).toBe(1);
    expect(d.seconds).toBeLessThan(30);
    expect(d.find('backup.found')).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(
        /huge\.dump is 909\.5 TiB but the temporary folder \S+ has [\d.]+ [KMGT]iB free; nothing was downloaded/,
      ),
    });
  }, 60_000);

  it("an API that drips its answer fails the check at the request's total deadline", async () => {
    const api = await serve((req, res) => {
      if (req.url === '/api/health/ready') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            status: 'ok',
            timestamp: new Date().toISOString(),
            checks: [{ name: 'database', status: 'ok', latencyMs: 1, reason: null }],
          }),
        );
        return;
      }
      // The system info drips; the rest answers at once, so the test stays short.
      if (req.url?.includes('/system/info')) drip(res, 'application/json');
      else res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":true,"reason":"Not Found"}');
    });
    const d = await drill({
      'backup-source': world.backups.custom as string,
      'api-url': api,
      'internal-token': 'drip-token-123',
      'checks-profile': 'quick',
      'api-ready-timeout': '10s',
    });
    expect(d.run.code).toBe(1);
    expect(d.find('restore.completed').status).toBe('ok');
    expect(d.find('api.info')).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/no complete answer within 10\.0 s \(the request's total deadline\)/),
    });
    expect(d.seconds).toBeLessThan(60);
  }, 120_000);
});
