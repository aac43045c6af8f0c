// migration-command when it goes wrong, through the real bundles: a migration that fails (its error
// quoted in migration.completed, the drill going on), one killed at restore-timeout (its statement
// ended on the server, its lock timed to the kill), and a job cancelled (SIGTERM) during the
// migration: nothing left behind, neither the command's processes, nor its session on the server,
// nor (after the post step) the drill database and role.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DrillReport } from '../../src/model/types.js';
import { ROOT, readCommandFile, runBundle, runnerFiles } from '../helpers/bundles.js';
import { createDrillWorld, type DrillWorld } from '../helpers/drill-world.js';
import { adminQuery } from '../helpers/postgres.js';
import { processesWith } from '../helpers/processes.js';

let world: DrillWorld;
beforeAll(async () => {
  world = await createDrillWorld({ api: false });
  await world.backup('custom', 'nightly.dump');
}, 120_000);
afterAll(async () => {
  await world?.close();
});

const byId = (r: DrillReport, id: string) => r.checks.find((c) => c.id === id);
const sessionsRunning = async (needle: string) =>
  (
    await adminQuery(
      "SELECT pid FROM pg_stat_activity WHERE query LIKE '%' || $1 || '%' AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
      [needle],
    )
  ).rows;

async function cliDrill(
  flags: Record<string, string>,
): Promise<{ report: DrillReport; stdout: string; code: number | null }> {
  const files = await runnerFiles();
  const reportDir = path.join(files.dir, 'report');
  const args = ['drill'];
  const all = {
    'backup-source': world.backups.custom as string,
    'database-url': world.adminUrl,
    'drill-database': world.drillDatabase,
    baseline: 'none',
    'report-dir': reportDir,
    ...flags,
  };
  for (const [k, v] of Object.entries(all)) args.push(`--${k}`, v);
  const run = await runBundle('dist/cli/index.js', { args, env: { TMPDIR: files.dir } });
  const report = JSON.parse(await readFile(path.join(reportDir, 'report.json'), 'utf8')) as DrillReport;
  return { report, stdout: run.stdout + run.stderr, code: run.code };
}

describe('a migration that goes wrong', () => {
  it('fails migration.completed with its error quoted; the drill goes on and post-restore-command still runs', async () => {
    const { report, code } = await cliDrill({
      'migration-command':
        'psql -X -q -v ON_ERROR_STOP=1 -c "ALTER TABLE public.users ADD COLUMN nickname text" -c "ALTER TABLE public.users ALTER COLUMN nickname SET NOT NULL DEFAULT 1/0"',
      'post-restore-command': 'true',
    });
    expect(code).toBe(1);
    const completed = byId(report, 'migration.completed');
    expect(completed?.status).toBe('fail');
    expect(completed?.summary).toMatch(
      /^migration-command failed with exit code 1 after [\d.]+ (ms|s): ".*ERROR: {2}syntax error at or near "DEFAULT"/,
    );
    expect(report.migration).toMatchObject({ exitCode: 1, timedOut: false });
    // The first statement ran (psql -c commits each): its column is in the schema changes.
    expect(report.migration?.schemaChanges).toEqual([
      { kind: 'column', change: 'added', name: 'public.users.nickname', detail: 'text' },
    ]);
    expect(byId(report, 'migration.locks')?.status).toBe('ok');
    expect(byId(report, 'migration.data')).toMatchObject({ status: 'ok', summary: 'no rows changed' });
    expect(byId(report, 'restore.post-command')?.status).toBe('ok');
    expect(byId(report, 'database.critical-tables')?.status).toBe('ok');
  }, 120_000);

  it('is stopped at restore-timeout: its statement ended on the server, its lock timed up to the kill', async () => {
    const { report } = await cliDrill({
      'restore-timeout': '15s',
      'migration-command': `psql -X -q -c "BEGIN; LOCK TABLE public.users IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(91.25)"`,
    });
    const completed = byId(report, 'migration.completed');
    expect(completed).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/^migration-command was stopped at restore-timeout \(15\.0 s\)/),
    });
    expect(report.migration?.timedOut).toBe(true);
    expect(report.migration?.durationMs).toBeGreaterThanOrEqual(15_000);
    const lock = report.migration?.locks.find((l) => l.table === 'public.users');
    expect(lock).toMatchObject({ mode: 'ACCESS EXCLUSIVE', blocks: 'reads and writes' });
    // Held from just after the start to the kill (and the session's end right after it).
    expect(lock?.heldMs).toBeGreaterThan(13_000);
    expect(lock?.heldMs).toBeLessThan(19_000);
    expect(byId(report, 'migration.locks')?.status).toBe('fail');
    expect(processesWith('pg_sleep(91.25)')).toEqual([]);
    expect(await sessionsRunning('pg_sleep(91.25)')).toEqual([]);
    // The inspection after it ran on a database no longer locked.
    expect(byId(report, 'database.critical-tables')?.status).toBe('ok');
  }, 120_000);

  it('SIGTERM during the migration: the command and its session gone at once, the report says cancelled, the post step drops the database and role', async () => {
    const files = await runnerFiles();
    const reportDir = path.join(files.dir, 'report');
    const inputs: Record<string, string> = {
      'backup-source': world.backups.custom as string,
      'database-url': world.adminUrl,
      'drill-database': world.drillDatabase,
      'migration-command': `psql -X -q -c "BEGIN; LOCK TABLE public.users IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(92.75)"`,
      baseline: 'none',
      'artifact-name': '',
      'report-dir': reportDir,
    };
    const runnerEnv = { GITHUB_OUTPUT: files.output, GITHUB_STATE: files.state, RUNNER_TEMP: files.dir };
    const env: Record<string, string> = {
      PATH: process.env.PATH as string,
      HOME: process.env.HOME as string,
      ...runnerEnv,
    };
    for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
    const child = spawn(process.execPath, [path.join(ROOT, 'dist/index.js')], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const deadline = Date.now() + 90_000;
    while ((await sessionsRunning('pg_sleep(92.75)')).length === 0) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the migration never ran:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(output).toMatch(/Drill cancelled by SIGTERM \(exit 143\)/);
    // Gone before the post step: the shell and psql, and the statement psql had sent.
    expect(processesWith('pg_sleep(92.75)')).toEqual([]);
    expect(await sessionsRunning('pg_sleep(92.75)')).toEqual([]);
    const report = JSON.parse(await readFile(path.join(reportDir, 'report.json'), 'utf8')) as DrillReport;
    expect(byId(report, 'restore.completed')?.status).toBe('ok');
    expect(byId(report, 'migration.completed')).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/^cancelled \(SIGTERM\)/),
    });
    expect(report.migration?.command).toContain('pg_sleep(92.75)');

    const state = await readCommandFile(files.state);
    const role = state['drill-role'];
    expect(role).toMatch(/^pdv_drill_/);
    const stateEnv = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
    const post = await runBundle('dist/post/index.js', { inputs, env: { ...runnerEnv, ...stateEnv } });
    expect(post.code).toBe(0);
    expect(await world.databaseExists(world.drillDatabase)).toBe(false);
    expect((await adminQuery('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rows).toEqual([]);
  }, 150_000);
});
