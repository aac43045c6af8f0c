// The README's first command: `pickdriver-vault demo` runs three drills with nothing configured, the
// second finding the picks that a purge deleted, the third rehearsing a migration that rewrites a
// table under a long lock, and leaves nothing behind.
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBundle } from '../helpers/bundles.js';
import { adminQuery, adminUrl } from '../helpers/postgres.js';

describe('pickdriver-vault demo', () => {
  it('records a baseline, then drills a backup that lost picks and shows the regression', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pdv-demo-'));
    const run = await runBundle('dist/cli/index.js', {
      // No --report-dir: the demo's own folder, apart from where a drill writes by default.
      args: ['demo', '--scale', '0.05'],
      env: { PICKDRIVER_VAULT_DATABASE_URL: await adminUrl() },
      cwd: dir,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('drill 1 of 3');
    expect(run.stdout).toMatch(/✔ api\.validate/);
    expect(run.stderr).toContain('Maintenance');
    // The last line says which report to open, and it is there.
    const last = run.stdout.trim().split('\n').at(-1) ?? '';
    const open = /open (\S+report\.md)/.exec(last)?.[1];
    expect(open, last).toBe(path.join('pickdriver-vault-demo', '2-after-purge', 'report.md'));

    const baseline = JSON.parse(
      await readFile(path.join(dir, 'pickdriver-vault-demo', '1-baseline', 'report.json'), 'utf8'),
    );
    expect(baseline.result).toBe('passed');
    expect(baseline.api.version).toBe('demo');
    expect(baseline.backup.checksumVerified).toBe(true);

    const second = JSON.parse(
      await readFile(path.join(dir, 'pickdriver-vault-demo', '2-after-purge', 'report.json'), 'utf8'),
    );
    expect(second.result).toBe('regressed');
    expect(second.backup.id).not.toBe(baseline.backup.id);
    const lost = second.regressions.find((r: { metric: string }) => r.metric.includes('player_picks'));
    expect(lost, JSON.stringify(second.regressions)).toBeDefined();
    expect(lost.current).toBeLessThan(lost.baseline * 0.9);
    const byId = new Map(second.checks.map((c: { id: string }) => [c.id, c]));
    expect(byId.get('compare.baseline')).toMatchObject({ status: 'warn' });
    expect((byId.get('database.critical-tables') as { regressions: unknown[] }).regressions).toHaveLength(1);
    // The check that carries the loss is marked by it, not with ✔.
    expect(run.stdout).toMatch(/📉 database\.critical-tables .*📉/);
    // The share the demo says it deleted is the loss the comparison finds (40 of 120 is 33.3%, not 30 %).
    const said = /deleting (\d+) of (\d+) picks \(([\d.]+)%\)/.exec(run.stdout);
    expect(said, run.stdout).not.toBeNull();
    expect(Number(said?.[2]) - Number(said?.[1])).toBe(lost.current);
    expect(Number(said?.[2])).toBe(lost.baseline);
    expect(lost.message).toContain(`(${said?.[3]}% fewer`);

    const md = await readFile(path.join(dir, open ?? ''), 'utf8');
    expect(md.split('\n')[0]).toMatch(/regressed/);
    expect(md).toContain('## Compared with earlier drills');
    // The chart of the table that lost rows: its own line, from zero.
    const chart = md.split('```mermaid').find((block) => block.includes('Rows in player_picks (dropped)'));
    expect(chart, md).toBeDefined();
    expect(chart).toMatch(/y-axis "rows" 0 -->/);
    expect(chart).toMatch(new RegExp(`line \\[${lost.baseline}, ${lost.current}\\]`));
    expect(md).toMatch(/\*\*rows in `player_picks`\*\* \(regression\)/);

    // The third drill: the migration's long lock and its rewrite, in the checks and the Migration section.
    const third = JSON.parse(
      await readFile(path.join(dir, 'pickdriver-vault-demo', '3-migration', 'report.json'), 'utf8'),
    );
    const thirdChecks = new Map(third.checks.map((c: { id: string; status: string }) => [c.id, c.status]));
    expect(thirdChecks.get('migration.completed')).toBe('ok');
    expect(thirdChecks.get('migration.locks')).toBe('fail');
    expect(thirdChecks.get('migration.rewrites')).toBe('warn');
    // The type change locks player_picks and, for its foreign key, drivers too: both held the 3 s.
    const picksLock = third.migration.locks.find((l: { table: string }) => l.table === 'public.player_picks');
    expect(picksLock, JSON.stringify(third.migration.locks)).toMatchObject({ mode: 'ACCESS EXCLUSIVE' });
    expect(picksLock.heldMs).toBeGreaterThan(2_500);
    expect(third.migration.rewrites.map((r: { table: string }) => r.table)).toContain('public.player_picks');
    expect(last).toContain(path.join('pickdriver-vault-demo', '3-migration', 'report.md'));
    const thirdMd = await readFile(path.join(dir, 'pickdriver-vault-demo', '3-migration', 'report.md'), 'utf8');
    expect(thirdMd).toContain('## Migration');

    const { rows } = await adminQuery(
      "SELECT datname FROM pg_database WHERE datname LIKE 'pickdriver_demo_%' AND datname NOT IN (SELECT datname FROM pg_stat_activity WHERE datname IS NOT NULL)",
    );
    expect(rows).toEqual([]);
    // Each drill ran as a role of its own, dropped with its database.
    const roles = [baseline.restore.role.name, second.restore.role.name, third.restore.role.name];
    expect(roles[0]).not.toBe(roles[1]);
    const left = await adminQuery('SELECT rolname FROM pg_roles WHERE rolname = ANY($1)', [roles]);
    expect(left.rows).toEqual([]);
  });
});
