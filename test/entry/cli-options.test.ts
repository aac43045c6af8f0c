// Inputs that change what a drill does, each through a whole drill of the command-line bundle:
// post-restore-command (a pull request's migrations), checks-file, report-signing-key with the
// verify-report command, prometheus-textfile.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBundle, runnerFiles } from '../helpers/bundles.js';
import { createDrillWorld, type DrillWorld } from '../helpers/drill-world.js';

let world: DrillWorld;
beforeAll(async () => {
  world = await createDrillWorld({ api: false });
  await world.backup('custom', 'nightly.dump');
});
afterAll(async () => {
  await world?.close();
});

async function drill(flags: Record<string, string>) {
  const files = await runnerFiles();
  const reportDir = path.join(files.dir, 'report');
  const all: Record<string, string> = {
    'backup-source': world.backups.custom as string,
    'database-url': world.adminUrl,
    'drill-database': world.drillDatabase,
    baseline: 'none',
    'report-dir': reportDir,
    ...flags,
  };
  const run = await runBundle('dist/cli/index.js', {
    args: ['drill', ...Object.entries(all).flatMap(([k, v]) => [`--${k}`, v])],
  });
  const report = JSON.parse(await readFile(path.join(reportDir, 'report.json'), 'utf8'));
  const status = (id: string) => report.checks.find((c: { id: string }) => c.id === id)?.status;
  return { run, report, status, reportDir, dir: files.dir };
}

describe('drill inputs', () => {
  it("post-restore-command applies a pull request's migration to the restored database", async () => {
    const migration = `psql "$DRILL_DATABASE_URL" -v ON_ERROR_STOP=1 -qc "INSERT INTO _fluent_migrations (id, name, batch, created_at, updated_at) VALUES (gen_random_uuid(), 'PickdriverVaporApi.AddPickComments', 4, now(), now())" && echo "migrated $DATABASE_NAME"`;
    const d = await drill({ 'post-restore-command': migration });
    expect(d.run.code, d.run.stderr).toBe(0);
    expect(d.status('restore.post-command')).toBe('ok');
    expect(d.run.stderr).toContain(`migrated ${world.drillDatabase}`);
    expect(d.report.database.ledgerSize).toBe(20);
    expect(d.report.database.lastMigration.name).toBe('PickdriverVaporApi.AddPickComments');
    expect(d.report.database.schemaVersion).toMatch(/-b4-n20$/);

    const failing = await drill({ 'post-restore-command': 'echo "migration 0042 failed" >&2; exit 3' });
    expect(failing.run.code).toBe(1);
    expect(failing.status('restore.post-command')).toBe('fail');
    expect(JSON.stringify(failing.report.checks)).toContain('migration 0042 failed');
  });

  it('checks-file adds custom checks that pass, warn and fail', async () => {
    const file = path.join(world.dir, 'checks.yml');
    await writeFile(
      file,
      [
        'checks:',
        '  - name: active-season',
        '    sql: SELECT count(*) FROM seasons WHERE active',
        '    expect: "= 1"',
        '  - name: enough-users',
        '    table: users',
        '    min-rows: 1000000',
        '    severity: warn',
        '  - name: no-banned-drivers',
        '    sql: SELECT count(*) = 0 FROM player_bans',
      ].join('\n'),
    );
    const d = await drill({ 'checks-file': file });
    expect(d.status('custom.active-season')).toBe('ok');
    expect(d.status('custom.enough-users')).toBe('warn');
    expect(d.status('custom.no-banned-drivers')).toBe('fail');
    expect(d.report.result).toBe('failed');
    expect(d.run.code).toBe(1);

    // Nothing to restore: the custom checks are still listed, skipped with the reason.
    const nothing = await drill({ 'checks-file': file, 'backup-source': path.join(world.dir, 'no-such-folder') });
    expect(nothing.status('backup.found')).toBe('fail');
    expect(nothing.status('custom.active-season')).toBe('skip');
    expect(nothing.status('custom.no-banned-drivers')).toBe('skip');

    await writeFile(file, 'checks:\n  - name: broken\n');
    const bad = await runBundle('dist/cli/index.js', {
      args: [
        'drill',
        '--backup-source',
        world.backups.custom as string,
        '--database-url',
        world.adminUrl,
        '--drill-database',
        world.drillDatabase,
        '--baseline',
        'none',
        '--checks-file',
        file,
      ],
      // Not the checkout: whatever `npm run demo` or a drill left there must not decide this test.
      cwd: world.dir,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`checks-file (${file})`);
    // Refused before any work: nothing was restored.
    expect(bad.stderr).not.toContain('restore:');
  });

  it('counts backups among the candidates, not the checksum sidecar beside the dump', async () => {
    const folder = path.join(world.dir, 'one-backup');
    await mkdir(folder);
    const dump = world.backups.custom as string;
    await copyFile(dump, path.join(folder, 'nightly.dump'));
    await copyFile(`${dump}.sha256`, path.join(folder, 'nightly.dump.sha256'));
    const d = await drill({ 'backup-source': folder });
    expect(d.run.code, d.run.stderr).toBe(0);
    const found = d.report.checks.find((c: { id: string }) => c.id === 'backup.found');
    expect(found.summary).toMatch(/^nightly\.dump: .* \(among 1 backup\)$/);
    expect(d.run.stdout + d.run.stderr).toContain('(among 1 backup)');
    expect(d.report.backup.candidates.map((c: { verdict: string }) => c.verdict)).toEqual([
      'chosen',
      'checksum-sidecar',
    ]);
    const md = await readFile(path.join(d.reportDir, 'report.md'), 'utf8');
    expect(md).toContain('<details><summary>Backup candidates (1 backup; 1 other entry)</summary>');
  });

  it('report-signing-key signs the report, verify-report checks it, prometheus-textfile exports it', async () => {
    const prom = path.join(world.dir, 'drill.prom');
    const d = await drill({ 'report-signing-key': 'k3y-for-signing', 'prometheus-textfile': prom });
    expect(d.run.code).toBe(0);
    const json = path.join(d.reportDir, 'report.json');
    const good = await runBundle('dist/cli/index.js', {
      args: ['verify-report', json, '--report-signing-key', 'k3y-for-signing'],
    });
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('signature valid');
    const wrongKey = await runBundle('dist/cli/index.js', {
      args: ['verify-report', json, '--report-signing-key', 'other'],
    });
    expect(wrongKey.code).toBe(1);
    await writeFile(json, (await readFile(json, 'utf8')).replace('"passed"', '"failed"'));
    const tampered = await runBundle('dist/cli/index.js', {
      args: ['verify-report', json, '--report-signing-key', 'k3y-for-signing'],
    });
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain('report.json: changed after signing');

    const metrics = await readFile(prom, 'utf8');
    expect(metrics).toMatch(/^pickdriver_vault_drill_result\{result="passed"\} 1$/m);
    expect(metrics).toMatch(/^pickdriver_vault_restore_duration_seconds [0-9.]+$/m);
  });
});
