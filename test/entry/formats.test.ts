// Each backup format pg_dump writes, restored and checked end to end by a whole drill (the
// command-line bundle), through the PickDriver stand-in.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DumpFormat } from '../../src/demo/make-backup.js';
import { runBundle, runnerFiles } from '../helpers/bundles.js';
import { createDrillWorld, type DrillWorld } from '../helpers/drill-world.js';
import { queryDb } from '../helpers/postgres.js';

let world: DrillWorld;
beforeAll(async () => {
  world = await createDrillWorld();
});
afterAll(async () => {
  await world?.close();
});

describe.each<DumpFormat>(['custom', 'directory', 'tar', 'plain', 'plain-gzip'])('a %s backup', (format) => {
  it('restores and passes every check', async () => {
    const backup = await world.backup(format, `only-${format}`);
    const files = await runnerFiles();
    const reportDir = path.join(files.dir, 'report');
    const run = await runBundle('dist/cli/index.js', {
      args: [
        'drill',
        ...['--backup-source', backup],
        ...['--database-url', world.adminUrl],
        ...['--drill-database', world.drillDatabase],
        ...['--api-url', world.api!.url],
        ...['--internal-token', world.token],
        ...['--baseline', 'none'],
        ...['--report-dir', reportDir],
        ...(format === 'directory' ? [] : ['--backup-checksum', 'required']),
      ],
    });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(await readFile(path.join(reportDir, 'report.json'), 'utf8'));
    expect(report.result).toBe('passed');
    expect(report.backup.format).toBe(format);
    expect(report.restore.tool).toBe(format.startsWith('plain') ? 'psql' : 'pg_restore');
    const failedOrWarned = report.checks.filter((c: { status: string }) => c.status === 'fail' || c.status === 'warn');
    expect(failedOrWarned).toEqual([]);
    // The restored rows equal the source's, table by table.
    const { rows } = await queryDb(
      world.source.url,
      'SELECT (SELECT count(*) FROM player_picks)::int AS picks, (SELECT count(*) FROM users)::int AS users',
    );
    const count = (name: string) => report.database.criticalTables.find((t: { name: string }) => t.name === name).rows;
    expect(count('player_picks')).toBe(rows[0]?.picks);
    expect(count('users')).toBe(rows[0]?.users);
    // The command line cleaned up the database it created.
    expect(await world.databaseExists(world.drillDatabase)).toBe(false);
  });
});
