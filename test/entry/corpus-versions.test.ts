// The real-world corpus (real-world-corpus.sql: extensions incl. uuid-ossp and pgcrypto in a schema
// of its own, partitions, large objects, enums, domains, generated and identity columns, a
// materialized view, RLS policies naming a role, comments, odd names) dumped from the local
// PostgreSQL 15 server by pg_dump 17 (and by pg_dump 18 from an 18 server) in every format, each drilled under the default drill
// role through the command-line bundle with the client of the dump's major into a server of that
// major (embedded, from npm: pg_restore 17/18 cannot restore into a 15 server), and compared with
// the source: rows and md5 per table, large objects (grouped by pg_dump 17+), sequences. The
// corpus test (corpus.test.ts) does the same for pg_dump 15 in every variant, with pg_dump -s too.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libpqEnv } from '../../src/restore/pg-connection.js';
import { CORPUS_OWNER, createCorpusDatabase, type Fingerprint, fingerprint } from '../fixtures/real-world-corpus.js';
import { runBundle } from '../helpers/bundles.js';
import { clientBinDir, NO_SERVERS, type PgServer, serverPackage, startPgServer } from '../helpers/pg-servers.js';
import { createTestDatabase, queryDb, type TestDatabase, uniqueName, urlFor } from '../helpers/postgres.js';

const execFileAsync = promisify(execFile);
const MAJORS = [17, 18] as const;
const FORMATS = [
  ['custom', '-Fc', 'dump'],
  ['directory', '-Fd', 'dir'],
  ['tar', '-Ft', 'tar'],
  ['plain', '-Fp', 'sql'],
  ['plain-gzip', '-Fp', 'sql.gz'],
] as const;

let source: TestDatabase;
let dir: string;
/** The source each major dumps, and its fingerprint. */
const sources = new Map<number, { url: string; expected: Fingerprint }>();
const servers = new Map<number, PgServer>();
const bins = new Map<number, string>();
const backups = new Map<string, string>();

beforeAll(async () => {
  for (const major of MAJORS) {
    const bin = await clientBinDir(major);
    if (!bin) throw new Error(`no pg_dump ${major}: the client kit (/work/shared/pg-clients) lacks it`);
    if (!(await serverPackage(major))) throw new Error(NO_SERVERS);
    bins.set(major, bin);
  }
  dir = await mkdtemp(path.join(os.tmpdir(), 'pdv-corpus-versions-'));
  source = await createTestDatabase('pdv_corpus_versions');
  await createCorpusDatabase(source.url, dir);
  const local = { url: source.url, expected: await fingerprint(source.url, { schema: false }) };
  for (const major of MAJORS) {
    const server = await startPgServer(major);
    servers.set(major, server);
    // The application's roles exist on the server a backup is restored into, as in production.
    await queryDb(server.url, `CREATE ROLE "${CORPUS_OWNER}"`);
    // pg_dump 18.6 of the kit writes `ALTER COLUMN … SET (pg_attver=…)` for every column of a
    // PostgreSQL 15 table, which no server accepts: pg_dump 18 dumps the corpus on an 18 server.
    let from = local;
    if (major === 18) {
      await queryDb(server.url, 'CREATE DATABASE corpus');
      const url = urlFor(server.url, 'corpus');
      await createCorpusDatabase(url, dir);
      from = { url, expected: await fingerprint(url, { schema: false }) };
    }
    sources.set(major, from);
    const env = { ...process.env, ...libpqEnv(from.url) };
    const pgDump = path.join(bins.get(major) as string, 'pg_dump');
    for (const [format, flag, ext] of FORMATS) {
      const file = path.join(dir, `corpus-${major}.${ext}`);
      if (format === 'plain-gzip')
        await execFileAsync('sh', ['-c', `"$1" -Fp | gzip -c > "$0"`, file, pgDump], { env });
      else await execFileAsync(pgDump, [flag, '--no-sync', '-f', file], { env });
      backups.set(`${major} ${format}`, file);
    }
  }
}, 180_000);

afterAll(async () => {
  await Promise.all([...servers.values()].map((s) => s.stop()));
  await source?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const cases = MAJORS.flatMap((major) => FORMATS.map(([format]) => [major, format] as const));

describe('the real-world corpus dumped by pg_dump 17 and 18', () => {
  it.each(cases)(
    'pg_dump %i, %s: drills clean under the drill role, and the restore equals the source',
    async (major, format) => {
      const server = servers.get(major) as PgServer;
      const database = uniqueName('pdv_corpus_v');
      const reportDir = path.join(dir, `report-${major}-${format}`);
      const run = await runBundle('dist/cli/index.js', {
        args: [
          'drill',
          ...['--backup-source', backups.get(`${major} ${format}`) as string],
          ...['--database-url', server.url],
          ...['--drill-database', database],
          ...['--pg-bin-dir', bins.get(major) as string],
          ...['--baseline', 'none'],
          ...['--report-dir', reportDir],
          ...['--keep-database', 'true'],
        ],
      });
      const report = JSON.parse(await readFile(path.join(reportDir, 'report.json'), 'utf8'));
      const problems = report.checks.filter(
        (c: { id: string; status: string }) => /^(backup|restore)\./.test(c.id) && !['ok', 'skip'].includes(c.status),
      );
      expect(problems, run.stderr).toEqual([]);
      expect(report.restore.role.mode).toBe('drill');
      const restored = await fingerprint(urlFor(server.url, database), { schema: false });
      const { expected } = sources.get(major) as { expected: Fingerprint };
      expect(restored.tables).toEqual(expected.tables);
      expect(restored.largeObjects).toEqual(expected.largeObjects);
      expect(restored.sequences).toEqual(expected.sequences);
      await queryDb(server.url, `DROP DATABASE "${database}" WITH (FORCE)`);
    },
  );
});
