// `pickdriver-vault merge` through the command-line bundle: leg reports from files and folders
// (as actions/download-artifact lays them out), one row per drill, the worst leg's result,
// expected legs without a report named as failed, the exit status per --fail-on, and fleet.json
// valid against its published schema.
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FleetReport } from '../../src/fleet/types.js';
import type { DrillReport } from '../../src/model/types.js';
import { ROOT, runBundle } from '../helpers/bundles.js';
import { nothingFoundReport, passedReport, regressedReport } from '../report/sample-reports.js';

let work: string;
let validate: ReturnType<Ajv2020.default['compile']>;

async function writeReport(file: string, report: DrillReport): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(report));
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'pdv-merge-cli-'));
  // Three legs as download-artifact leaves them: one folder per artifact.
  await writeReport(path.join(work, 'legs/pickdriver-vault-report-shard-1/report.json'), {
    ...passedReport(),
    drillName: 'shard-1',
  });
  await writeReport(path.join(work, 'legs/pickdriver-vault-report-shard-2/report.json'), {
    ...regressedReport(),
    drillName: 'shard-2',
  });
  // A report from before drill-name existed: no drillName at all (Swift-style left out), named by its folder.
  const { drillName: _, ...unnamed } = nothingFoundReport();
  await mkdir(path.join(work, 'legs/legacy-leg'), { recursive: true });
  await writeFile(path.join(work, 'legs/legacy-leg/report.json'), JSON.stringify(unnamed));
  await writeFile(path.join(work, 'legs/notes.json'), '{"not": "a report"}');
  const schema = JSON.parse(await readFile(path.join(ROOT, 'schema/fleet-report.schema.json'), 'utf8'));
  const ajv = new Ajv2020.default({ allErrors: true, strict: true });
  addFormats.default(ajv);
  validate = ajv.compile(schema);
});

async function merge(args: string[]) {
  const out = await mkdtemp(path.join(work, 'out-'));
  const run = await runBundle('dist/cli/index.js', { args: ['merge', ...args, '--report-dir', out] });
  const json = await readFile(path.join(out, 'fleet.json'), 'utf8').catch(() => null);
  return {
    run,
    fleet: json === null ? null : (JSON.parse(json) as FleetReport),
    markdown: await readFile(path.join(out, 'fleet.md'), 'utf8').catch(() => ''),
  };
}

describe('pickdriver-vault merge', () => {
  it('merges a folder of legs into one verdict: the worst leg, one row per drill, missing legs failed', async () => {
    const { run, fleet, markdown } = await merge([
      path.join(work, 'legs'),
      '--expected-drills',
      'shard-1, shard-2,legacy-leg,shard-9',
    ]);
    expect(run.code, run.stderr).toBe(1);
    expect(validate(fleet), JSON.stringify(validate.errors)).toBe(true);
    expect(fleet?.result).toBe('failed');
    expect(fleet?.drills.map((d) => [d.name, d.result, d.reported])).toEqual([
      ['legacy-leg', 'failed', true],
      ['shard-1', 'passed', true],
      ['shard-2', 'regressed', true],
      ['shard-9', 'failed', false],
    ]);
    expect(fleet?.counts).toEqual({ drills: 4, passed: 1, warned: 0, regressed: 1, failed: 2, missing: 1 });
    expect(fleet?.drills[3]?.reason).toBe(
      'no report from leg shard-9: the job failed before writing one (or did not upload it)',
    );
    expect(fleet?.drills[2]?.regressions.map((r) => r.checkId)).toEqual([
      'restore.duration',
      'database.critical-tables',
    ]);
    expect(fleet?.drills[0]?.failedChecks.map((c) => c.id)).toEqual(['backup.found']);
    expect(fleet?.drills[1]).toMatchObject({ backupAgeSeconds: 7200, restoreDurationMs: 42_250 });

    const lines = markdown.split('\n');
    expect(lines[0]).toBe('### PickDriver backup fleet');
    expect(lines[2]).toBe('❌ **failed** — 4 drills: 2 failed (legacy-leg, shard-9), 1 regressed (shard-2)');
    const rows = lines.filter((l) => l.startsWith('| `'));
    expect(rows).toHaveLength(4);
    expect(rows[1]).toMatch(
      /^\| `shard-1` \| ✅ passed \| 2h 00m \| 42\.3 s \| 0 \| — \| \[run\]\(https:\/\/github\.com\//,
    );
    expect(rows[2]).toMatch(/^\| `shard-2` \| 📉 regressed \| 2h 00m \| 42\.3 s \| 2 \| — \|/);
    expect(rows[3]).toContain('| `shard-9` | ❌ failed (no report) |');
    expect(markdown).toContain('- `shard-2`: users lost 94% of its rows (120 → 7)');
    expect(run.stdout).toContain('❌ failed — 4 drills');
  });

  it('passes when every leg passes; regressed legs fail only under fail-on regression or warning', async () => {
    const one = path.join(work, 'legs/pickdriver-vault-report-shard-1/report.json');
    const two = path.join(work, 'legs/pickdriver-vault-report-shard-2/report.json');
    const passed = await merge([one]);
    expect(passed.run.code).toBe(0);
    expect(passed.fleet?.result).toBe('passed');
    expect(passed.markdown).toContain('✅ **passed** — all 1 drill passed');
    expect((await merge([one, two])).run.code).toBe(1);
    const lenient = await merge([one, two, '--fail-on', 'failure']);
    expect(lenient.run.code).toBe(0);
    expect(lenient.fleet?.result).toBe('regressed');
  });

  it('refuses bad input with exit status 2 and a message naming it', async () => {
    const missing = await merge([path.join(work, 'nowhere')]);
    expect(missing.run.code).toBe(2);
    expect(missing.run.stderr).toContain(`'${path.join(work, 'nowhere')}' does not exist`);
    // A file that is no drill report is a failed leg with the reason (issue 21 §14), not a usage error.
    const notReport = await merge([path.join(work, 'legs/notes.json')]);
    expect(notReport.run.code).toBe(1);
    expect(notReport.fleet?.drills[0]?.reason).toContain('is not a drill report');
    const badName = await merge([path.join(work, 'legs'), '--expected-drills', 'shard/1']);
    expect(badName.run.code).toBe(2);
    expect(badName.run.stderr).toContain("expected-drills: expected drill-names (letters, digits, '.', '-' or '_'");
    const none = await runBundle('dist/cli/index.js', { args: ['merge'] });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('merge needs at least one report.json or folder of reports');
  });
});
