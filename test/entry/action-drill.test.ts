// The action as the runner runs it: dist/index.js with INPUT_* variables and the GITHUB_* files,
// then dist/post/index.js with the STATE_* the main step saved. A whole drill on a real Postgres
// with the real pg_restore, against the PickDriver stand-in.
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BundleRun, nodeBinaries, ROOT, readCommandFile, runBundle, runnerFiles } from '../helpers/bundles.js';
import { createDrillWorld, type DrillWorld } from '../helpers/drill-world.js';
import { adminQuery, queryDb, urlFor } from '../helpers/postgres.js';

const PASSWORD = 'pw-Xy7!q@secret';
const TOKEN = 'tok-Kv93/+zQ=internal';

function withPassword(url: string): string {
  const u = new URL(url);
  u.password = encodeURIComponent(PASSWORD);
  return u.toString();
}

/** What the runner shows: `::add-mask::` commands are consumed by the runner, never displayed. */
function shown(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
}

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe.each(nodeBinaries())('the action under $label', ({ path: node }) => {
  let world: DrillWorld;
  let dump: string;
  beforeAll(async () => {
    world = await createDrillWorld({ token: TOKEN });
    dump = await world.backup('custom', 'pickdriver-2026-11-28.dump');
  });
  afterAll(async () => {
    await world?.close();
  });

  it('runs a drill, publishes it, and its post step cleans up', async () => {
    const files = await runnerFiles();
    const reportDir = path.join(files.dir, 'report');
    const inputs = {
      'backup-source': world.dir,
      'backup-pattern': '*.dump',
      'backup-checksum': 'required',
      'max-backup-age': '1h',
      'max-restore-time': '5m',
      'database-url': withPassword(world.adminUrl),
      'drill-database': world.drillDatabase,
      'api-url': world.api!.url,
      'internal-token': `${TOKEN}\n`,
      'maintenance-mode': 'true',
      baseline: 'none',
      'report-dir': reportDir,
      'report-signing-key': 'sign-K3y-secret',
    };
    const runnerEnv = {
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_STATE: files.state,
      GITHUB_EVENT_NAME: 'workflow_dispatch',
      GITHUB_REPOSITORY: 'pickdriver/api',
      GITHUB_RUN_ID: '4242',
      GITHUB_SERVER_URL: 'https://github.com',
    };
    const main = await runBundle('dist/index.js', { node, inputs, env: runnerEnv });
    expect(main.stdout, main.stderr).not.toContain('::error::');
    expect(main.code).toBe(0);

    const outputs = await readCommandFile(files.output);
    const sha = createHash('sha256')
      .update(await readFile(dump))
      .digest('hex');
    expect(outputs.result).toBe('passed');
    expect(outputs['backup-id']).toBe('pickdriver-2026-11-28.dump');
    expect(outputs['backup-sha256']).toBe(sha);
    expect(outputs['schema-version']).toMatch(/^fluent-[0-9a-f]{32}-b3-n19$/);
    expect(Number(outputs['restore-seconds'])).toBeGreaterThan(0);
    expect(outputs.regressions).toBe('0');
    expect(outputs['report-json']).toBe(path.join(reportDir, 'report.json'));
    // Not on GitHub: no runtime token, so no upload — a warning, not a failure.
    expect(outputs['artifact-id']).toBe('');
    expect(main.stdout).toMatch(/::warning[^:]*::.*ACTIONS_RUNTIME_TOKEN|::warning[^:]*::.*artifact/i);

    const report = JSON.parse(await readFile(outputs['report-json'] as string, 'utf8'));
    const schema = JSON.parse(await readFile(path.join(ROOT, 'schema/report.schema.json'), 'utf8'));
    const ajv = new Ajv2020.default({ allErrors: true, allowUnionTypes: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    // The stand-in times its database pings with performance.now(): the report keeps them rounded
    // (whole ms from 100, else two significant digits), never a float's tail of digits.
    const latencies = [...JSON.stringify(report).matchAll(/"latencyMs":([^,}]+)/g)]
      .map((m) => m[1])
      .filter((ms) => ms !== 'null');
    expect(latencies.length).toBeGreaterThan(0);
    for (const ms of latencies) expect(ms).toMatch(/^(\d{3,}|[1-9]\d?|[1-9]\.\d|0\.0*[1-9]\d?)$/);
    expect(report.result).toBe('passed');
    expect(report.checks.map((c: { id: string; status: string }) => `${c.id}:${c.status}`)).toEqual(
      expect.arrayContaining([
        'backup.found:ok',
        'backup.checksum:ok',
        'backup.archive:ok',
        'backup.age:ok',
        'restore.completed:ok',
        'restore.toc-complete:ok',
        'database.migrations:ok',
        'database.critical-tables:ok',
        'database.sequences:ok',
        'api.ready:ok',
        'api.info:ok',
        'api.smoke:ok',
        'api.db-info:ok',
        'api.validate:ok',
      ]),
    );
    const users = report.database.criticalTables.find((t: { name: string }) => t.name === 'users');
    const { rows } = await queryDb(world.source.url, 'SELECT count(*)::int AS n FROM users');
    expect(users.rows).toBe(rows[0]?.n);
    expect(report.run).toMatchObject({ trigger: 'workflow_dispatch', repository: 'pickdriver/api', runId: '4242' });

    const summary = await readFile(files.summary, 'utf8');
    expect(summary).toContain('passed');
    expect(summary).toContain('database.critical-tables');

    // Maintenance was switched on for the restore and off again: the audit trail in the primary database.
    const audit = await queryDb(
      world.source.url,
      "SELECT event_type FROM ops_audit_events WHERE event_type LIKE 'maintenance%' AND source = 'pickdriver-vault-action' ORDER BY id",
    );
    expect(audit.rows.map((r) => r.event_type)).toEqual(['maintenance_enabled', 'maintenance_disabled']);

    // The post step drops the database the action created.
    const state = await readCommandFile(files.state);
    expect(state['created-database']).toBe(world.drillDatabase);
    expect(await world.databaseExists(world.drillDatabase)).toBe(true);
    // The restored database got fresh planner statistics.
    const stats = await queryDb(
      urlFor(world.adminUrl, world.drillDatabase),
      'SELECT count(*)::int AS n FROM pg_stat_user_tables WHERE last_analyze IS NULL AND relname = ANY($1)',
      [['users', 'player_picks', 'races']],
    );
    expect(stats.rows[0]?.n).toBe(0);
    const stateEnv = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
    const post = await runBundle('dist/post/index.js', { node, inputs, env: { ...runnerEnv, ...stateEnv } });
    expect(post.code).toBe(0);
    expect(post.stdout).toContain(
      `Dropped the drill database ${world.drillDatabase} and the drill role ${state['drill-role']}.`,
    );
    expect(await world.databaseExists(world.drillDatabase)).toBe(false);

    // No secret anywhere: logs, outputs, summary, state, report files — raw or URL-encoded.
    const texts: [string, string][] = [
      ['main stdout', shown(main.stdout)],
      ['main stderr', main.stderr],
      ['post stdout', shown(post.stdout)],
      ['post stderr', post.stderr],
    ];
    for (const file of [files.output, files.summary, files.state, ...(await allFiles(reportDir))]) {
      texts.push([file, await readFile(file, 'utf8')]);
    }
    for (const secret of [PASSWORD, TOKEN, 'sign-K3y-secret']) {
      for (const form of [secret, encodeURIComponent(secret)]) {
        for (const [where, text] of texts) expect(text.includes(form), `${form} in ${where}`).toBe(false);
      }
    }
  });

  it('drops the drill database and role it made while reading a backup that then failed its verification', async () => {
    // Made beside the verification pass (drill/drill-database-stage.ts), they go again at once when
    // no verified backup comes: nothing waits for the post step.
    const cut = path.join(world.dir, 'cut-short.backup');
    const whole = await readFile(dump);
    await writeFile(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const files = await runnerFiles();
    const main = await runBundle('dist/index.js', {
      node,
      inputs: {
        'backup-source': world.dir,
        'backup-pattern': 'cut-short.backup',
        'database-url': world.adminUrl,
        'drill-database': world.drillDatabase,
        baseline: 'none',
        'artifact-name': '',
        'report-dir': path.join(files.dir, 'report'),
      },
      env: { GITHUB_OUTPUT: files.output, GITHUB_STATE: files.state, GITHUB_STEP_SUMMARY: files.summary },
    });
    await rm(cut);
    expect(main.code, main.stdout + main.stderr).toBe(1);
    const report = JSON.parse(await readFile(path.join(files.dir, 'report', 'report.json'), 'utf8'));
    const status = (id: string) => report.checks.find((c: { id: string }) => c.id === id);
    expect(status('backup.archive').status).toBe('fail');
    expect(status('restore.completed')).toMatchObject({ status: 'skip', summary: 'No verified backup to restore.' });
    expect(report.restore).toBeNull();
    const state = await readCommandFile(files.state);
    const role = `pdv_drill_${state['run-nonce']?.slice(0, 16)}`;
    expect(state['run-nonce']).toMatch(/^[0-9a-f]{32}$/);
    expect(main.stdout).toContain(`Dropped the drill database ${world.drillDatabase} and the drill role ${role} again`);
    expect(await world.databaseExists(world.drillDatabase)).toBe(false);
    expect((await adminQuery('SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1', [role])).rows).toEqual([]);
    // The post step finds nothing left to drop.
    expect(state['created-database']).toBe('');
    expect(state['drill-role']).toBe('');
    const stateEnv = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
    const post = await runBundle('dist/post/index.js', {
      node,
      inputs: { 'database-url': world.adminUrl, 'drill-database': world.drillDatabase },
      env: stateEnv,
    });
    expect(post.code).toBe(0);
    expect(post.stdout).toContain('Nothing to clean up.');
  });

  it('fails the job with an annotation per failed check when the token is wrong', async () => {
    const files = await runnerFiles();
    const main: BundleRun = await runBundle('dist/index.js', {
      node,
      inputs: {
        'backup-source': world.dir,
        'backup-pattern': '*.dump',
        'database-url': world.adminUrl,
        'drill-database': world.drillDatabase,
        'api-url': world.api!.url,
        'internal-token': 'wrong-token-value',
        baseline: 'none',
        'artifact-name': '',
        'report-dir': path.join(files.dir, 'report'),
      },
      env: { GITHUB_OUTPUT: files.output, GITHUB_STATE: files.state, GITHUB_STEP_SUMMARY: files.summary },
    });
    expect(main.code).toBe(1);
    expect(main.stdout).toMatch(/::error title=api\.info::.*Invalid internal service token/);
    // One failure for one cause: the other internal routes are skipped with the reason, through the bundle.
    expect(main.stdout.match(/::error title=api\./g)).toHaveLength(1);
    const report = JSON.parse(await readFile(path.join(files.dir, 'report', 'report.json'), 'utf8'));
    const api = report.checks.filter((c: { id: string }) => /^api\.(compatibility|smoke|db-info|validate)$/.test(c.id));
    expect(api.map((c: { status: string }) => c.status)).toEqual(['skip', 'skip', 'skip', 'skip']);
    for (const c of api) expect(c.summary).toMatch(/^not run: the API refused the internal-token .*\(see api\.info\)$/);
    expect(main.stdout).toMatch(/::error::Drill failed/);
    expect(main.stdout).toContain('::add-mask::wrong-token-value');
    expect(shown(main.stdout) + main.stderr).not.toContain('wrong-token-value');
    expect(main.stdout + main.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect((await readCommandFile(files.output)).result).toBe('failed');
    const state = await readCommandFile(files.state);
    const stateEnv = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
    const post = await runBundle('dist/post/index.js', {
      node,
      inputs: { 'backup-source': world.dir, 'database-url': world.adminUrl, 'drill-database': world.drillDatabase },
      env: stateEnv,
    });
    expect(post.code).toBe(0);
    expect(await world.databaseExists(world.drillDatabase)).toBe(false);
  });
});
