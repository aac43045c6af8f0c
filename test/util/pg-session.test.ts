// The settings every session of the drill's starts with (src/util/pg-session.ts), as the server
// sees them: the drill's own statements plan without parallel workers (it spreads its statements
// over connections itself); checks-file SQL, the user's, plans with the server's settings.
import { describe, expect, it } from 'vitest';
import { pgClient } from '../../src/util/pg-session.js';
import { adminQuery, adminUrl } from '../helpers/postgres.js';

async function settings(searchPath?: 'pg_catalog' | 'public'): Promise<Record<string, string>> {
  const client = pgClient(await adminUrl(), { statementTimeoutMs: 10_000, ...(searchPath ? { searchPath } : {}) });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_catalog.pg_settings
        WHERE name IN ('max_parallel_workers_per_gather', 'max_parallel_maintenance_workers', 'search_path', 'row_security', 'statement_timeout')`,
    );
    return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
  } finally {
    await client.end();
  }
}

describe('the drill’s sessions', () => {
  it('pins the drill’s own sessions, parallel workers off', async () => {
    expect(await settings()).toEqual({
      max_parallel_maintenance_workers: '0',
      max_parallel_workers_per_gather: '0',
      row_security: 'off',
      search_path: 'pg_catalog',
      statement_timeout: '10000',
    });
  });

  it('leaves the parallel settings of checks-file sessions to the server', async () => {
    const { rows } = await adminQuery<{ gather: string; maintenance: string }>(
      `SELECT pg_catalog.current_setting('max_parallel_workers_per_gather') AS gather,
              pg_catalog.current_setting('max_parallel_maintenance_workers') AS maintenance`,
    );
    expect(rows[0]?.gather).not.toBe('0');
    expect(await settings('public')).toMatchObject({
      max_parallel_workers_per_gather: rows[0]?.gather,
      max_parallel_maintenance_workers: rows[0]?.maintenance,
      search_path: 'public',
      row_security: 'off',
    });
  });
});
