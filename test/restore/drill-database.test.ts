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
    expect(first.url).toBe(urlFor(await adminUrl(), name));
    expect(await comment(name)).toMatch(new RegExp(`^${DRILL_MARKER}`));

    // Leftovers of the first drill disappear with the recreation.
    await queryDb(first.url, 'CREATE TABLE leftover (id int); INSERT INTO leftover VALUES (1)');
    const second = await prepareDrillDatabase(ctx);
    expect(second.origin).toBe('recreated');
    const { rows } = await queryDb(second.url, `SELECT to_regclass('public.leftover') AS t`);
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
      /^Postgres at 127\.0\.0\.1:1 did not answer within 2 s \(\d+ attempts; last error: .*ECONNREFUSED/,
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
    expect(url).toBe(drillDatabaseUrl(await adminUrl(), name));
    const { default: pg } = await import('pg');
    const session = new pg.Client({ connectionString: url });
    session.on('error', () => {});
    await session.connect();
    await dropDrillDatabase(await adminUrl(), name);
    expect(await exists(name)).toBe(false);
    await session.end().catch(() => {});
    // Dropping what is already gone is not an error.
    await dropDrillDatabase(await adminUrl(), name);
  });
});
