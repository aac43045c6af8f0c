// The README's first command: `pickdriver-vault demo` runs a whole drill with nothing configured
// and leaves nothing behind.
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBundle } from '../helpers/bundles.js';
import { adminQuery, adminUrl } from '../helpers/postgres.js';

describe('pickdriver-vault demo', () => {
  it('builds a PickDriver database and a backup, drills it through the stand-in, and cleans up', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pdv-demo-'));
    const run = await runBundle('dist/cli/index.js', {
      args: ['demo', '--scale', '0.05', '--report-dir', path.join(dir, 'report')],
      env: { PICKDRIVER_VAULT_DATABASE_URL: await adminUrl() },
      cwd: dir,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/demo: PASSED — report: .*report\.json/);
    expect(run.stdout).toMatch(/✔ api\.validate/);
    expect(run.stderr).toContain('Maintenance');

    const report = JSON.parse(await readFile(path.join(dir, 'report', 'report.json'), 'utf8'));
    expect(report.result).toBe('passed');
    expect(report.api.version).toBe('demo');
    expect(report.backup.checksumVerified).toBe(true);
    const md = await readFile(path.join(dir, 'report', 'report.md'), 'utf8');
    expect(md.split('\n')[0]).toMatch(/passed/);

    const { rows } = await adminQuery(
      "SELECT datname FROM pg_database WHERE datname LIKE 'pickdriver_demo_%' AND datname NOT IN (SELECT datname FROM pg_stat_activity WHERE datname IS NOT NULL)",
    );
    expect(rows).toEqual([]);
  });
});
