// When a parallel pg_restore has finished with a table, read off its real --verbose output: only
// after the table's data and everything of the post-data that touches it (its indexes, its
// constraints, the foreign keys that reference it), judged here from each item's SQL rather than
// the TOC's dependencies the tracker itself uses.
import { execFile, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArchiveToc, readArchiveToc } from '../../src/dump/archive-toc.js';
import { libpqEnv } from '../../src/restore/pg-connection.js';
import { type ReadyTable, TableReadiness } from '../../src/restore/table-readiness.js';
import { createTestDatabase, queryDb, type TestDatabase } from '../helpers/postgres.js';

const execFileAsync = promisify(execFile);

let source: TestDatabase;
let target: TestDatabase;
let toc: ArchiveToc;
let stderr: string[];

beforeAll(async () => {
  source = await createTestDatabase('pdv_ready_src');
  target = await createTestDatabase('pdv_ready_dst');
  await queryDb(
    source.url,
    `CREATE TABLE seasons (id int PRIMARY KEY, year int UNIQUE);
     INSERT INTO seasons SELECT g, 2000 + g FROM generate_series(1, 30) g;
     CREATE TABLE drivers (id int PRIMARY KEY, season_id int NOT NULL REFERENCES seasons(id), name text);
     INSERT INTO drivers SELECT g, 1 + g % 30, 'driver ' || g FROM generate_series(1, 20000) g;
     CREATE INDEX drivers_lower_name ON drivers (lower(name));
     CREATE INDEX drivers_season ON drivers (season_id);
     CREATE TABLE "Odd ""Name""" (id int PRIMARY KEY);
     INSERT INTO "Odd ""Name""" SELECT generate_series(1, 50);
     CREATE TABLE empty_one (id int);`,
  );
  const dump = path.join(os.tmpdir(), `pdv-ready-${process.pid}.dump`);
  await execFileAsync('pg_dump', ['-Fc', '-f', dump], { env: { ...process.env, ...libpqEnv(source.url) } });
  toc = readArchiveToc(await readFile(dump));
  const child = spawn(
    'pg_restore',
    ['--verbose', '--jobs', '2', '--no-owner', '--exit-on-error', '-d', target.name, dump],
    {
      env: { ...process.env, ...libpqEnv(target.url) },
    },
  );
  stderr = [];
  const lines = createInterface({ input: child.stderr });
  lines.on('line', (line) => stderr.push(line));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code, stderr.join('\n')).toBe(0);
}, 120_000);
afterAll(async () => {
  await source?.drop();
  await target?.drop();
});

/** pg_restore's line that says item `id` finished, even when another process's line split it. */
const finishes = (id: number) => (line: string) => new RegExp(`(^|:)\\s*finished item ${id} `).test(line);

/** Replays the stderr lines; each ready table with the number of lines seen when it was reported. */
function replay(lines: string[], leftOut: Set<number> = new Set()) {
  const ready: { table: ReadyTable; at: number }[] = [];
  let at = 0;
  const readiness = new TableReadiness(toc, leftOut, 2, (table) => ready.push({ table, at }));
  for (const line of lines) {
    at += 1;
    readiness.addStderrLine(line);
  }
  return ready;
}

/** The items of the restore that touch `table`, judged by their SQL. */
function touching(table: string): number[] {
  const quoted = table.includes('"') || /[A-Z ]/.test(table) ? `"${table.replace(/"/g, '""')}"` : table;
  return toc.entries
    .filter((e) => e.desc !== 'TABLE' && e.desc !== 'SEQUENCE OWNED BY' && e.desc !== 'DEFAULT')
    .filter((e) => e.section === 4 || (e.desc === 'TABLE DATA' && e.tag === table))
    .filter(
      (e) =>
        e.desc === 'TABLE DATA' ||
        new RegExp(`(ON|TABLE ONLY|REFERENCES) public\\.${quoted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\s(]`).test(
          e.defn ?? '',
        ),
    )
    .map((e) => e.dumpId);
}

describe('TableReadiness on pg_restore --jobs 2 --verbose', () => {
  it('reports each table with data once, after every item that touches it has finished', () => {
    const ready = replay(stderr);
    expect(ready.map((r) => r.table.name).sort()).toEqual(['Odd "Name"', 'drivers', 'empty_one', 'seasons']);
    for (const { table, at } of ready) {
      const items = touching(table.name);
      expect(items.length).toBeGreaterThan(0);
      for (const id of items) {
        const finished = stderr.findIndex(finishes(id));
        expect(finished, `${table.name}: item ${id}`).toBeGreaterThanOrEqual(0);
        expect(finished, `${table.name}: item ${id}`).toBeLessThan(at);
      }
    }
    // seasons is referenced by drivers' foreign key: it waits for that too.
    const fk = toc.entries.find((e) => e.desc === 'FK CONSTRAINT')?.dumpId;
    expect(touching('seasons')).toContain(fk);
  });

  it('reads the lines of the leader and a worker that interleaved, as they do on a busy machine', () => {
    // Seen on a loaded 2-core machine: `pg_restore:pg_restore: executing …`, then ` finished item …`.
    const split = stderr.flatMap((line, i) => {
      if (/^pg_restore: (finished|launching) item /.test(line)) return [line.slice('pg_restore:'.length)];
      return /^pg_restore: (finished|launching) item /.test(stderr[i + 1] ?? '') ? [`pg_restore:${line}`] : [line];
    });
    expect(split.some((l) => l.startsWith(' finished item '))).toBe(true);
    const names = (lines: string[]) =>
      replay(lines)
        .map((r) => r.table.name)
        .sort();
    expect(names(split)).toEqual(names(stderr.map((l) => l.replace(/^(pg_restore:\s*)+/, 'pg_restore: '))));
    expect(names(split)).toContain('seasons');
  });

  it('does not wait for an item the -L list left out', () => {
    const index = toc.entries.find((e) => e.desc === 'INDEX' && e.tag === 'drivers_lower_name')?.dumpId as number;
    const without = stderr.filter((l) => !finishes(index)(l));
    expect(replay(without).map((r) => r.table.name)).not.toContain('drivers');
    expect(replay(without, new Set([index])).map((r) => r.table.name)).toContain('drivers');
  });

  it('releases only the referenced table when a foreign key the drill adds is in but not yet validated', () => {
    const fk = toc.entries.find((e) => e.desc === 'FK CONSTRAINT');
    const seasons = toc.entries.find((e) => e.desc === 'TABLE' && e.tag === 'seasons')?.dumpId as number;
    const key = fk?.dumpId as number;
    // The drill took the key out of pg_restore's list and adds it itself (restore/foreign-keys.ts).
    const ready: string[] = [];
    const readiness = new TableReadiness(toc, new Set(), 2, (t) => ready.push(t.name));
    for (const line of stderr.filter((l) => !finishes(key)(l))) readiness.addStderrLine(line);
    expect(ready).not.toContain('seasons');
    expect(ready).not.toContain('drivers');
    // Added NOT VALID: its validation shares seasons (ROW SHARE) but still reads drivers.
    readiness.itemFinished(key, seasons);
    expect(ready).toContain('seasons');
    expect(ready).not.toContain('drivers');
    readiness.itemFinished(key);
    expect(ready).toContain('drivers');
    expect(ready.filter((t) => t === 'seasons')).toHaveLength(1);
  });

  it('lets work beside the restore start only while pg_restore runs fewer items than its jobs', async () => {
    const ready: ReadyTable[] = [];
    const readiness = new TableReadiness(toc, new Set(), 2, (t) => ready.push(t));
    const data = toc.entries.find((e) => e.desc === 'TABLE DATA' && e.tag === 'empty_one')?.dumpId;
    readiness.addStderrLine('pg_restore: launching item 9001 INDEX a');
    readiness.addStderrLine(`pg_restore: launching item ${data} TABLE DATA public empty_one`);
    readiness.addStderrLine('pg_restore: launching item 9002 INDEX b');
    readiness.addStderrLine(`pg_restore: finished item ${data} TABLE DATA public empty_one`);
    expect(ready.map((t) => t.name)).toEqual(['empty_one']);
    let idle = false;
    void ready[0]?.whenRestoreIdle().then(() => {
      idle = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(idle).toBe(false); // two items still run on two jobs
    readiness.addStderrLine('pg_restore: finished item 9001 INDEX a');
    readiness.addStderrLine('pg_restore: launching item 9003 INDEX c'); // the slot is taken at once
    await new Promise((r) => setImmediate(r));
    expect(idle).toBe(false);
    readiness.addStderrLine('pg_restore: finished item 9002 INDEX b');
    await new Promise((r) => setImmediate(r));
    expect(idle).toBe(true);
    readiness.end();
    await expect(ready[0]?.whenRestoreIdle()).resolves.toBeUndefined();
  });
});
