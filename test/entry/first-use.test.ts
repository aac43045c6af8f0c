// What a new user meets first, through the action's bundles as the runner runs them (issue 20):
// the checksum row of a backup without a sidecar says "not verified", never "does NOT match"; a
// well-known default password is not masked into every "postgres" of the log; PickDriver's Swift
// answer without a migration's createdAt (nil omitted) does not make api.compatibility warn; the
// post step without the main step's state finds what this run made by its mark.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionSteps } from '../helpers/action-steps.js';
import { runBundle, runnerFiles } from '../helpers/bundles.js';
import { createDrillWorld, type DrillWorld } from '../helpers/drill-world.js';
import { adminQuery, queryDb, uniqueName } from '../helpers/postgres.js';

const sh = promisify(execFile);

interface Report {
  result: string;
  checks: { id: string; status: string; summary: string }[];
  backup: {
    checksumVerified: boolean | null;
    checksumStatus: string | null;
    checksumUnverifiedReason: string | null;
  };
  restore: { role: { name: string } | null } | null;
}

let world: DrillWorld;
let bare: string;
const NIL_MIGRATION = 'PickdriverVaporApi.BackfillWithoutTimestamp';

beforeAll(async () => {
  world = await createDrillWorld({ scale: 0.02 });
  // Two ledger rows more than the fixture's 19, so system/info's 20-row window is full; one has no
  // created_at, which Swift leaves out of the JSON and PostgreSQL's DESC order puts first.
  await queryDb(
    world.source.url,
    `INSERT INTO _fluent_migrations (id, name, batch, created_at, updated_at) VALUES
       (gen_random_uuid(), '${NIL_MIGRATION}', 4, NULL, NULL),
       (gen_random_uuid(), 'PickdriverVaporApi.AddPickComments', 4, now(), now())`,
  );
  const dump = await world.backup('custom', 'nightly.dump');
  // The same backup without its sidecar, as most backup jobs leave it.
  bare = path.join(world.dir, 'bare');
  await mkdir(bare);
  await copyFile(dump, path.join(bare, 'nightly.dump'));
}, 120_000);
afterAll(async () => {
  await world?.close();
});

const byId = (report: Report | null, id: string) => report?.checks.find((c) => c.id === id);
/** What the runner shows: `::add-mask::` commands are consumed by the runner, never displayed. */
const shown = (text: string) =>
  text
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');

async function drill(inputs: Record<string, string>, runId = '2020') {
  const steps = await actionSteps<Report>(
    { 'database-url': world.adminUrl, 'drill-database': world.drillDatabase, 'artifact-name': '', ...inputs },
    runId,
  );
  const md = await readFile(path.join(steps.files.dir, 'report', 'report.md'), 'utf8').catch(() => '');
  return { ...steps, md };
}

describe('the sha256 row of the report', () => {
  it('says "not verified (no sidecar)" for a backup without one, in report.md and the summary; the JSON keeps it apart from a mismatch', async () => {
    const d = await drill({ 'backup-source': bare });
    try {
      expect(d.run.code, d.run.stdout).toBe(0);
      expect(d.report?.result).toBe('passed');
      expect(byId(d.report, 'backup.checksum')?.status).toBe('skip');
      expect(d.report?.backup).toMatchObject({
        checksumVerified: false,
        checksumStatus: 'not-verified',
        checksumUnverifiedReason: 'no-sidecar',
      });
      for (const text of [d.md, d.summary]) {
        expect(text).toMatch(/\| sha256 \| `[0-9a-f]{12}`… not verified \(no sidecar\) \|/);
        expect(text).not.toContain('does NOT match');
      }
    } finally {
      await d.post();
    }
  });

  it('says "not verified (backup-checksum: off)" with the input off, "does NOT match" only for a real mismatch', async () => {
    const off = await drill({ 'backup-source': bare, 'backup-checksum': 'off' });
    await off.post();
    expect(off.report?.backup.checksumUnverifiedReason).toBe('off');
    expect(off.md).toMatch(/… not verified \(backup-checksum: off\) \|/);
    expect(off.summary).not.toContain('does NOT match');

    const folder = path.join(world.dir, 'tampered');
    await mkdir(folder);
    await copyFile(path.join(bare, 'nightly.dump'), path.join(folder, 'nightly.dump'));
    await writeFile(path.join(folder, 'nightly.dump.sha256'), `${'ab'.repeat(32)}  nightly.dump\n`);
    const bad = await drill({ 'backup-source': folder });
    await bad.post();
    expect(bad.run.code).toBe(1);
    expect(byId(bad.report, 'backup.checksum')?.status).toBe('fail');
    expect(bad.report?.backup).toMatchObject({
      checksumVerified: false,
      checksumStatus: 'mismatch',
      checksumUnverifiedReason: null,
    });
    expect(bad.md).toContain('does NOT match the sidecar ❌');
  });
});

describe('a well-known default password', () => {
  it('is not registered as a secret (no "***ql://***" in the log); a real one is, before anything is checked', async () => {
    const admin = new URL(world.adminUrl);
    // The README's default; this server accepts it (trust, or the CI service's own password).
    if (admin.password && admin.password !== 'postgres') return;
    admin.password = 'postgres';
    const d = await drill({
      'backup-source': path.join(world.dir, 'nightly.dump'),
      'database-url': admin.toString(),
      'api-url': world.api?.url as string,
      'internal-token': world.token,
    });
    try {
      expect(d.run.code, d.run.stdout).toBe(0);
      expect(d.run.stdout).not.toMatch(/^::add-mask::postgres$/m);
      const log = shown(d.run.stdout + d.run.stderr);
      expect(log).not.toContain('***ql');
      expect(log).toContain(`on postgresql://postgres:***@${admin.host}/`);
      // Swift's answer left createdAt out for the row without one: the API knows every restored migration.
      expect(byId(d.report, 'api.compatibility'), d.md).toMatchObject({
        status: 'ok',
        summary: 'all 20 migrations the API reports are in the restored ledger (21 rows)',
      });
    } finally {
      await d.post();
    }

    const strong = new URL(world.adminUrl);
    strong.password = 'Dr1ll-Adm1n-pw';
    const refused = await drill({
      'backup-source': bare,
      'database-url': strong.toString(),
      'drill-database': 'postgres',
    });
    expect(refused.run.code).toBe(1);
    expect(refused.run.stdout).toContain('::add-mask::Dr1ll-Adm1n-pw\n');
    expect(shown(refused.run.stdout)).not.toContain('Dr1ll-Adm1n-pw');
  });

  it('the stand-in answers as Swift does: the nil createdAt is absent, and that row comes first', async () => {
    const res = await fetch(`${world.api?.url}/api/internal/system/info`, {
      headers: { 'x-internal-token': world.token },
    });
    const body = (await res.json()) as { recentMigrations: Record<string, unknown>[] };
    expect(body.recentMigrations).toHaveLength(20);
    expect(body.recentMigrations[0]).toEqual({ name: NIL_MIGRATION, batch: 4 });
  });
});

describe('the post step without the main step state', () => {
  async function postAlone(runId: string, inputs: Record<string, string>) {
    const files = await runnerFiles();
    return runBundle('dist/post/index.js', {
      inputs: { 'database-url': world.adminUrl, ...inputs },
      env: {
        GITHUB_REPOSITORY: 'pickdriver/api',
        GITHUB_RUN_ID: runId,
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_STATE: files.state,
      },
    });
  }
  const exists = async (kind: 'database' | 'role', name: string) =>
    (
      await adminQuery(
        kind === 'database'
          ? 'SELECT 1 FROM pg_database WHERE datname = $1'
          : 'SELECT 1 FROM pg_roles WHERE rolname = $1',
        [name],
      )
    ).rows.length === 1;

  it("drops this run's drill database and role, found by the mark; another run's are named with the exact command to drop them", async () => {
    const database = uniqueName('pdv_nostate');
    const inputs = { 'backup-source': bare, 'drill-database': database, 'keep-database': 'false' };
    const mine = await drill(inputs, '8101');
    const role = mine.report?.restore?.role?.name as string;
    expect(await exists('database', database)).toBe(true);
    const post = await postAlone('8101', inputs);
    expect(post.code).toBe(0);
    expect(post.stdout).toContain(
      `Dropped the drill database ${database} and its drill role ${role}, found by this run's mark (https://github.com/pickdriver/api/actions/runs/8101).`,
    );
    expect(await exists('database', database)).toBe(false);
    expect(await exists('role', role)).toBe(false);

    const other = await drill(inputs, '8102');
    const otherRole = other.report?.restore?.role?.name as string;
    const refused = await postAlone('8103', inputs);
    expect(refused.code).toBe(0);
    expect(refused.stdout).toContain(
      `The drill database ${database} carries the mark of another drill (https://github.com/pickdriver/api/actions/runs/8102`,
    );
    expect(await exists('database', database)).toBe(true);
    // The command it prints does the job as printed (the password comes from PGPASSWORD or a prompt).
    const command = /drop it and its drill role with: (psql .*)$/m.exec(refused.stdout)?.[1];
    expect(command, refused.stdout).toBe(
      `psql "${noPassword(world.adminUrl)}" -c 'DROP DATABASE "${database}" WITH (FORCE)' -c 'DROP ROLE "${otherRole}"'`,
    );
    await sh('sh', ['-c', command as string], {
      env: { ...process.env, PGPASSWORD: decodeURIComponent(new URL(world.adminUrl).password) },
    });
    expect(await exists('database', database)).toBe(false);
    expect(await exists('role', otherRole)).toBe(false);
  });

  it('drops what a local drill on this host left when its process has exited (local-action: main, then post alone)', async () => {
    const database = uniqueName('pdv_local');
    const inputs = { 'backup-source': bare, 'drill-database': database, baseline: 'none', 'artifact-name': '' };
    const files = await runnerFiles();
    // No GITHUB_RUN_ID: the mark names the main step's process and this host.
    const main = await runBundle('dist/index.js', {
      inputs: { ...inputs, 'database-url': world.adminUrl, 'report-dir': path.join(files.dir, 'report') },
      env: { GITHUB_STATE: files.state, GITHUB_OUTPUT: files.output },
    });
    expect(main.code, main.stdout).toBe(0);
    const { rows } = await adminQuery<{ by: string }>(
      "SELECT substring(shobj_description(oid, 'pg_database') from '; by ([^;]*);') AS by FROM pg_database WHERE datname = $1",
      [database],
    );
    expect(rows[0]?.by).toMatch(/^pid \d+ on /);
    const post = await runBundle('dist/post/index.js', {
      inputs: { ...inputs, 'database-url': world.adminUrl },
      env: { GITHUB_STATE: files.state },
    });
    expect(post.code).toBe(0);
    expect(post.stdout).toContain(`Dropped the drill database ${database} and its drill role pdv_drill_`);
    expect(post.stdout).toContain(`made by ${rows[0]?.by}, a drill on this host that has exited.`);
    expect(await exists('database', database)).toBe(false);
  });
});

function noPassword(url: string): string {
  const u = new URL(url);
  u.password = '';
  return u.toString();
}
