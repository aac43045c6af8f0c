// The checks-file: extra checks a user keeps in the repository, YAML or JSON.
//
//   checks:
//     - name: active-season                  # check id custom.active-season
//       sql: SELECT count(*) FROM seasons WHERE is_active
//       expect: ">= 1"                       # = n, != n, >= n, > n, <= n, < n, true, false (default true)
//     - name: users-min-rows
//       table: users                         # or schema.table
//       min-rows: 100
//     - name: fresh-picks
//       table: player_picks
//       timestamp-column: created_at
//       max-age: 2d                          # newest row no older than this, relative to now
//       severity: warn                       # fail (default) or warn
//       timeout: 30s                         # statement timeout, default 60s
import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import { ConfigError } from '../config/config.js';
import { parseDuration } from '../config/duration.js';

type Comparison = '=' | '!=' | '>=' | '>' | '<=' | '<';
export type Expectation = { kind: 'boolean'; value: boolean } | { kind: 'number'; op: Comparison; value: number };

interface CheckBase {
  name: string;
  severity: 'fail' | 'warn';
  description: string | null;
  timeoutMs: number;
}
export type CustomCheck =
  | (CheckBase & { kind: 'sql'; sql: string; expect: Expectation; expectText: string })
  | (CheckBase & { kind: 'min-rows'; table: string; minRows: number })
  | (CheckBase & { kind: 'freshness'; table: string; timestampColumn: string; maxAgeMs: number });

const DEFAULT_TIMEOUT_MS = 60_000;
const EXPECT_RE = /^(=|==|!=|<>|>=|>|<=|<)?\s*(-?\d+(?:\.\d+)?)$/;

function parseExpectation(text: string): Expectation | null {
  const t = text.trim().toLowerCase();
  if (t === 'true' || t === 'false') return { kind: 'boolean', value: t === 'true' };
  const m = EXPECT_RE.exec(t);
  if (!m) return null;
  const raw = m[1] ?? '=';
  const op = (raw === '==' ? '=' : raw === '<>' ? '!=' : raw) as Comparison;
  return { kind: 'number', op, value: Number(m[2]) };
}

const durationText = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const ms = parseDuration(String(v));
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: `expected a duration such as 30s, 12h or 2d, got '${v}'` });
    return z.NEVER;
  }
  return ms;
});
const identifier = /[A-Za-z_][A-Za-z0-9_$]*/.source;
const tableName = z
  .string()
  .regex(new RegExp(`^${identifier}(\\.${identifier})?$`), 'expected a table name such as users or public.users');
const base = {
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'expected letters, digits, _ . - (the check id is custom.<name>)'),
  severity: z.enum(['fail', 'warn']).default('fail'),
  description: z.string().optional(),
  timeout: durationText.optional(),
};
const expectText = z.union([z.string(), z.number(), z.boolean()]).transform((v, ctx) => {
  const parsed = parseExpectation(String(v));
  if (!parsed) {
    ctx.addIssue({
      code: 'custom',
      message: `expected '= n', '!= n', '>= n', '> n', '<= n', '< n', true or false, got '${v}'`,
    });
    return z.NEVER;
  }
  return { text: String(v), parsed };
});
const sqlSchema = z.strictObject({
  ...base,
  sql: z.string().trim().min(1),
  expect: expectText.default({ text: 'true', parsed: { kind: 'boolean', value: true } }),
});
const minRowsSchema = z.strictObject({ ...base, table: tableName, 'min-rows': z.number().int().min(0) });
const freshnessSchema = z.strictObject({
  ...base,
  table: tableName,
  'timestamp-column': z.string().regex(new RegExp(`^${identifier}$`), 'expected a column name'),
  'max-age': durationText,
});

function issuePath(path: PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}

function toCheck(entry: unknown, index: number, problems: string[]): CustomCheck | null {
  const where = `checks[${index}]`;
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    problems.push(`${where}: expected a mapping with a name and one of sql, min-rows or timestamp-column + max-age`);
    return null;
  }
  const keys = Object.keys(entry);
  const schema = keys.includes('sql')
    ? sqlSchema
    : keys.includes('min-rows')
      ? minRowsSchema
      : keys.includes('max-age') || keys.includes('timestamp-column')
        ? freshnessSchema
        : null;
  if (schema === null) {
    problems.push(
      `${where}: expected one of sql (with expect), table + min-rows, or table + timestamp-column + max-age`,
    );
    return null;
  }
  const parsed = schema.safeParse(entry);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${where}${issuePath(issue.path)}: ${issue.message}`);
    return null;
  }
  const v = parsed.data;
  const common: CheckBase = {
    name: v.name,
    severity: v.severity,
    description: v.description ?? null,
    timeoutMs: v.timeout ?? DEFAULT_TIMEOUT_MS,
  };
  if ('sql' in v) return { ...common, kind: 'sql', sql: v.sql, expect: v.expect.parsed, expectText: v.expect.text };
  if ('min-rows' in v) return { ...common, kind: 'min-rows', table: v.table, minRows: v['min-rows'] };
  return {
    ...common,
    kind: 'freshness',
    table: v.table,
    timestampColumn: v['timestamp-column'],
    maxAgeMs: v['max-age'],
  };
}

/** Parses checks-file text; `file` names it in error messages. Throws ConfigError. */
export async function parseChecksFile(text: string, file: string): Promise<CustomCheck[]> {
  // The YAML parser is loaded only for a drill that has a checks-file: it is a tenth of what
  // every other drill's start would load.
  // The bundle loads yaml (CommonJS) as a namespace whose functions sit on its default export.
  const yaml = (await import('yaml')) as typeof import('yaml') & { default?: typeof import('yaml') };
  const parseYaml = yaml.parse ?? yaml.default?.parse;
  const fail = (problems: string[]) => new ConfigError(problems.map((p) => `checks-file (${file}): ${p}`));
  let doc: unknown;
  try {
    // YAML is a superset of JSON: one parser reads both.
    doc = parseYaml(text);
  } catch (error) {
    throw fail([`not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`]);
  }
  const checks = (doc as { checks?: unknown } | null)?.checks;
  if (typeof doc !== 'object' || doc === null || !Array.isArray(checks)) {
    throw fail(["expected a top-level 'checks' list"]);
  }
  const extraKeys = Object.keys(doc).filter((k) => k !== 'checks');
  const problems: string[] = extraKeys.map((k) => `unknown top-level key '${k}' (only 'checks' is read)`);
  if (checks.length === 0) problems.push("'checks' is empty");
  const parsed = checks.map((entry, i) => toCheck(entry, i, problems));
  const seen = new Set<string>();
  for (const c of parsed) {
    if (c === null) continue;
    if (seen.has(c.name)) problems.push(`the name '${c.name}' is used twice (check ids must be unique)`);
    seen.add(c.name);
  }
  if (problems.length > 0) throw fail(problems);
  return parsed as CustomCheck[];
}

export async function loadChecksFile(file: string): Promise<CustomCheck[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError([
      `checks-file (${file}): cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    ]);
  }
  return parseChecksFile(text, file);
}
