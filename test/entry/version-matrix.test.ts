// The version matrix: pg_dump of each major D (13–18, each against a server of major D) in every
// format, drilled by the command-line bundle into servers of D, 15, 16, 17 and 18 with the client
// the drill picks among every installed one, compared with the source (rows and md5 per table,
// sequences, large objects). A sample that covers every D, every server and every format, with
// clients of another major than the server; plus a client that cannot read the backup, which must
// fail before restoring with the three versions and the remedy. Servers come from npm
// (test/helpers/pg-servers.ts); clients of the majors this machine lacks are said to be skipped.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBundle } from '../helpers/bundles.js';
import { clientBinDir, type PgServer, SERVER_MAJORS, startPgServer } from '../helpers/pg-servers.js';

type Format = 'custom' | 'directory' | 'tar' | 'plain';
const FLAG: Record<Format, string> = { custom: 'c', directory: 'd', tar: 't', plain: 'p' };

/** [dump major, format, target server major]: every D, every server, every format. */
const SAMPLE: [number, Format, number][] = [
  [13, 'custom', 13],
  [13, 'plain', 18],
  [14, 'directory', 14],
  [14, 'tar', 16],
  [15, 'custom', 17],
  [15, 'plain', 15],
  [16, 'tar', 15],
  [16, 'directory', 18],
  [17, 'custom', 16],
  [17, 'plain', 15],
  [17, 'directory', 17],
  [18, 'tar', 16],
  [18, 'directory', 17],
  [18, 'plain', 18],
];

const SOURCE_SQL = `
CREATE TABLE "Driver Picks" (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, who text NOT NULL, at timestamptz, data jsonb);
INSERT INTO "Driver Picks" (who, at, data)
  SELECT 'user ' || g, timestamptz '2025-03-01 12:00+00' + g * interval '1 hour', jsonb_build_object('n', g, 'x', repeat('é', g % 7))
  FROM generate_series(1, 500) g;
CREATE SEQUENCE standalone_seq START 40;
SELECT nextval('standalone_seq'), nextval('standalone_seq');
CREATE TABLE blobs (id serial PRIMARY KEY, payload bytea, doc oid);
INSERT INTO blobs (payload, doc) SELECT decode(md5(g::text), 'hex'), lo_from_bytea(0, convert_to(repeat('lo ' || g, 50), 'UTF8')) FROM generate_series(1, 3) g;
CREATE VIEW pick_counts AS SELECT who, count(*) FROM "Driver Picks" GROUP BY who;
CREATE TABLE pick_votes (pick_id integer NOT NULL REFERENCES "Driver Picks" (id) ON DELETE CASCADE, vote smallint);
INSERT INTO pick_votes SELECT 1 + g % 500, g % 3 FROM generate_series(1, 200) g;
CREATE TABLE pick_flags (pick_id integer REFERENCES "Driver Picks" (id) DEFERRABLE INITIALLY DEFERRED);
INSERT INTO pick_flags SELECT 1 + g % 500 FROM generate_series(1, 50) g;
`;

/** Rows and md5 per table, sequences, large objects: what the restored database must equal. */
async function fingerprint(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const out: Record<string, string> = {};
    const tables = await client.query<{ t: string }>(
      "SELECT format('%I.%I', schemaname, tablename) AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
    );
    for (const { t } of tables.rows) {
      const { rows } = await client.query<{ n: string; h: string }>(
        `SELECT count(*) AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM ${t} x`,
      );
      out[`table ${t}`] = `${rows[0]?.n} rows, md5 ${rows[0]?.h}`;
    }
    const seqs = await client.query<{ s: string; v: string | null }>(
      "SELECT format('%I.%I', schemaname, sequencename) AS s, last_value::text AS v FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1",
    );
    for (const { s, v } of seqs.rows) out[`sequence ${s}`] = String(v);
    const los = await client.query<{ n: string; h: string }>(
      "SELECT count(*) AS n, md5(coalesce(string_agg(encode(lo_get(oid), 'hex'), '|' ORDER BY oid), '')) AS h FROM pg_largeobject_metadata",
    );
    out['large objects'] = `${los.rows[0]?.n}, md5 ${los.rows[0]?.h}`;
    const keys = await client.query<{ k: string }>(
      "SELECT conname || ': ' || pg_get_constraintdef(oid) || (CASE WHEN convalidated THEN '' ELSE ' (not validated)' END) AS k FROM pg_constraint WHERE contype = 'f' ORDER BY conname",
    );
    out['foreign keys'] = keys.rows.map((r) => r.k).join('; ');
    return out;
  } finally {
    await client.end();
  }
}

async function query(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

const withDb = (url: string, db: string) => Object.assign(new URL(url), { pathname: `/${db}` }).toString();

const servers = new Map<number, PgServer>();
const clients = new Map<number, string>();
const sources = new Map<number, Record<string, string>>();
const dumps = new Map<string, string>();
const skipped: string[] = [];
const figures: string[] = [];
let work = '';

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'pdv-matrix-'));
  for (const major of SERVER_MAJORS) {
    const bin = await clientBinDir(major);
    if (bin) clients.set(major, bin);
    else skipped.push(`PostgreSQL ${major} client tools are not on this machine: its dumps are skipped`);
  }
  // Servers one after the other: two cores, and each start is mostly disk work.
  for (const major of SERVER_MAJORS) servers.set(major, await startPgServer(major));
  for (const major of SERVER_MAJORS) {
    const bin = clients.get(major);
    const server = servers.get(major) as PgServer;
    if (!bin) continue;
    await query(server.url, 'CREATE DATABASE matrix_source');
    const source = withDb(server.url, 'matrix_source');
    await query(source, SOURCE_SQL);
    sources.set(major, await fingerprint(source));
    for (const format of ['custom', 'directory', 'tar', 'plain'] as Format[]) {
      if (!SAMPLE.some(([d, f]) => d === major && f === format)) continue;
      const file = path.join(work, `pg${major}.${format}`);
      execFileSync(path.join(bin, 'pg_dump'), [`--format=${FLAG[format]}`, '--file', file, '--dbname', source], {
        env: { PATH: process.env.PATH ?? '' },
      });
      dumps.set(`${major}/${format}`, file);
    }
  }
}, 600_000);

afterAll(async () => {
  for (const server of servers.values()) await server.stop();
  if (work) await rm(work, { recursive: true, force: true });
  // What ran and what did not, for the record (the CI log shows it).
  console.log(['version matrix:', ...figures, ...skipped.map((s) => `skipped: ${s}`)].join('\n  '));
});

/** PATH holding every client of this machine, each in its own folder (the drill picks one). */
const clientsPath = () => [...clients.values(), process.env.PATH ?? ''].join(path.delimiter);

async function drill(dump: string, server: PgServer, extra: Record<string, string> = {}) {
  const reportDir = await mkdtemp(path.join(work, 'report-'));
  const inputs: Record<string, string> = {
    'backup-source': dump,
    'database-url': server.url,
    'drill-database': 'matrix_drill',
    'keep-database': 'true',
    baseline: 'none',
    'artifact-name': '',
    'job-summary': 'false',
    'pr-comment': 'off',
    'report-dir': reportDir,
    'restore-jobs': '2',
    ...extra,
  };
  const started = Date.now();
  const run = await runBundle('dist/cli/index.js', {
    args: ['drill', ...Object.entries(inputs).flatMap(([k, v]) => [`--${k}`, v])],
    env: { PATH: clientsPath() },
  });
  const report = JSON.parse(await readFile(path.join(reportDir, 'report.json'), 'utf8'));
  return { run, report, ms: Date.now() - started };
}

async function cleanDrill(server: PgServer): Promise<void> {
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ owner: string }>(
      "SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = 'matrix_drill'",
    );
    await client.query('DROP DATABASE IF EXISTS matrix_drill WITH (FORCE)');
    for (const { owner } of rows) if (owner !== 'postgres') await client.query(`DROP ROLE IF EXISTS "${owner}"`);
  } finally {
    await client.end();
  }
}

const check = (report: { checks: { id: string; status: string; summary: string }[] }, id: string) =>
  report.checks.find((c) => c.id === id);

describe('the version matrix', () => {
  it.each(SAMPLE)('pg_dump %i, %s, into a PostgreSQL %i server: restored identical', async (d, format, target) => {
    const dump = dumps.get(`${d}/${format}`);
    if (!dump) {
      skipped.push(`pg_dump ${d} ${format} → ${target}: no PostgreSQL ${d} client tools here`);
      return;
    }
    const server = servers.get(target) as PgServer;
    const { run, report, ms } = await drill(dump, server);
    try {
      const versions = check(report, 'restore.versions');
      const completed = check(report, 'restore.completed');
      expect(completed?.status, `${completed?.summary}\n${versions?.summary}`).toBe('ok');
      // The three versions on one line; a dump of a newer server than the target is said up front.
      expect(versions?.summary).toContain(`pg_dump ${d}.`);
      expect(versions?.summary).toContain(`PostgreSQL ${server.version}`);
      expect(versions?.status).toBe(d > target ? 'warn' : 'ok');
      if (d > target) expect(versions?.summary).toContain(`postgres:${d}`);
      expect(report.restore.server).toEqual({ version: server.version, major: target });
      const client = report.restore.client;
      // The lowest installed client that reads the backup and is not newer than the server.
      const readable = format === 'plain' ? d : d >= 17 ? 17 : d === 16 ? 16 : 13;
      const usable = [...clients.keys()]
        .filter((m) => m >= readable && (format !== 'plain' || ![14, 16].includes(m)))
        .sort((a, b) => a - b);
      const expected = usable.find((m) => m <= target) ?? usable[0];
      expect(client.major, client.reason).toBe(expected);
      // pg_restore 17+ into 13–16: its failed SET transaction_timeout ignored, still in parallel.
      const ignoring = format !== 'plain' && (expected ?? 0) >= 17 && target < 17;
      expect(client.route).toBe(ignoring ? 'settings-ignored' : 'direct');
      if (format === 'custom' || format === 'directory') {
        expect(report.restore.jobs).toBe(2);
        // The early inspection follows this major's pg_restore (how many tables it reaches before a
        // restore of a tenth of a second ends depends on timing, so only that it ran is asserted).
        expect(run.stderr).toMatch(/restore: \d+ table\(s\) analyzed and \d+ critical table\(s\) counted while/);
        // The two keys to "Driver Picks", the largest table, added after pg_restore and validated.
        expect(run.stderr).toContain('restore: 2 foreign keys to a table with a large share of the data added');
      }
      expect(await fingerprint(withDb(server.url, 'matrix_drill'))).toEqual(sources.get(d));
      figures.push(
        `pg_dump ${d} ${format} → PostgreSQL ${target}: ${versions?.status}, client ${report.restore.tool} ${client.version} (${client.route}, ${report.restore.jobs} job(s)), restore ${report.restore.durationMs} ms, drill ${ms} ms`,
      );
    } finally {
      await cleanDrill(server);
    }
  });

  it('fails before restoring, naming the three versions and the remedy, when no client given can read the backup', async () => {
    const dump = dumps.get('17/custom');
    const old = clients.get(16);
    if (!dump || !old) {
      skipped.push('no pg_dump 17 dump or no PostgreSQL 16 client: the refusal case was skipped');
      return;
    }
    const server = servers.get(17) as PgServer;
    const { run, report } = await drill(dump, server, { 'pg-bin-dir': old });
    try {
      expect(run.code).toBe(1);
      const versions = check(report, 'restore.versions');
      expect(versions?.status).toBe('fail');
      expect(versions?.summary).toMatch(/pg_dump 17\.\d+ .*→ PostgreSQL 17\.\d+ with no pg_restore/);
      expect(versions?.summary).toContain('too new for pg_restore 16.');
      expect(versions?.summary).toContain('install the PostgreSQL 17 client tools (or newer) or set pg-bin-dir');
      expect(check(report, 'restore.completed')?.status).toBe('skip');
      expect(report.restore).toBeNull();
      figures.push(`pg_dump 17 custom → PostgreSQL 17 with pg-bin-dir = client 16: failed before restoring`);
    } finally {
      await cleanDrill(server);
    }
  });
});
