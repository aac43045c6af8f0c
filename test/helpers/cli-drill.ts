// One drill through the command-line bundle, as a user runs `pickdriver-vault drill`: the
// database kept for the test to read, no baseline, the report read back.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type BundleRun, runBundle, runnerFiles } from './bundles.js';

export interface CliDrill {
  run: BundleRun;
  // biome-ignore lint/suspicious/noExplicitAny: the report as JSON, read by the test's own assertions
  report: any;
}

/** `inputs` as `--<name> <value>` flags, after backup-source, database-url and drill-database. */
export async function cliDrill(
  target: { backup: string; adminUrl: string; drillDatabase: string },
  inputs: Record<string, string> = {},
): Promise<CliDrill> {
  const files = await runnerFiles();
  const reportDir = path.join(files.dir, 'report');
  const flags = {
    'backup-source': target.backup,
    'database-url': target.adminUrl,
    'drill-database': target.drillDatabase,
    baseline: 'none',
    'report-dir': reportDir,
    'keep-database': 'true',
    ...inputs,
  };
  const run = await runBundle('dist/cli/index.js', {
    args: ['drill', ...Object.entries(flags).flatMap(([k, v]) => [`--${k}`, v])],
  });
  const report = JSON.parse(await readFile(path.join(reportDir, 'report.json'), 'utf8'));
  return { run, report };
}
