// The lexer that reads a plain dump the way psql will: every hostile form found at its line, by
// name, however it is written; and what pg_dump writes (function bodies, comments, strings, COPY
// data that look like commands) left alone.
import { describe, expect, it } from 'vitest';
import { type LineAction, PASS, PlainDumpLexer, REFUSE, SKIP } from '../../../src/dump/plain/lexer.js';

function lex(text: string, size = 4096) {
  const lexer = new PlainDumpLexer();
  const actions: LineAction[] = [];
  const bytes = Buffer.from(text);
  const onLine = (_b: Buffer, _s: number, _e: number, action: LineAction) => actions.push(action);
  for (let i = 0; i < bytes.length; i += size) lexer.write(bytes.subarray(i, i + size), onLine);
  lexer.end(onLine);
  return { refusal: lexer.refusal, actions, lexer };
}

const HEAD = "SET statement_timeout = 0;\nSET client_encoding = 'UTF8';\n";

const HOSTILE: [string, string, RegExp][] = [
  ['a shell command', '\\! touch /tmp/marker', /\\! \(runs a shell command on the runner\)/],
  ['a shell command, indented', '   \\! env > /tmp/secrets', /\\! \(runs a shell command/],
  ['a shell command after SQL on its line', 'SELECT 1; \\! touch x', /\\! \(runs a shell command on the runner\)/],
  ['a shell command in the middle of a statement', 'SELECT\n  1 \\! touch x\n;', /\\! \(runs a shell command/],
  ['output to a file', '\\o /tmp/file', /\\o \(writes query output to a file/],
  ['output to a file, upper case', '\\O /tmp/file', /\\O/],
  ['a write', '\\w /tmp/file', /\\w \(writes the query/],
  ['a piped \\g', 'SELECT 1 \\g |sh', /\\g \(can pipe query output to a command/],
  ['\\gexec', "SELECT 'DROP DATABASE other' \\gexec", /\\gexec \(runs query output as SQL/],
  ['\\setenv', '\\setenv PGPASSWORD x', /\\setenv/],
  ['\\i', '\\i /etc/passwd', /\\i \(runs another file\)/],
  ['\\ir', '\\ir other.sql', /\\ir \(runs another file\)/],
  [
    '\\copy to a program',
    "\\copy (select 1) to program 'touch x'",
    /\\copy \(reads or writes files \(or runs a program\)/,
  ],
  ['\\set', '\\set x 1', /\\set \(sets a psql variable\)/],
  ['\\connect to another database', '\\connect otherdb', /\\connect to database "otherdb"/],
  ['\\c to another database', '\\c otherdb', /\\connect to another database/],
  ['\\;', 'SELECT 1 \\; DROP DATABASE other;', /\\; \(joins statements/],
  ['DROP DATABASE', 'DROP DATABASE other;', /DROP DATABASE \(drops a database\)/],
  ['drop database in lower case', 'drop database other;', /DROP DATABASE/],
  [
    'DROP DATABASE split across lines with comments',
    'DROP -- not yet\n /* still not */\n  DATABASE\n other;',
    /DROP DATABASE/,
  ],
  ['DROP DATABASE after another statement on its line', 'SELECT 1; drop   database "other";', /DROP DATABASE/],
  ['DROP DATABASE with tabs', 'DROP\tDATABASE\tother;', /DROP DATABASE/],
  ['CREATE DATABASE twice', 'CREATE DATABASE a;\nCREATE DATABASE b;', /CREATE DATABASE b \(a second database\)/],
  [
    'ALTER DATABASE of another',
    'ALTER DATABASE postgres SET default_transaction_read_only = on;',
    /ALTER DATABASE postgres/,
  ],
  ['ALTER SYSTEM', "alter system set shared_preload_libraries = 'x';", /ALTER SYSTEM/],
  [
    'COPY TO PROGRAM',
    "COPY (SELECT 1) TO PROGRAM 'touch /tmp/marker';",
    /COPY … PROGRAM \(runs a shell command on the database server\)/,
  ],
  ['copy from program, lower case and split', "copy public.t\n  from\n  program 'id';", /COPY … PROGRAM/],
  ['COPY from a server file', "COPY public.t FROM '/etc/passwd';", /COPY to or from a file on the database server/],
  ['COPY to stdout', 'COPY public.t TO STDOUT;', /a COPY other than pg_dump's/],
  ['CREATE ROLE', 'CREATE ROLE evil SUPERUSER;', /CREATE ROLE \(a role statement/],
  ['create user', "create user evil password 'x';", /CREATE USER/],
  ['ALTER ROLE', 'ALTER ROLE postgres PASSWORD NULL;', /ALTER ROLE/],
  ['ALTER USER', 'ALTER USER postgres NOSUPERUSER;', /ALTER USER/],
  ['DROP GROUP', 'DROP GROUP admins;', /DROP GROUP/],
  ['REASSIGN OWNED', 'REASSIGN OWNED BY a TO b;', /REASSIGN OWNED/],
  ['DROP OWNED', 'DROP OWNED BY a;', /DROP OWNED/],
  ['LOAD', "LOAD 'plugin';", /LOAD/],
  ['CREATE TABLESPACE', "CREATE TABLESPACE t LOCATION '/tmp';", /CREATE TABLESPACE/],
  ['a psql variable', 'DROP :DBNAME;', /the psql variable reference :DBNAME/],
  ['a quoted psql variable', "SELECT :'x';", /the psql variable reference :'x'/],
  ['an identifier psql variable', 'SELECT :"x";', /the psql variable reference :"x"/],
  ['a client encoding psql reads differently', "SET client_encoding = 'SJIS';", /SET client_encoding to "SJIS"/],
  ['SET NAMES', 'SET NAMES big5;', /SET names to "big5"/],
  ['a backslash before a quote', "SELECT 'a\\' ; \\! touch x ; --';", /a backslash before a quote in a string literal/],
  [
    'a string continued on the next line',
    "SELECT E'x'\n'\\' ; DROP DATABASE other; --';",
    /a string literal continued on the next line/,
  ],
  ['a number run into $', 'SELECT 1$$ $$; \\! touch x; $$;', /a number run into a name or `\$`/],
  ['a Unicode escape name', 'SET U&"\\0072ole" TO postgres;', /U&/],
  ['a NUL byte', "SELECT 1;\0'\n\\! touch x", /a NUL byte/],
  [
    'COPY inside a statement psql has not ended',
    'SELECT (\n;COPY public.t FROM stdin;\n\\! touch x\n\\.\n);',
    /a COPY other than pg_dump's/,
  ],
  [
    'SQL after the COPY on its line',
    'COPY public.t (a) FROM stdin; DROP DATABASE x;\n1\n\\.',
    /more SQL on the line of a COPY/,
  ],
  ['a GRANT sharing its line', 'SELECT 1; GRANT ALL ON t TO x;', /a privilege statement .* sharing a line/],
];

describe('PlainDumpLexer refuses', () => {
  for (const [name, sql, what] of HOSTILE) {
    it(name, () => {
      for (const size of [1, 5, 4096]) {
        const { refusal, actions } = lex(`${HEAD}${sql}\nSELECT 'after';\n`, size);
        expect(refusal?.what, `chunks of ${size}`).toMatch(what);
        // The statement's first line (HEAD is two lines): the line psql would have acted on.
        expect(refusal?.line).toBeGreaterThanOrEqual(3);
        expect(refusal?.line).toBeLessThanOrEqual(2 + sql.split('\n').length);
        expect(actions.at(-1)).toBe(REFUSE);
        expect(actions.slice(0, -1)).not.toContain(REFUSE);
      }
    });
  }

  it('names the line where the statement starts, counting COPY data lines', () => {
    const sql = `${HEAD}COPY public.t (a) FROM stdin;\n1\n2\n\\.\nSELECT 1;\n\n  drop\n  database x;\n`;
    expect(lex(sql).refusal?.line).toBe(9);
    expect(lex(sql).refusal?.what).toMatch(/^DROP DATABASE \(drops a database\): x, which is not the database/);
  });
});

describe('PlainDumpLexer leaves alone what pg_dump writes', () => {
  const fine = [
    'CREATE FUNCTION public.f() RETURNS void LANGUAGE plpgsql AS $_$',
    "BEGIN EXECUTE 'DROP DATABASE other'; PERFORM 1; END -- \\! not a command here",
    '$_$;',
    'CREATE FUNCTION public.g() RETURNS integer',
    '    LANGUAGE sql',
    '    BEGIN ATOMIC',
    ' SELECT 1;',
    ' SELECT CASE WHEN true THEN 2 ELSE 3 END;',
    'END;',
    "COMMENT ON TABLE public.t IS 'run \\! touch x; DROP DATABASE y; :DBNAME';",
    "COMMENT ON COLUMN public.t.a IS E'it''s \\\\ \\' \\! fine';",
    '/* a comment /* nested */ \\! still a comment */ SELECT 1;',
    '-- \\! a comment',
    'CREATE VIEW public.v AS SELECT (arr)[1:2] AS s, a::text, x[lo:hi] FROM public.t;',
    'CREATE TABLE public."COPY" ("DROP DATABASE" text, "\\!" integer);',
    'COPY public."COPY" ("DROP DATABASE", "\\!") FROM stdin;',
    '\\! data, not a command',
    "DROP DATABASE x;\t'",
    '\\.',
    "SELECT pg_catalog.setval('public.s', 42, true);",
    "SELECT pg_catalog.lowrite(0, '\\x0001');",
    'CREATE USER MAPPING FOR public SERVER s;',
    'SET search_path = public;',
    'SET standard_conforming_strings = on;',
    "SET client_encoding = 'LATIN1';",
    "SET default_tablespace = '';",
    '',
  ].join('\n');

  for (const size of [1, 3, 4096]) {
    it(`function bodies, comments, strings and COPY data (chunks of ${size})`, () => {
      const { refusal, actions, lexer } = lex(fine, size);
      expect(refusal).toBeNull();
      expect(actions).not.toContain(SKIP);
      expect(lexer.inCopy).toBe(false);
    });
  }
});

describe('PlainDumpLexer refusals', () => {
  it('carry no control characters from the dump into the log', () => {
    const { refusal } = lex('CREATE DATABASE a;\nCREATE DATABASE "b\r::warning::\u001b[2K";\n');
    expect(refusal?.what).toBe('CREATE DATABASE b?::warning::?[2K (a second database)');
  });
});

describe('PlainDumpLexer and a --clean dump', () => {
  const create = (drop: string, name = 'src') =>
    `${HEAD}${drop}\nCREATE DATABASE ${name} WITH TEMPLATE = template0 ENCODING = 'UTF8';\nALTER DATABASE ${name} OWNER TO postgres;\n\\connect ${name}\nSET x = 1;\n`;

  for (const drop of ['DROP DATABASE src;', 'DROP DATABASE IF EXISTS src;']) {
    it(`skips "${drop}" right before the CREATE DATABASE of that name`, () => {
      for (const size of [1, 4096]) {
        const { refusal, actions } = lex(create(drop), size);
        expect(refusal).toBeNull();
        // DROP, CREATE, ALTER DATABASE and \connect skipped; the SETs run.
        expect(actions).toEqual(['pass', 'pass', 'skip', 'skip', 'skip', 'skip', 'pass'].map(action));
      }
    });
  }

  it('takes a quoted name as the server does', () => {
    expect(lex(create('DROP DATABASE IF EXISTS "Src db";', '"Src db"')).refusal).toBeNull();
  });

  const refused: [string, string][] = [
    ['another database than the one created next', create('DROP DATABASE other;')],
    ['a name in another case, quoted', create('DROP DATABASE "SRC";')],
    ['a statement between', `${HEAD}DROP DATABASE src;\nSELECT 1;\nCREATE DATABASE src;\n`],
    ['a \\connect after it', `${HEAD}DROP DATABASE src;\n\\connect src\n`],
    ['nothing after it', `${HEAD}DROP DATABASE IF EXISTS src;\n`],
    ['WITH (FORCE)', `${HEAD}DROP DATABASE src WITH (FORCE);\nCREATE DATABASE src;\n`],
    ['after the CREATE DATABASE', `${HEAD}CREATE DATABASE src;\n\\connect src\nDROP DATABASE src;\n`],
  ];
  for (const [name, sql] of refused) {
    it(`refuses a DROP DATABASE with ${name}, naming its line`, () => {
      for (const size of [1, 4096]) {
        const { refusal } = lex(sql, size);
        expect(refusal?.line).toBe(sql.slice(0, sql.indexOf('DROP DATABASE')).split('\n').length);
        expect(refusal?.what).toMatch(/^DROP DATABASE \(drops a database\)/);
      }
    });
  }

  it("skips the object DROPs a --clean dump starts with, not a DROP after the dump's first CREATE", () => {
    const sql = [
      "SELECT pg_catalog.set_config('search_path', '', false);",
      'ALTER TABLE ONLY public.t DROP CONSTRAINT t_pkey;',
      'ALTER TABLE IF EXISTS public.t ALTER COLUMN id DROP DEFAULT;',
      "SELECT pg_catalog.lo_unlink('16390');",
      'DROP TABLE public.t;',
      'DROP EXTENSION IF EXISTS pgcrypto;',
      'DROP USER MAPPING IF EXISTS FOR public SERVER s;',
      'DROP SCHEMA ext;',
      'CREATE SCHEMA ext;',
      'DROP TABLE public.u;',
      'ALTER TABLE public.u DROP COLUMN a;',
      "SELECT pg_catalog.lo_unlink('16390');",
      '',
    ].join('\n');
    const { refusal, actions } = lex(`${HEAD}${sql}`);
    expect(refusal).toBeNull();
    expect(actions).toEqual(
      [
        'pass',
        'pass',
        'pass',
        'skip',
        'skip',
        'skip',
        'skip',
        'skip',
        'skip',
        'skip',
        'pass',
        'pass',
        'pass',
        'pass',
      ].map(action),
    );
  });

  it('still refuses DROP ROLE and DROP TABLESPACE among them', () => {
    expect(lex(`${HEAD}DROP TABLE public.t;\nDROP ROLE app;\n`).refusal).toMatchObject({ line: 4, what: /DROP ROLE/ });
    expect(lex(`${HEAD}DROP TABLESPACE t;\n`).refusal?.what).toMatch(/DROP TABLESPACE/);
  });
});

function action(name: string): LineAction {
  return name === 'skip' ? SKIP : (PASS as LineAction);
}

describe('PlainDumpLexer with schemas made before the restore', () => {
  it("skips the dump's CREATE SCHEMA of exactly those, as the server reads the name", () => {
    const lexer = new PlainDumpLexer(new Set(['ext', 'Odd']));
    const actions: LineAction[] = [];
    const sql = [
      'CREATE SCHEMA ext;',
      'CREATE SCHEMA "Odd";',
      'CREATE SCHEMA odd;',
      'CREATE SCHEMA other;',
      'CREATE SCHEMA ext AUTHORIZATION someone;',
      '',
    ].join('\n');
    lexer.write(Buffer.from(sql), (_b, _s, _e, a) => actions.push(a));
    lexer.end((_b, _s, _e, a) => actions.push(a));
    expect(lexer.refusal).toBeNull();
    expect(actions).toEqual(['skip', 'skip', 'pass', 'pass', 'pass'].map(action));
  });
});
