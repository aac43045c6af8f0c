// Hostile legs through the merge action's own bundle (dist/merge/index.js, INPUT_* as the runner
// sets them), with report-signing-key: a leg whose report was rewritten after signing (a failed
// drill turned into passed), one signed with another key, one unsigned, one with a file added
// after signing, one whose signature file is garbage, broken JSON, an unknown result, and
// Markdown, HTML and @mentions in a signed leg's fields. Each bad leg is a failed leg named with
// its reason; the good leg keeps its verdict; the summary renders every leg's text inert; the
// key is never printed.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetReport } from '../../src/fleet/types.js';
import type { DrillReport } from '../../src/model/types.js';
import { sha256Of, signManifest } from '../../src/report/signing.js';
import { readCommandFile, runBundle, runnerFiles } from '../helpers/bundles.js';
import { passedReport } from '../report/sample-reports.js';

const KEY = 'fleet-signing-key-9f8e7d6c5b4a';
const STACK = /\n\s+at .+[:(]\d+:\d+/;
let dir: string;

/** A leg's report folder as a drill writes it: report.json, report.md and, with a key, the signature. */
async function leg(name: string, report: unknown, key: string | null = KEY): Promise<string> {
  const folder = path.join(dir, 'legs', name);
  await mkdir(folder, { recursive: true });
  const json = Buffer.from(typeof report === 'string' ? report : `${JSON.stringify(report, null, 2)}\n`);
  const md = Buffer.from(`# drill ${name}\n`);
  await writeFile(path.join(folder, 'report.json'), json);
  await writeFile(path.join(folder, 'report.md'), md);
  if (key !== null) {
    const entries = [
      { name: 'report.json', sha256: sha256Of(json) },
      { name: 'report.md', sha256: sha256Of(md) },
    ];
    await writeFile(path.join(folder, 'report.json.sig'), signManifest(entries, key));
  }
  return folder;
}

const named = (name: string, overrides: Partial<DrillReport> = {}): DrillReport => ({
  ...passedReport(),
  drillName: name,
  ...overrides,
});

function failedReport(name: string): DrillReport {
  const r = named(name);
  return {
    ...r,
    result: 'failed',
    checks: r.checks.map((c) =>
      c.id === 'restore.completed' ? { ...c, status: 'fail', summary: 'pg_restore exited with 1' } : c,
    ),
  };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pdv-merge-hostile-'));
  await leg('good', named('good'));
  // A failed drill, signed; then its report.json rewritten to say passed with every check ok.
  const forged = await leg('forged', failedReport('forged'));
  await writeFile(path.join(forged, 'report.json'), `${JSON.stringify(named('forged'), null, 2)}\n`);
  await leg('other-key', named('other-key'), 'some-other-key');
  await leg('unsigned', named('unsigned'), null);
  const added = await leg('added', named('added'));
  await writeFile(path.join(added, 'notes.md'), 'added after signing\n');
  const garbage = await leg('garbage-sig', named('garbage-sig'));
  await writeFile(path.join(garbage, 'report.json.sig'), `${'0'.repeat(64)}\n`);
  await leg('broken-json', '{"reportVersion": 1, "result": "passed", "checks": [');
  await leg('unknown-result', named('unknown-result', { result: 'splendid' as DrillReport['result'] }));
  const hostile = named('markdown');
  await leg('markdown', {
    ...hostile,
    result: 'failed',
    backup: { ...hostile.backup, id: '![x](https://evil.example/pixel.png) [y](https://evil.example) @mallory' },
    checks: [
      ...hostile.checks.filter((c) => c.id !== 'restore.completed'),
      {
        id: 'restore.completed',
        status: 'fail',
        summary: '<img src=x onerror=alert(1)> [click](https://evil.example/login) @mallory #1 **bold**',
        details: null,
        durationMs: 1,
      },
    ],
  });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the merge action with hostile legs and report-signing-key', () => {
  it('bad legs are failed legs with their reason, the good leg passes, everything renders inert', async () => {
    const files = await runnerFiles();
    const reportDir = path.join(files.dir, 'fleet');
    const run = await runBundle('dist/merge/index.js', {
      env: {
        INPUT_REPORTS: path.join(dir, 'legs'),
        'INPUT_REPORT-SIGNING-KEY': KEY,
        'INPUT_REPORT-DIR': reportDir,
        'INPUT_ARTIFACT-NAME': '',
        'INPUT_PR-COMMENT': 'off',
        'INPUT_JOB-SUMMARY': 'true',
        GITHUB_OUTPUT: files.output,
        GITHUB_STEP_SUMMARY: files.summary,
        RUNNER_TEMP: files.dir,
      },
    });
    const output = run.stdout + run.stderr;
    expect(output).not.toMatch(STACK);
    expect(run.code, output).toBe(1);
    const fleet = JSON.parse(await readFile(path.join(reportDir, 'fleet.json'), 'utf8')) as FleetReport;
    const row = (name: string) => fleet.drills.find((d) => d.name === name);

    expect(row('good')).toMatchObject({ result: 'passed' });
    const signature = /fails its signature check \(report-signing-key\)/;
    expect(row('forged')?.result).toBe('failed');
    expect(row('forged')?.reason).toMatch(signature);
    expect(row('forged')?.reason).toMatch(/report\.json: changed after signing/);
    expect(row('other-key')?.reason).toMatch(/signature INVALID/);
    expect(row('unsigned')?.reason).toMatch(/cannot read the signature .*report\.json\.sig: no such file/);
    expect(row('added')?.reason).toMatch(/notes\.md: added after signing/);
    expect(row('garbage-sig')?.reason).toMatch(/signature INVALID/);
    expect(row('broken-json')?.reason).toMatch(/is not a drill report/);
    expect(row('unknown-result')).toMatchObject({ result: 'failed', reason: 'unknown result "splendid"' });
    expect(row('markdown')?.result).toBe('failed');
    for (const name of ['forged', 'other-key', 'unsigned', 'added', 'garbage-sig', 'broken-json']) {
      expect(row(name)?.result, name).toBe('failed');
    }
    expect(fleet.counts).toMatchObject({ drills: 9, passed: 1, failed: 8 });
    expect(fleet.notes.join('\n')).toContain("each leg's report.json.sig checked with report-signing-key");

    const outputs = await readCommandFile(files.output);
    expect(outputs).toMatchObject({ result: 'failed', drills: '9', failed: '8' });

    // fleet.md and the job summary: no live link, image or mention from a leg.
    const summary = await readFile(files.summary, 'utf8');
    const md = await readFile(path.join(reportDir, 'fleet.md'), 'utf8');
    for (const text of [summary, md]) {
      expect(text).toContain('markdown');
      const html = micromark(text, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
      expect(html).not.toMatch(/<img|href="https:\/\/evil|href="javascript/);
      expect(html.replace(/<code[^>]*>[\s\S]*?<\/code>/g, '')).not.toMatch(/@mallory/);
    }
    // ::add-mask:: is the runner's own command that hides the key: the one place it is given.
    const shown = output.replace(/^::add-mask::.*$/gm, '');
    for (const text of [shown, summary, md, await readFile(path.join(reportDir, 'fleet.json'), 'utf8')]) {
      expect(text).not.toContain(KEY);
    }
    await rm(files.dir, { recursive: true, force: true });
  });

  it('without the key the same forged leg would pass: the key is what catches it', async () => {
    const files = await runnerFiles();
    const reportDir = path.join(files.dir, 'fleet');
    const run = await runBundle('dist/merge/index.js', {
      env: {
        INPUT_REPORTS: path.join(dir, 'legs', 'forged'),
        'INPUT_REPORT-DIR': reportDir,
        'INPUT_ARTIFACT-NAME': '',
        'INPUT_PR-COMMENT': 'off',
        GITHUB_OUTPUT: files.output,
        GITHUB_STEP_SUMMARY: files.summary,
      },
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect((await readCommandFile(files.output)).result).toBe('passed');
    await rm(files.dir, { recursive: true, force: true });
  });
});
