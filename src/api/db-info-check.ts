// api.db-info: the API's view of the target database must equal what the drill read directly
// from the restored database (schema fingerprint and critical table row counts). A difference
// means the API is wired to another database than the one the drill restored.

import { check } from '../model/context.js';
import type { CheckResult, DatabaseInfo } from '../model/types.js';
import type { PickDriverClient } from './client.js';
import { failureDetails } from './internal-checks.js';
import { type DbInfoBody, dbInfoSchema } from './schemas.js';

interface Difference {
  field: string;
  direct: string | number | null;
  api: string | number | null;
}

/** Differences between the API's db-info and the direct inspection ('absent' for a missing table). */
function compareDbInfo(direct: DatabaseInfo, api: DbInfoBody): Difference[] {
  const differences: Difference[] = [];
  if (direct.schemaVersion !== api.schemaVersion) {
    differences.push({ field: 'schemaVersion', direct: direct.schemaVersion, api: api.schemaVersion });
  }
  const counts = api.criticalTableCounts ?? {};
  const seen = new Set<string>();
  for (const table of direct.criticalTables) {
    seen.add(table.name);
    const directRows = table.present ? table.rows : 'absent';
    const apiRows = counts[table.name] ?? 'absent';
    if (directRows !== apiRows) differences.push({ field: table.name, direct: directRows, api: apiRows });
  }
  for (const [name, rows] of Object.entries(counts)) {
    if (!seen.has(name)) differences.push({ field: name, direct: 'absent', api: rows });
  }
  return differences;
}

export async function dbInfoCheck(
  client: PickDriverClient,
  target: 'drill' | 'staging',
  direct: DatabaseInfo | null,
): Promise<{ check: CheckResult; body: DbInfoBody | null }> {
  const t0 = performance.now();
  const path = `/api/internal/ops/db-info?target=${encodeURIComponent(target)}`;
  const result = await client.get(path, dbInfoSchema, { token: true });
  if (!result.ok) {
    return { check: check('api.db-info', 'fail', result.problem, failureDetails(result), t0), body: null };
  }
  const body = result.data;
  if (direct === null) {
    const summary = `target ${target}: schema ${body.schemaVersion ?? 'none'}; no direct inspection of the restored database to compare with`;
    return { check: check('api.db-info', 'warn', summary, { target, api: body }, t0), body };
  }
  const differences = compareDbInfo(direct, body);
  if (differences.length > 0) {
    const shown = differences
      .slice(0, 5)
      .map((d) => `${d.field} ${d.direct ?? 'null'} (direct) ≠ ${d.api ?? 'null'} (API)`)
      .join('; ');
    const more = differences.length > 5 ? ` (+${differences.length - 5} more)` : '';
    return {
      check: check(
        'api.db-info',
        'fail',
        `the API reads another database (target ${target}): ${shown}${more}`,
        { target, differences },
        t0,
      ),
      body,
    };
  }
  const tables = Object.keys(body.criticalTableCounts ?? {}).length;
  return {
    check: check(
      'api.db-info',
      'ok',
      `target ${target} matches the restored database: ${body.schemaVersion ?? 'no schema version'}, ${tables} critical table counts equal`,
      { target, differences: [] },
      t0,
    ),
    body,
  };
}
