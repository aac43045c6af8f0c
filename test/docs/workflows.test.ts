// The workflows people copy and the ones this repository runs: every YAML block of the README
// parses, every step that uses this action (or its merge action) passes only inputs action.yml
// declares, with values the configuration accepts, the two workflows to copy have the steps they
// promise, and CI and the release workflow do what the README says.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { loadConfig } from '../../src/config/config.js';
import { loadMergeConfig } from '../../src/fleet/merge-config.js';
import { parseChecksFile } from '../../src/inspect/checks-file.js';
import { ROOT } from '../helpers/bundles.js';
import {
  allWorkflows,
  readText,
  type Step,
  stepsIn,
  THIS_ACTION,
  type Workflow,
  yamlBlocks,
} from './workflow-files.js';

const isExpression = (value: unknown) => typeof value === 'string' && value.includes('${{');

/** A GitHub filter pattern (on.push.tags) as a regular expression: `*`, `**`, `+`, `?`, `[…]`. */
function filterPattern(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        out += '.*';
        i++;
      } else out += '[^/]*';
    } else if (ch === '[') {
      const end = pattern.indexOf(']', i);
      out += pattern.slice(i, end + 1);
      i = end;
    } else if (ch === '+' || ch === '?') out += ch;
    else out += ch.replace(/[.^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

describe('the README workflows', async () => {
  const readme = await readText('README.md');
  const action = YAML.parse(await readText('action.yml'));
  const merge = YAML.parse(await readText('merge/action.yml'));
  const blocks = yamlBlocks(readme);
  // parseDocument never throws: a block that does not parse fails the first test, by name.
  const parsed = blocks.map((text) => YAML.parseDocument(text).toJS() as Workflow);
  const named = (name: string) => {
    const index = parsed.findIndex((doc) => doc?.name === name);
    expect(index, `a README workflow named '${name}'`).toBeGreaterThanOrEqual(0);
    return { doc: parsed[index], text: blocks[index] as string };
  };

  it('are YAML that parses', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(8);
    for (const text of blocks) expect(YAML.parseDocument(text).errors, text).toEqual([]);
  });

  it('pass this action only inputs of its action.yml, with values the action accepts', async () => {
    // The README's blocks, examples/ and .github/workflows/.
    const sources = await allWorkflows();
    let checked = 0;
    for (const { where, doc } of sources) {
      for (const step of stepsIn(doc)) {
        const match = THIS_ACTION.exec(step.uses ?? '');
        if (!match) continue;
        const isMerge = Boolean(match.groups?.remoteMerge || match.groups?.localMerge);
        const declared = Object.keys((isMerge ? merge : action).inputs);
        const given = step.with ?? {};
        for (const key of Object.keys(given)) expect(declared, `${where}: ${step.uses} with ${key}`).toContain(key);
        // The values go through the action's own configuration; an expression (a secret, a matrix
        // value) stands for something the action accepts: the input's default, a URL, a name.
        const raw: Record<string, string> = {};
        for (const [key, value] of Object.entries(given)) {
          const text = String(value);
          const fallback = (isMerge ? merge : action).inputs[key]?.default;
          raw[key] = /^\$\{\{[^}]*\}\}$/.test(text.trim())
            ? fallback && !isExpression(fallback)
              ? fallback
              : /url|webhook/.test(key)
                ? 'https://hooks.example.com/drill'
                : 'placeholder'
            : text.replace(/\$\{\{[^}]*\}\}/g, 'placeholder');
        }
        if (isMerge) expect(() => loadMergeConfig(raw), where).not.toThrow();
        else
          expect(
            () => loadConfig({ 'backup-source': 'backups/', ...raw }),
            `${where}: ${JSON.stringify(raw)}`,
          ).not.toThrow();
        checked++;
      }
    }
    // README: the first example, S3, the weekly one, nightly, pull request, fleet leg and merge; e2e: one.
    expect(checked).toBeGreaterThanOrEqual(8);
  });

  it('show a checks-file the action reads', async () => {
    const checksBlocks = parsed.filter((doc) => doc && typeof doc === 'object' && 'checks' in doc);
    expect(checksBlocks).toHaveLength(1);
    const checks = await parseChecksFile(YAML.stringify(checksBlocks[0]), 'README.md');
    expect(checks.map((c) => c.kind).sort()).toEqual(['freshness', 'min-rows', 'sql']);
  });

  it('drill S3 nightly with an OIDC role, the PostgreSQL client of the server major (pg-client-install), and required checksums', () => {
    const { doc, text } = named('Nightly restore drill');
    expect(doc.permissions['id-token']).toBe('write');
    expect(doc.permissions.actions).toBe('read');
    const [job] = Object.values(doc.jobs) as Workflow[];
    const steps: Step[] = job.steps;
    const serverMajor = /postgres:(\d+)/.exec(job.services.postgres.image)?.[1];

    const aws = steps.findIndex((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    expect(aws).toBeGreaterThanOrEqual(0);
    expect(steps[aws]?.with?.['role-to-assume']).toMatch(/^arn:aws:iam::\d{12}:role\//);
    expect(Object.keys(steps[aws]?.with ?? {})).not.toContain('aws-secret-access-key');
    expect(text).not.toMatch(/AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID|aws-access-key-id/);

    // No hand-written client step: pg-client-install (default auto) installs the server's major on
    // GitHub's Ubuntu runners, so the job neither adds PGDG nor names a pg-bin-dir.
    expect(steps.findIndex((s) => s.run?.includes('apt.postgresql.org'))).toBe(-1);
    expect(serverMajor).toMatch(/^1[3-8]$/);

    const drill = steps.findIndex((s) => THIS_ACTION.test(s.uses ?? ''));
    expect(drill).toBeGreaterThan(aws);
    const inputs = steps[drill]?.with ?? {};
    expect(inputs['pg-client-install'] ?? 'auto').toBe('auto');
    expect(inputs['pg-bin-dir']).toBeUndefined();
    expect(inputs['backup-source']).toMatch(/^s3:\/\/[^/]+\//);
    expect(inputs['backup-checksum']).toBe('required');
    // Accepting a new normal: a manual run with fail-on: never.
    expect(doc.on.workflow_dispatch.inputs['fail-on'].options).toContain('never');
    expect(inputs['fail-on']).toContain('inputs.fail-on');
  });

  it('hold a pull request behind an environment, skip forks, and say to drill anonymised dumps', () => {
    const { doc } = named('Migrations against production data');
    // Pull requests, and main's own runs as their baseline (workflow-intent.test.ts checks they are found).
    expect(Object.keys(doc.on)).toContain('pull_request');
    expect(doc.on.push.branches).toEqual(['main']);
    expect(doc.on.pull_request.paths.some((p: string) => p.includes('Migrations'))).toBe(true);
    const [job] = Object.values(doc.jobs) as Workflow[];
    expect(typeof job.environment === 'string' ? job.environment : job.environment?.name).toBeTruthy();
    expect(job.if).toMatch(/github\.event\.pull_request\.head\.repo\.full_name == github\.repository/);
    expect(doc.permissions['pull-requests']).toBe('write');
    expect(doc.permissions.contents).toBe('read');
    const drill = (job.steps as Step[]).find((s) => THIS_ACTION.test(s.uses ?? ''));
    // The migrations run as migration-command, observed, not as a bare post-restore-command.
    expect(drill?.with?.['migration-command']).toBeTruthy();
    expect(drill?.with?.['post-restore-command']).toBeUndefined();
    expect(drill?.with?.['pr-comment']).toBe('auto');
    expect(drill?.with?.['backup-checksum']).toBe('required');
    const section = readme.slice(readme.indexOf('### Pull requests'), readme.indexOf('## A fleet'));
    for (const words of [
      'required reviewers',
      'Fork pull requests get nothing',
      'no secrets',
      'anonymised dumps',
      'lock_timeout',
      'CONCURRENTLY',
      'Backfill in batches',
    ]) {
      expect(section).toContain(words);
    }
  });
});

describe('the repository workflows', async () => {
  const action = YAML.parse(await readText('action.yml'));
  const ci = YAML.parse(await readText('.github/workflows/ci.yml'));
  const release = YAML.parse(await readText('.github/workflows/release.yml'));
  const pkg = JSON.parse(await readText('package.json'));

  it('CI tests on Node 22 and 24 (the runtime action.yml names) against PostgreSQL, and checks dist/', () => {
    const test = Object.values(ci.jobs).find((job: Workflow) => job.strategy?.matrix?.node) as Workflow;
    expect(test.strategy.matrix.node).toEqual([22, 24]);
    expect(action.runs.using).toBe('node24');
    expect(test.services.postgres.image).toMatch(/^postgres:\d+$/);
    const steps: Step[] = test.steps;
    expect(steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with?.['node-version']).toBe(
      '${{ matrix.node }}',
    );
    expect(steps.some((s) => s.run?.trim() === '.ci/run')).toBe(true);
    expect(test.env.PICKDRIVER_VAULT_TEST_DATABASE_URL).toContain('127.0.0.1:5432');

    const checkDist: Step[] = ci.jobs['check-dist'].steps;
    const build = checkDist.findIndex((s) => s.run === 'npm run build');
    const compare = checkDist.findIndex((s) => s.run?.includes('git status --porcelain -- dist'));
    expect(build).toBeGreaterThan(0);
    expect(compare).toBeGreaterThan(build);
  });

  it('releases on a semver tag: checks dist/, creates the release, moves the major tag', async () => {
    const patterns: string[] = release.on.push.tags;
    const matches = (tag: string) => patterns.some((p) => filterPattern(p).test(tag));
    expect(matches('v1.2.3')).toBe(true);
    expect(matches('v10.0.11')).toBe(true);
    for (const tag of ['v1', 'v1.2', 'latest', 'v1.2.3-rc.1']) expect(matches(tag), tag).toBe(false);
    expect(release.permissions).toEqual({ contents: 'write' });

    const runs = (Object.values(release.jobs) as Workflow[])
      .flatMap((job) => job.steps as Step[])
      .map((s) => s.run ?? '');
    const at = (text: string) => runs.findIndex((r) => r.includes(text));
    expect(at('npm run build')).toBeGreaterThanOrEqual(0);
    expect(at('git status --porcelain -- dist')).toBeGreaterThan(at('npm run build'));
    expect(at('gh release create')).toBeGreaterThan(at('git status --porcelain -- dist'));
    expect(at('git push --force origin "refs/tags/$major"')).toBeGreaterThan(at('gh release create'));
    expect(runs[at('major=')]).toContain('major="${TAG%%.*}"');

    // The release notes come from CHANGELOG.md's entry for the package version.
    const changelog = await readText('CHANGELOG.md');
    expect(changelog).toContain(`## [${pkg.version}]`);
    expect(changelog).toContain('## [Unreleased]');
  });

  it('pin every third-party action to a commit', async () => {
    const files = (await readdir(path.join(ROOT, '.github/workflows'))).filter((f) => f.endsWith('.yml'));
    expect(files.sort()).toEqual(['ci.yml', 'e2e.yml', 'release.yml', 'versions.yml']);
    for (const file of files) {
      for (const step of stepsIn(YAML.parse(await readText(`.github/workflows/${file}`)))) {
        if (!step.uses || step.uses.startsWith('./')) continue;
        expect(step.uses, file).toMatch(/@[0-9a-f]{40}$/);
      }
    }
  });
});
