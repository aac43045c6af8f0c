// Inspecting the restored database directly, the way PickDriver itself sees it: Fluent's ledger
// and schema fingerprint, the critical tables and their exact row counts, and sequences.
// A few connections: after two catalog reads, every exact count and every sequence's column is a
// statement of its own, taken by the next free connection, largest table first. Each session's
// search_path is pinned to pg_catalog (util/pg-session.ts) and functions are qualified, so
// nothing the backup defined (a `public.max`, an `ALTER DATABASE … SET search_path`) changes
// what is computed; a critical "table" that is a view (or anything but a table) is not counted,
// as counting it would run the backup's code; and the whole inspection has a deadline.

import { check, type DrillContext } from '../model/context.js';
import type { CheckResult, CriticalTable, DatabaseInfo, MigrationRow } from '../model/types.js';
import { type ConnectionQueue, drillQueue, QueueConnectError } from '../util/connection-queue.js';
import { Deadline, postRestoreBudgetMs } from '../util/deadline.js';
import { CRITICAL_TABLES } from './critical-tables.js';
import { FINGERPRINT_SQL } from './fingerprint.js';
import { type RunOnConnection, readSequenceStates } from './sequences.js';

interface LedgerFacts {
  present: boolean;
  fingerprint: string | null;
  size: number | null;
  last: MigrationRow | null;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Names of the ledger or a critical table that are something else (a view…), with what they are. */
type NotTables = Record<string, string>;

const KIND_WORDS: Record<string, string> = {
  v: 'a view',
  m: 'a materialized view',
  f: 'a foreign table',
  S: 'a sequence',
  i: 'an index',
  c: 'a composite type',
};

async function readLedgerAndTables(
  run: RunOnConnection,
  counted: ReadonlyMap<string, Promise<number | null>>,
): Promise<{ ledger: LedgerFacts; tables: CriticalTable[]; notTables: NotTables }> {
  // Tables only (ordinary or partitioned): a view of the same name would run the backup's SQL.
  const { rows } = await run(
    (client) =>
      client.query<{ name: string; kind: string; bytes: string }>(
        `SELECT c.relname::text AS name, c.relkind::text AS kind, pg_catalog.pg_relation_size(c.oid)::text AS bytes
           FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relname::text = ANY($1::text[])`,
        [['_fluent_migrations', ...CRITICAL_TABLES]],
      ),
    Number.POSITIVE_INFINITY,
  );
  const kinds = new Map(rows.map((r) => [r.name, r.kind]));
  const bytes = new Map(rows.map((r) => [r.name, Number(r.bytes)]));
  const isTable = (name: string) => kinds.get(name) === 'r' || kinds.get(name) === 'p';
  const ledgerPresent = isTable('_fluent_migrations');
  const presentTables = CRITICAL_TABLES.filter(isTable);

  // The ledger, and each exact count as a statement of its own on the next free connection.
  const ledgerRow = ledgerPresent
    ? run(async (client) => {
        const { rows: r } = await client.query(
          `SELECT l.fingerprint, l.size::text AS size, m.name AS last_name, m.batch::text AS last_batch,
                  m.created_at AS last_created_at
             FROM (SELECT ${FINGERPRINT_SQL} AS fingerprint, pg_catalog.count(*) AS size FROM public._fluent_migrations) AS l
             LEFT JOIN LATERAL (
               SELECT name, batch, created_at FROM public._fluent_migrations
                ORDER BY created_at DESC NULLS LAST, batch DESC, name DESC LIMIT 1) AS m ON true`,
        );
        return (r[0] ?? {}) as Record<string, unknown>;
      }, Number.POSITIVE_INFINITY)
    : Promise.resolve({} as Record<string, unknown>);
  const counting = presentTables.map((t) =>
    // Counted while the restore ran (or still counting: awaited, not repeated); else counted here.
    (counted.get(t) ?? Promise.resolve(null)).then((early) =>
      early !== null
        ? early
        : run(async (client) => {
            const { rows: r } = await client.query<{ n: string }>(
              `SELECT pg_catalog.count(*)::text AS n FROM public.${quoteIdent(t)}`,
            );
            return Number(r[0]?.n);
          }, bytes.get(t) ?? 0),
    ),
  );
  const [row, counts] = await Promise.all([ledgerRow, Promise.all(counting)]);

  const createdAt = row.last_created_at;
  const ledger: LedgerFacts = {
    present: ledgerPresent,
    fingerprint: ledgerPresent ? String(row.fingerprint) : null,
    size: ledgerPresent ? Number(row.size) : null,
    last:
      ledgerPresent && row.last_name != null
        ? {
            name: String(row.last_name),
            batch: Number(row.last_batch),
            createdAt:
              createdAt instanceof Date ? createdAt.toISOString() : createdAt == null ? null : String(createdAt),
          }
        : null,
  };
  const tables = CRITICAL_TABLES.map((name): CriticalTable => {
    const i = presentTables.indexOf(name);
    return i === -1 ? { name, present: false, rows: null } : { name, present: true, rows: counts[i] as number };
  });
  const notTables: Record<string, string> = {};
  for (const [name, kind] of kinds) if (!isTable(name)) notTables[name] = KIND_WORDS[kind] ?? 'not a table';
  return { ledger, tables, notTables };
}

function migrationsCheck(ledger: LedgerFacts, startedAt: number, notTables: NotTables): CheckResult {
  const details = { schemaVersion: ledger.fingerprint, ledgerSize: ledger.size, lastMigration: ledger.last };
  if (!ledger.present) {
    const instead = notTables._fluent_migrations;
    return check(
      'database.migrations',
      'fail',
      `Fluent's ledger public._fluent_migrations is missing${instead ? ` (${instead} of that name is there, not a table)` : ''}`,
      details,
      startedAt,
    );
  }
  if (!ledger.size) {
    return check(
      'database.migrations',
      'fail',
      "Fluent's ledger public._fluent_migrations is empty",
      details,
      startedAt,
    );
  }
  const last = ledger.last ? `; newest ${ledger.last.name} (batch ${ledger.last.batch})` : '';
  return check(
    'database.migrations',
    'ok',
    `${ledger.size} migrations applied, schema version ${ledger.fingerprint}${last}`,
    details,
    startedAt,
  );
}

function criticalTablesCheck(tables: CriticalTable[], startedAt: number, notTables: NotTables): CheckResult {
  const missing = tables.filter((t) => !t.present).map((t) => t.name);
  const named = (t: string) => (notTables[t] ? `${t} (${notTables[t]}, not a table)` : t);
  const empty = tables.filter((t) => t.present && t.rows === 0).map((t) => t.name);
  const total = tables.reduce((sum, t) => sum + (t.rows ?? 0), 0);
  const details = { missing, empty, totalRows: total, counts: Object.fromEntries(tables.map((t) => [t.name, t.rows])) };
  if (missing.length > 0) {
    return check(
      'database.critical-tables',
      'fail',
      `${missing.length} of ${tables.length} critical tables are missing: ${missing.map(named).join(', ')}`,
      { ...details, notTables },
      startedAt,
    );
  }
  if (total === 0) {
    return check(
      'database.critical-tables',
      'warn',
      `all ${tables.length} critical tables are present but empty`,
      details,
      startedAt,
    );
  }
  const emptyNote = empty.length > 0 ? ` (${empty.length} empty: ${empty.join(', ')})` : '';
  return check(
    'database.critical-tables',
    'ok',
    `all ${tables.length} critical tables are present, ${total} rows${emptyNote}`,
    details,
    startedAt,
  );
}

async function sequencesCheck(
  run: RunOnConnection,
): Promise<{ check: CheckResult; behind: DatabaseInfo['sequencesBehind'] }> {
  const startedAt = performance.now();
  const states = await readSequenceStates(run);
  const behind = states
    .filter((s) => s.behind)
    .map((s) => ({
      table: s.table,
      column: s.column,
      sequence: s.sequence,
      lastValue: s.lastValue,
      maxValue: s.maxValue ?? 0,
    }));
  if (behind.length === 0) {
    return {
      check: check(
        'database.sequences',
        'ok',
        `all ${states.length} serial/identity sequences are at or past their column's largest value`,
        { checked: states.length, behind: [] },
        startedAt,
      ),
      behind,
    };
  }
  const list = behind.map((b) => `${b.table}.${b.column} (${b.sequence} at ${b.lastValue}, max ${b.maxValue})`);
  return {
    check: check(
      'database.sequences',
      'fail',
      `${behind.length} sequence(s) behind their column, the next insert would reuse an id: ${list.slice(0, 5).join('; ')}${list.length > 5 ? '; …' : ''}`,
      { checked: states.length, behind },
      startedAt,
    ),
    behind,
  };
}

const emptyInfo = (): DatabaseInfo => ({
  schemaVersion: null,
  ledgerSize: null,
  lastMigration: null,
  criticalTables: CRITICAL_TABLES.map((name) => ({ name, present: false, rows: null })),
  totalCriticalRows: null,
  sequencesBehind: [],
});

/**
 * The restored database inspected directly by `deadline`, on `queue` (shared with ANALYZE, so the
 * counts and the table statistics are read side by side) or on a few connections of its own.
 * `counted` holds exact counts of critical tables started once the restore had finished with them.
 */
export async function inspectDatabase(
  ctx: DrillContext,
  drillUrl: string,
  deadline = new Deadline(postRestoreBudgetMs(null, ctx.config.restoreTimeoutMs), 'the inspection'),
  queue?: ConnectionQueue,
  counted: ReadonlyMap<string, Promise<number | null>> = new Map(),
): Promise<{ info: DatabaseInfo; checks: CheckResult[] }> {
  ctx.secrets.addUrl(drillUrl);
  const startedAt = performance.now();
  const info = emptyInfo();
  const q = queue ?? drillQueue(drillUrl, Math.max(2, ctx.config.restoreJobs), deadline);
  const run: RunOnConnection = (task, weight) => q.run(task, weight);
  const failAll = (what: string, error: unknown, ids: CheckResult['id'][]) => {
    const message = ctx.secrets.redact((error as Error).message ?? String(error));
    return ids.map((id) => check(id, 'fail', `could not ${what}: ${message}`, null, startedAt));
  };
  // Past the deadline the connections are closed: the statements waiting on them fail, and so their checks.
  const expire = () => void q.close();
  const checks: CheckResult[] = [];
  try {
    // The ledger with the counts, and the sequences, at once: each a catalog read, then its scans.
    const [read, sequences] = await Promise.allSettled([
      deadline.race(readLedgerAndTables(run, counted), expire),
      deadline.race(sequencesCheck(run), expire),
    ]);
    const unreachable = [read, sequences].find(
      (r): r is PromiseRejectedResult => r.status === 'rejected' && r.reason instanceof QueueConnectError,
    );
    if (unreachable) {
      return {
        info,
        checks: failAll('connect to the drill database', unreachable.reason, [
          'database.migrations',
          'database.critical-tables',
          'database.sequences',
        ]),
      };
    }
    if (read.status === 'fulfilled') {
      const { ledger, tables, notTables } = read.value;
      info.schemaVersion = ledger.fingerprint;
      info.ledgerSize = ledger.size;
      info.lastMigration = ledger.last;
      info.criticalTables = tables;
      info.totalCriticalRows = tables.some((t) => t.present) ? tables.reduce((sum, t) => sum + (t.rows ?? 0), 0) : null;
      checks.push(migrationsCheck(ledger, startedAt, notTables), criticalTablesCheck(tables, startedAt, notTables));
    } else {
      checks.push(
        ...failAll('read the ledger and critical tables', read.reason, [
          'database.migrations',
          'database.critical-tables',
        ]),
      );
    }
    if (sequences.status === 'fulfilled') {
      info.sequencesBehind = sequences.value.behind;
      checks.push(sequences.value.check);
    } else {
      checks.push(...failAll('compare sequences with their columns', sequences.reason, ['database.sequences']));
    }
  } finally {
    if (!queue) await q.close();
  }
  ctx.log.info(
    `inspect: schema ${info.schemaVersion ?? '(no ledger)'}, ${info.totalCriticalRows ?? 0} rows in critical tables, ${info.sequencesBehind.length} sequence(s) behind`,
  );
  return { info, checks };
}
