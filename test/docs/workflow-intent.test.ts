// Every workflow of the README, examples/ and .github/workflows/ run in the head, event by event
// and matrix leg by matrix leg (expressions evaluated): it grants what the README's permissions
// table says its features need; drills with another backup-select neither share a baseline nor
// compare older backups with newer ones; a pull request's baseline: auto has runs of the base branch
// to find; a job with a postgres service installs that major's client; fleet legs are told apart.
// Inputs are read from action.yml (defaults included), never from a list kept here.
import { beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { type Context, jobRuns, resolveValue } from './workflow-expression.js';
import {
  allWorkflows,
  isDrillStep,
  isMergeStep,
  readText,
  type Step,
  type Workflow,
  type WorkflowSource,
} from './workflow-files.js';

interface Run {
  where: string;
  job: string;
  ctx: Context;
  event: string;
  step: Step;
  merge: boolean;
  /** The step's inputs as the runner passes them: defaults of action.yml, then `with:`, evaluated. */
  inputs: Record<string, string>;
  permissions: unknown;
  steps: Step[];
}

const REPOSITORY = 'pickdriver/pickdriver-ops';
let action: Workflow;
let merge: Workflow;
let sources: WorkflowSource[];
let runs: Run[];
let table: { feature: string; needs: [string, string][] }[];

/** One context per way the workflow starts: each cron, push, pull_request (same repository), dispatch. */
function contexts(doc: Workflow): { event: string; ctx: Context }[] {
  const on = typeof doc?.on === 'string' ? { [doc.on]: {} } : (doc?.on ?? { unknown: {} });
  const out: { event: string; ctx: Context }[] = [];
  for (const [event, spec] of Object.entries<Workflow>(on)) {
    const github = { event_name: event, repository: REPOSITORY, ref: 'refs/heads/main', event: {} as Workflow };
    if (event === 'schedule') {
      for (const { cron } of spec as { cron: string }[]) {
        out.push({ event, ctx: { github: { ...github, event: { schedule: cron } } } });
      }
      continue;
    }
    if (event === 'pull_request') {
      github.event = { pull_request: { head: { repo: { full_name: REPOSITORY } } } };
      github.ref = 'refs/pull/1/merge';
    }
    const inputs = Object.fromEntries(
      Object.entries<Workflow>(spec?.inputs ?? {}).map(([name, input]) => [name, input.default ?? '']),
    );
    out.push({ event, ctx: { github, inputs } });
  }
  return out;
}

/** The matrix's combinations (each key's values crossed); one empty one without a matrix. */
function legs(job: Workflow): Record<string, unknown>[] {
  let combos: Record<string, unknown>[] = [{}];
  for (const [key, values] of Object.entries<unknown>(job?.strategy?.matrix ?? {})) {
    if (!Array.isArray(values)) continue;
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  }
  return combos;
}

function expand(source: WorkflowSource): Run[] {
  const { doc } = source;
  // A fragment of steps (with or without permissions) is one job.
  const jobs: Record<string, Workflow> = doc?.jobs ?? { fragment: { steps: doc?.steps ?? [], 'runs-on': null } };
  const out: Run[] = [];
  for (const { event, ctx: base } of contexts(doc)) {
    for (const [name, job] of Object.entries(jobs)) {
      for (const matrix of legs(job)) {
        const ctx = { ...base, matrix };
        if (!jobRuns(job.if, ctx)) continue;
        const steps: Step[] = job.steps ?? [];
        for (const step of steps.filter((s) => isDrillStep(s) || isMergeStep(s))) {
          const m = isMergeStep(step);
          const declared: Record<string, Workflow> = (m ? merge : action).inputs;
          const inputs: Record<string, string> = {};
          for (const [key, spec] of Object.entries(declared)) inputs[key] = String(spec.default ?? '');
          for (const [key, value] of Object.entries(step.with ?? {})) inputs[key] = resolveValue(value, ctx);
          out.push({
            where: source.where,
            job: name,
            ctx,
            event,
            step,
            merge: m,
            inputs,
            permissions: job.permissions ?? doc.permissions,
            steps,
          });
        }
      }
    }
  }
  return out;
}

/** Does a run use the feature of this row of the README's permissions table? */
function usesFeature(feature: string, run: Run): boolean {
  const i = run.inputs;
  if (feature.startsWith('the drill itself')) return !run.merge;
  if (feature.startsWith('`baseline: auto`')) return !run.merge && i.baseline === 'auto';
  if (feature.startsWith('`backup-source: artifact:'))
    return !run.merge && (i['backup-source'] ?? '').startsWith('artifact:');
  if (feature.startsWith('`pr-comment: auto`')) return i['pr-comment'] === 'auto' && run.event === 'pull_request';
  if (feature.startsWith('`backup-source: s3://')) {
    const oidc = run.steps.some(
      (s) => s.uses?.startsWith('aws-actions/configure-aws-credentials') && s.with?.['role-to-assume'],
    );
    return !run.merge && (i['backup-source'] ?? '').startsWith('s3://') && oidc;
  }
  if (feature.startsWith('`api-url` checks')) return false; // a secret, no GitHub permission
  if (feature.startsWith('the merge action')) return run.merge && i.reports === '';
  throw new Error(
    `the README's permissions table has a row this test does not know: '${feature}'; teach usesFeature()`,
  );
}

function grants(permissions: unknown, name: string, level: string): boolean {
  if (permissions === 'write-all') return true;
  if (permissions === 'read-all') return level === 'read';
  const given = (permissions as Record<string, string> | undefined)?.[name];
  return given === level || (level === 'read' && given === 'write');
}

beforeAll(async () => {
  action = YAML.parse(await readText('action.yml'));
  merge = YAML.parse(await readText('merge/action.yml'));
  sources = await allWorkflows();
  runs = sources.flatMap(expand);
  const readme = await readText('README.md');
  const section = readme.slice(
    readme.indexOf('## Permissions'),
    readme.indexOf('\n## ', readme.indexOf('## Permissions') + 1),
  );
  table = section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| feature') && !line.startsWith('| ---'))
    .map((line) => {
      const [feature = '', needs = ''] = line.slice(2, -2).split(' | ');
      const pairs = [...needs.matchAll(/`([a-z-]+): (read|write)`/g)].map((m) => [m[1], m[2]] as [string, string]);
      return { feature, needs: pairs };
    });
});

describe('the workflows of the README, examples/ and .github/workflows/', () => {
  it('are all read, drills and merges alike', () => {
    expect(sources.length).toBeGreaterThanOrEqual(8);
    expect(runs.some((r) => r.merge)).toBe(true);
    expect(new Set(runs.map((r) => r.where)).size).toBeGreaterThanOrEqual(6);
    expect(table.length).toBeGreaterThanOrEqual(6);
  });

  it("grant every permission the README's permissions table says their features need", () => {
    const problems: string[] = [];
    for (const run of runs) {
      // A bare step shows the step, not the job's permissions.
      if (run.job === 'fragment' && run.permissions === undefined) continue;
      if (run.permissions === undefined) {
        problems.push(`${run.where} job ${run.job}: no permissions: (the repository's default token is used)`);
        continue;
      }
      for (const row of table) {
        if (!usesFeature(row.feature, run)) continue;
        for (const [name, level] of row.needs) {
          if (!grants(run.permissions, name, level))
            problems.push(`${run.where} job ${run.job} on ${run.event}: ${row.feature} needs ${name}: ${level}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('never let drills of another backup-select share a baseline, nor compare an older backup with newer ones', () => {
    const problems: string[] = [];
    const byWorkflow = groupBy(
      runs.filter((r) => !r.merge),
      (r) => r.where,
    );
    for (const [where, drills] of byWorkflow) {
      for (const d of drills.filter((r) => r.inputs['backup-select'] !== 'newest' && r.inputs.baseline !== 'none')) {
        problems.push(
          `${where} on ${d.event}: backup-select ${d.inputs['backup-select']} compares with baseline ${d.inputs.baseline}`,
        );
      }
      const byName = groupBy(drills, (r) => r.inputs['drill-name'] ?? '');
      for (const [name, same] of byName) {
        const selects = new Set(same.map((r) => r.inputs['backup-select']));
        if (selects.size > 1)
          problems.push(`${where}: drill-name '${name}' is shared by backup-select ${[...selects].join(' and ')}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("give a pull request's baseline: auto runs of the base branch to find", () => {
    const problems: string[] = [];
    for (const pr of runs.filter((r) => !r.merge && r.event === 'pull_request' && r.inputs.baseline === 'auto')) {
      const onMain = runs.filter(
        (r) =>
          r.where === pr.where &&
          r.job === pr.job &&
          r.event !== 'pull_request' &&
          r.inputs['drill-name'] === pr.inputs['drill-name'],
      );
      if (onMain.length === 0)
        problems.push(`${pr.where}: baseline: auto on pull_request, but no run of job ${pr.job} off pull requests`);
    }
    expect(problems).toEqual([]);
  });

  it("install the PostgreSQL client of the job's postgres service before the drill", () => {
    const problems: string[] = [];
    for (const source of sources) {
      for (const [name, job] of Object.entries<Workflow>(source.doc?.jobs ?? {})) {
        const major = /postgres:(\d+)/.exec(job?.services?.postgres?.image ?? '')?.[1];
        const steps: Step[] = job?.steps ?? [];
        const drill = steps.findIndex(isDrillStep);
        if (major === undefined || drill < 0) continue;
        const withInputs = steps[drill]?.with ?? {};
        const installs = steps.findIndex((s) => s.run?.includes(`postgresql-client-${major}`));
        // pg-client-install defaults to auto (action.yml): the drill installs the client itself.
        const byAction =
          String(withInputs['pg-client-install'] ?? action.inputs['pg-client-install']?.default) === 'auto';
        if (!byAction && (installs < 0 || installs > drill))
          problems.push(
            `${source.where} job ${name}: postgres:${major} service but no postgresql-client-${major} before the drill`,
          );
        const onPath = steps[installs]?.run?.includes(`/usr/lib/postgresql/${major}/bin`) ?? false;
        if (!byAction && installs >= 0 && !onPath && withInputs['pg-bin-dir'] !== `/usr/lib/postgresql/${major}/bin`)
          problems.push(
            `${source.where} job ${name}: the client ${major} is installed but neither pg-bin-dir nor PATH names it`,
          );
      }
    }
    expect(problems).toEqual([]);
  });

  it('tell fleet legs apart, and let the merge job write the one comment', () => {
    const fleets = sources.filter((s) => stepsOf(s.doc).some(isMergeStep));
    expect(fleets.length).toBeGreaterThanOrEqual(1);
    for (const fleet of fleets) {
      const legsRun = runs.filter((r) => r.where === fleet.where && !r.merge);
      for (const event of new Set(legsRun.map((r) => r.event))) {
        const names = legsRun.filter((r) => r.event === event).map((r) => r.inputs['drill-name']);
        expect(new Set(names).size, `${fleet.where} on ${event}: ${names.join(', ')}`).toBe(names.length);
        expect(
          names.every((n) => n !== ''),
          fleet.where,
        ).toBe(true);
      }
      const mergeRuns = runs.filter((r) => r.where === fleet.where && r.merge);
      expect(mergeRuns.length, `${fleet.where}: the merge job runs`).toBeGreaterThan(0);
      if (mergeRuns.some((r) => r.event === 'pull_request' && r.inputs['pr-comment'] === 'auto')) {
        for (const leg of legsRun) expect(leg.inputs['pr-comment'], `${fleet.where} leg`).toBe('off');
      }
      const mergeJob = Object.values<Workflow>(fleet.doc.jobs).find((j) => (j.steps ?? []).some(isMergeStep));
      expect(String(mergeJob?.if ?? '')).toContain('always()');
      expect(mergeJob?.needs).toBeTruthy();
    }
  });
});

function stepsOf(doc: Workflow): Step[] {
  return Object.values<Workflow>(doc?.jobs ?? {}).flatMap((j) => j.steps ?? []);
}

/** Map.groupBy, which Node 20 lacks. */
function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}
