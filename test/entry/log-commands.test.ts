// Text of the backup's making in the log never becomes a workflow command, through the action
// bundle and the command line: a custom archive made by the real pg_dump whose header strings
// (server and pg_dump version, quoted by restore.versions and the backup line) are rewritten, at
// their own length, to start new lines (line feed, carriage return) holding ::stop-commands::,
// ::error:: and an old-style ##[error]. The runner reads a line that starts with `::` (after its
// spaces) or holds `##[` as a command; no such line may carry the backup's words.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDrillDatabase } from '../../src/restore/drill-database.js';
import { libpqEnv } from '../../src/restore/pg-connection.js';
import { runBundle, runnerFiles } from '../helpers/bundles.js';
import { adminUrl, createTestDatabase, queryDb, type TestDatabase, uniqueName } from '../helpers/postgres.js';

let source: TestDatabase;
let admin: string;
let dir: string;
let hostile: string;
const made: string[] = [];

/** Rewrites the n-th string of a custom archive's header (0 dbname, 1 server, 2 pg_dump version) in place. */
function rewriteHeaderString(archive: Buffer, n: number, payload: string): Buffer {
  const out = Buffer.from(archive);
  const intSize = out[8] as number;
  const readInt = (at: number) => ({ value: out.readUIntLE(at + 1, intSize), next: at + 1 + intSize });
  // magic, version (3), intSize, offSize, format; compression (a byte from 1.15, an int before), 7 ints of the time.
  let at = (out[6] as number) >= 15 ? 12 : readInt(11).next;
  for (let i = 0; i < 7; i++) at = readInt(at).next;
  for (let i = 0; i < n; i++) {
    const s = readInt(at);
    at = s.next + s.value;
  }
  const s = readInt(at);
  const text = Buffer.from(payload.padEnd(s.value, ' ').slice(0, s.value), 'latin1');
  expect(text.length).toBe(s.value);
  text.copy(out, s.next);
  return out;
}

beforeAll(async () => {
  admin = await adminUrl();
  dir = await mkdtemp(path.join(os.tmpdir(), 'pdv-log-commands-'));
  source = await createTestDatabase('pdv_logcmd_src');
  await queryDb(source.url, 'CREATE TABLE seasons (id int PRIMARY KEY); INSERT INTO seasons VALUES (2026);');
  const dump = execFileSync('pg_dump', ['-Fc', '--compress=0'], { env: { ...process.env, ...libpqEnv(source.url) } });
  expect(dump.subarray(0, 5).toString()).toBe('PGDMP');
  expect(dump[6]).toBeGreaterThanOrEqual(10);
  let archive = rewriteHeaderString(dump, 1, '\n  ::stop-commands::pdvX\n');
  archive = rewriteHeaderString(archive, 2, '15\r::error::pdvX\n##[error]pdvX');
  hostile = path.join(dir, 'nightly.dump');
  await writeFile(hostile, archive);
}, 60_000);

afterAll(async () => {
  for (const name of made) await dropDrillDatabase(admin, name).catch(() => {});
  await source?.drop();
  await rm(dir, { recursive: true, force: true });
});

/** Lines as the runner splits them, that it would take for a workflow command quoting the backup. */
function commandsFromBackup(output: string): string[] {
  return output
    .split(/\r\n|\r|\n/)
    .filter((line) => /^\s*::[a-z-]+(?: [^:]*)?::pdvX/.test(line) || line.includes('##[error]pdvX'));
}

describe('the backup’s text in the log', () => {
  it('never starts a workflow command: the action bundle', async () => {
    const files = await runnerFiles();
    const database = uniqueName('pdv_logcmd_drill');
    made.push(database);
    const run = await runBundle('dist/index.js', {
      inputs: {
        'backup-source': hostile,
        'database-url': admin,
        'drill-database': database,
        baseline: 'none',
        'artifact-name': '',
        'pr-comment': 'off',
        'report-dir': path.join(files.dir, 'report'),
      },
      env: { GITHUB_OUTPUT: files.output, GITHUB_STATE: files.state, RUNNER_TEMP: files.dir },
    });
    const output = run.stdout + run.stderr;
    // The backup's words are there, shown: the version line quotes them.
    expect(output).toMatch(/restore\.versions: .*\?\s*::stop-commands::pdvX/);
    expect(commandsFromBackup(output)).toEqual([]);
    const report = JSON.parse(await readFile(path.join(files.dir, 'report', 'report.json'), 'utf8'));
    expect(report.backup.archiveVersion ?? '').not.toMatch(/[\r\n]/);
    expect(JSON.stringify(report)).not.toMatch(/\\[rn] *::|\\r/);
    await rm(files.dir, { recursive: true, force: true });
  }, 120_000);

  it('never starts a workflow command: the command line (run in a workflow step)', async () => {
    const database = uniqueName('pdv_logcmd_drill');
    made.push(database);
    const run = await runBundle('dist/cli/index.js', {
      args: [
        'drill',
        ...['--backup-source', hostile, '--database-url', admin, '--drill-database', database],
        ...['--baseline', 'none', '--report-dir', path.join(dir, 'cli-report')],
      ],
    });
    const output = run.stdout + run.stderr;
    expect(output).toContain('pdvX');
    expect(commandsFromBackup(output)).toEqual([]);
  }, 120_000);
});
