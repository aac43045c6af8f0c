// What a backup (or a database left behind) can do to the drill's own sessions and marks, drilled
// through the command-line bundle: operators planted in a pre-provisioned database never run in
// the admin's session; a planted max with ALTER DATABASE … SET search_path does not change the
// sequence check; a forged COMMENT ON DATABASE neither stops the cleanup nor blocks the next
// drill; a drill killed outright (SIGKILL) does not block the next one on this host, and one
// elsewhere gets the exact command to clear it; a pre-provisioned owner with any membership is
// refused.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libpqEnv } from '../../src/restore/pg-connection.js';
import { ROOT, runBundle } from '../helpers/bundles.js';
import {
  adminQuery,
  adminUrl,
  createTestDatabase,
  queryDb,
  type TestDatabase,
  uniqueName,
  urlFor,
} from '../helpers/postgres.js';

const execFileAsync = promisify(execFile);

let source: TestDatabase;
let dir: string;
let admin: string;
let plain: string;
const cleanups: string[] = [];

beforeAll(async () => {
  admin = await adminUrl();
  dir = await mkdtemp(path.join(os.tmpdir(), 'pdv-hostile-db-'));
  source = await createTestDatabase('pdv_hostile_db_src');
  await queryDb(
    source.url,
    `CREATE TABLE public.drivers (id serial PRIMARY KEY, name text NOT NULL);
     INSERT INTO public.drivers (name) SELECT 'driver ' || g FROM generate_series(1, 10) g;
     SELECT setval('public.drivers_id_seq', 3);`,
  );
  plain = (await execFileAsync('pg_dump', ['-Fp'], { env: { ...process.env, ...libpqEnv(source.url) } })).stdout;
}, 60_000);

afterAll(async () => {
  for (const sql of cleanups.reverse()) await adminQuery(sql).catch(() => {});
  await source?.drop();
  await rm(dir, { recursive: true, force: true });
});

async function dumpWith(name: string, extra: string): Promise<string> {
  const at = plain.indexOf('--\n-- PostgreSQL database dump complete');
  const file = path.join(dir, `${name}.sql`);
  await writeFile(file, `${plain.slice(0, at)}${extra}\n${plain.slice(at)}`);
  return file;
}

const drillArgs = (backup: string, database: string, reportDir: string, extra: string[] = []) => [
  'drill',
  ...['--backup-source', backup, '--database-url', admin, '--drill-database', database],
  ...['--baseline', 'none', '--report-dir', reportDir, ...extra],
];

async function drill(backup: string, database: string, extra: string[] = []) {
  const reportDir = path.join(dir, `report-${uniqueName('r')}`);
  const run = await runBundle('dist/cli/index.js', { args: drillArgs(backup, database, reportDir, extra) });
  const output = run.stdout + run.stderr;
  const report = JSON.parse(
    await readFile(path.join(reportDir, 'report.json'), 'utf8').catch(() => {
      throw new Error(`no report (exit ${run.code}):\n${output}`);
    }),
  );
  const check = (id: string) =>
    (report.checks as { id: string; status: string; summary: string }[]).find((c) => c.id === id);
  return { code: run.code, output, report, check };
}

const exists = async (sql: string, name: string) => ((await adminQuery(sql, [name])).rowCount ?? 0) > 0;
const databaseExists = (name: string) => exists('SELECT 1 FROM pg_database WHERE datname = $1', name);
const roleExists = (name: string) => exists('SELECT 1 FROM pg_roles WHERE rolname = $1', name);

describe("the admin's sessions in a database that holds the backup's operators", () => {
  it('a pre-provisioned database with public.!~~(name,name) and public.||(name,name): they never run as the admin', async () => {
    const database = uniqueName('pdv_preop');
    const app = uniqueName('pdv_preop_app');
    const pwned = uniqueName('pdv_pwned');
    cleanups.push(`DROP ROLE IF EXISTS ${app}`, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    cleanups.push(`DROP ROLE IF EXISTS ${pwned}`);
    await adminQuery(`CREATE ROLE ${app} NOLOGIN`);
    await adminQuery(`CREATE DATABASE ${database} OWNER ${app}`);
    // Functions only (no relations: the database counts as empty); each creates a role when a
    // superuser calls it, and quietly does nothing for anyone else.
    await queryDb(
      urlFor(admin, database),
      `CREATE FUNCTION public.pwn() RETURNS void LANGUAGE plpgsql AS $$
         BEGIN EXECUTE 'CREATE ROLE ${pwned}'; EXCEPTION WHEN others THEN NULL; END $$;
       CREATE FUNCTION public.not_like(name, name) RETURNS boolean LANGUAGE plpgsql AS $$
         BEGIN PERFORM public.pwn(); RETURN NOT pg_catalog.textlike($1::text, $2::text); END $$;
       CREATE FUNCTION public.cat(name, name) RETURNS text LANGUAGE plpgsql AS $$
         BEGIN PERFORM public.pwn(); RETURN pg_catalog.textcat($1::text, $2::text); END $$;
       CREATE OPERATOR public.!~~ (LEFTARG = name, RIGHTARG = name, FUNCTION = public.not_like);
       CREATE OPERATOR public.|| (LEFTARG = name, RIGHTARG = name, FUNCTION = public.cat);
       ALTER FUNCTION public.pwn() OWNER TO ${app};
       ALTER DATABASE ${database} SET search_path = public, pg_catalog;`,
    );
    // The planted operators do fire for a superuser who resolves names through the database's path.
    await queryDb(urlFor(admin, database), `SELECT 1 WHERE 'a'::name !~~ 'b'::name`);
    expect(await roleExists(pwned)).toBe(true);
    await adminQuery(`DROP ROLE ${pwned}`);

    for (const role of ['drill', 'admin']) {
      const d = await drill(await dumpWith('preop', ''), database, ['--restore-role', role]);
      expect(d.check('restore.completed')?.status, d.output).toBe('ok');
      expect(d.check('database.sequences')?.status).toBe('fail');
      expect(await roleExists(pwned)).toBe(false);
      await queryDb(urlFor(admin, database), 'DROP TABLE public.drivers');
    }
  });
});

describe('the inspection, lied to by the restored database', () => {
  it('a planted public.max and ALTER DATABASE … SET search_path do not hide a sequence behind its column', async () => {
    const database = uniqueName('pdv_liar');
    const backup = await dumpWith(
      'liar',
      `CREATE FUNCTION public.lie(integer, integer) RETURNS integer LANGUAGE sql AS 'SELECT 0';
CREATE AGGREGATE public.max(integer) (SFUNC = public.lie, STYPE = integer, INITCOND = '0');
DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET search_path = public, pg_catalog', current_database()); END $$;`,
    );
    const d = await drill(backup, database);
    expect(d.check('restore.completed')?.status, d.output).toBe('ok');
    expect(d.check('database.sequences')).toMatchObject({ status: 'fail' });
    expect(d.check('database.sequences')?.summary).toMatch(
      /public\.drivers\.id \(public\.drivers_id_seq at 3, max 10\)/,
    );
    expect(await databaseExists(database)).toBe(false);
  });
});

describe("the drill's mark", () => {
  it('a COMMENT ON DATABASE the backup forges neither stops the cleanup nor blocks the next drill', async () => {
    const database = uniqueName('pdv_forged');
    const forged = `pickdriver-vault-action drill database; run ${'f'.repeat(32)}; created ${new Date().toISOString()}; by pid 1 on elsewhere; pid 1 started 1 on elsewhere; dropped by the action's post step unless keep-database is true`;
    const backup = await dumpWith(
      'forged',
      `DO $$ BEGIN EXECUTE format('COMMENT ON DATABASE %I IS %L', current_database(), '${forged.replaceAll("'", "''")}'); END $$;`,
    );
    const kept = await drill(backup, database, ['--keep-database', 'true']);
    expect(kept.check('restore.completed')?.status, kept.output).toBe('ok');
    const role = /owned by (pdv_drill_[0-9a-f]+)/.exec(kept.output)?.[1] as string;
    const { rows } = await adminQuery(
      `SELECT shobj_description(oid, 'pg_database') AS c FROM pg_database WHERE datname = $1`,
      [database],
    );
    expect(rows[0]?.c).toBe(forged);
    // The next drill of that name: the kept one's drill is over (its process is gone), so it is recreated.
    const next = await drill(backup, database);
    expect(next.check('restore.completed')?.status, next.output).toBe('ok');
    expect(next.report.restore.databaseOrigin).toBe('recreated');
    // And its own cleanup dropped it, forged comment and all, with both drill roles.
    expect(await databaseExists(database)).toBe(false);
    expect(await roleExists(role)).toBe(false);
  });

  it('a drill killed outright (SIGKILL) does not block the next drill of the same name on this host', async () => {
    const database = uniqueName('pdv_killed');
    const slow = await dumpWith('slow', 'SELECT pg_sleep(20);');
    const reportDir = path.join(dir, 'report-killed');
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'dist/cli/index.js'), ...drillArgs(slow, database, reportDir)],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let text = '';
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (d) => {
        text += d;
      });
    }
    const closed = new Promise((resolve) => child.on('close', resolve));
    for (let i = 0; i < 600 && !/restore: slow\.sql/.test(text); i++) await new Promise((r) => setTimeout(r, 100));
    expect(text).toMatch(/restore: slow\.sql/);
    child.kill('SIGKILL');
    await closed;
    expect(await databaseExists(database)).toBe(true);
    const next = await drill(await dumpWith('quick', ''), database);
    expect(next.output).toMatch(
      /by a drill that is gone \(pid \d+ on \S+ is no longer running on this host\): dropping its leftovers/,
    );
    expect(next.check('restore.completed')?.status, next.output).toBe('ok');
    expect(next.report.restore.databaseOrigin).toBe('recreated');
    expect(await databaseExists(database)).toBe(false);
  });

  it('a drill elsewhere still in its time: refused, with the exact command that clears it', async () => {
    const database = uniqueName('pdv_elsewhere');
    const role = `pdv_drill_${'e'.repeat(4)}${Date.now().toString(16).slice(-12)}`;
    const mark = `pickdriver-vault-action drill role; run ${'e'.repeat(32)}; created ${new Date().toISOString()}; by pid 4242 on build-7; pid 4242 started 99 on build-7; dropped by the action's post step unless keep-database is true`;
    cleanups.push(`DROP ROLE IF EXISTS ${role}`, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await adminQuery(`CREATE ROLE ${role} LOGIN`);
    await adminQuery(`COMMENT ON ROLE ${role} IS '${mark.replaceAll("'", "''")}'`);
    await adminQuery(`CREATE DATABASE ${database} OWNER ${role}`);
    const d = await drill(await dumpWith('quick', ''), database);
    expect(d.code).toBe(1);
    const summary = d.check('restore.completed')?.summary ?? '';
    expect(summary).toMatch(/is in use by another drill \(pid 4242 on build-7\)/);
    const command = /clear its leftovers with: (psql .*)$/.exec(summary)?.[1] as string;
    expect(command).toBe(
      `psql "${new URL(admin).toString()}" -c 'DROP DATABASE "${database}" WITH (FORCE)' -c 'DROP ROLE "${role}"'`,
    );
    expect(await databaseExists(database)).toBe(true);
    // Run as it is printed, it clears both.
    await execFileAsync('sh', ['-c', command]);
    expect(await databaseExists(database)).toBe(false);
    expect(await roleExists(role)).toBe(false);
  });
});

describe('a pre-provisioned drill database whose owner has a membership', () => {
  for (const member of ['pg_signal_backend', 'pg_read_all_data', 'an ordinary role']) {
    it(`owner a member of ${member}: refused by name, nothing restored`, async () => {
      const database = uniqueName('pdv_member');
      const owner = uniqueName('pdv_member_owner');
      const group = member === 'an ordinary role' ? uniqueName('pdv_member_group') : member;
      cleanups.push(`DROP ROLE IF EXISTS ${owner}`, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      if (group !== member) cleanups.push(`DROP ROLE IF EXISTS ${group}`);
      if (group !== member) await adminQuery(`CREATE ROLE ${group} NOLOGIN`);
      await adminQuery(`CREATE ROLE ${owner} NOLOGIN`);
      await adminQuery(`GRANT ${group} TO ${owner}`);
      await adminQuery(`CREATE DATABASE ${database} OWNER ${owner}`);
      const d = await drill(await dumpWith('quick', ''), database);
      expect(d.code).toBe(1);
      expect(d.check('restore.completed')?.summary).toMatch(
        new RegExp(`pre-provisioned and owned by ${owner}, which has membership in ${group}`),
      );
      const tables = await queryDb(urlFor(admin, database), `SELECT 1 FROM pg_class WHERE relname = 'drivers'`);
      expect(tables.rowCount).toBe(0);
    });
  }
});
