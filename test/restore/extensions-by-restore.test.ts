// Which of an archive's extensions pg_restore creates itself (trusted ones, so the admin opens no
// session first), read from real pg_dump output: only entries exactly as pg_dump writes them, the
// schema they need moved before them and both first in the -L list, and none when the archive's
// search_path entry (run on every pg_restore connection before any entry) is not pg_dump's.
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArchiveToc, readArchiveToc } from '../../src/dump/archive-toc.js';
import { restoreList } from '../../src/restore/extensions.js';
import { extensionsByRestore } from '../../src/restore/extensions-by-restore.js';
import { pgDump } from '../backup/fixtures.js';
import { createTestDatabase, queryDb, type TestDatabase } from '../helpers/postgres.js';

let db: TestDatabase;
let toc: ArchiveToc;
const dump = path.join(os.tmpdir(), `pdv-ext-by-restore-${process.pid}.dump`);
// What serverFacts reads from this server: every trusted extension with no other needed.
const TRUSTED = new Set(['pg_trgm', 'pgcrypto', 'citext', 'uuid-ossp']);

beforeAll(async () => {
  db = await createTestDatabase('pdv_extr');
  await queryDb(
    db.url,
    `CREATE EXTENSION pg_trgm;
     CREATE EXTENSION "uuid-ossp";
     CREATE SCHEMA "Crypto Ext";
     CREATE EXTENSION pgcrypto SCHEMA "Crypto Ext";
     CREATE EXTENSION intagg;
     CREATE TABLE t (id uuid PRIMARY KEY DEFAULT public.uuid_generate_v4(), name text);
     CREATE INDEX t_name ON t USING gin (name public.gin_trgm_ops);`,
  );
  await pgDump(db.url, 'custom', dump);
  toc = readArchiveToc(await readFile(dump));
});
afterAll(async () => {
  await db?.drop();
  await rm(dump, { force: true });
});

const id = (desc: string, tag: string) => toc.entries.find((e) => e.desc === desc && e.tag === tag)?.dumpId;
const withDefn = (desc: string, tag: string, defn: string): ArchiveToc => ({
  ...toc,
  entries: toc.entries.map((e) => (e.desc === desc && e.tag === tag ? { ...e, defn } : e)),
});

describe('extensionsByRestore', () => {
  it('takes the trusted extensions as pg_dump writes them, each after the schema it needs, and leaves the rest to the admin', () => {
    const chosen = extensionsByRestore(toc, TRUSTED);
    // intagg is not trusted: the admin creates it (when allowed), as before.
    expect([...chosen.names].sort()).toEqual(['pg_trgm', 'pgcrypto', 'uuid-ossp']);
    expect(chosen.first[0]).toBe(id('SCHEMA', 'Crypto Ext'));
    expect(new Set(chosen.first.slice(1))).toEqual(
      new Set([id('EXTENSION', 'pg_trgm'), id('EXTENSION', 'pgcrypto'), id('EXTENSION', 'uuid-ossp')]),
    );
  });

  it('takes none when the server has no extension the restore may create', () => {
    expect(extensionsByRestore(toc, new Set())).toEqual({ names: [], first: [] });
  });

  it("takes none when the archive's search_path entry is not pg_dump's: it runs before any entry", () => {
    const hostile = withDefn(
      'SEARCHPATH',
      'SEARCHPATH',
      "SELECT pg_catalog.set_config('search_path', '', false); CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS 'SELECT 1';\n",
    );
    expect(extensionsByRestore(hostile, TRUSTED)).toEqual({ names: [], first: [] });
  });

  it('leaves an extension whose entry carries more than its CREATE EXTENSION to the admin', () => {
    const hostile = withDefn(
      'EXTENSION',
      'pg_trgm',
      "CREATE FUNCTION public.similarity(text, text) RETURNS real LANGUAGE sql AS 'SELECT 1';\nCREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;\n",
    );
    expect(extensionsByRestore(hostile, TRUSTED).names).not.toContain('pg_trgm');
  });

  it("leaves an extension to the admin when its schema's entry is more than a CREATE SCHEMA", () => {
    const hostile = withDefn(
      'SCHEMA',
      'Crypto Ext',
      'CREATE SCHEMA "Crypto Ext";\nCREATE FUNCTION "Crypto Ext".digest(text, text) RETURNS bytea LANGUAGE sql AS \'SELECT NULL::bytea\';\n',
    );
    const chosen = extensionsByRestore(hostile, TRUSTED);
    expect(chosen.names).not.toContain('pgcrypto');
    expect(chosen.first).not.toContain(id('SCHEMA', 'Crypto Ext'));
  });
});

describe('restoreList', () => {
  it('starts with the entries moved first, then the rest in the archive order, without those left out', async () => {
    const chosen = extensionsByRestore(toc, TRUSTED);
    const leftOut = id('EXTENSION', 'intagg') as number;
    const list = await restoreList(toc, new Set([leftOut]), process.env, chosen.first);
    try {
      const ids = (await readFile(list?.file as string, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => Number.parseInt(l, 10));
      expect(ids.slice(0, chosen.first.length)).toEqual(chosen.first);
      const rest = toc.entries.map((e) => e.dumpId).filter((d) => d !== leftOut && !chosen.first.includes(d));
      expect(ids.slice(chosen.first.length)).toEqual(rest);
    } finally {
      await list?.dispose();
    }
  });
});
