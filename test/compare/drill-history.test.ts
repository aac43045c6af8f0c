// The regression rules across a history of nights, as a user runs them: the command line and the
// action bundles in dist/ drilling real pg_dump backups into a real PostgreSQL, each night's
// report.json kept (in a folder for `baseline: <path>`, or as a run's artifact on a local GitHub
// API for `baseline: auto`) and read by the next night.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpDatabase, writeSidecar } from '../../src/demo/make-backup.js';
import type { DrillReport } from '../../src/model/types.js';
import { readCommandFile, runBundle, runnerFiles } from '../helpers/bundles.js';
import { createDrillWorld, type DrillWorld } from '../helpers/drill-world.js';
import { adminQuery, dropDatabase, queryDb, uniqueName, urlFor } from '../helpers/postgres.js';
import { FakeGitHubApi, type FakeRun } from './fake-github-api.js';
import { zipFiles } from './zip.js';

const GITHUB_TOKEN = 'ghs_historyToken0123456789abcdef';

let world: DrillWorld;
let work: string;
let seeded: string;
let purged: string;
/** Two nights of a slow leak: about 9% of player_picks gone, then about 9% of what was left. */
let leak: string[];
let seededReport: DrillReport;

/** Backups of a copy of the source after each statement in turn (the source stays as seeded). */
async function backupsAfter(name: string, statements: string[]): Promise<string[]> {
  const copy = uniqueName('pdv_history');
  await adminQuery(`CREATE DATABASE "${copy}" TEMPLATE "${world.source.name}"`);
  try {
    const url = urlFor(world.adminUrl, copy);
    const files: string[] = [];
    for (const [i, sql] of statements.entries()) {
      await queryDb(url, sql);
      const file = path.join(world.dir, `${name}-${i + 1}.dump`);
      await dumpDatabase(url, file, 'custom');
      await writeSidecar(file);
      files.push(file);
    }
    return files;
  } finally {
    await dropDatabase(copy);
  }
}

const deletePicks = (share: number) => `DELETE FROM public.player_picks WHERE id IN (
  SELECT id FROM public.player_picks ORDER BY id
  LIMIT (SELECT round(count(*) * ${share})::int FROM public.player_picks))`;

interface Night {
  code: number | null;
  report: DrillReport;
  markdown: string;
  output: string;
  file: string;
}

/** One night through `pickdriver-vault drill`, its report kept in `history` for the nights after. */
async function cliNight(
  name: string,
  backup: string,
  history: string,
  flags: Record<string, string> = {},
): Promise<Night> {
  const reportDir = path.join(work, 'cli', name);
  const all: Record<string, string> = {
    'backup-source': backup,
    baseline: history,
    'database-url': world.adminUrl,
    'drill-database': world.drillDatabase,
    'report-dir': reportDir,
    ...flags,
  };
  const run = await runBundle('dist/cli/index.js', {
    args: ['drill', ...Object.entries(all).flatMap(([k, v]) => [`--${k}`, v])],
  });
  const file = path.join(reportDir, 'report.json');
  const report = JSON.parse(await readFile(file, 'utf8')) as DrillReport;
  await mkdir(path.join(history, name), { recursive: true });
  await cp(file, path.join(history, name, 'report.json'));
  return {
    code: run.code,
    report,
    markdown: await readFile(path.join(reportDir, 'report.md'), 'utf8'),
    output: run.stdout + run.stderr,
    file,
  };
}

const check = (report: DrillReport, id: string) => report.checks.find((c) => c.id === id);
const picks = (report: DrillReport) =>
  report.database?.criticalTables.find((t) => t.name === 'player_picks')?.rows as number;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'pdv-history-'));
  world = await createDrillWorld({ api: false, scale: 0.05 });
  seeded = await world.backup('custom', 'seeded.dump');
  purged = (await backupsAfter('purged', [deletePicks(0.3)]))[0] as string;
  leak = await backupsAfter('leak', [deletePicks(0.09), deletePicks(0.09)]);
  const first = await cliNight('seeded', seeded, path.join(work, 'scratch'), { baseline: 'none' });
  expect(first.code, first.output).toBe(0);
  seededReport = first.report;
}, 180_000);

afterAll(async () => {
  await world?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** A history folder whose only report is the seeded night's. */
async function historyFromSeeded(name: string): Promise<string> {
  const dir = path.join(work, 'history', name);
  await mkdir(path.join(dir, 'seeded'), { recursive: true });
  await writeFile(path.join(dir, 'seeded', 'report.json'), JSON.stringify(seededReport));
  return dir;
}

describe('regression rules across nights (command line, baseline: <folder>)', () => {
  it('a small restore that took longer is not a regression: slower by less than duration-min-delta', async () => {
    const history = path.join(work, 'history', 'fast');
    // Four earlier nights whose restores took a fifth of tonight's: far past the 50% threshold, a second or so slower.
    const fast = Math.max(1, Math.floor((seededReport.restore?.durationMs as number) / 5));
    for (let i = 1; i <= 4; i++) {
      const night = structuredClone(seededReport);
      night.run.startedAt = new Date(Date.parse(seededReport.run.startedAt) - i * 86_400_000).toISOString();
      if (night.restore) night.restore.durationMs = fast;
      await mkdir(path.join(history, `night-${i}`), { recursive: true });
      await writeFile(path.join(history, `night-${i}`, 'report.json'), JSON.stringify(night));
    }
    const quiet = await cliNight('flap-default', seeded, path.join(work, 'scratch-flap'), { baseline: history });
    expect(quiet.code, quiet.output).toBe(0);
    expect(quiet.report.result).toBe('passed');
    expect(quiet.report.baseline?.notes.join('\n')).toMatch(
      /the restore took .+ above the median .+ but less than duration-min-delta \(1m 00s\) slower: not a regression/,
    );
    expect(check(quiet.report, 'restore.duration')?.regressions).toEqual([]);

    // The same night without the floor: the percentage alone calls it a regression.
    const loud = await cliNight('flap-no-floor', seeded, path.join(work, 'scratch-flap'), {
      baseline: history,
      'duration-min-delta': '0s',
    });
    expect(loud.code, loud.output).toBe(1);
    expect(loud.report.regressions.map((r) => r.metric)).toEqual(['restore.durationMs']);
  });

  it('a purge is reported by the night that sees it, and not again the night after', async () => {
    const history = await historyFromSeeded('purge');
    const purgeNight = await cliNight('purge-1', purged, history);
    expect(purgeNight.code, purgeNight.output).toBe(1);
    expect(purgeNight.report.result).toBe('regressed');
    expect(check(purgeNight.report, 'database.critical-tables')?.regressions).toEqual([
      expect.objectContaining({ metric: 'rows.player_picks', baseline: picks(seededReport) }),
    ]);
    expect(check(purgeNight.report, 'compare.baseline')).toMatchObject({
      status: 'warn',
      summary: expect.stringMatching(
        /1 regression: player_picks: \d+ rows, \d+ in the drill of .+ \(\d+(\.\d)?% fewer/,
      ),
    });

    // The night after: the regressed night is the previous drill whose restore completed.
    const nextNight = await cliNight('purge-2', purged, history);
    expect(nextNight.code, nextNight.output).toBe(0);
    expect(nextNight.report.result).toBe('passed');
    expect(nextNight.report.regressions).toEqual([]);
    expect(check(nextNight.report, 'compare.baseline')).toMatchObject({
      status: 'ok',
      summary: expect.stringMatching(/^compared with 2 drills/),
    });
    expect(nextNight.markdown).toMatch(/No regression\./);
  });

  it('a slow leak of 9% a night trips the cumulative rule against the oldest night of the window', async () => {
    const history = await historyFromSeeded('leak');
    const first = await cliNight('leak-1', leak[0]!, history);
    // Each night under the 10% row-drop-threshold, together over it.
    const lost = (before: DrillReport, after: DrillReport) => 1 - picks(after) / picks(before);
    expect(lost(seededReport, first.report)).toBeGreaterThan(0.05);
    expect(lost(seededReport, first.report)).toBeLessThan(0.1);
    expect(first.code, first.output).toBe(0);
    expect(first.report.result).toBe('passed');

    const second = await cliNight('leak-2', leak[1]!, history);
    expect(lost(first.report, second.report)).toBeGreaterThan(0.05);
    expect(lost(first.report, second.report)).toBeLessThan(0.1);
    const together = `${Math.round(lost(seededReport, second.report) * 1000) / 10}%`;
    expect(second.code, second.output).toBe(1);
    expect(second.report.result).toBe('regressed');
    expect(second.report.regressions).toEqual([
      expect.objectContaining({
        checkId: 'database.critical-tables',
        metric: 'rows.player_picks',
        baseline: picks(seededReport),
        current: picks(second.report),
        message: expect.stringContaining(
          `2 drills ago (${together} fewer, more than the 10% row-drop-threshold, though each drill lost less): a slow loss`,
        ),
      }),
    ]);
    expect(second.markdown).toContain(
      `| **rows in \`player_picks\`** (regression) | ${picks(seededReport)} | ${picks(second.report)} | -${together} |`,
    );
  });
});

describe('baseline: auto and a new normal (the action, against a local GitHub API)', () => {
  const api = new FakeGitHubApi('pickdriver', 'pickdriver-api', GITHUB_TOKEN);
  let day = 0;

  beforeAll(async () => {
    await api.start();
  });
  afterAll(async () => {
    await api.close();
  });

  /** A finished run of the drill workflow, a day after the previous one, with `report` as its artifact. */
  function pastRun(id: number, conclusion: FakeRun['conclusion'], report: DrillReport | null, event = 'schedule') {
    const createdAt = new Date(Date.parse('2026-11-01T03:00:00Z') + ++day * 86_400_000).toISOString();
    api.runs.push({ id, workflowId: 7, workflowFile: 'drill.yml', headBranch: 'main', event, conclusion, createdAt });
    if (report === null) return;
    const copy = structuredClone(report);
    copy.run.runId = String(id);
    copy.run.startedAt = createdAt;
    api.artifacts.push({
      id: id * 10,
      runId: id,
      name: 'pickdriver-vault-report',
      expired: false,
      zip: zipFiles([{ name: 'report.json', content: JSON.stringify(copy) }]),
    });
  }

  /** The action's main and post steps for run `runId`, as the runner runs them. */
  async function actionNight(runId: number, backup: string, inputs: Record<string, string> = {}, event = 'schedule') {
    const files = await runnerFiles();
    const eventPath = path.join(files.dir, 'event.json');
    await writeFile(eventPath, JSON.stringify({ repository: { default_branch: 'main' } }));
    const allInputs = {
      'backup-source': backup,
      'database-url': world.adminUrl,
      'drill-database': world.drillDatabase,
      baseline: 'auto',
      'artifact-name': 'pickdriver-vault-report',
      'github-token': GITHUB_TOKEN,
      'report-dir': path.join(files.dir, 'report'),
      ...inputs,
    };
    const env = {
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_STATE: files.state,
      GITHUB_EVENT_NAME: event,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: 'pickdriver/pickdriver-api',
      GITHUB_RUN_ID: String(runId),
      GITHUB_WORKFLOW_REF: 'pickdriver/pickdriver-api/.github/workflows/drill.yml@refs/heads/main',
      GITHUB_API_URL: api.url,
      GITHUB_SERVER_URL: 'https://github.com',
    };
    const main = await runBundle('dist/index.js', { inputs: allInputs, env });
    const state = await readCommandFile(files.state);
    const stateEnv = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
    const post = await runBundle('dist/post/index.js', { inputs: allInputs, env: { ...env, ...stateEnv } });
    expect(post.code, post.stdout).toBe(0);
    const reportDir = path.join(files.dir, 'report');
    return {
      code: main.code,
      log: main.stdout + main.stderr,
      report: JSON.parse(await readFile(path.join(reportDir, 'report.json'), 'utf8')) as DrillReport,
      summary: await readFile(files.summary, 'utf8'),
    };
  }

  it('reads a run that failed because of a regression, and skips a run that uploaded no report, saying so', async () => {
    api.reset();
    day = 0;
    // Night 1 passed; night 2 lost 30% of the picks and failed with its report uploaded;
    // night 3 failed before it wrote a report (no artifact).
    pastRun(101, 'success', seededReport);
    const purgeNight = await cliNight('auto-purge', purged, await historyFromSeeded('auto'));
    expect(purgeNight.report.result).toBe('regressed');
    pastRun(102, 'failure', purgeNight.report);
    pastRun(103, 'failure', null);

    const tonight = await actionNight(104, purged);
    expect(tonight.code, tonight.log).toBe(0);
    expect(tonight.report.result).toBe('passed');
    expect(tonight.report.baseline?.runs.map((r) => [r.runId, r.result])).toEqual([
      ['102', 'regressed'],
      ['101', 'passed'],
    ]);
    expect(tonight.report.baseline?.notes).toContainEqual(
      expect.stringMatching(
        /^run 103 \(.+\) \(failure\): uploaded no report \(no artifact pickdriver-vault-report\), skipped$/,
      ),
    );
    expect(check(tonight.report, 'compare.baseline')).toMatchObject({
      status: 'ok',
      summary: 'compared with 2 drills (runs 102, 101)',
    });
    expect(tonight.log).toContain('compared with 2 drills (runs 102, 101): no regression');
    expect(tonight.summary).toContain('uploaded no report');
    expect(api.requestsTo(/\/actions\/workflows\/drill\.yml\/runs$/)[0]?.query.get('status')).toBe('completed');
  });

  it('a workflow_dispatch run with fail-on: never records a new normal, and the next night passes against it', async () => {
    api.reset();
    day = 0;
    pastRun(201, 'success', seededReport);
    pastRun(202, 'success', seededReport);

    // After a planned purge, someone runs the drill by hand with fail-on: never.
    const accept = await actionNight(203, purged, { 'fail-on': 'never' }, 'workflow_dispatch');
    expect(accept.code, accept.log).toBe(0);
    expect(accept.report.result).toBe('regressed');
    expect(accept.report.regressions.map((r) => r.metric)).toEqual(['rows.player_picks']);
    pastRun(203, 'success', accept.report, 'workflow_dispatch');

    const nextNight = await actionNight(204, purged);
    expect(nextNight.code, nextNight.log).toBe(0);
    expect(nextNight.report.result).toBe('passed');
    expect(nextNight.report.baseline?.runs[0]).toMatchObject({ runId: '203', result: 'regressed' });
    expect(check(nextNight.report, 'compare.baseline')).toMatchObject({
      status: 'ok',
      summary: 'compared with 3 drills (runs 203, 202, 201)',
    });
  });
});
