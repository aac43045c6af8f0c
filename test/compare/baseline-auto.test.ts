// `baseline: auto` through the real @actions/github and @actions/artifact clients, against a local
// server speaking the REST endpoints they call.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import type { DrillContext } from '../../src/model/context.js';
import type { DrillReport } from '../../src/model/types.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { SecretRegistry } from '../../src/util/secrets.js';
import { GITHUB_RUN_VARS, setEnv } from './env.js';
import { FakeGitHubApi, type FakeRun } from './fake-github-api.js';
import { buildReport } from './report-builder.js';
import { zipFiles } from './zip.js';

const TOKEN = 'ghs_fakeTokenForTheBaselineTest0123';
const CURRENT_RUN = 3000;
const api = new FakeGitHubApi('pickdriver', 'pickdriver', TOKEN);
let loadBaseline: typeof import('../../src/compare/baseline.js').loadBaseline;
let restoreEnv: () => void = () => {};
let tmp = '';

beforeAll(async () => {
  await api.start();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'baseline-auto-test-'));
  // @actions/github fixes its default API URL when it is first imported, and @actions/artifact's
  // download uses that default: set GITHUB_API_URL first, import the code under test after.
  restoreEnv = setEnv({
    ...Object.fromEntries(GITHUB_RUN_VARS.map((k) => [k, undefined])),
    GITHUB_API_URL: api.url,
  });
  ({ loadBaseline } = await import('../../src/compare/baseline.js'));
});

afterAll(async () => {
  restoreEnv();
  await api.close();
  await rm(tmp, { recursive: true, force: true });
});

afterEach(() => api.reset());

async function runEnv(event: string, payload: unknown, extra: Record<string, string> = {}) {
  const eventPath = path.join(tmp, `event-${event}-${Date.now()}.json`);
  await writeFile(eventPath, JSON.stringify(payload));
  return {
    ...process.env,
    GITHUB_API_URL: api.url,
    GITHUB_REPOSITORY: 'pickdriver/pickdriver',
    GITHUB_RUN_ID: String(CURRENT_RUN),
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: eventPath,
    ...extra,
  };
}

function context(env: NodeJS.ProcessEnv, window = 3) {
  const log = new MemoryLogger();
  const ctx: DrillContext = {
    config: loadConfig({
      'backup-source': 'backups/',
      baseline: 'auto',
      'baseline-window': String(window),
      'github-token': TOKEN,
    }),
    log,
    secrets: new SecretRegistry(),
    env,
  };
  return { ctx, log };
}

let day = 0;
/** A workflow run, created a day before the previous one added. */
function addRun(id: number, overrides: Partial<FakeRun> = {}): FakeRun {
  const run: FakeRun = {
    id,
    workflowId: 77,
    workflowFile: 'drill.yml',
    headBranch: 'main',
    event: 'schedule',
    conclusion: 'success',
    createdAt: new Date(Date.parse('2026-05-01T03:00:00Z') - ++day * 86_400_000).toISOString(),
    ...overrides,
  };
  api.runs.push(run);
  return run;
}

function addReportArtifact(run: FakeRun, opts: { expired?: boolean; report?: unknown } = {}) {
  const report = opts.report ?? buildReport({ runId: String(run.id), startedAt: run.createdAt });
  api.artifacts.push({
    id: run.id * 10,
    runId: run.id,
    name: 'pickdriver-vault-report',
    expired: opts.expired ?? false,
    zip: zipFiles([
      { name: 'report.json', content: JSON.stringify(report, null, 2) },
      { name: 'report.md', content: '# Drill report\n' },
    ]),
  });
}

const runIds = (reports: DrillReport[]) => reports.map((r) => r.run.runId);

describe('loadBaseline with baseline: auto', () => {
  it('pages through completed default-branch runs newest first, failed ones included, and stops once the window is full', async () => {
    api.maxPerPage = 4;
    day = 0;
    addReportArtifact(addRun(2001), { expired: true });
    addRun(2002, { conclusion: 'failure' }); // failed before its report: no artifact at all
    addReportArtifact(addRun(2003), { report: { ...buildReport({ runId: '2003' }), reportVersion: 99 } });
    addReportArtifact(addRun(2004));
    // Failed because of a regression: its report was uploaded anyway, and it counts.
    const regressed = addRun(2005, { conclusion: 'failure' });
    addReportArtifact(regressed, {
      report: buildReport({
        runId: '2005',
        startedAt: regressed.createdAt,
        regressions: [
          {
            checkId: 'database.critical-tables',
            metric: 'rows.public.predictions',
            baseline: 25_000,
            current: 20_000,
            threshold: 0.1,
            message: 'lost',
          },
        ],
      }),
    });
    addReportArtifact(addRun(2006, { headBranch: 'feature' }));
    // A fork's pull request from a branch it also called main.
    addReportArtifact(addRun(2007, { event: 'pull_request', headRepository: 'someone/pickdriver' }));
    for (const id of [2008, 2009, 2010, 2011]) addReportArtifact(addRun(id));

    const env = await runEnv(
      'schedule',
      { repository: { default_branch: 'main' } },
      { GITHUB_WORKFLOW_REF: 'pickdriver/pickdriver/.github/workflows/drill.yml@refs/heads/main' },
    );
    const { ctx, log } = context(env, 3);
    const { info, reports } = await loadBaseline(ctx, { run: buildReport({ runId: String(CURRENT_RUN) }).run });

    expect(runIds(reports)).toEqual(['2004', '2005', '2008']);
    expect(info).toMatchObject({
      kind: 'auto',
      source: 'completed runs of workflow drill.yml on main (artifact pickdriver-vault-report)',
    });
    expect(info?.runs.map((r) => [r.runId, r.source, r.result])).toEqual([
      ['2004', 'artifact 20040 of run 2004', 'passed'],
      ['2005', 'artifact 20050 of run 2005', 'regressed'],
      ['2008', 'artifact 20080 of run 2008', 'passed'],
    ]);
    expect(info?.runs[0]?.runUrl).toBe('https://github.com/pickdriver/pickdriver/actions/runs/2004');
    expect(info?.notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^run 2001 .*artifact pickdriver-vault-report expired, skipped$/),
        expect.stringMatching(
          /^run 2002 \(.*\) \(failure\): uploaded no report \(no artifact pickdriver-vault-report\), skipped$/,
        ),
        expect.stringMatching(/^run 2003 .*reportVersion 99 is unknown/),
      ]),
    );
    expect(log.lines).toContainEqual(
      expect.stringMatching(/^warning: baseline: run 2003 .*reportVersion 99 is unknown/),
    );

    // Two pages of runs, never the third; every listing asks for completed runs on main.
    const lists = api.requestsTo(/\/actions\/workflows\/drill\.yml\/runs$/);
    expect(lists.map((r) => r.query.get('page'))).toEqual(['1', '2']);
    expect(lists.every((r) => r.query.get('branch') === 'main' && r.query.get('status') === 'completed')).toBe(true);
    // Artifacts were looked up only for runs that could count, downloaded only when not expired.
    const artifactLists = api.requestsTo(/\/actions\/runs\/\d+\/artifacts$/).map((r) => r.path.split('/')[6]);
    expect(artifactLists).toEqual(['2001', '2002', '2003', '2004', '2005', '2008']);
    const zips = api.requestsTo(/\/actions\/artifacts\/\d+\/zip$/).map((r) => r.path.split('/')[6]);
    expect(zips).toEqual(['20030', '20040', '20050', '20080']);
    expect(api.requestsTo(/^\/blob\//)).toHaveLength(4);
  });

  it("on a pull request, compares with the base branch's runs, learning the workflow from the current run", async () => {
    day = 0;
    addRun(CURRENT_RUN, { headBranch: 'feature-x', event: 'pull_request', conclusion: null });
    addReportArtifact(addRun(2101, { headBranch: 'release' }));
    addReportArtifact(addRun(2102, { headBranch: 'main' }));
    addReportArtifact(addRun(2103, { headBranch: 'release', event: 'push' }));

    const env = await runEnv('pull_request', {
      pull_request: { number: 7, base: { ref: 'release' } },
      repository: { default_branch: 'main' },
    });
    const { ctx } = context(env, 5);
    const { info, reports } = await loadBaseline(ctx, { run: buildReport({ runId: String(CURRENT_RUN) }).run });

    expect(runIds(reports)).toEqual(['2101', '2103']);
    expect(info?.source).toBe('completed runs of workflow 77 on release (artifact pickdriver-vault-report)');
    expect(api.requestsTo(/\/actions\/runs\/3000$/)).toHaveLength(1);
    expect(api.requestsTo(/\/actions\/workflows\/77\/runs$/)).toHaveLength(1);
  });

  it('turns a 403 into a warning naming actions: read, with no baseline runs', async () => {
    addReportArtifact(addRun(2201));
    api.forbidden.add('actions');
    // No default branch in the event: it is asked of the repository.
    const env = await runEnv(
      'workflow_dispatch',
      {},
      {
        GITHUB_WORKFLOW_REF: 'pickdriver/pickdriver/.github/workflows/drill.yml@refs/heads/main',
      },
    );
    const { ctx, log } = context(env);
    const { info, reports } = await loadBaseline(ctx, { run: buildReport({ runId: String(CURRENT_RUN) }).run });

    expect(reports).toEqual([]);
    expect(info?.runs).toEqual([]);
    const warnings = log.lines.filter((l) => l.startsWith('warning:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('HTTP 403');
    expect(warnings[0]).toContain('permissions: actions: read');
    expect(info?.notes).toContain(warnings[0]!.slice('warning: '.length));
    expect(api.requestsTo(/^\/repos\/pickdriver\/pickdriver$/)).toHaveLength(1);
    expect(JSON.stringify(info)).not.toContain(TOKEN);
  });

  it('has no baseline off GitHub Actions', async () => {
    const { ctx } = context({ PATH: process.env.PATH });
    const { info, reports } = await loadBaseline(ctx, { run: buildReport({ runId: null }).run });
    expect(info).toBeNull();
    expect(reports).toEqual([]);
    expect(api.requests).toEqual([]);
  });
});
