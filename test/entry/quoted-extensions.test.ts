// Extensions whose names need quotes (`uuid-ossp`), in a schema whose name needs them too
// ("Ext Schema"), both with comments: every format of real pg_dump output drills clean under the
// default drill role through the command-line bundle. An EXTENSION entry's tag is the bare name,
// but its COMMENT's tag is `EXTENSION "uuid-ossp"`: compared unquoted, the comment stayed in the
// restore list and pg_restore (as the drill role) stopped at `must be owner of extension`.
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

let source: TestDatabase;
let dir: string;
let admin: string;
const CONTENT = `SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids,
  bool_and(digest = "Ext Schema".digest(label, 'sha256')) AS digests FROM public.tokens`;

beforeAll(async () => {
  admin = await adminUrl();
  dir = await mkdtemp(path.join(os.tmpdir(), 'pdv-quoted-ext-'));
  source = await createTestDatabase('pdv_quoted_ext');
  await queryDb(
    source.url,
    `CREATE EXTENSION "uuid-ossp";
     COMMENT ON EXTENSION "uuid-ossp" IS 'UUIDs, commented by the source';
     CREATE SCHEMA "Ext Schema";
     CREATE EXTENSION pgcrypto SCHEMA "Ext Schema";
     COMMENT ON SCHEMA "Ext Schema" IS 'where pgcrypto lives';
     CREATE TABLE public.tokens (
       id uuid PRIMARY KEY DEFAULT public.uuid_generate_v4(),
       label text NOT NULL,
       digest bytea NOT NULL);
     INSERT INTO public.tokens (label, digest) SELECT 'token ' || g, "Ext Schema".digest('token ' || g, 'sha256') FROM generate_series(1, 25) g;`,
  );
}, 60_000);

afterAll(async () => {
  await source?.drop();
  await rm(dir, { recursive: true, force: true });
});

describe.each(FORMATS)('a %s backup with uuid-ossp and pgcrypto in "Ext Schema"', (format, flag, ext) => {
  it('drills clean under the drill role, and the restore equals the source', async () => {
    const backup = path.join(dir, `quoted.${ext}`);
    const env = { ...process.env, ...libpqEnv(source.url) };
    if (format === 'plain-gzip') await execFileAsync('sh', ['-c', `pg_dump -Fp | gzip -c > "$0"`, backup], { env });
    else await execFileAsync('pg_dump', [flag, '--no-sync', '-f', backup], { env });
    const database = uniqueName('pdv_quoted_drill');
    const reportDir = path.join(dir, `report-${format}`);
    const run = await runBundle('dist/cli/index.js', {
      args: [
        'drill',
        ...['--backup-source', backup],
        ...['--database-url', admin],
        ...['--drill-database', database],
        ...['--baseline', 'none'],
        ...['--report-dir', reportDir],
        ...['--keep-database', 'true'],
      ],
    });
    try {
      const report = JSON.parse(await readFile(path.join(reportDir, 'report.json'), 'utf8'));
      // Not PickDriver's schema: the backup's and the restore's checks are what this is about.
      const problems = report.checks.filter(
        (c: { id: string; status: string }) => /^(backup|restore)\./.test(c.id) && !['ok', 'skip'].includes(c.status),
      );
      expect(problems, run.stderr).toEqual([]);
      expect(report.checks.find((c: { id: string }) => c.id === 'restore.completed')?.status).toBe('ok');
      expect(report.restore.role.name).toMatch(/^pdv_drill_/);
      const drill = urlFor(admin, database);
      const [restored, expected] = await Promise.all([queryDb(drill, CONTENT), queryDb(source.url, CONTENT)]);
      expect(restored.rows).toEqual(expected.rows);
      expect(restored.rows[0]).toEqual({ n: 25, ids: 25, digests: true });
      // The extensions are the admin's, where the backup had them; the schema is the drill role's.
      const { rows } = await queryDb<{ extname: string; schema: string }>(
        drill,
        `SELECT e.extname, n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
          WHERE e.extname <> 'plpgsql' ORDER BY 1`,
      );
      expect(rows).toEqual([
        { extname: 'pgcrypto', schema: 'Ext Schema' },
        { extname: 'uuid-ossp', schema: 'public' },
      ]);
    } finally {
      await dropDrillDatabase(admin, database);
    }
  });
});
