// The README's reference tables, generated: inputs and outputs from action.yml, check ids from the
// report's list, report fields from its JSON Schema. `npm run docs` rewrites the blocks between
// `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`; test/docs/readme.test.ts fails when the
// README differs from what this would write (run `npm run docs` after adding an input).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { CHECK_IDS } from '../src/model/types.js';

export const ROOT = path.resolve(import.meta.dirname, '..');

interface ActionYml {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
}

/** What each fixed check id judges; a new id needs a line here (the drift test says so). */
export const CHECK_DESCRIPTIONS: Record<string, string> = {
  'backup.found': 'a backup was found at `backup-source`; every candidate is listed with why it was or was not chosen',
  'backup.checksum':
    'the SHA-256 matches the `.sha256` sidecar or `backup-checksum` (skipped under `auto` without one)',
  'backup.archive':
    "the archive is whole: a custom archive's blocks, a tar's members, a plain dump's end marker, and a plain dump holds only what pg_dump writes",
  'backup.age': 'the backup is younger than `max-backup-age` (the RPO target)',
  'backup.cadence': 'no gap between backups longer than 1.5 × `backup-interval`',
  'restore.completed': 'the restore tool finished without errors within `restore-timeout`',
  'restore.duration': 'the restore took less than `max-restore-time` (the RTO target)',
  'restore.toc-complete': "every table of the archive's table of contents is in the restored database",
  'restore.versions':
    "judged before the restore, on one line: the backup's pg_dump and source server, the target server and the client picked (ok); warn when the backup comes from a newer server than the target (names the service image to use); fail with the one thing to change when no client can restore it",
  'restore.post-command': '`post-restore-command` exited 0 (skipped without one)',
  'migration.completed':
    '`migration-command` exited 0 within `migration-max-duration`; on a failure its error, quoted (skipped without one)',
  'migration.locks':
    "no lock of `migration-command` blocked PickDriver's reads (ACCESS EXCLUSIVE) or writes (SHARE and stronger) of a table for longer than `migration-max-lock`; a failure names the table, mode, time and what it blocks",
  'migration.rewrites': '`warn`: each table (or index) `migration-command` rewrote, with its size before and after',
  'migration.data':
    '`warn`: rows disappeared from a table; `fail`: a critical table lost more than `row-drop-threshold`',
  'database.migrations': "PickDriver's migration ledger is there; its schema fingerprint is reported",
  'database.critical-tables': "PickDriver's critical tables are present, with their row counts",
  'database.sequences': 'no sequence lags behind the maximum of its column',
  'api.ready': '`/api/health/ready` answered ok within `api-ready-timeout`',
  'api.info': 'system info answered with the instance version and environment',
  'api.compatibility': "the instance's migrations match the restored database's",
  'api.smoke': "PickDriver's internal smoke checks passed on the restored data",
  'api.db-info': "the instance's database figures match the drill's own reading",
  'api.validate': "PickDriver's backup validation passed",
  'compare.baseline':
    '`ok`: compared with N earlier drills, nothing regressed; `warn`: the regressions found (result `regressed`); `skip`: no baseline, and why',
};

/** Report fields whose schema has no description of its own. */
const FIELD_DESCRIPTIONS: Record<string, string> = {
  reportVersion: 'the report format version (1)',
  tool: 'name and version of the action',
  result: '`failed` > `regressed` > `warned` > `passed`',
  failOn: 'the `fail-on` input the verdict was judged by',
  run: 'trigger, repository, workflow, run id and attempt, ref, sha, actor, start, finish',
  backup: 'id, source (credentials removed), resolved file, candidates, format, size, sha256, checksum, age, RPO',
  restore: 'database, start, finish, `durationMs`, RTO, jobs, tool and version, warnings and errors',
  database: 'schema fingerprint, migration ledger, critical tables with row counts, lagging sequences',
  api: "`null` when skipped; else the instance's version, environment and what each endpoint returned",
  checks: '`[{id, status, summary, details, durationMs, regressions}]`: the check ids below',
  baseline: 'where the earlier drills came from and which runs it holds, or `null`',
  regressions: '`[{checkId, metric, baseline, current, threshold, message}]`',
};

const mdCell = (text: string) =>
  text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, ' ');
const shown = (value: string | undefined) => (value === undefined || value === '' ? '(none)' : `\`${value}\``);

export function inputsTable(action: ActionYml): string {
  const rows = Object.entries(action.inputs).map(
    ([name, i]) => `| \`${name}\` | ${i.required ? '(required)' : shown(i.default)} | ${mdCell(i.description)} |`,
  );
  return ['| input | default | description |', '| --- | --- | --- |', ...rows].join('\n');
}

export function outputsTable(action: ActionYml): string {
  const rows = Object.entries(action.outputs).map(([name, o]) => `| \`${name}\` | ${mdCell(o.description)} |`);
  return ['| output | description |', '| --- | --- |', ...rows].join('\n');
}

export function checkIdsTable(): string {
  const rows = [...CHECK_IDS, 'compare.baseline'].filter((id, i, all) => all.indexOf(id) === i);
  return [
    '| check id | what it judges |',
    '| --- | --- |',
    ...rows.map(
      (id) => `| \`${id}\` | ${CHECK_DESCRIPTIONS[id] ?? 'MISSING: describe it in scripts/readme-tables.ts'} |`,
    ),
    '| `custom.<name>` | a check of `checks-file` |',
  ].join('\n');
}

export function reportFieldsTable(schema: {
  required: string[];
  properties: Record<string, { description?: string }>;
}): string {
  const rows = schema.required.map((field) => {
    const text = schema.properties[field]?.description ?? FIELD_DESCRIPTIONS[field] ?? '';
    return `| \`${field}\` | ${mdCell(text)} |`;
  });
  return ['| field | what it holds |', '| --- | --- |', ...rows].join('\n');
}

/** Every generated block, by marker name. */
export function generatedBlocks(root = ROOT): Record<string, string> {
  const action = YAML.parse(readFileSync(path.join(root, 'action.yml'), 'utf8')) as ActionYml;
  const schema = JSON.parse(readFileSync(path.join(root, 'schema/report.schema.json'), 'utf8'));
  return {
    inputs: inputsTable(action),
    outputs: outputsTable(action),
    'check-ids': checkIdsTable(),
    'report-fields': reportFieldsTable(schema),
  };
}

/** The README with each generated block replaced; throws when a marker pair is missing. */
export function renderReadme(readme: string, blocks: Record<string, string>): string {
  let out = readme;
  for (const [name, body] of Object.entries(blocks)) {
    const open = `<!-- generated:${name} -->`;
    const close = `<!-- /generated:${name} -->`;
    const start = out.indexOf(open);
    const end = out.indexOf(close);
    if (start === -1 || end < start) throw new Error(`README.md: missing ${open} … ${close}`);
    out = `${out.slice(0, start + open.length)}\n${body}\n${out.slice(end)}`;
  }
  return out;
}
