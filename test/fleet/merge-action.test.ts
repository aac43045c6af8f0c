// A three-leg matrix through the real bundles: each leg is dist/index.js with its drill-name
// (one passes, one regresses against an earlier report of the same drill, one finds no backup
// and fails), uploading its report to the local artifact service; then dist/merge/index.js reads
// this run's artifacts, writes the fleet report, the job summary, one pull-request comment and
// one notification, and fails the job.
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetReport } from '../../src/fleet/types.js';
import type { DrillReport } from '../../src/model/types.js';
import { dropDrillDatabase } from '../../src/restore/index.js';
import { FakeGitHubApi } from '../compare/fake-github-api.js';
import { readCommandFile, runBundle, runnerFiles } from '../helpers/bundles.js';
import { createDrillWorld, type DrillWorld } from '../helpers/drill-world.js';
import { adminUrl, uniqueName } from '../helpers/postgres.js';
import { WebhookServer } from '../notify/webhook-server.js';
import { type FakeArtifactService, startFakeArtifactService } from '../report/fake-artifact-service.js';
import { readZip } from '../report/zip-reader.js';

const GITHUB_TOKEN = 'ghs_fleetMergeToken0123456789';
let world: DrillWorld;
let artifacts: FakeArtifactService;
const api = new FakeGitHubApi('pickdriver', 'pickdriver-api', GITHUB_TOKEN);
const hooks = new WebhookServer();
const databases: string[] = [];
let event: string;

beforeAll(async () => {
  world = await createDrillWorld({ api: false });
  await world.backup('custom', 'nightly.dump');
  artifacts = await startFakeArtifactService();
  await api.start();
  await hooks.start();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pdv-fleet-event-'));
  event = path.join(dir, 'event.json');
  await writeFile(
    event,
    JSON.stringify({
      pull_request: { number: 12, base: { ref: 'main' }, head: { ref: 'migration' } },
      repository: { default_branch: 'main', name: 'pickdriver-api', owner: { login: 'pickdriver' } },
    }),
  );
}, 120_000);
afterAll(async () => {
  // With their drill roles, as the post step would.
  for (const db of databases) await dropDrillDatabase(await adminUrl(), db).catch(() => undefined);
  await hooks.close();
  await api.close();
  await artifacts?.close();
  await world?.close();
});

function runnerEnv(files: { output: string; summary: string; state: string }) {
  return {
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_STATE: files.state,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: event,
    GITHUB_REPOSITORY: 'pickdriver/pickdriver-api',
    GITHUB_API_URL: api.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '9001',
    GITHUB_REF: 'refs/pull/12/merge',
    ACTIONS_RUNTIME_TOKEN: artifacts.token,
    ACTIONS_RESULTS_URL: `${artifacts.url}/`,
  };
}

async function leg(name: string, inputs: Record<string, string>) {
  const files = await runnerFiles();
  const drillDatabase = uniqueName('pdv_fleet');
  databases.push(drillDatabase);
  const run = await runBundle('dist/index.js', {
    inputs: {
      'drill-name': name,
      'database-url': world.adminUrl,
      'drill-database': drillDatabase,
      'keep-database': 'true',
      'report-dir': path.join(files.dir, 'report'),
      'pr-comment': 'off',
      'github-token': GITHUB_TOKEN,
      ...inputs,
    },
    env: runnerEnv(files),
  });
  return { run, outputs: await readCommandFile(files.output), reportDir: path.join(files.dir, 'report') };
}

describe('a three-leg matrix merged by the merge action', () => {
  it('merges the legs from this run’s artifacts into one failing verdict, one summary, one comment, one message', async () => {
    const first = await leg('shard-1', { 'backup-source': world.backups.custom as string, baseline: 'none' });
    expect(first.outputs.result, first.run.stdout).toBe('passed');
    expect(first.outputs['artifact-id']).not.toBe('');

    // shard-2's baseline: an earlier drill of shard-2 that had ten times the rows (and an earlier
    // report of another drill in the same folder, which drill-name leaves out).
    const earlier = JSON.parse(await readFile(path.join(first.reportDir, 'report.json'), 'utf8')) as DrillReport;
    const baselineDir = await mkdtemp(path.join(os.tmpdir(), 'pdv-fleet-baseline-'));
    const inflated: DrillReport = {
      ...earlier,
      drillName: 'shard-2',
      run: { ...earlier.run, runId: '8000', startedAt: '2026-11-01T03:00:00.000Z' },
      database: earlier.database && {
        ...earlier.database,
        criticalTables: earlier.database.criticalTables.map((t) => ({
          ...t,
          rows: t.rows === null ? null : t.rows * 10 + 10,
        })),
        totalCriticalRows: (earlier.database.totalCriticalRows ?? 0) * 10,
      },
    };
    await mkdir(path.join(baselineDir, 'a'), { recursive: true });
    await writeFile(path.join(baselineDir, 'a/report.json'), JSON.stringify(inflated));
    await cp(path.join(first.reportDir, 'report.json'), path.join(baselineDir, 'other-drill.json'));
    const second = await leg('shard-2', { 'backup-source': world.backups.custom as string, baseline: baselineDir });
    expect(second.outputs.result, second.run.stdout).toBe('regressed');

    const empty = await mkdtemp(path.join(os.tmpdir(), 'pdv-fleet-empty-'));
    const third = await leg('shard-3', { 'backup-source': empty, baseline: 'none' });
    expect(third.outputs.result).toBe('failed');
    expect([...artifacts.artifacts.keys()].sort()).toEqual([
      'pickdriver-vault-report-shard-1',
      'pickdriver-vault-report-shard-2',
      'pickdriver-vault-report-shard-3',
    ]);

    const hook = '/fleet/json-hook-secret-77';
    const files = await runnerFiles();
    const reportDir = path.join(files.dir, 'fleet');
    const merge = await runBundle('dist/merge/index.js', {
      inputs: {
        'expected-drills': 'shard-1, shard-2, shard-3',
        'report-dir': reportDir,
        'github-token': GITHUB_TOKEN,
        'notify-webhook': `json:${hooks.url}${hook}`,
      },
      env: runnerEnv(files),
    });
    expect(merge.code, merge.stdout + merge.stderr).toBe(1);
    expect(merge.stdout).toMatch(/::error::Fleet failed: /);

    const outputs = await readCommandFile(files.output);
    expect(outputs).toMatchObject({ result: 'failed', drills: '3', failed: '1', regressed: '1' });
    const fleet = JSON.parse(await readFile(outputs['report-json'] as string, 'utf8')) as FleetReport;
    // fleet.json and fleet.md uploaded through the real artifact client, byte for byte.
    const uploaded = artifacts.artifacts.get('pickdriver-vault-fleet-report');
    expect(outputs['artifact-id']).toBe(String(uploaded?.id));
    const zip = readZip(uploaded?.blob as Buffer);
    expect([...zip.keys()].sort()).toEqual(['fleet.json', 'fleet.md']);
    expect(zip.get('fleet.json')?.equals(await readFile(outputs['report-json'] as string))).toBe(true);
    expect(zip.get('fleet.md')?.equals(await readFile(outputs['report-markdown'] as string))).toBe(true);
    expect(merge.stdout).toContain("Uploaded the report as artifact 'pickdriver-vault-fleet-report'");
    expect(fleet.drills.map((d) => [d.name, d.result, d.artifact?.name])).toEqual([
      ['shard-1', 'passed', 'pickdriver-vault-report-shard-1'],
      ['shard-2', 'regressed', 'pickdriver-vault-report-shard-2'],
      ['shard-3', 'failed', 'pickdriver-vault-report-shard-3'],
    ]);
    const id = artifacts.artifacts.get('pickdriver-vault-report-shard-2')?.id;
    expect(fleet.drills[1]?.artifact?.url).toBe(
      `https://github.com/pickdriver/pickdriver-api/actions/runs/9001/artifacts/${id}`,
    );
    expect(fleet.drills[1]?.regressions.length).toBeGreaterThan(0);
    expect(fleet.drills[2]?.failedChecks.map((c) => c.id)).toEqual(['backup.found']);
    expect(fleet.drills[0]?.restoreDurationMs).toBeGreaterThan(0);

    const summary = await readFile(files.summary, 'utf8');
    expect(summary).toContain('❌ **failed** — 3 drills: 1 failed (shard-3), 1 regressed (shard-2)');
    expect(summary.split('\n').filter((l) => l.startsWith('| `shard-'))).toHaveLength(3);

    expect(api.comments).toHaveLength(1);
    expect(api.comments[0]?.issueNumber).toBe(12);
    expect(api.comments[0]?.body.startsWith('<!-- pickdriver-vault-action:fleet-report -->')).toBe(true);
    expect(api.comments[0]?.body).toContain('| `shard-2` | 📉 regressed |');

    const messages = hooks.to(hook);
    expect(messages).toHaveLength(1);
    const message = JSON.parse(messages[0]?.body ?? '');
    expect(message).toMatchObject({ subject: 'fleet', result: 'failed', backup: null });
    expect(message.drills).toEqual([
      { name: 'shard-1', result: 'passed' },
      { name: 'shard-2', result: 'regressed' },
      { name: 'shard-3', result: 'failed' },
    ]);
    expect(
      merge.stdout
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n'),
    ).not.toContain(hook);

    // artifact-pattern is a glob like backup-pattern: braces pick two of the three legs.
    const bracedFiles = await runnerFiles();
    const braced = await runBundle('dist/merge/index.js', {
      inputs: {
        'artifact-pattern': 'pickdriver-vault-report-shard-{1,2}',
        'report-dir': path.join(bracedFiles.dir, 'fleet'),
        'pr-comment': 'off',
        'fail-on': 'never',
        'artifact-name': '',
      },
      env: runnerEnv(bracedFiles),
    });
    expect(braced.code, braced.stdout + braced.stderr).toBe(0);
    expect(braced.stdout).toContain("2 of this run's 4 artifact(s) match 'pickdriver-vault-report-shard-{1,2}'");
    const bracedOutputs = await readCommandFile(bracedFiles.output);
    expect(bracedOutputs).toMatchObject({ result: 'regressed', drills: '2', failed: '0', regressed: '1' });
    // An empty artifact-name uploads nothing.
    expect(bracedOutputs['artifact-id']).toBe('');
    expect([...artifacts.artifacts.keys()].filter((n) => n.includes('fleet'))).toEqual([
      'pickdriver-vault-fleet-report',
    ]);
  }, 240_000);
});
