import { describe, expect, it } from 'vitest';
import type { FailOn } from '../../src/config/config.js';
import { computeResult, shouldFail } from '../../src/model/result.js';
import { runInfoFromEnv } from '../../src/model/run-info.js';
import type { CheckResult, CheckStatus, DrillResult, Regression } from '../../src/model/types.js';

const checkWith = (status: CheckStatus, id: CheckResult['id'] = 'backup.found'): CheckResult => ({
  id,
  status,
  summary: status,
  details: null,
  durationMs: 1,
});
const regression: Regression = {
  checkId: 'restore.duration',
  metric: 'restoreDurationMs',
  baseline: 1000,
  current: 3000,
  threshold: '50%',
  message: 'slower',
};

describe('computeResult', () => {
  it('is passed when every check is ok or skipped and nothing regressed', () => {
    expect(computeResult([checkWith('ok'), checkWith('skip')], [])).toBe('passed');
    expect(computeResult([], [])).toBe('passed');
  });
  it('orders failed > regressed > warned > passed', () => {
    expect(computeResult([checkWith('ok'), checkWith('warn')], [])).toBe('warned');
    expect(computeResult([checkWith('warn')], [regression])).toBe('regressed');
    expect(computeResult([checkWith('ok')], [regression])).toBe('regressed');
    expect(computeResult([checkWith('warn'), checkWith('fail')], [regression])).toBe('failed');
    expect(computeResult([checkWith('fail')], [])).toBe('failed');
  });
});

describe('shouldFail', () => {
  const table: Record<FailOn, Record<DrillResult, boolean>> = {
    failure: { passed: false, warned: false, regressed: false, failed: true },
    regression: { passed: false, warned: false, regressed: true, failed: true },
    warning: { passed: false, warned: true, regressed: true, failed: true },
    never: { passed: false, warned: false, regressed: false, failed: false },
  };
  for (const [failOn, results] of Object.entries(table) as [FailOn, Record<DrillResult, boolean>][]) {
    for (const [result, expected] of Object.entries(results) as [DrillResult, boolean][]) {
      it(`fail-on ${failOn}: a ${result} drill ${expected ? 'fails' : 'passes'} the job`, () => {
        expect(shouldFail(result, failOn)).toBe(expected);
      });
    }
  }
});

describe('runInfoFromEnv', () => {
  const started = new Date('2026-03-01T04:00:00.000Z');

  it('reads the GitHub Actions variables and links to the run', () => {
    const info = runInfoFromEnv(
      {
        GITHUB_EVENT_NAME: 'schedule',
        GITHUB_REPOSITORY: 'pickdriver/ops',
        GITHUB_WORKFLOW: 'Backup drill',
        GITHUB_RUN_ID: '123456',
        GITHUB_RUN_ATTEMPT: '2',
        GITHUB_REF: 'refs/heads/main',
        GITHUB_SHA: 'abc123',
        GITHUB_ACTOR: 'octocat',
        GITHUB_SERVER_URL: 'https://github.com/',
      },
      started,
    );
    expect(info).toEqual({
      trigger: 'schedule',
      repository: 'pickdriver/ops',
      workflow: 'Backup drill',
      runId: '123456',
      runAttempt: 2,
      ref: 'refs/heads/main',
      sha: 'abc123',
      actor: 'octocat',
      serverUrl: 'https://github.com/',
      runUrl: 'https://github.com/pickdriver/ops/actions/runs/123456',
      startedAt: '2026-03-01T04:00:00.000Z',
      finishedAt: null,
    });
  });

  it('is a manual run with nulls and no link off GitHub', () => {
    const info = runInfoFromEnv({ GITHUB_REPOSITORY: '' }, started);
    expect(info.trigger).toBe('manual');
    expect(info.repository).toBeNull();
    expect(info.runAttempt).toBeNull();
    expect(info.runUrl).toBeNull();
    expect(info.startedAt).toBe('2026-03-01T04:00:00.000Z');
  });

  it('keeps other event names as they are', () => {
    expect(runInfoFromEnv({ GITHUB_EVENT_NAME: 'pull_request' }, started).trigger).toBe('pull_request');
    expect(runInfoFromEnv({ GITHUB_EVENT_NAME: 'workflow_dispatch' }, started).trigger).toBe('workflow_dispatch');
  });
});
