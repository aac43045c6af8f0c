// Unique keys of the table with the largest share of the data, which pg_restore builds one at a
// time after its other indexes, are built beside it and attached as constraints. Whole drills
// through the command-line bundle on real pg_dump output (custom and directory): the keys, their
// indexes and what references them equal the source's; a key with options, or one something of
// the archive depends on, stays pg_restore's; a duplicate row fails the restore, naming the key.
// Which keys are taken is also read off the TOCs that pg_dump 15 to 18 write of the same database.
import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArchiveToc } from '../../src/dump/archive-toc.js';
import { archiveDataBytes, deferredForeignKeys } from '../../src/restore/foreign-keys.js';
import { dropDrillDatabase } from '../../src/restore/index.js';
import { libpqEnv } from '../../src/restore/pg-connection.js';
import { deferredUniqueKeys } from '../../src/restore/unique-keys.js';
import { runnerFiles } from '../helpers/bundles.js';
import { cliDrill } from '../helpers/cli-drill.js';
import { clientBinDir } from '../helpers/pg-servers.js';
import { adminUrl, createTestDatabase, queryDb, type TestDatabase, uniqueName, urlFor } from '../helpers/postgres.js';

const execFileAsync = promisify(execFile);

let source: TestDatabase;
let admin: string;
const drillDatabase = uniqueName('pdv_uk_drill');

beforeAll(async () => {
  admin = await adminUrl();
  source = await createTestDatabase('pdv_uk_src');
  await queryDb(
    source.url,
    `CREATE TABLE accounts (id int PRIMARY KEY, email text NOT NULL UNIQUE, "Handle" text, region int,
       code text, alt text, nick text, pad text,
       CONSTRAINT "Accounts Handle+Region" UNIQUE ("Handle", region),
       CONSTRAINT accounts_code_key UNIQUE (code) DEFERRABLE,
       CONSTRAINT accounts_nick_key UNIQUE NULLS NOT DISTINCT (nick),
       CONSTRAINT accounts_alt_key UNIQUE (alt));
     COMMENT ON CONSTRAINT accounts_alt_key ON accounts IS 'something of the archive depends on this key';
     INSERT INTO accounts SELECT g, 'user' || g || '@example.com', 'h' || g, g % 7, 'c' || g, 'a' || g,
       CASE WHEN g > 1 THEN 'n' || g END, repeat(md5(g::text), 4) FROM generate_series(1, 40000) g;
     CREATE INDEX accounts_lower_email ON accounts (lower(email));
     CREATE TABLE picks (account_id int REFERENCES accounts (id), n int);
     INSERT INTO picks SELECT 1 + g % 40000, g FROM generate_series(1, 20000) g;
     CREATE TABLE sessions (email text REFERENCES accounts (email) ON DELETE CASCADE);
     INSERT INTO sessions SELECT 'user' || (1 + g % 40000) || '@example.com' FROM generate_series(1, 20000) g;
     CREATE TABLE seasons (id int PRIMARY KEY, year int UNIQUE);
     INSERT INTO seasons SELECT g, 2000 + g FROM generate_series(1, 30) g;`,
  );
}, 120_000);
afterAll(async () => {
  await dropDrillDatabase(admin, drillDatabase).catch(() => {});
  await source?.drop();
});

async function dump(args: string[], name: string, pgDump = 'pg_dump'): Promise<string> {
  const file = path.join((await runnerFiles()).dir, name);
  await execFileAsync(pgDump, [...args, '-f', file], { env: { ...process.env, ...libpqEnv(source.url) } });
  return file;
}

const KEYS = `SELECT c.conrelid::regclass::text AS "table", c.conname::text AS name, c.contype::text AS kind,
                     pg_get_constraintdef(c.oid) AS definition, c.condeferrable AS deferrable,
                     i.relname::text AS index, pg_get_indexdef(c.conindid) AS index_definition,
                     obj_description(c.oid, 'pg_constraint') AS comment, c.convalidated AS valid
                FROM pg_constraint c LEFT JOIN pg_class i ON i.oid = c.conindid
               WHERE c.connamespace = 'public'::regnamespace ORDER BY 1, 2`;
const INDEXES = `SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS definition,
                        indisprimary, indisunique, indimmediate, indisvalid
                   FROM pg_index WHERE indrelid = 'accounts'::regclass ORDER BY 1`;

describe.each([
  ['custom', ['-Fc'], 'uk.dump'],
  ['directory', ['-Fd'], 'uk.dir'],
] as const)('a %s archive whose largest table has several unique keys', (_label, args, name) => {
  it('builds those beside pg_restore and restores every key, index and reference as the source has them', async () => {
    const backup = await dump([...args], name);
    const { run, report } = await cliDrill({ backup, adminUrl: admin, drillDatabase }, { 'restore-jobs': '2' });
    try {
      const completed = report.checks.find((c: { id: string }) => c.id === 'restore.completed');
      expect(completed?.status, run.stderr).toBe('ok');
      // Not accounts_code_key (DEFERRABLE), accounts_nick_key (NULLS NOT DISTINCT), accounts_alt_key (commented).
      expect(run.stderr).toContain('restore: 3 unique keys of a table with a large share of the data built');
      expect(completed?.details?.uniqueKeysBesidePgRestore).toBe(3);
      const drilled = urlFor(admin, drillDatabase);
      for (const query of [KEYS, INDEXES]) {
        const expected = (await queryDb(source.url, query)).rows;
        expect((await queryDb(drilled, query)).rows).toEqual(expected);
      }
      expect((await queryDb(drilled, KEYS)).rows.length).toBe(10);
      const counts = await queryDb<{ n: string }>(drilled, 'SELECT count(*)::text AS n FROM accounts');
      expect(counts.rows[0]?.n).toBe('40000');
    } finally {
      await dropDrillDatabase(admin, drillDatabase);
    }
  });
});

describe('a row that breaks a unique key built beside pg_restore', () => {
  it('fails the restore, naming the key and the duplicate', async () => {
    // A directory archive without compression: its data files are COPY text, and one row's email
    // is made another's, as a damaged or hand-edited backup would have it.
    const dir = await dump(['-Fd', '-Z0'], 'dup.dir');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.dat'));
    let edited = 0;
    for (const file of files) {
      const text = await readFile(path.join(dir, file), 'utf8');
      if (!text.includes('\tuser2@example.com\t')) continue;
      await writeFile(path.join(dir, file), text.replace('\tuser2@example.com\t', '\tuser1@example.com\t'));
      edited += 1;
    }
    expect(edited).toBe(1);
    try {
      const { run, report } = await cliDrill({ backup: dir, adminUrl: admin, drillDatabase }, { 'restore-jobs': '2' });
      const completed = report.checks.find((c: { id: string }) => c.id === 'restore.completed');
      expect(run.code).not.toBe(0);
      expect(completed?.status).toBe('fail');
      expect(completed?.summary).toMatch(
        /was stopped: unique key accounts_email_key of public\.accounts: could not create unique index "accounts_email_key"/,
      );
      expect(completed?.summary).toContain('Key (email)=(user1@example.com) is duplicated.');
    } finally {
      await dropDrillDatabase(admin, drillDatabase);
    }
  });
});

describe('the keys taken, on the TOC each pg_dump writes', () => {
  it.each([15, 16, 17, 18])('pg_dump %i: the plain unique keys of the largest table, no other', async (major) => {
    const bin = major === 15 ? null : await clientBinDir(major);
    if (major !== 15 && !bin) throw new Error(`no pg_dump ${major}: the client kit (/work/shared/pg-clients) lacks it`);
    const file = await dump(['-Fc'], `toc-${major}.dump`, bin ? path.join(bin, 'pg_dump') : 'pg_dump');
    const toc = readArchiveToc(await readFile(file));
    const bytes = await archiveDataBytes(toc, {
      path: file,
      format: 'custom',
      sizeBytes: (await readFile(file)).length,
    });
    if (!bytes) throw new Error('a custom archive written to a file has its data offsets');
    const fks = deferredForeignKeys(toc, new Set(), bytes);
    const keys = deferredUniqueKeys(toc, new Set(), bytes, new Set(fks.map((k) => k.dumpId)));
    expect(keys.map((k) => k.name).sort()).toEqual(['"Accounts Handle+Region"', 'accounts_email_key', 'accounts_pkey']);
    const handle = keys.find((k) => k.name.startsWith('"'));
    expect(handle?.createIndex).toBe(
      'CREATE UNIQUE INDEX "Accounts Handle+Region" ON public.accounts USING btree ("Handle", region);',
    );
    expect(keys.find((k) => k.name === 'accounts_pkey')?.addConstraint).toBe(
      'ALTER TABLE ONLY public.accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY USING INDEX accounts_pkey;',
    );
    // Without the foreign keys to it added after pg_restore, a key they need stays pg_restore's.
    expect(deferredUniqueKeys(toc, new Set(), bytes, new Set()).map((k) => k.name)).toEqual([
      '"Accounts Handle+Region"',
    ]);
  });
});
