// Real pg_dump output of objects only a superuser may create, and of what depends on them, drilled
// under the default drill role through the command-line bundle in every format: operator classes
// and families (and the index using one), index and table access methods, text search parsers and
// templates (and the dictionary, configuration, mapping, comment and index built on them), a
// security label (planted in pg_seclabel: no label provider is loaded, as on any drill server), a
// language with its C handler (and a function in it, and a view on that function). Archives leave
// the dependents out by the TOC's dependencies; a plain dump has no such list, and its dependents
// used to fail the restore at their own statement: every format must leave out the same objects,
// name them, and restore the rest with its data.
//  - warn: nothing of the data is left out;
//  - fail: a table in a left-out table access method, with its rows: the restore completes, but
//    restore.completed fails, naming the table's data (the restore does not equal the backup).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDrillDatabase } from '../../src/restore/index.js';
import { libpqEnv } from '../../src/restore/pg-connection.js';
import { runBundle } from '../helpers/bundles.js';
import { adminUrl, createTestDatabase, queryDb, type TestDatabase, uniqueName, urlFor } from '../helpers/postgres.js';

const execFileAsync = promisify(execFile);
const FORMATS = [
  ['custom', '-Fc', 'dump'],
  ['directory', '-Fd', 'dir'],
  ['tar', '-Ft', 'tar'],
  ['plain', '-Fp', 'sql'],
  ['plain-gzip', '-Fp', 'sql.gz'],
] as const;

const ITEMS = `CREATE TABLE public.items (id int PRIMARY KEY, label text NOT NULL);
  INSERT INTO public.items SELECT g, 'item ' || g FROM generate_series(1, 40) g;`;

const WARN_SQL = `${ITEMS}
  CREATE FUNCTION public.plfoo_handler() RETURNS language_handler AS 'plpgsql', 'plpgsql_call_handler' LANGUAGE c;
  CREATE LANGUAGE plfoo HANDLER public.plfoo_handler;
  CREATE FUNCTION public.in_plfoo(n int) RETURNS int LANGUAGE plfoo AS $$ BEGIN RETURN n * 2; END $$;
  CREATE VIEW public.doubled AS SELECT id, public.in_plfoo(id) AS twice FROM public.items;
  CREATE VIEW public.kept AS SELECT id FROM public.items WHERE id > 30;
  CREATE FUNCTION public.rev_cmp(int, int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT pg_catalog.btint4cmp($2, $1)';
  CREATE OPERATOR CLASS public.int4_rev_ops FOR TYPE int4 USING btree AS
    OPERATOR 1 >, OPERATOR 2 >=, OPERATOR 3 =, OPERATOR 4 <=, OPERATOR 5 <, FUNCTION 1 public.rev_cmp(int, int);
  CREATE INDEX items_rev ON public.items (id public.int4_rev_ops);
  CREATE INDEX items_label ON public.items (label);
  CREATE OPERATOR FAMILY public.loose_fam USING hash;
  CREATE ACCESS METHOD btree2 TYPE INDEX HANDLER bthandler;
  CREATE OPERATOR CLASS public.int4_ops2 DEFAULT FOR TYPE int4 USING btree2 AS
    OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >, FUNCTION 1 btint4cmp(int4, int4);
  CREATE TEXT SEARCH PARSER public.my_parser
    (START = prsd_start, GETTOKEN = prsd_nexttoken, END = prsd_end, LEXTYPES = prsd_lextype, HEADLINE = prsd_headline);
  CREATE TEXT SEARCH TEMPLATE public.my_template (INIT = dsimple_init, LEXIZE = dsimple_lexize);
  CREATE TEXT SEARCH DICTIONARY public.my_dict (TEMPLATE = public.my_template);
  CREATE TEXT SEARCH CONFIGURATION public.my_conf (PARSER = public.my_parser);
  ALTER TEXT SEARCH CONFIGURATION public.my_conf ADD MAPPING FOR word, asciiword WITH public.my_dict;
  COMMENT ON TEXT SEARCH CONFIGURATION public.my_conf IS 'on a parser left out';
  CREATE INDEX items_fts ON public.items USING gin (to_tsvector('public.my_conf'::regconfig, label));
  CREATE TEXT SEARCH CONFIGURATION public.kept_conf (COPY = pg_catalog.english);
  INSERT INTO pg_catalog.pg_seclabel VALUES ('public.items'::regclass, 'pg_class'::regclass, 0, 'dummy', 'classified');`;

const FAIL_SQL = `${ITEMS}
  CREATE ACCESS METHOD heap2 TYPE TABLE HANDLER heap_tableam_handler;
  CREATE TABLE public.in_heap2 (id int PRIMARY KEY, note text) USING heap2;
  INSERT INTO public.in_heap2 SELECT g, 'note ' || g FROM generate_series(1, 5) g;
  CREATE VIEW public.heap2_notes AS SELECT note FROM public.in_heap2;`;

/** What every format must leave out, by name (archives name some entries without their schema). */
const WARN_LEFT_OUT = [
  /^FUNCTION public\.plfoo_handler/,
  /^PROCEDURAL LANGUAGE plfoo$/,
  /^FUNCTION public\.in_plfoo/,
  /^VIEW public\.doubled$/,
  /^OPERATOR CLASS public\.int4_rev_ops$/,
  /^OPERATOR FAMILY public\.loose_fam$/,
  /^INDEX (public\.)?items_rev/,
  /^ACCESS METHOD btree2$/,
  /^OPERATOR CLASS public\.int4_ops2$/,
  /^TEXT SEARCH PARSER public\.my_parser$/,
  /^TEXT SEARCH TEMPLATE public\.my_template$/,
  /^TEXT SEARCH DICTIONARY public\.my_dict$/,
  /^TEXT SEARCH CONFIGURATION public\.my_conf$/,
  /^COMMENT ON TEXT SEARCH CONFIGURATION (public\.)?my_conf$/,
  /^INDEX (public\.)?items_fts/,
  /^SECURITY LABEL ON TABLE (public\.)?items$/,
];
const FAIL_LEFT_OUT = [/^ACCESS METHOD heap2$/, /^TABLE public\.in_heap2$/, /^TABLE DATA public\.in_heap2$/];

let admin: string;
let dir: string;
const sources = new Map<string, TestDatabase>();
const backups = new Map<string, string>();

beforeAll(async () => {
  admin = await adminUrl();
  dir = await mkdtemp(path.join(os.tmpdir(), 'pdv-dependents-'));
  for (const [kind, sql] of [
    ['warn', WARN_SQL],
    ['fail', FAIL_SQL],
  ] as const) {
    const source = await createTestDatabase(`pdv_dep_${kind}`);
    sources.set(kind, source);
    await queryDb(source.url, sql);
    const env = { ...process.env, ...libpqEnv(source.url) };
    for (const [format, flag, ext] of FORMATS) {
      const file = path.join(dir, `${kind}.${ext}`);
      if (format === 'plain-gzip') await execFileAsync('sh', ['-c', `pg_dump -Fp | gzip -c > "$0"`, file], { env });
      else await execFileAsync('pg_dump', [flag, '--no-sync', '-f', file], { env });
      backups.set(`${kind}/${format}`, file);
    }
  }
}, 120_000);

afterAll(async () => {
  for (const source of sources.values()) await source.drop();
  await rm(dir, { recursive: true, force: true });
});

async function drill(kind: string, format: string) {
  const database = uniqueName('pdv_dep_drill');
  const reportDir = path.join(dir, `report-${kind}-${format}`);
  const run = await runBundle('dist/cli/index.js', {
    args: [
      'drill',
      ...['--backup-source', backups.get(`${kind}/${format}`) as string],
      ...['--database-url', admin],
      ...['--drill-database', database],
      ...['--baseline', 'none'],
      ...['--report-dir', reportDir],
      ...['--keep-database', 'true'],
    ],
  });
  const report = JSON.parse(await readFile(path.join(reportDir, 'report.json'), 'utf8'));
  return { run, report, database, url: urlFor(admin, database) };
}

type LeftOut = { what: string; why: string; data: boolean };
const ITEMS_FINGERPRINT =
  "SELECT count(*)::int AS n, md5(string_agg(id || ':' || label, ',' ORDER BY id)) AS md5 FROM public.items";

describe.each(FORMATS)('a %s backup with superuser-only objects and what depends on them', (format) => {
  it('leaves out and names the objects and their dependents, restores the rest identical (warn)', async () => {
    const { run, report, database, url } = await drill('warn', format);
    try {
      const completed = report.checks.find((c: { id: string }) => c.id === 'restore.completed');
      expect(completed?.status, `${completed?.summary}\n${run.stderr}`).toBe('warn');
      const leftOut: LeftOut[] = completed.details.leftOut;
      const whats = leftOut.map((l) => l.what);
      for (const pattern of WARN_LEFT_OUT)
        expect(
          whats.some((w) => pattern.test(w)),
          `${pattern} in ${whats.join(' | ')}`,
        ).toBe(true);
      expect(whats.join('\n')).not.toMatch(/kept|items_label|rev_cmp|^TABLE (DATA )?public\.items$/m);
      expect(leftOut.find((l) => /^VIEW public\.doubled$/.test(l.what))?.why).toMatch(
        /depends on FUNCTION public\.in_plfoo/,
      );
      expect(leftOut.some((l) => l.data)).toBe(false);
      const source = sources.get('warn') as TestDatabase;
      expect((await queryDb(url, ITEMS_FINGERPRINT)).rows).toEqual((await queryDb(source.url, ITEMS_FINGERPRINT)).rows);
      const kept = await queryDb(
        url,
        `SELECT to_regclass('public.kept') IS NOT NULL AS view, to_regclass('public.items_label') IS NOT NULL AS index,
                to_regclass('public.items_pkey') IS NOT NULL AS pkey, to_regclass('public.doubled') IS NULL AS gone,
                (SELECT count(*)::int FROM pg_ts_config WHERE cfgname = 'kept_conf') AS conf`,
      );
      expect(kept.rows[0]).toEqual({ view: true, index: true, pkey: true, gone: true, conf: 1 });
    } finally {
      await dropDrillDatabase(admin, database);
    }
  });

  it('fails restore.completed, naming the table data a left-out access method held, and restores the rest (fail)', async () => {
    const { run, report, database, url } = await drill('fail', format);
    try {
      const completed = report.checks.find((c: { id: string }) => c.id === 'restore.completed');
      expect(completed?.status, `${completed?.summary}\n${run.stderr}`).toBe('fail');
      expect(completed.summary).toMatch(
        /^restored .*not all its data \(the restore does not equal the backup\): left out: /,
      );
      expect(completed.details.exitCode).toBe(0);
      const leftOut: LeftOut[] = completed.details.leftOut;
      const whats = leftOut.map((l) => l.what);
      for (const pattern of FAIL_LEFT_OUT)
        expect(
          whats.some((w) => pattern.test(w)),
          `${pattern} in ${whats.join(' | ')}`,
        ).toBe(true);
      expect(leftOut.find((l) => l.what === 'TABLE DATA public.in_heap2')).toMatchObject({
        why: expect.stringMatching(/depends on TABLE public\.in_heap2/),
        data: true,
      });
      expect(whats.some((w) => /heap2_notes/.test(w))).toBe(true);
      expect(run.code).not.toBe(0);
      const source = sources.get('fail') as TestDatabase;
      expect((await queryDb(url, ITEMS_FINGERPRINT)).rows).toEqual((await queryDb(source.url, ITEMS_FINGERPRINT)).rows);
      const gone = await queryDb(url, "SELECT to_regclass('public.in_heap2') IS NULL AS gone");
      expect(gone.rows[0]).toEqual({ gone: true });
    } finally {
      await dropDrillDatabase(admin, database);
    }
  });
});
