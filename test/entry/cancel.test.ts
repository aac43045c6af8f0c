// Cancellation through the real bundles, at each phase: SIGINT (GitHub's cancel, Ctrl-C) and
// SIGTERM stop every child process group, switch maintenance off, write the report so far with
// the unfinished checks failed as cancelled, leave the database to the post step (the action)
// or drop it (the command line), remove temporary files, and exit 130/143 with one line.
import { type ChildProcess, spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, readCommandFile, runBundle, runnerFiles } from '../helpers/bundles.js';
import { createDrillWorld, type DrillWorld } from '../helpers/drill-world.js';
import { queryDb } from '../helpers/postgres.js';
import { processesWith } from '../helpers/processes.js';

interface Started {
  child: ChildProcess;
  output: () => string;
  waitFor: (re: RegExp, ms?: number) => Promise<void>;
  exited: Promise<number | null>;
}

/** A bundle started as the runner starts it, its output watched as it comes. */
function startBundle(bundle: string, env: Record<string, string>, args: string[] = []): Started {
  const base: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'LANG']) if (process.env[key]) base[key] = process.env[key] as string;
  const child = spawn(process.execPath, [path.join(ROOT, bundle), ...args], {
    cwd: ROOT,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (d) => {
    text += d;
  });
  child.stderr?.on('data', (d) => {
    text += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const waitFor = async (re: RegExp, ms = 60_000) => {
    const deadline = Date.now() + ms;
    while (!re.test(text)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`never saw ${re}:\n${text}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { child, output: () => text, waitFor, exited };
}

const inputEnv = (inputs: Record<string, string>) =>
  Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]));

let world: DrillWorld;
let slowDump: string;
beforeAll(async () => {
  world = await createDrillWorld();
  // Restoring this table's one row takes a minute anywhere but in the source database.
  await queryDb(
    world.source.url,
    `CREATE FUNCTION public.slow_ok(v int) RETURNS boolean LANGUAGE plpgsql AS $$
     BEGIN
       IF current_database() <> '${world.source.name}' THEN PERFORM pg_sleep(60); END IF;
       RETURN true;
     END $$;
     CREATE TABLE public.zz_slow (v int CHECK (public.slow_ok(v)));
     INSERT INTO public.zz_slow VALUES (1);`,
  );
  slowDump = await world.backup('custom', 'slow.dump');
  await queryDb(world.source.url, 'DROP TABLE public.zz_slow; DROP FUNCTION public.slow_ok(int)');
  await world.backup('custom', 'quick.dump');
}, 180_000);
afterAll(async () => {
  await world?.close();
});

async function report(dir: string) {
  return JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8'));
}
const statusOf = (r: { checks: { id: string; status: string; summary: string }[] }, id: string) =>
  r.checks.find((c) => c.id === id);

describe('a cancelled drill', () => {
  it('SIGINT mid-restore in the action: pg_restore gone, maintenance off, report written, the post step drops the database', async () => {
    const files = await runnerFiles();
    const reportDir = path.join(files.dir, 'report');
    const inputs = {
      'backup-source': slowDump,
      'database-url': world.adminUrl,
      'drill-database': world.drillDatabase,
      'restore-jobs': '2',
      'api-url': world.api!.url,
      'internal-token': world.token,
      'maintenance-mode': 'true',
      baseline: 'none',
      'artifact-name': '',
      'report-dir': reportDir,
    };
    const runnerEnv = {
      GITHUB_OUTPUT: files.output,
      GITHUB_STATE: files.state,
      GITHUB_STEP_SUMMARY: files.summary,
      RUNNER_TEMP: files.dir,
    };
    const run = startBundle('dist/index.js', { ...inputEnv(inputs), ...runnerEnv });
    await run.waitFor(/restore: slow\.dump/);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(processesWith(slowDump).length).toBeGreaterThan(0);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    const closing = run
      .output()
      .split('\n')
      .filter((l) => l.includes('Drill cancelled by SIGINT'));
    expect(closing).toHaveLength(1);
    expect(closing[0], closing[0]).toMatch(
      /exit 130.*maintenance mode switched off.*report so far in .*the post step drops/,
    );
    expect(processesWith(slowDump)).toEqual([]);

    const r = await report(reportDir);
    expect(r.result).toBe('failed');
    expect(statusOf(r, 'backup.found')?.status).toBe('ok');
    expect(statusOf(r, 'restore.completed')).toMatchObject({
      status: 'fail',
      summary: 'cancelled (SIGINT) before this check finished',
    });
    expect(statusOf(r, 'api.validate')?.status).toBe('fail');
    const audit = await queryDb(
      world.source.url,
      "SELECT event_type FROM ops_audit_events WHERE event_type LIKE 'maintenance%' AND source = 'pickdriver-vault-action' ORDER BY id",
    );
    // Switched on for the restore, off again (by the handler, and by the stage the kill ended).
    const events = audit.rows.map((x) => x.event_type as string);
    const on = events.lastIndexOf('maintenance_enabled');
    expect(on).toBeGreaterThanOrEqual(0);
    expect(events.slice(on + 1)).toContain('maintenance_disabled');
    expect(events.at(-1)).toMatch(/^maintenance_disable/);

    const state = await readCommandFile(files.state);
    expect(state['created-database']).toBe(world.drillDatabase);
    expect(state['maintenance-on']).toBe('false');
    const stateEnv = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
    const post = await runBundle('dist/post/index.js', { inputs, env: { ...runnerEnv, ...stateEnv } });
    expect(post.code).toBe(0);
    expect(await world.databaseExists(world.drillDatabase)).toBe(false);
    expect((await readdir(files.dir)).filter((f) => f.startsWith('pickdriver-vault-'))).toEqual([]);
  }, 120_000);

  it('SIGTERM during post-restore-command on the command line: the command gone, the database dropped', async () => {
    const files = await runnerFiles();
    const reportDir = path.join(files.dir, 'report');
    const args = ['drill'];
    const flags = {
      'backup-source': world.backups.custom as string,
      'backup-pattern': 'quick.dump',
      'database-url': world.adminUrl,
      'drill-database': world.drillDatabase,
      'post-restore-command': 'sleep 97.25',
      baseline: 'none',
      'report-dir': reportDir,
    };
    for (const [k, v] of Object.entries(flags)) args.push(`--${k}`, v);
    const run = startBundle('dist/cli/index.js', { TMPDIR: files.dir }, args);
    await run.waitFor(/post-restore-command: sleep 97\.25/);
    await new Promise((r) => setTimeout(r, 500));
    expect(processesWith('sleep 97.25').length).toBeGreaterThan(0);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(143);
    expect(run.output()).toMatch(/Drill cancelled by SIGTERM \(exit 143\): .*report so far in .*dropped\./);
    expect(processesWith('sleep 97.25')).toEqual([]);
    expect(await world.databaseExists(world.drillDatabase)).toBe(false);
    const r = await report(reportDir);
    expect(statusOf(r, 'restore.completed')?.status).toBe('ok');
    expect(statusOf(r, 'restore.post-command')).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/^cancelled \(SIGTERM\)/),
    });
  }, 120_000);

  it('SIGTERM while waiting for the API the action started: the API process gone, state left for the post step', async () => {
    const files = await runnerFiles();
    const reportDir = path.join(files.dir, 'report');
    const port = await new Promise<number>((resolve) => {
      const s = http.createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = s.address() as AddressInfo;
        s.close(() => resolve(p));
      });
    });
    const inputs = {
      'backup-source': world.backups.custom as string,
      'backup-pattern': 'quick.dump',
      'database-url': world.adminUrl,
      'drill-database': world.drillDatabase,
      'api-url': `http://127.0.0.1:${port}`,
      'internal-token': 'never-used-token',
      'api-start-command': 'sleep 98.25',
      'api-ready-timeout': '90s',
      baseline: 'none',
      'artifact-name': '',
      'report-dir': reportDir,
    };
    const runnerEnv = { GITHUB_OUTPUT: files.output, GITHUB_STATE: files.state, RUNNER_TEMP: files.dir };
    const run = startBundle('dist/index.js', { ...inputEnv(inputs), ...runnerEnv });
    await run.waitFor(/Waiting up to 1m 30s/);
    expect(processesWith('sleep 98.25').length).toBeGreaterThan(0);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(143);
    expect(processesWith('sleep 98.25')).toEqual([]);
    const r = await report(reportDir);
    expect(statusOf(r, 'restore.completed')?.status).toBe('ok');
    expect(statusOf(r, 'database.migrations')?.status).toBe('ok');
    expect(statusOf(r, 'api.ready')).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/^cancelled \(SIGTERM\)/),
    });
    const state = await readCommandFile(files.state);
    const stateEnv = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
    const post = await runBundle('dist/post/index.js', { inputs, env: { ...runnerEnv, ...stateEnv } });
    expect(post.code).toBe(0);
    expect(await world.databaseExists(world.drillDatabase)).toBe(false);
    expect((await readdir(files.dir)).filter((f) => f.startsWith('pickdriver-vault-'))).toEqual([]);
  }, 120_000);

  it('SIGTERM during a checks-file query in the action: the report says which check was cancelled, the post step drops the database', async () => {
    const files = await runnerFiles();
    const reportDir = path.join(files.dir, 'report');
    const checksFile = path.join(files.dir, 'checks.yml');
    await writeFile(
      checksFile,
      'checks:\n  - name: users-present\n    table: users\n    min-rows: 1\n  - name: slow\n    sql: SELECT pg_sleep(96.75) IS NULL\n    timeout: 5m\n',
    );
    const inputs = {
      'backup-source': world.backups.custom as string,
      'backup-pattern': 'quick.dump',
      'database-url': world.adminUrl,
      'drill-database': world.drillDatabase,
      'checks-file': checksFile,
      baseline: 'none',
      'artifact-name': '',
      'report-dir': reportDir,
    };
    const runnerEnv = { GITHUB_OUTPUT: files.output, GITHUB_STATE: files.state, RUNNER_TEMP: files.dir };
    const run = startBundle('dist/index.js', { ...inputEnv(inputs), ...runnerEnv });
    const sleeping = async () =>
      (
        await queryDb(
          world.adminUrl,
          "SELECT pid FROM pg_stat_activity WHERE query LIKE '%pg_sleep(96.75)%' AND pid <> pg_backend_pid()",
        )
      ).rows;
    const deadline = Date.now() + 60_000;
    while ((await sleeping()).length === 0) {
      if (Date.now() > deadline || run.child.exitCode !== null)
        throw new Error(`the check never ran:\n${run.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(143);
    expect(run.output()).toMatch(/Drill cancelled by SIGTERM \(exit 143\)/);
    const r = await report(reportDir);
    expect(statusOf(r, 'restore.completed')?.status).toBe('ok');
    expect(statusOf(r, 'custom.slow')).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/^cancelled \(SIGTERM\)/),
    });
    expect(r.result).toBe('failed');
    const state = await readCommandFile(files.state);
    const stateEnv = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
    const post = await runBundle('dist/post/index.js', { inputs, env: { ...runnerEnv, ...stateEnv } });
    expect(post.code).toBe(0);
    expect(await world.databaseExists(world.drillDatabase)).toBe(false);
    // The drop ended the query with its database: nothing of the drill is left on the server.
    expect(await sleeping()).toEqual([]);
  }, 120_000);

  it('SIGINT mid-download on the command line: the partial download removed, the report says cancelled', async () => {
    // A real archive: its first 16 KiB (the Range peek) at once, then the download drips.
    const dump = await readFile(world.backups.custom as string);
    const server = http.createServer((req, res) => {
      if (req.url?.endsWith('.sha256')) return void res.writeHead(404).end();
      const range = /^bytes=0-(\d+)$/.exec(req.headers.range ?? '');
      if (range) {
        const part = dump.subarray(0, Number(range[1]) + 1);
        res.writeHead(206, { 'content-range': `bytes 0-${part.length - 1}/${dump.length}` });
        return void res.end(part);
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(dump.length) });
      res.write(dump.subarray(0, 20_000));
      let at = 20_000;
      const t = setInterval(() => res.write(dump.subarray(at, ++at)), 500);
      res.on('close', () => clearInterval(t));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const files = await runnerFiles();
      const reportDir = path.join(files.dir, 'report');
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/nightly.dump`;
      const args = ['drill', '--backup-source', url, '--database-url', world.adminUrl];
      args.push('--drill-database', world.drillDatabase, '--baseline', 'none', '--report-dir', reportDir);
      const run = startBundle('dist/cli/index.js', { TMPDIR: files.dir }, args);
      await run.waitFor(/HTTPS: downloading/);
      await new Promise((r) => setTimeout(r, 1_000));
      expect((await readdir(files.dir)).filter((f) => f.startsWith('pickdriver-vault-')).length).toBe(1);
      run.child.kill('SIGINT');
      expect(await run.exited).toBe(130);
      expect(run.output()).toMatch(/Drill cancelled by SIGINT \(exit 130\)/);
      expect((await readdir(files.dir)).filter((f) => f.startsWith('pickdriver-vault-'))).toEqual([]);
      const r = await report(reportDir);
      expect(statusOf(r, 'backup.found')).toMatchObject({
        status: 'fail',
        summary: expect.stringMatching(/^cancelled \(SIGINT\)/),
      });
      expect(r.backup.source).toBe(url);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  }, 120_000);
});
