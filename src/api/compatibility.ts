// api.compatibility: does the running API's code fit the restored database? Compared by
// migration name between the restored ledger (read directly) and system/info's recentMigrations
// (the 20 newest rows of the API's primary database). PickDriver is Swift: a row without created_at
// comes without the key (read as null), and the API orders by created_at DESC, where PostgreSQL puts
// those rows first; the restored ledger puts them last. So which restored rows are newer than the
// API's window is decided by time, not by position.

import { check, type DrillContext } from '../model/context.js';
import type { CheckResult } from '../model/types.js';
import { ADMIN_STATEMENT_TIMEOUT_MS, connectPinned } from '../util/pg-session.js';
import type { InfoBody } from './schemas.js';

export interface LedgerRow {
  name: string;
  batch: number;
  /** ISO time of the ledger row; null when the row has none. Left out by callers that do not know it. */
  createdAt?: string | null;
}

/** The restored ledger, newest first (the order system/info and db-info use). Null: no ledger table. */
async function readRestoredLedger(databaseUrl: string): Promise<LedgerRow[] | null> {
  // search_path pinned and statements bounded (util/pg-session.ts); a view of the ledger's name is no ledger.
  const client = await connectPinned(databaseUrl, {
    statementTimeoutMs: ADMIN_STATEMENT_TIMEOUT_MS,
    connectionTimeoutMillis: 10_000,
  });
  try {
    const exists = await client.query<{ present: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                       WHERE n.nspname = 'public' AND c.relname = '_fluent_migrations' AND c.relkind IN ('r', 'p')) AS present`,
    );
    if (!exists.rows[0]?.present) return null;
    const result = await client.query<{ name: string; batch: string; created_at: Date | null }>(
      'SELECT name, batch, created_at FROM public._fluent_migrations ORDER BY created_at DESC NULLS LAST, batch DESC, name DESC',
    );
    return result.rows.map((r) => ({
      name: r.name,
      batch: Number(r.batch),
      createdAt: r.created_at === null ? null : r.created_at.toISOString(),
    }));
  } finally {
    await client.end().catch(() => {});
  }
}

/** How many rows system/info reports at most; fewer means it showed the whole ledger. */
const INFO_WINDOW = 20;
const LIST_LIMIT = 10;

export function compareMigrations(restored: LedgerRow[], info: InfoBody): Omit<CheckResult, 'durationMs'> {
  const apiNames = info.recentMigrations.map((m) => m.name);
  const apiSet = new Set(apiNames);
  const restoredSet = new Set(restored.map((r) => r.name));
  const missing = apiNames.filter((name) => !restoredSet.has(name));

  // Restored rows the API does not list are only "unknown to the API" when they are newer than
  // what the API showed: below its 20-row window they may simply be older history.
  let unknown: string[];
  const windowStart = oldestShownSecond(info);
  const dated = restored.length > 0 && restored.every((r) => r.createdAt !== undefined);
  if (info.recentMigrations.length < INFO_WINDOW) {
    unknown = restored.filter((r) => !apiSet.has(r.name)).map((r) => r.name);
  } else if (dated && windowStart !== null) {
    // Newer than the oldest row the API showed, to the second (the API writes whole seconds): a row
    // of that same second, or one without created_at, may simply have fallen out of its window.
    unknown = restored
      .filter((r) => !apiSet.has(r.name) && r.createdAt && wholeSecond(r.createdAt) > windowStart)
      .map((r) => r.name);
  } else {
    let oldestShared = -1;
    restored.forEach((r, i) => {
      if (apiSet.has(r.name)) oldestShared = i;
    });
    unknown = restored
      .slice(0, Math.max(0, oldestShared))
      .filter((r) => !apiSet.has(r.name))
      .map((r) => r.name);
  }

  const details = {
    apiRecentMigrations: apiNames.length,
    restoredLedgerRows: restored.length,
    missingInRestored: missing,
    unknownToApi: unknown,
  };
  if (missing.length > 0) {
    return {
      id: 'api.compatibility',
      status: 'fail',
      summary: `restored database lacks migrations the API expects: ${listed(missing)}`,
      details,
    };
  }
  if (unknown.length > 0) {
    return {
      id: 'api.compatibility',
      status: 'warn',
      summary: `restored database has migrations the API does not know (backup newer than the API?): ${listed(unknown)}`,
      details,
    };
  }
  if (apiNames.length === 0 && restored.length > 0) {
    return {
      id: 'api.compatibility',
      status: 'warn',
      summary: `the API reports no migrations; the restored ledger has ${restored.length}`,
      details,
    };
  }
  return {
    id: 'api.compatibility',
    status: 'ok',
    summary: `all ${apiNames.length} migrations the API reports are in the restored ledger (${restored.length} rows)`,
    details,
  };
}

export async function compatibilityCheck(
  ctx: DrillContext,
  info: InfoBody,
  drillDatabaseUrl: string,
  t0: number,
): Promise<CheckResult> {
  let restored: LedgerRow[] | null;
  try {
    restored = await readRestoredLedger(drillDatabaseUrl);
  } catch (error) {
    const message = ctx.secrets.redact(error instanceof Error ? error.message : String(error));
    return check('api.compatibility', 'fail', `could not read the restored migration ledger: ${message}`, null, t0);
  }
  if (restored === null) {
    return check(
      'api.compatibility',
      'fail',
      'the restored database has no public._fluent_migrations ledger to compare with the API',
      null,
      t0,
    );
  }
  const result = compareMigrations(restored, info);
  return check(result.id, result.status, result.summary, result.details, t0);
}

function wholeSecond(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000) * 1000;
}

/** The time of the oldest row system/info showed that has one (ms, whole second); null when none has. */
function oldestShownSecond(info: InfoBody): number | null {
  const times = info.recentMigrations
    .map((m) => (m.createdAt ? wholeSecond(m.createdAt) : Number.NaN))
    .filter((t) => Number.isFinite(t));
  return times.length === 0 ? null : Math.min(...times);
}

function listed(names: string[]): string {
  const shown = names.slice(0, LIST_LIMIT).join(', ');
  return names.length > LIST_LIMIT ? `${shown} (+${names.length - LIST_LIMIT} more)` : shown;
}
