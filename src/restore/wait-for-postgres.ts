// Waiting for the Postgres service: in a workflow the service container may still be starting
// when the drill begins, so connection-level failures are retried with a bounded backoff;
// answers that will not change by waiting (wrong password, no such database) fail at once.
import type pg from 'pg';
import { formatDuration } from '../util/format.js';
import { ADMIN_STATEMENT_TIMEOUT_MS, pgClient } from '../util/pg-session.js';
import { retrying } from '../util/retry.js';
import { connectionParts } from './pg-connection.js';

export class PostgresUnreachable extends Error {
  /** `cause`: the server's own refusal (its SQLSTATE in `code`), when it answered. */
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'PostgresUnreachable';
  }
}

export interface WaitOptions {
  /** Total time budget; 30 s by default. */
  budgetMs?: number;
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** Cleans error text of secrets before it goes into a message. */
  redact?: (text: string) => string;
}

// SQLSTATEs that mean "not yet": the server is starting up or shutting down.
const NOT_YET_STATES = new Set(['57P03', '57P01', '53300']);

function isRetryable(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  if (e.code && NOT_YET_STATES.has(e.code)) return true;
  if (e.code && /^E[A-Z]+$/.test(e.code)) return true; // ECONNREFUSED, ETIMEDOUT, EAI_AGAIN, ECONNRESET...
  return /timeout|terminated unexpectedly|ECONNREFUSED|socket hang up/i.test(e.message ?? '');
}

/** Connects to `url`, retrying while the server does not answer; returns the connected client. */
export async function connectWhenReady(url: string, options: WaitOptions = {}): Promise<pg.Client> {
  const budgetMs = options.budgetMs ?? 30_000;
  const redact = options.redact ?? ((t: string) => t);
  const { host, port } = connectionParts(url);
  const deadline = Date.now() + budgetMs;
  let delay = options.firstDelayMs ?? 250;
  let attempts = 0;
  let lastError = 'no attempt made';
  const connected = await retrying(
    async (): Promise<pg.Client | null> => {
      attempts += 1;
      const remaining = deadline - Date.now();
      // search_path pinned to pg_catalog, statements bounded (util/pg-session.ts); an idle client
      // whose server goes away emits 'error', which pgClient listens to (it would crash otherwise).
      const client = pgClient(url, {
        statementTimeoutMs: ADMIN_STATEMENT_TIMEOUT_MS,
        connectionTimeoutMillis: Math.max(500, Math.min(5_000, remaining)),
      });
      try {
        await client.connect();
        return client;
      } catch (error) {
        await client.end().catch(() => {});
        lastError = redact((error as Error).message || String(error));
        if (!isRetryable(error)) {
          throw new PostgresUnreachable(`Postgres at ${host}:${port} refused the connection: ${lastError}`, error);
        }
        return null;
      }
    },
    (client) => {
      if (client !== null || Date.now() + delay > deadline) return { done: client };
      const wait = delay;
      delay = Math.min(delay * 2, options.maxDelayMs ?? 4_000);
      return { waitMs: wait };
    },
  );
  if (connected !== null) return connected;
  throw new PostgresUnreachable(
    `Postgres at ${host}:${port} did not answer within ${formatDuration(budgetMs)} (${attempts} attempts; last error: ${lastError}). Check database-url and that the Postgres service is running and reachable from the job.`,
  );
}
