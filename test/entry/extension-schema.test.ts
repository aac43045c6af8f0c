// Extensions in a schema the backup itself creates (`CREATE SCHEMA ext; CREATE EXTENSION pgcrypto
// SCHEMA ext`): the schema is made first, the admin creates the extensions in it, and the backup's
// own CREATE SCHEMA is left out; from an archive, pg_restore creates the trusted one (pgcrypto)
// itself, as the drill role, in the schema made first. A whole drill of real pg_dump output (custom, plain and plain
// --create --clean) through the command-line bundle and the PickDriver stand-in; intagg is not a
// trusted extension, so only the admin connection could create it, and only because the drill
// allows it (allowed-extensions).
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDrillDatabase } from '../../src/restore/index.js';
import { libpqEnv } from '../../src/restore/pg-connection.js';
import { runBundle, runnerFiles } from '../helpers/bundles.js';
import { createDrillWorld, type DrillWorld } from '../helpers/drill-world.js';
import { queryDb, urlFor } from '../helpers/postgres.js';

const execFileAsync = promisify(execFile);

let world: DrillWorld;
beforeAll(async () => {
  world = await createDrillWorld();
  await queryDb(
    world.source.url,
    `CREATE SCHEMA ext;
     CREATE EXTENSION pgcrypto SCHEMA ext;
     CREATE EXTENSION intagg SCHEMA ext;
     CREATE TABLE public.api_keys (
       id serial PRIMARY KEY,
       label text NOT NULL,
       key_hash bytea NOT NULL DEFAULT ext.digest('default', 'sha256'));
     INSERT INTO public.api_keys (label, key_hash) SELECT 'key ' || g, ext.digest('key ' || g, 'sha256') FROM generate_series(1, 12) g;
     CREATE VIEW public.api_key_ids AS SELECT ext.int_array_aggregate(id) AS ids FROM public.api_keys;`,
  );
}, 120_000);
afterAll(async () => {
  await world?.close();
});

const dumps: [string, string[]][] = [
  ['custom', ['-Fc']],
  ['plain', ['-Fp']],
  ['plain --create --clean', ['-Fp', '-C', '-c']],
];

describe.each(dumps)('a %s backup with extensions in a schema of its own', (name, flags) => {
  it('restores, passes every check, and the extensions work in the drill database', async () => {
    const backup = path.join(world.dir, `ext-${name.replace(/\W+/g, '-')}.${flags[0] === '-Fc' ? 'dump' : 'sql'}`);
    await execFileAsync('pg_dump', [...flags, '-f', backup], {
      env: { ...process.env, ...libpqEnv(world.source.url) },
    });
    const files = await runnerFiles();
    const reportDir = path.join(files.dir, 'report');
    const run = await runBundle('dist/cli/index.js', {
      args: [
        'drill',
        ...['--backup-source', backup],
        ...['--database-url', world.adminUrl],
        ...['--drill-database', world.drillDatabase],
        ...['--api-url', world.api!.url],
        ...['--internal-token', world.token],
        ...['--baseline', 'none'],
        ...['--report-dir', reportDir],
        ...['--keep-database', 'true'],
        // intagg is not trusted: only an extension the workflow allows is created.
        ...['--allowed-extensions', 'intagg'],
      ],
    });
    const report = JSON.parse(await readFile(path.join(reportDir, 'report.json'), 'utf8'));
    try {
      const problems = report.checks.filter((c: { status: string }) => c.status === 'fail' || c.status === 'warn');
      expect(problems, run.stderr).toEqual([]);
      expect(run.code, run.stderr).toBe(0);
      expect(report.result).toBe('passed');
      expect(run.stderr).toContain('restore: schemas made first for the extensions in them: ext');
      if (flags[0] === '-Fc') {
        // pgcrypto is trusted: pg_restore creates it as the drill role; only intagg needs the admin.
        expect(run.stderr).toContain('restore: extensions created first as the database-url role: intagg\n');
        expect(run.stderr).toMatch(/restore: trusted extensions pg_restore creates itself: .*pgcrypto\n/);
      } else {
        expect(run.stderr).toMatch(/restore: extensions created first as the database-url role: .*intagg.*pgcrypto/);
      }

      const drill = urlFor(world.adminUrl, world.drillDatabase);
      const { rows } = await queryDb<{ n: number; ok: boolean; ids: number[]; fresh: boolean }>(
        drill,
        `SELECT count(*)::int AS n,
              bool_and(key_hash = ext.digest(label, 'sha256')) AS ok,
              (SELECT ids FROM public.api_key_ids) AS ids,
              (SELECT ext.digest('default', 'sha256') = ext.digest('default'::text, 'sha256'::text)) AS fresh
         FROM public.api_keys`,
      );
      expect(rows[0]).toEqual({ n: 12, ok: true, ids: Array.from({ length: 12 }, (_, i) => i + 1), fresh: true });
      // The schema is the drill role's, as every restored object; the extensions live in it.
      const owners = await queryDb<{ schema_owner: string; db_owner: string; extensions: string }>(
        drill,
        `SELECT pg_get_userbyid(n.nspowner) AS schema_owner,
              (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()) AS db_owner,
              (SELECT string_agg(extname, ',' ORDER BY extname) FROM pg_extension WHERE extnamespace = n.oid) AS extensions
         FROM pg_namespace n WHERE n.nspname = 'ext'`,
      );
      expect(owners.rows[0]?.schema_owner).toBe(owners.rows[0]?.db_owner);
      expect(owners.rows[0]?.schema_owner).toMatch(/^pdv_drill_[0-9a-f]{16}$/);
      expect(owners.rows[0]?.extensions).toBe('intagg,pgcrypto');
    } finally {
      await dropDrillDatabase(world.adminUrl, world.drillDatabase);
    }
    // The source keeps its rows (a --clean dump's DROPs never ran there).
    const source = await queryDb<{ n: number }>(world.source.url, 'SELECT count(*)::int AS n FROM public.api_keys');
    expect(source.rows[0]?.n).toBe(12);
  });
});
