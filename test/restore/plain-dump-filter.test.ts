import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { PlainDumpFilter } from '../../src/restore/plain-dump-filter.js';
import { startProgressReports, ToolOutput } from '../../src/restore/tool-output.js';
import { MemoryLogger } from '../../src/util/logger.js';

/** Feeds `input` through the filter in chunks of `size` bytes, to cross every line boundary. */
async function filtered(input: string, size: number): Promise<string> {
  const bytes = Buffer.from(input);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return text(Readable.from(chunks).pipe(new PlainDumpFilter()));
}

const DUMP = `SET statement_timeout = 0;
CREATE TABLE public.users (id integer, note text);
ALTER TABLE public.users OWNER TO pickdriver;
COPY public.users (id, note) FROM stdin;
1\tGRANT ALL ON TABLE public.users TO everyone;
2\tALTER TABLE public.users OWNER TO nobody;
\\.
GRANT SELECT ON TABLE public.users TO readonly;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE pickdriver IN SCHEMA public GRANT SELECT ON TABLES TO readonly;
SELECT 1;`;

describe('PlainDumpFilter', () => {
  for (const size of [1, 7, 4096]) {
    it(`comments out owner and privilege statements, keeps COPY data and line numbers (chunks of ${size})`, async () => {
      const out = await filtered(DUMP, size);
      const lines = out.split('\n');
      expect(lines).toHaveLength(DUMP.split('\n').length);
      expect(lines[2]).toMatch(/^-- \(skipped by pickdriver-vault-action/);
      expect(lines[4]).toBe('1\tGRANT ALL ON TABLE public.users TO everyone;');
      expect(lines[5]).toBe('2\tALTER TABLE public.users OWNER TO nobody;');
      expect(lines.slice(7, 10).every((l) => l.startsWith('-- (skipped'))).toBe(true);
      expect(lines[10]).toBe('SELECT 1;');
      expect(out).not.toMatch(/^(GRANT|REVOKE|ALTER .* OWNER TO)/m);
    });
  }

  it('understands the CREATE DATABASE and \\connect of a --create dump (skipped), and refuses any other database', async () => {
    const created = [
      'SET x = 1;',
      'CREATE DATABASE pickdriver WITH TEMPLATE = template0;',
      'ALTER DATABASE pickdriver OWNER TO pickdriver;',
      '\\connect pickdriver',
      'SELECT 1;',
      '',
    ].join('\n');
    for (const size of [3, 4096]) {
      expect((await filtered(created, size)).split('\n')).toEqual([
        'SET x = 1;',
        '-- (skipped by pickdriver-vault-action)',
        '-- (skipped by pickdriver-vault-action)',
        '-- (skipped by pickdriver-vault-action)',
        'SELECT 1;',
        '',
      ]);
    }
    await expect(filtered('SELECT 1;\n\\connect pickdriver\n', 64)).rejects.toThrow(
      /refused at line 2: \\connect to database "pickdriver"/,
    );
    await expect(filtered(created.replace('\\connect pickdriver', '\\connect other'), 5)).rejects.toThrow(
      /line 4: \\connect to database "other"/,
    );
  });

  it('holds the lines of a statement that may be skipped until its end decides', async () => {
    const text = [
      'ALTER TABLE ONLY public.users',
      '    ADD CONSTRAINT users_pkey PRIMARY KEY (id);',
      'ALTER TABLE public.users',
      '    OWNER TO pickdriver;',
      'SET ROLE pickdriver;',
      'set session authorization default;',
      'SELECT 2;',
    ].join('\n');
    for (const size of [1, 9, 4096]) {
      const lines = (await filtered(text, size)).split('\n');
      expect(lines.slice(0, 2)).toEqual(text.split('\n').slice(0, 2));
      expect(lines.slice(2, 6).every((l) => l.startsWith('-- (skipped'))).toBe(true);
      expect(lines[6]).toBe('SELECT 2;');
    }
  });

  it('stops before the line that does what a drill refuses, sending nothing of it', async () => {
    const chunks: string[] = [];
    const filter = new PlainDumpFilter();
    filter.on('data', (c: Buffer) => chunks.push(c.toString()));
    const failed = new Promise<Error>((resolve) => filter.on('error', resolve));
    filter.end(Buffer.from('CREATE TABLE t (id int);\nSELECT 1;\n\\! touch /tmp/x\nSELECT 2;\n'));
    expect((await failed).message).toMatch(
      /refused at line 3: the psql meta-command \\! \(runs a shell command on the runner\)/,
    );
    expect(chunks.join('')).not.toContain('touch');
  });
});

describe('ToolOutput', () => {
  it('counts TOC items and keeps errors with their context, redacted', () => {
    const output = new ToolOutput((t) => t.replaceAll('hunter22', '***'));
    for (const line of [
      'pg_restore: connecting to database for restore',
      'pg_restore: processing item 215 TABLE a',
      'pg_restore: creating TABLE "public.a"',
      'pg_restore: finished item 3354 TABLE DATA b',
      'pg_restore: while PROCESSING TOC:',
      'pg_restore: from TOC entry 215; 1259 16407 TABLE a postgres',
      'pg_restore: error: could not execute query: ERROR:  relation "a" already exists hunter22',
      'Command was: CREATE TABLE public.a (',
      '    id integer NOT NULL',
      'pg_restore: warning: errors ignored on restore: 1',
    ]) {
      output.addStderrLine(line);
    }
    expect(output.tocItemsDone).toBe(2);
    expect(output.errors).toEqual([
      'pg_restore: error: could not execute query: ERROR:  relation "a" already exists ***',
      'Command was: CREATE TABLE public.a (',
    ]);
    expect(output.warnings).toEqual(['pg_restore: warning: errors ignored on restore: 1']);
  });

  it('keeps at most 50 lines of each kind', () => {
    const output = new ToolOutput((t) => t);
    for (let i = 0; i < 80; i++) output.addStderrLine(`psql:<stdin>:${i}: ERROR:  boom ${i}`);
    expect(output.errors).toHaveLength(50);
    expect(output.droppedLines).toBe(30);
  });
});

describe('startProgressReports', () => {
  it('logs progress with the elapsed time until stopped', async () => {
    const log = new MemoryLogger();
    let done = 0;
    const stop = startProgressReports(log, () => `${++done}/342 TOC items`, 40);
    await new Promise((r) => setTimeout(r, 150));
    stop();
    const count = log.lines.length;
    expect(count).toBeGreaterThanOrEqual(2);
    expect(log.lines[0]).toMatch(/^restore: 1\/342 TOC items, (\d+ ms|\d+\.\d s) elapsed$/);
    await new Promise((r) => setTimeout(r, 100));
    expect(log.lines).toHaveLength(count);
  });
});

describe('PlainDumpFilter under the drill role', () => {
  const dump = [
    'CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;',
    "COMMENT ON EXTENSION citext IS 'data type for case-insensitive character strings';",
    'ALTER TABLE "Ops & Audit"."line',
    'break" OWNER TO postgres;',
    'ALTER TABLE ONLY public.users',
    '    ADD CONSTRAINT users_pkey PRIMARY KEY (id);',
    'SELECT 1;',
    '',
  ].join('\n');
  for (const size of [1, 5, 4096]) {
    it(`skips COMMENT ON EXTENSION and an owner statement whose name holds a newline, keeps the rest (chunks of ${size})`, async () => {
      const lines = (await filtered(dump, size)).split('\n');
      expect(lines).toHaveLength(dump.split('\n').length);
      expect(lines[0]).toBe('CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;');
      expect(lines.slice(1, 4).every((l) => l.startsWith('-- (skipped by pickdriver-vault-action'))).toBe(true);
      expect(lines.slice(4, 7)).toEqual([
        'ALTER TABLE ONLY public.users',
        '    ADD CONSTRAINT users_pkey PRIMARY KEY (id);',
        'SELECT 1;',
      ]);
    });
  }
});

describe('PlainDumpFilter: what depends on a left-out object', () => {
  const facts = { madeSchemas: new Set<string>(), skippedExtensions: new Map(), roles: null, privileged: true };
  const long = 'x'.repeat(3 * 1024 * 1024);
  const dump = [
    'CREATE ACCESS METHOD heap2 TYPE TABLE HANDLER heap_tableam_handler;',
    'SET default_table_access_method = heap2;',
    'CREATE TABLE public.in_heap2 (',
    '    id integer NOT NULL,',
    '    note text',
    ');',
    'SET default_table_access_method = heap;',
    'CREATE TABLE public.kept (id integer);',
    'COPY public.in_heap2 (id, note) FROM stdin;',
    '1\tshort',
    `2\t${long}`,
    '3\tCREATE ROLE inside_data;',
    '\\.',
    'COPY public.kept (id) FROM stdin;',
    '7',
    '\\.',
    'ALTER TABLE ONLY public.in_heap2',
    '    ADD CONSTRAINT in_heap2_pkey PRIMARY KEY (id);',
    "COMMENT ON TABLE public.kept IS 'public.in_heap2 is elsewhere';",
    'SELECT 1;',
    '',
  ].join('\n');
  for (const size of [7, 65536, 8 * 1024 * 1024]) {
    it(`skips the dependents and the left-out table's COPY data, long rows too, keeping line numbers (chunks of ${size})`, async () => {
      const bytes = Buffer.from(dump);
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      const filter = new PlainDumpFilter(facts);
      const out = await text(Readable.from(chunks).pipe(filter));
      const lines = out.split('\n');
      expect(lines).toHaveLength(dump.split('\n').length);
      const skipped = (l: string) => l.startsWith('-- (skipped by pickdriver-vault-action');
      expect(lines.slice(0, 6).every(skipped), lines.slice(0, 6).join('\n')).toBe(true);
      expect(lines.slice(6, 8)).toEqual([
        'SET default_table_access_method = heap;',
        'CREATE TABLE public.kept (id integer);',
      ]);
      expect(lines.slice(8, 13).every(skipped)).toBe(true);
      expect(lines.slice(13, 16)).toEqual(['COPY public.kept (id) FROM stdin;', '7', '\\.']);
      expect(lines.slice(16, 18).every(skipped)).toBe(true);
      // A literal naming it only as text is not a reference (not schema.name alone).
      expect(lines.slice(18)).toEqual([
        "COMMENT ON TABLE public.kept IS 'public.in_heap2 is elsewhere';",
        'SELECT 1;',
        '',
      ]);
      expect(out).not.toContain('xxxx');
      expect(filter.leftOut.map((l) => [l.what, l.data])).toEqual([
        ['ACCESS METHOD heap2', false],
        ['TABLE public.in_heap2', true],
        ['TABLE DATA public.in_heap2', true],
        ['ALTER TABLE public.in_heap2', false],
      ]);
    });
  }
});
