// examples/checks.yml, the checks-file the README points to, drilled as a user would: the action
// bundle with `checks-file: examples/checks.yml` against a backup of a PickDriver database.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import type { DrillReport } from '../../src/model/types.js';
import { ROOT, readCommandFile, runBundle, runnerFiles } from '../helpers/bundles.js';
import { createDrillWorld, type DrillWorld } from '../helpers/drill-world.js';
import { queryDb } from '../helpers/postgres.js';

const EXAMPLE = path.join(ROOT, 'examples/checks.yml');
let world: DrillWorld;

beforeAll(async () => {
  world = await createDrillWorld({ api: false });
  await world.backup('custom', 'pickdriver.dump');
});
afterAll(async () => {
  await world?.close();
});

describe('examples/checks.yml', () => {
  it('runs every check of the example through the action bundle, as custom.<name>', async () => {
    const files = await runnerFiles();
    const run = await runBundle('dist/index.js', {
      inputs: {
        'backup-source': world.dir,
        'checks-file': EXAMPLE,
        'database-url': world.adminUrl,
        'drill-database': world.drillDatabase,
        'keep-database': 'true',
        baseline: 'none',
        'artifact-name': '',
        'report-dir': path.join(files.dir, 'report'),
      },
      env: { GITHUB_OUTPUT: files.output, GITHUB_STATE: files.state, GITHUB_STEP_SUMMARY: files.summary },
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const outputs = await readCommandFile(files.output);
    const report = JSON.parse(await readFile(outputs['report-json'] as string, 'utf8')) as DrillReport;

    const example = YAML.parse(await readFile(EXAMPLE, 'utf8')) as { checks: { name: string }[] };
    const custom = report.checks.filter((c) => c.id.startsWith('custom.'));
    expect(custom.map((c) => c.id)).toEqual(example.checks.map((c) => `custom.${c.name}`));

    // The fixture's picks are as old as its season: the freshness check (severity warn) judges that.
    const { rows } = await queryDb<{ stale: boolean }>(
      world.source.url,
      "SELECT max(picked_at) < now() - interval '14 days' AS stale FROM player_picks",
    );
    const freshness = rows[0]?.stale ? 'warn' : 'ok';
    const status = Object.fromEntries(custom.map((c) => [c.id, c.status]));
    expect(status).toEqual({
      'custom.one-active-season': 'ok',
      'custom.races-have-a-season': 'ok',
      'custom.leagues-have-members': 'ok',
      'custom.users-present': 'ok',
      'custom.picks-present': 'ok',
      'custom.fresh-picks': freshness,
    });
    expect(outputs.result).toBe(freshness === 'warn' ? 'warned' : 'passed');
    expect(await readFile(files.summary, 'utf8')).toContain('custom.one-active-season');
  }, 180_000);
});
