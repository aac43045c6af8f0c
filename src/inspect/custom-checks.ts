// Running the checks-file against the drill database: each check in its own READ ONLY
// transaction with a statement timeout, over the extended protocol (one statement only, so a
// check cannot COMMIT its way out of read-only), each yielding a custom.<name> check. The session
// pins search_path to public (the user's table names resolve as PickDriver's do, whatever
// `ALTER DATABASE … SET search_path` the backup wrote; pg_catalog is searched first), the SQL the
// drill writes itself qualifies its functions and operators, and all checks share a deadline.
import path from 'node:path';
import type pg from 'pg';
import { check, type DrillContext } from '../model/context.js';
import type { CheckResult } from '../model/types.js';
import { controlClient, terminateSessions } from '../util/connection-queue.js';
import { Deadline, postRestoreBudgetMs } from '../util/deadline.js';
import { formatDuration } from '../util/format.js';
import { pgClient } from '../util/pg-session.js';
import { type CustomCheck, type Expectation, loadChecksFile } from './checks-file.js';

const quoteQualified = (name: string) =>
  name
    .split('.')
    .map((part) => `"${part.replace(/"/g, '""')}"`)
    .join('.');

interface Verdict {
  passed: boolean;
  summary: string;
  details: Record<string, unknown>;
}

async function readOnly(client: pg.Client, timeoutMs: number, sql: string): Promise<unknown[][]> {
  await client.query('BEGIN READ ONLY');
  try {
    await client.query(`SET LOCAL statement_timeout = ${Math.round(timeoutMs)}`);
    const result = await client.query({ text: sql, rowMode: 'array', queryMode: 'extended' } as pg.QueryArrayConfig);
    return result.rows;
  } finally {
    await client.query('ROLLBACK').catch(() => {});
  }
}

function compare(value: unknown, expect: Expectation): boolean {
  if (expect.kind === 'boolean') {
    const b =
      value === true || value === 't' || value === 'true'
        ? true
        : value === false || value === 'f' || value === 'false'
          ? false
          : null;
    return b === expect.value;
  }
  if (value === null || value === undefined || value === '' || typeof value === 'object') return false;
  const n = Number(value);
  if (Number.isNaN(n)) return false;
  switch (expect.op) {
    case '=':
      return n === expect.value;
    case '!=':
      return n !== expect.value;
    case '>=':
      return n >= expect.value;
    case '>':
      return n > expect.value;
    case '<=':
      return n <= expect.value;
    case '<':
      return n < expect.value;
  }
}

async function evaluate(client: pg.Client, c: CustomCheck): Promise<Verdict> {
  if (c.kind === 'sql') {
    const rows = await readOnly(client, c.timeoutMs, c.sql);
    const first = rows[0];
    if (first === undefined || first.length === 0) {
      return {
        passed: false,
        summary: `the query returned no rows (expected ${c.expectText})`,
        details: { value: null },
      };
    }
    const value = first[0] instanceof Date ? first[0].toISOString() : first[0];
    const passed = compare(value, c.expect);
    return {
      passed,
      summary: `returned ${JSON.stringify(value)}, expected ${c.expectText}`,
      details: { value, expect: c.expectText },
    };
  }
  if (c.kind === 'min-rows') {
    const rows = await readOnly(
      client,
      c.timeoutMs,
      `SELECT pg_catalog.count(*)::text FROM ${quoteQualified(c.table)}`,
    );
    const count = Number(rows[0]?.[0] ?? 0);
    return {
      passed: count >= c.minRows,
      summary: `${c.table} has ${count} rows (minimum ${c.minRows})`,
      details: { table: c.table, rows: count, minRows: c.minRows },
    };
  }
  const column = quoteQualified(c.timestampColumn);
  const rows = await readOnly(
    client,
    c.timeoutMs,
    `SELECT pg_catalog.max(${column})::text,
            extract(epoch FROM pg_catalog.now() OPERATOR(pg_catalog.-) pg_catalog.max(${column}))::float8
       FROM ${quoteQualified(c.table)}`,
  );
  const [newest, ageSeconds] = (rows[0] ?? [null, null]) as [string | null, number | null];
  const limit = formatDuration(c.maxAgeMs);
  if (newest === null || ageSeconds === null) {
    return {
      passed: false,
      summary: `${c.table} has no rows with ${c.timestampColumn} (max age ${limit})`,
      details: { newest: null },
    };
  }
  const ageMs = ageSeconds * 1000;
  return {
    passed: ageMs <= c.maxAgeMs,
    summary: `newest ${c.table}.${c.timestampColumn} is ${formatDuration(Math.max(0, ageMs))} old (max ${limit})`,
    details: {
      table: c.table,
      column: c.timestampColumn,
      newest,
      ageSeconds: Math.round(ageSeconds),
      maxAgeSeconds: c.maxAgeMs / 1000,
    },
  };
}

/** Runs the checks of config.checksFile; [] without one. A bad file throws ConfigError. */
/** Reads and validates checks-file (ConfigError when it is bad): the drill does this before any work. */
export async function loadCustomChecks(ctx: DrillContext): Promise<CustomCheck[]> {
  const file = ctx.config.checksFile;
  return file ? loadChecksFile(path.resolve(file)) : [];
}

export async function runCustomChecks(
  ctx: DrillContext,
  drillUrl: string,
  preloaded?: CustomCheck[],
  deadline = new Deadline(postRestoreBudgetMs(null, ctx.config.restoreTimeoutMs), 'the checks-file checks'),
): Promise<CheckResult[]> {
  const checks = preloaded ?? (await loadCustomChecks(ctx));
  if (checks.length === 0) return [];
  ctx.secrets.addUrl(drillUrl);
  const redact = (text: string) => ctx.secrets.redact(text);
  const client = pgClient(drillUrl, { statementTimeoutMs: deadline.statementTimeoutMs, searchPath: 'public' });
  const connectStarted = performance.now();
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    const message = redact((error as Error).message);
    return checks.map((c) =>
      check(
        `custom.${c.name}`,
        c.severity,
        `could not connect to the drill database: ${message}`,
        null,
        connectStarted,
      ),
    );
  }
  const results: CheckResult[] = [];
  try {
    for (const c of checks) {
      const startedAt = performance.now();
      const id = `custom.${c.name}` as const;
      if (deadline.remainingMs === 0) {
        const why = `not run: ${deadline.what} did not finish within ${formatDuration(deadline.totalMs)}`;
        results.push(check(id, c.severity, why, { description: c.description }, startedAt));
        continue;
      }
      try {
        // A check's own timeout, but never past the phase's deadline.
        const timeoutMs = Math.max(1, Math.min(c.timeoutMs, deadline.remainingMs));
        // Past the deadline the session is ended on the server too: a function of the backup's
        // that the check reaches may swallow the statement timeout's cancel.
        const expire = () =>
          void terminateSessions(() => controlClient(drillUrl), [client]).finally(() => client.end().catch(() => {}));
        const verdict = await deadline.race(evaluate(client, { ...c, timeoutMs }), expire);
        const details = { ...verdict.details, description: c.description, severity: c.severity };
        results.push(check(id, verdict.passed ? 'ok' : c.severity, verdict.summary, details, startedAt));
      } catch (error) {
        const message = redact((error as Error).message);
        results.push(
          check(id, c.severity, `the check's query failed: ${message}`, { description: c.description }, startedAt),
        );
      }
    }
  } finally {
    await client.end().catch(() => {});
  }
  const failed = results.filter((r) => r.status !== 'ok').length;
  ctx.log.info(`custom checks: ${results.length - failed}/${results.length} passed (${ctx.config.checksFile})`);
  return results;
}
