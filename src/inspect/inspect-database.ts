// Inspecting the restored database directly, the way PickDriver itself sees it: Fluent's ledger
// and schema fingerprint, the critical tables and their exact row counts, and sequences.
// One connection; a handful of queries in all, whatever the size of the schema.
import pg from 'pg';
import type { CheckResult, CriticalTable, DatabaseInfo, MigrationRow } from '../report/types.js';
import { check, type DrillContext } from '../util/context.js';
import { CRITICAL_TABLES } from './critical-tables.js';
import { FINGERPRINT_SQL } from './fingerprint.js';
import { readSequenceStates } from './sequences.js';

export { CRITICAL_TABLES };

interface LedgerFacts {
  present: boolean;
  fingerprint: string | null;
  size: number | null;
  last: MigrationRow | null;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function readLedgerAndTables(client: pg.Client): Promise<{ ledger: LedgerFacts; tables: CriticalTable[] }> {
  const { rows } = await client.query<{ ledger: boolean; present: string[] }>(
    `SELECT to_regclass('public._fluent_migrations') IS NOT NULL AS ledger,
            ARRAY(SELECT t FROM unnest($1::text[]) AS t WHERE to_regclass(format('public.%I', t)) IS NOT NULL) AS present`,
    [CRITICAL_TABLES],
  );
  const ledgerPresent = rows[0]?.ledger === true;
  const present = new Set(rows[0]?.present ?? []);
  const presentTables = CRITICAL_TABLES.filter((t) => present.has(t));
  const counts = presentTables.map((t, i) => `(SELECT count(*) FROM public.${quoteIdent(t)})::text AS c${i}`);

  let row: Record<string, unknown> = {};
  if (ledgerPresent) {
    const { rows: r } = await client.query(
      `SELECT l.fingerprint, l.size::text AS size, m.name AS last_name, m.batch::text AS last_batch,
              m.created_at AS last_created_at${counts.length > 0 ? `, ${counts.join(', ')}` : ''}
         FROM (SELECT ${FINGERPRINT_SQL} AS fingerprint, count(*) AS size FROM public._fluent_migrations) AS l
         LEFT JOIN LATERAL (
           SELECT name, batch, created_at FROM public._fluent_migrations
            ORDER BY created_at DESC NULLS LAST, batch DESC, name DESC LIMIT 1) AS m ON true`,
    );
    row = r[0] ?? {};
  } else if (counts.length > 0) {
    const { rows: r } = await client.query(`SELECT ${counts.join(', ')}`);
    row = r[0] ?? {};
  }

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
    return i === -1 ? { name, present: false, rows: null } : { name, present: true, rows: Number(row[`c${i}`]) };
  });
  return { ledger, tables };
}

function migrationsCheck(ledger: LedgerFacts, startedAt: number): CheckResult {
  const details = { schemaVersion: ledger.fingerprint, ledgerSize: ledger.size, lastMigration: ledger.last };
  if (!ledger.present) {
    return check(
      'database.migrations',
      'fail',
      "Fluent's ledger public._fluent_migrations is missing",
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

function criticalTablesCheck(tables: CriticalTable[], startedAt: number): CheckResult {
  const missing = tables.filter((t) => !t.present).map((t) => t.name);
  const empty = tables.filter((t) => t.present && t.rows === 0).map((t) => t.name);
  const total = tables.reduce((sum, t) => sum + (t.rows ?? 0), 0);
  const details = { missing, empty, totalRows: total, counts: Object.fromEntries(tables.map((t) => [t.name, t.rows])) };
  if (missing.length > 0) {
    return check(
      'database.critical-tables',
      'fail',
      `${missing.length} of ${tables.length} critical tables are missing: ${missing.join(', ')}`,
      details,
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
  client: pg.Client,
): Promise<{ check: CheckResult; behind: DatabaseInfo['sequencesBehind'] }> {
  const startedAt = performance.now();
  const states = await readSequenceStates(client);
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

export async function inspectDatabase(
  ctx: DrillContext,
  drillUrl: string,
): Promise<{ info: DatabaseInfo; checks: CheckResult[] }> {
  ctx.secrets.addUrl(drillUrl);
  const startedAt = performance.now();
  const info = emptyInfo();
  const client = new pg.Client({ connectionString: drillUrl });
  client.on('error', () => {});
  const failAll = (what: string, error: unknown, ids: CheckResult['id'][]) => {
    const message = ctx.secrets.redact((error as Error).message ?? String(error));
    return ids.map((id) => check(id, 'fail', `could not ${what}: ${message}`, null, startedAt));
  };
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    return {
      info,
      checks: failAll('connect to the drill database', error, [
        'database.migrations',
        'database.critical-tables',
        'database.sequences',
      ]),
    };
  }
  const checks: CheckResult[] = [];
  try {
    try {
      const { ledger, tables } = await readLedgerAndTables(client);
      info.schemaVersion = ledger.fingerprint;
      info.ledgerSize = ledger.size;
      info.lastMigration = ledger.last;
      info.criticalTables = tables;
      info.totalCriticalRows = tables.some((t) => t.present) ? tables.reduce((sum, t) => sum + (t.rows ?? 0), 0) : null;
      checks.push(migrationsCheck(ledger, startedAt), criticalTablesCheck(tables, startedAt));
    } catch (error) {
      checks.push(
        ...failAll('read the ledger and critical tables', error, ['database.migrations', 'database.critical-tables']),
      );
    }
    try {
      const sequences = await sequencesCheck(client);
      info.sequencesBehind = sequences.behind;
      checks.push(sequences.check);
    } catch (error) {
      checks.push(...failAll('compare sequences with their columns', error, ['database.sequences']));
    }
  } finally {
    await client.end().catch(() => {});
  }
  ctx.log.info(
    `inspect: schema ${info.schemaVersion ?? '(no ledger)'}, ${info.totalCriticalRows ?? 0} rows in critical tables, ${info.sequencesBehind.length} sequence(s) behind`,
  );
  return { info, checks };
}
