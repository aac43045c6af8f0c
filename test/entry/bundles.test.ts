// Each bundle must start cleanly under this machine's Node and under Node 24 (GitHub's node24):
// no ERR_REQUIRE_ESM, no "Dynamic require" from the ESM-only toolkit.
import { describe, expect, it } from 'vitest';
import { nodeBinaries, readCommandFile, runBundle, runnerFiles } from '../helpers/bundles.js';

const LOADER_FAILURES = /ERR_REQUIRE_ESM|Dynamic require|ERR_MODULE_NOT_FOUND|Cannot find module|SyntaxError/;

describe.each(nodeBinaries())('bundles under $label', ({ path: node }) => {
  it('dist/index.js reads its inputs and names a missing required one', async () => {
    const files = await runnerFiles();
    const run = await runBundle('dist/index.js', {
      node,
      inputs: { 'drill-database': 'production' },
      env: { GITHUB_OUTPUT: files.output, GITHUB_STATE: files.state },
    });
    expect(run.stdout + run.stderr).not.toMatch(LOADER_FAILURES);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::Invalid input:');
    expect(run.stdout).toContain('backup-source: required');
    expect(run.stdout).toContain("drill-database: 'production' is a restricted name");
    // Nothing ran, so nothing is left for the post step.
    expect(await readCommandFile(files.state)).toEqual({});
  });

  it('dist/post/index.js starts and has nothing to undo when the main step saved nothing', async () => {
    // The main step's state says it ran and made nothing (no state at all: test/entry/first-use.test.ts).
    const run = await runBundle('dist/post/index.js', {
      node,
      inputs: { 'backup-source': 'backups/' },
      env: { 'STATE_main-started': 'true' },
    });
    expect(run.stdout + run.stderr).not.toMatch(LOADER_FAILURES);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Nothing to clean up.');
  });

  it('dist/cli/index.js prints its usage and exits 2 on a bad input', async () => {
    const help = await runBundle('dist/cli/index.js', { node, args: ['drill', '--help'] });
    expect(help.stderr).not.toMatch(LOADER_FAILURES);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('pickdriver-vault drill --backup-source');
    expect(help.stdout).toContain('--max-restore-time');

    const bad = await runBundle('dist/cli/index.js', {
      node,
      args: ['drill', '--backup-source', 'backups/', '--fail-on', 'sometimes'],
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("fail-on: expected one of failure, regression, warning, never, got 'sometimes'");
  });
});
