// What real pg_dump output holds that a role without superuser may not restore, drilled under the
// default drill role through the command-line bundle in every format: each such entry is left
// out and named in restore.completed (warn, with why), what depends on it goes with it, the rest
// restores with its data, and nothing of it ran as the admin. Kept: a publication of one table, a
// cast on the backup's own type, a policy naming a role the server has. Left out: an untrusted
// extension (dblink; created only when allowed-extensions names it), an event trigger and its
// comment, a publication FOR ALL TABLES, a subscription, a foreign-data wrapper with its server,
// user mapping (its password in no report) and foreign table, a binary-coercible cast, a C
// function and the language it handles, and a policy naming a role this server does not have.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDrillDatabase } from '../../src/restore/index.js';
import { libpqEnv } from '../../src/restore/pg-connection.js';
import { runBundle } from '../helpers/bundles.js';
import {
  adminQuery,
  adminUrl,
  createTestDatabase,
  queryDb,
  type TestDatabase,
  uniqueName,
  urlFor,
} from '../helpers/postgres.js';

const execFileAsync = promisify(execFile);
const FORMATS = [
  ['custom', '-Fc', 'dump'],
  ['directory', '-Fd', 'dir'],
  ['tar', '-Ft', 'tar'],
  ['plain', '-Fp', 'sql'],
  ['plain-gzip', '-Fp', 'sql.gz'],
] as const;
const GONE_ROLE = `pdv_gone_${process.pid}`;
const PASSWORD = 'mapping-secret-7f3a';

let source: TestDatabase;
let dir: string;
let admin: string;
const backups = new Map<string, string>();

beforeAll(async () => {
  admin = await adminUrl();
  dir = await mkdtemp(path.join(os.tmpdir(), 'pdv-privileged-'));
  source = await createTestDatabase('pdv_privileged');
  await adminQuery(`CREATE ROLE ${GONE_ROLE}`);
  await queryDb(
    source.url,
    `CREATE EXTENSION "uuid-ossp";
     CREATE EXTENSION dblink;
     CREATE TYPE public.mood AS ENUM ('ok', 'meh');
     CREATE TABLE public.items (id int PRIMARY KEY, label text NOT NULL, mood public.mood, tag uuid DEFAULT public.uuid_generate_v4());
     INSERT INTO public.items (id, label, mood) SELECT g, 'item ' || g, 'ok' FROM generate_series(1, 40) g;
     CREATE VIEW public.remote_rows AS SELECT * FROM public.dblink('dbname=nowhere', 'SELECT 1') AS t(a int);
     CREATE VIEW public.local_rows AS SELECT id, public.uuid_generate_v4() AS u FROM public.items;
     ALTER TABLE public.items ENABLE ROW LEVEL SECURITY;
     CREATE POLICY monitors_read ON public.items FOR SELECT TO pg_monitor USING (true);
     CREATE POLICY gone_role_policy ON public.items TO ${GONE_ROLE} USING (id > 10);
     CREATE FUNCTION public.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE 'ddl'; END $$;
     CREATE EVENT TRIGGER pdv_ddl ON ddl_command_end EXECUTE FUNCTION public.on_ddl();
     COMMENT ON EVENT TRIGGER pdv_ddl IS 'fires for whoever changes the schema';
     CREATE PUBLICATION all_pub FOR ALL TABLES;
     CREATE PUBLICATION some_pub FOR TABLE public.items;
     CREATE SUBSCRIPTION far_sub CONNECTION 'host=192.0.2.1 dbname=far' PUBLICATION far_pub
       WITH (connect = false, enabled = false, create_slot = false, slot_name = NONE);
     CREATE FOREIGN DATA WRAPPER dummy_fdw;
     CREATE SERVER dummy_srv FOREIGN DATA WRAPPER dummy_fdw;
     CREATE USER MAPPING FOR PUBLIC SERVER dummy_srv OPTIONS (password '${PASSWORD}');
     CREATE FOREIGN TABLE public.remote_items (id int) SERVER dummy_srv;
     COMMENT ON FOREIGN TABLE public.remote_items IS 'on a server left out';
     CREATE FUNCTION public.mood_of(int) RETURNS public.mood LANGUAGE sql AS $$ SELECT 'meh'::public.mood $$;
     CREATE CAST (int AS public.mood) WITH FUNCTION public.mood_of(int);
     CREATE CAST (bytea AS inet) WITHOUT FUNCTION;
     CREATE FUNCTION public.plfoo_handler() RETURNS language_handler AS 'plpgsql', 'plpgsql_call_handler' LANGUAGE c;
     CREATE LANGUAGE plfoo HANDLER public.plfoo_handler;`,
  );
  const env = { ...process.env, ...libpqEnv(source.url) };
  for (const [format, flag, ext] of FORMATS) {
    const file = path.join(dir, `privileged.${ext}`);
    if (format === 'plain-gzip') await execFileAsync('sh', ['-c', `pg_dump -Fp | gzip -c > "$0"`, file], { env });
    else await execFileAsync('pg_dump', [flag, '--no-sync', '-f', file], { env });
    backups.set(format, file);
  }
  // The role the policy names is gone from the server the drill restores into.
  await queryDb(source.url, 'DROP POLICY gone_role_policy ON public.items');
  await adminQuery(`DROP ROLE ${GONE_ROLE}`);
}, 120_000);

afterAll(async () => {
  // A database with a subscription cannot be dropped (it has no slot: connect = false).
  if (source) await queryDb(source.url, 'DROP SUBSCRIPTION IF EXISTS far_sub').catch(() => {});
  await source?.drop();
  await adminQuery(`DROP ROLE IF EXISTS ${GONE_ROLE}`);
  await rm(dir, { recursive: true, force: true });
});

async function drill(format: string, extra: string[] = []) {
  const database = uniqueName('pdv_priv_drill');
  const reportDir = path.join(dir, `report-${format}-${database}`);
  const run = await runBundle('dist/cli/index.js', {
    args: [
      'drill',
      ...['--backup-source', backups.get(format) as string],
      ...['--database-url', admin],
      ...['--drill-database', database],
      ...['--baseline', 'none'],
      ...['--report-dir', reportDir],
      ...['--keep-database', 'true'],
      ...extra,
    ],
  });
  const reportText = await readFile(path.join(reportDir, 'report.json'), 'utf8');
  return { run, reportText, report: JSON.parse(reportText), database, url: urlFor(admin, database) };
}

const LEFT_OUT = [
  /^EXTENSION dblink$/,
  // A plain dump does not list dblink's objects: a name in its schema the database did not hold and the dump did not make.
  /^VIEW public\.remote_rows$/,
  /^EVENT TRIGGER pdv_ddl$/,
  /^PUBLICATION all_pub$/,
  /^SUBSCRIPTION far_sub$/,
  /^FOREIGN DATA WRAPPER dummy_fdw$/,
  /^SERVER dummy_srv$/,
  /^USER MAPPING (FOR )?public SERVER dummy_srv$/,
  /^FOREIGN TABLE public\.remote_items$/,
  /^CAST \(bytea AS inet\)$/,
  /^FUNCTION public\.plfoo_handler/,
  /^PROCEDURAL LANGUAGE plfoo$/,
  /^POLICY .*gone_role_policy/,
];

describe.each(FORMATS)('a %s backup with privileged entries, under the drill role', (format) => {
  it('leaves out and names what the drill role may not restore, and restores the rest', async () => {
    const { run, report, reportText, database, url } = await drill(format);
    try {
      const completed = report.checks.find((c: { id: string }) => c.id === 'restore.completed');
      expect(completed?.status, `${completed?.summary}\n${run.stderr}`).toBe('warn');
      const whats: string[] = completed.details.leftOut.map((l: { what: string }) => l.what);
      for (const pattern of LEFT_OUT)
        expect(
          whats.some((w) => pattern.test(w)),
          `${pattern} in ${whats.join(' | ')}`,
        ).toBe(true);
      expect(whats.join('\n')).not.toMatch(
        /some_pub|monitors_read|mood|local_rows|^(TABLE|TABLE DATA) public\.items$/m,
      );
      expect(completed.summary).toContain('left out: ');
      expect(completed.summary).toMatch(/left out: .*only a superuser may create .*see the details/);
      expect(report.checks.find((c: { id: string }) => c.id === 'restore.toc-complete')?.status).toBe('ok');
      // The user mapping's password is in no report or log.
      expect(reportText + run.stderr + run.stdout).not.toContain(PASSWORD);

      const [rows, expected] = await Promise.all([
        queryDb(
          url,
          "SELECT count(*)::int AS n, md5(string_agg(id || label || mood, ',' ORDER BY id)) AS md5 FROM public.items",
        ),
        queryDb(
          source.url,
          "SELECT count(*)::int AS n, md5(string_agg(id || label || mood, ',' ORDER BY id)) AS md5 FROM public.items",
        ),
      ]);
      expect(rows.rows).toEqual(expected.rows);
      const kept = await queryDb<{ policies: string; pubs: string; casts: number; triggers: number; exts: string }>(
        url,
        `SELECT (SELECT string_agg(policyname, ',') FROM pg_policies) AS policies,
                (SELECT string_agg(pubname, ',' ORDER BY pubname) FROM pg_publication) AS pubs,
                (SELECT count(*)::int FROM pg_cast WHERE casttarget = 'public.mood'::regtype) AS casts,
                (SELECT count(*)::int FROM pg_event_trigger) AS triggers,
                (SELECT string_agg(extname, ',' ORDER BY extname) FROM pg_extension) AS exts`,
      );
      expect(kept.rows[0]).toEqual({
        policies: 'monitors_read',
        pubs: 'some_pub',
        casts: 1,
        triggers: 0,
        exts: 'plpgsql,uuid-ossp',
      });
    } finally {
      await dropDrillDatabase(admin, database);
    }
  });
});

describe('allowed-extensions', () => {
  it('has the admin create dblink when the workflow names it, and only then', async () => {
    const { report, database, url } = await drill('custom', ['--allowed-extensions', 'dblink']);
    try {
      const completed = report.checks.find((c: { id: string }) => c.id === 'restore.completed');
      const whats: string[] = completed.details.leftOut.map((l: { what: string }) => l.what);
      expect(whats.some((w) => /dblink/.test(w))).toBe(false);
      const { rows } = await queryDb<{ owner: string }>(
        url,
        `SELECT pg_get_userbyid(extowner) AS owner FROM pg_extension WHERE extname = 'dblink'`,
      );
      expect(rows).toEqual([{ owner: 'postgres' }]);
    } finally {
      await dropDrillDatabase(admin, database);
    }
  });

  it('names what is not an extension name', async () => {
    const run = await runBundle('dist/cli/index.js', {
      args: [
        'drill',
        '--backup-source',
        backups.get('custom') as string,
        '--database-url',
        admin,
        '--allowed-extensions',
        'dblink; DROP',
      ],
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('allowed-extensions: expected extension names');
  });
});
