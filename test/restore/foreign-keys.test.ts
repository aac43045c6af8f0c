// Foreign keys to a table with a large share of the data, which pg_restore checks one at a time,
// are added NOT VALID after it and validated side by side. Whole drills through the command-line
// bundle on real pg_dump output (custom and directory): the restored keys equal the source's, all
// validated; a key with something depending on it, or to a small table, stays pg_restore's; a row
// that breaks a key fails the restore. The SQL grammar the drill accepts, on what pg_dump would not
// write.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveToc, ArchiveTocEntry } from '../../src/dump/archive-toc.js';
import { deferredForeignKeys } from '../../src/restore/foreign-keys.js';
import { dropDrillDatabase } from '../../src/restore/index.js';
import { libpqEnv } from '../../src/restore/pg-connection.js';
import { runnerFiles } from '../helpers/bundles.js';
import { cliDrill } from '../helpers/cli-drill.js';
import { adminUrl, createTestDatabase, queryDb, type TestDatabase, uniqueName, urlFor } from '../helpers/postgres.js';

const execFileAsync = promisify(execFile);

let source: TestDatabase;
let admin: string;
const drillDatabase = uniqueName('pdv_fk_drill');

beforeAll(async () => {
  admin = await adminUrl();
  source = await createTestDatabase('pdv_fk_src');
  await queryDb(
    source.url,
    `CREATE TABLE accounts (id int PRIMARY KEY, email text UNIQUE NOT NULL, pad text);
     INSERT INTO accounts SELECT g, 'user' || g || '@example.com', repeat(md5(g::text), 6) FROM generate_series(1, 40000) g;
     CREATE TABLE "Odd ""Picks""" ("Account Id" int REFERENCES accounts (id) ON DELETE SET NULL, n int);
     INSERT INTO "Odd ""Picks""" SELECT 1 + g % 40000, g FROM generate_series(1, 30000) g;
     CREATE TABLE sessions (account_id int NOT NULL, email text,
       FOREIGN KEY (account_id) REFERENCES accounts (id) DEFERRABLE INITIALLY DEFERRED,
       FOREIGN KEY (email) REFERENCES accounts (email) MATCH FULL ON UPDATE CASCADE);
     INSERT INTO sessions SELECT 1 + g % 40000, 'user' || (1 + g % 40000) || '@example.com' FROM generate_series(1, 30000) g;
     CREATE TABLE tokens (account_id int REFERENCES accounts (id) ON DELETE CASCADE);
     INSERT INTO tokens SELECT 1 + g % 40000 FROM generate_series(1, 5000) g;
     COMMENT ON CONSTRAINT tokens_account_id_fkey ON tokens IS 'something of the archive depends on this key';
     CREATE TABLE seasons (id int PRIMARY KEY);
     INSERT INTO seasons SELECT generate_series(2020, 2026);
     CREATE TABLE races (season_id int REFERENCES seasons (id));
     CREATE TABLE drivers (season_id int REFERENCES seasons (id));
     INSERT INTO races SELECT 2020 + g % 7 FROM generate_series(1, 100) g;
     INSERT INTO drivers SELECT 2020 + g % 7 FROM generate_series(1, 100) g;`,
  );
}, 120_000);
afterAll(async () => {
  await dropDrillDatabase(admin, drillDatabase).catch(() => {});
  await source?.drop();
});

async function dump(format: 'c' | 'd', name: string): Promise<string> {
  const files = await runnerFiles();
  const file = path.join(files.dir, name);
  await execFileAsync('pg_dump', [`-F${format}`, '-f', file], { env: { ...process.env, ...libpqEnv(source.url) } });
  return file;
}

async function drill(backup: string) {
  const { run, report } = await cliDrill({ backup, adminUrl: admin, drillDatabase }, { 'restore-jobs': '2' });
  const completed = report.checks.find((c: { id: string }) => c.id === 'restore.completed');
  return { run, report, completed };
}

const FOREIGN_KEYS = `SELECT conrelid::regclass::text AS "table", conname::text AS name,
                             pg_get_constraintdef(oid) AS definition, convalidated AS valid
                        FROM pg_constraint WHERE contype = 'f' ORDER BY 1, 2`;

describe.each([
  ['custom', 'c', 'fk.dump'],
  ['directory', 'd', 'fk.dir'],
] as const)('a %s archive with many foreign keys to its largest table', (_label, format, name) => {
  it('adds those after pg_restore, side by side, and restores every key as the source has it', async () => {
    const backup = await dump(format, name);
    const { run, completed } = await drill(backup);
    try {
      expect(completed?.status, run.stderr).toBe('ok');
      // "Odd Picks", and sessions' two: tokens' has a comment depending on it; seasons is small.
      expect(run.stderr).toContain(
        'restore: 3 foreign keys to a table with a large share of the data added after pg_restore',
      );
      expect(completed?.details?.foreignKeysAfterPgRestore).toBe(3);
      const restored = await queryDb(urlFor(admin, drillDatabase), FOREIGN_KEYS);
      const expected = await queryDb(source.url, FOREIGN_KEYS);
      expect(restored.rows).toEqual(expected.rows);
      expect(restored.rows.length).toBe(6);
      expect(restored.rows.every((r) => r.valid)).toBe(true);
      const comment = await queryDb<{ c: string }>(
        urlFor(admin, drillDatabase),
        "SELECT obj_description(oid, 'pg_constraint') AS c FROM pg_constraint WHERE conname = 'tokens_account_id_fkey'",
      );
      expect(comment.rows[0]?.c).toBe('something of the archive depends on this key');
    } finally {
      await dropDrillDatabase(admin, drillDatabase);
    }
  });
});

describe('a row that breaks a foreign key added after pg_restore', () => {
  it('fails the restore, naming the key and the server error', async () => {
    // A row written with the key's triggers off: the source's key is still marked valid, so
    // pg_dump writes it as any other, and restoring it must fail as pg_restore would.
    await queryDb(
      source.url,
      `SET session_replication_role = replica; INSERT INTO "Odd ""Picks""" VALUES (999999, -1);`,
    );
    try {
      const { run, completed } = await drill(await dump('c', 'broken.dump'));
      expect(run.code).not.toBe(0);
      expect(completed?.status).toBe('fail');
      expect(completed?.summary).toMatch(
        /foreign key "?Odd ""Picks""_Account Id_fkey"? of public\."Odd ""Picks""".*violates foreign key constraint/,
      );
      expect(run.stderr).toContain('NOT all added after pg_restore');
    } finally {
      await queryDb(source.url, `DELETE FROM "Odd ""Picks""" WHERE n = -1`);
      await dropDrillDatabase(admin, drillDatabase);
    }
  });
});

describe('deferredForeignKeys', () => {
  const entry = (e: Partial<ArchiveTocEntry> & { dumpId: number; desc: string }): ArchiveTocEntry => ({
    hadDumper: false,
    tag: '',
    namespace: 'public',
    tablespace: null,
    owner: null,
    section: 4,
    defn: null,
    dependencies: [],
    dataState: null,
    offset: null,
    filename: null,
    ...e,
  });
  const fk = (dumpId: number, defn: string, table = 2) =>
    entry({ dumpId, desc: 'FK CONSTRAINT', defn, dependencies: [table, 1, 10] });
  const toc = (keys: ArchiveTocEntry[]): ArchiveToc =>
    ({
      entries: [
        entry({ dumpId: 1, desc: 'TABLE', tag: 'accounts', section: 2 }),
        entry({ dumpId: 2, desc: 'TABLE', tag: 'picks', section: 2 }),
        entry({ dumpId: 10, desc: 'CONSTRAINT', tag: 'accounts accounts_pkey', dependencies: [1] }),
        ...keys,
      ],
    }) as ArchiveToc;
  const big = new Map([
    [1, 900],
    [2, 100],
  ]);
  const ok =
    'ALTER TABLE ONLY public.picks\n    ADD CONSTRAINT picks_a_fkey FOREIGN KEY (a) REFERENCES public.accounts(id)';

  it('takes only what pg_dump writes for a foreign key, and adds NOT VALID to it', () => {
    const keys = deferredForeignKeys(
      toc([
        fk(20, `${ok};\n`),
        fk(21, `${ok} ON DELETE SET NULL (a) DEFERRABLE INITIALLY DEFERRED;\n`),
        fk(22, `${ok} NOT VALID;\n`), // not valid in the source: stays so, pg_restore's
        fk(23, ok.replace('ALTER TABLE ONLY', 'ALTER TABLE') + ';\n'), // a partitioned table's
        fk(24, `${ok};\nDROP TABLE public.accounts;\n`), // a second statement
        fk(25, `${ok} NOT ENFORCED;\n`),
      ]),
      new Set(),
      big,
    );
    expect(keys.map((k) => k.dumpId)).toEqual([20, 21]);
    expect(keys[1]?.addNotValid).toBe(`${ok} ON DELETE SET NULL (a) DEFERRABLE INITIALLY DEFERRED NOT VALID;`);
    expect(keys[0]?.validate).toBe('ALTER TABLE ONLY public.picks VALIDATE CONSTRAINT picks_a_fkey;');
  });

  it('leaves a lone key, a key to a small table and a key left out of the restore to pg_restore', () => {
    expect(deferredForeignKeys(toc([fk(20, `${ok};\n`)]), new Set(), big)).toEqual([]);
    const small = new Map([
      [1, 100],
      [2, 900],
    ]);
    expect(deferredForeignKeys(toc([fk(20, `${ok};\n`), fk(21, `${ok};\n`)]), new Set(), small)).toEqual([]);
    expect(deferredForeignKeys(toc([fk(20, `${ok};\n`), fk(21, `${ok};\n`)]), new Set([21]), big)).toEqual([]);
  });
});
