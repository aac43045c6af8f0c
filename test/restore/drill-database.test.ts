import { afterAll, describe, expect, it } from 'vitest';
import {
  DRILL_MARKER,
  DrillDatabaseRefused,
  drillDatabaseUrl,
  dropDrillDatabase,
  prepareDrillDatabase,
} from '../../src/restore/drill-database.js';
import { PostgresUnreachable } from '../../src/restore/wait-for-postgres.js';
import { adminQuery, adminUrl, dropDatabase, queryDb, uniqueName, urlFor } from '../helpers/postgres.js';
import { adminUrlWithPassword, testContext } from './helpers.js';

const created: string[] = [];
const roles: string[] = [];
function drillName(): string {
  const name = uniqueName('pdv_drill');
  created.push(name);
  return name;
}

async function comment(name: string): Promise<string | null> {
  const { rows } = await adminQuery<{ c: string | null }>(
    `SELECT shobj_description(oid, 'pg_database') AS c FROM pg_database WHERE datname = $1`,
    [name],
  );
  return rows[0]?.c ?? null;
}

async function exists(name: string): Promise<boolean> {
  const { rows } = await adminQuery('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return rows.length === 1;
}

afterAll(async () => {
  for (const name of created) await dropDatabase(name);
  for (const role of roles) await adminQuery(`DROP ROLE IF EXISTS "${role}"`);
});

describe('prepareDrillDatabase', () => {
  it('creates a missing database and marks it as the action’s, then recreates it on the next run', async () => {
    const name = drillName();
    const ctx = await testContext({ 'drill-database': name });
    const first = await prepareDrillDatabase(ctx);
    expect(first.origin).toBe('created');
    // Everything after this connects as the drill's own role, owner of the database.
    const asRole = new URL(first.url);
    expect(asRole.pathname).toBe(`/${name}`);
    expect(decodeURIComponent(asRole.username)).toMatch(/^pdv_drill_[0-9a-f]{16}$/);
    expect(first.role).toEqual({ mode: 'drill', name: decodeURIComponent(asRole.username), risk: null });
    const owner = await adminQuery<{ owner: string }>(
      'SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1',
      [name],
    );
    expect(owner.rows[0]?.owner).toBe(first.role.name);
    expect(await comment(name)).toMatch(new RegExp(`^${DRILL_MARKER}`));

    // Leftovers of the first drill disappear with the recreation.
    await queryDb(first.url, 'CREATE TABLE leftover (id int); INSERT INTO leftover VALUES (1)');
    // Made less than restore-timeout ago by another run: in use, and left alone.
    await expect(prepareDrillDatabase(ctx)).rejects.toThrow(
      new RegExp(
        `drill-database '${name}' is in use by another drill \\(pid ${process.pid} on .*\\), which made it .* ago, less than restore-timeout \\(6h 00m\\); nothing was dropped`,
      ),
    );
    expect((await queryDb(first.url, 'SELECT count(*)::int AS n FROM leftover')).rows[0]?.n).toBe(1);
    // Made longer ago than that: a leftover, dropped with its role and made again.
    for (const [kind, object] of [
      ['DATABASE', `"${name}"`],
      ['ROLE', `"${first.role.name}"`],
    ] as const) {
      const { rows } = await adminQuery<{ c: string }>(
        kind === 'DATABASE'
          ? `SELECT shobj_description(oid, 'pg_database') AS c FROM pg_database WHERE datname = $1`
          : `SELECT shobj_description(oid, 'pg_authid') AS c FROM pg_roles WHERE rolname = $1`,
        [kind === 'DATABASE' ? name : first.role.name],
      );
      const old = (rows[0]?.c ?? '').replace(/created [^;]+;/, 'created 2020-01-01T00:00:00.000Z;');
      await adminQuery(`COMMENT ON ${kind} ${object} IS '${old.replace(/'/g, "''")}'`);
    }
    const second = await prepareDrillDatabase(ctx);
    expect(second.origin).toBe('recreated');
    const gone = await adminQuery('SELECT 1 FROM pg_roles WHERE rolname = $1', [first.role.name]);
    expect(gone.rows).toEqual([]);
    const { rows } = await queryDb(second.url, `SELECT to_regclass('public.leftover') AS t`);
    roles.push(second.role.name);
    expect(rows[0]?.t).toBeNull();
    expect(await comment(name)).toMatch(new RegExp(`^${DRILL_MARKER}`));
  });

  it('refuses a database it did not create that holds user data, and changes nothing in it', async () => {
    const name = drillName();
    await adminQuery(`CREATE DATABASE "${name}"`);
    const url = urlFor(await adminUrl(), name);
    await queryDb(
      url,
      `CREATE TABLE users (id serial PRIMARY KEY, email text);
       INSERT INTO users (email) SELECT 'u' || g || '@example.com' FROM generate_series(1, 250) g;
       CREATE TABLE seasons (id serial PRIMARY KEY); INSERT INTO seasons DEFAULT VALUES;`,
    );
    const counts = async () =>
      (await queryDb(url, 'SELECT (SELECT count(*) FROM users)::int AS u, (SELECT count(*) FROM seasons)::int AS s'))
        .rows[0];
    const before = await counts();

    const ctx = await testContext({ 'drill-database': name });
    const attempt = prepareDrillDatabase(ctx);
    await expect(attempt).rejects.toBeInstanceOf(DrillDatabaseRefused);
    await expect(attempt).rejects.toThrow(
      /was not created by this action and holds 2 user table\(s\) \(public\.seasons, public\.users\)/,
    );

    expect(await counts()).toEqual(before);
    expect(before).toEqual({ u: 250, s: 1 });
    expect(await comment(name)).toBeNull();
    await expect(dropDrillDatabase(await adminUrl(), name)).rejects.toBeInstanceOf(DrillDatabaseRefused);
    expect(await exists(name)).toBe(true);
  });

  it('reuses a pre-provisioned, empty database owned by the application role', async () => {
    const name = drillName();
    const role = uniqueName('pdv_role');
    roles.push(role);
    await adminQuery(`CREATE ROLE "${role}" LOGIN`);
    await adminQuery(`CREATE DATABASE "${name}" OWNER "${role}"`);
    const ctx = await testContext({ 'drill-database': name });
    const prepared = await prepareDrillDatabase(ctx);
    roles.push(prepared.role.name);
    expect(prepared.origin).toBe('reused');
    expect(await comment(name)).toBeNull(); // not marked: the post step will not drop it
    await expect(dropDrillDatabase(await adminUrl(), name)).rejects.toThrow(/was not created by this action/);
    await dropDatabase(name);
  });

  it('refuses names that are restricted or the administrative database, before connecting', async () => {
    const ctx = await testContext({ 'drill-database': drillName() });
    for (const bad of ['postgres', 'Prod', 'production', 'main', 'live', 'x;drop']) {
      await expect(
        prepareDrillDatabase({ ...ctx, config: { ...ctx.config, drillDatabase: bad } }),
      ).rejects.toBeInstanceOf(DrillDatabaseRefused);
    }
    await expect(dropDrillDatabase(await adminUrl(), 'postgres')).rejects.toBeInstanceOf(DrillDatabaseRefused);
  });

  it('gives a clear error without the password when nothing answers on the port', async () => {
    const url = new URL(await adminUrlWithPassword('Sup3r-Secret-pw'));
    url.hostname = '127.0.0.1';
    url.port = '1'; // nothing listens on port 1
    const ctx = await testContext({ 'drill-database': drillName(), 'database-url': url.toString() });
    const started = Date.now();
    const error = await prepareDrillDatabase(ctx, { budgetMs: 1_500 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostgresUnreachable);
    const message = (error as Error).message;
    expect(message).toMatch(
      /^Postgres at 127\.0\.0\.1:1 did not answer within 1\.5 s \(\d+ attempts; last error: .*ECONNREFUSED/,
    );
    expect(message).not.toContain('Sup3r-Secret-pw');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(ctx.log.lines.join('\n')).not.toContain('Sup3r-Secret-pw');
  });
});

describe('dropDrillDatabase', () => {
  it('drops a database the action created, even with a session open on it', async () => {
    const name = drillName();
    const ctx = await testContext({ 'drill-database': name });
    const { url } = await prepareDrillDatabase(ctx);
    expect(url).not.toBe(drillDatabaseUrl(await adminUrl(), name)); // the drill role's, not the admin's
    const { default: pg } = await import('pg');
    const session = new pg.Client({ connectionString: url });
    session.on('error', () => {});
    await session.connect();
    await dropDrillDatabase(await adminUrl(), name);
    expect(await exists(name)).toBe(false);
    const role = decodeURIComponent(new URL(url).username);
    const roles = await adminQuery('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    expect(roles.rows).toEqual([]); // its role went with it
    await session.end().catch(() => {});
    // Dropping what is already gone is not an error.
    await dropDrillDatabase(await adminUrl(), name);
  });
});
