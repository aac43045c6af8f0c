// psql meta-commands and variable references in a plain dump: what they are named by in a
// refusal, and the database a `\connect` names. pg_dump writes only \connect, \encoding and
// \restrict/\unrestrict, on lines of their own (judged in rules.ts); anything else a
// backslash or a psql variable would do is refused.
import { DQUOTE, isVarChar, QUOTE } from './chars.js';

/** Variables psql itself defines (any version): a reference to one would put text the check never saw into the SQL. */
const PSQL_VARIABLES = new Set(
  'AUTOCOMMIT COMP_KEYWORD_CASE DBNAME ECHO ECHO_HIDDEN ENCODING ERROR FETCH_COUNT HIDE_TABLEAM HIDE_TOAST_COMPRESSION HISTCONTROL HISTFILE HISTSIZE HOST IGNOREEOF LASTOID LAST_ERROR_MESSAGE LAST_ERROR_SQLSTATE ON_ERROR_ROLLBACK ON_ERROR_STOP PORT PROMPT1 PROMPT2 PROMPT3 QUIET ROW_COUNT SERVER_VERSION_NAME SERVER_VERSION_NUM SERVICE SHELL_ERROR SHELL_EXIT_CODE SHOW_ALL_RESULTS SHOW_CONTEXT SINGLELINE SINGLESTEP SQLSTATE USER VERBOSITY VERSION VERSION_NAME VERSION_NUM WATCH_INTERVAL PIPELINE_SYNC_COUNT PIPELINE_COMMAND_COUNT PIPELINE_RESULT_COUNT'.split(
    ' ',
  ),
);

/** What the meta-commands that reach past the drill would do, to name them by in a refusal. */
const META_WORDS: Record<string, string> = {
  '!': 'runs a shell command on the runner',
  o: 'writes query output to a file or a command on the runner',
  out: 'writes query output to a file or a command on the runner',
  w: 'writes the query to a file or a command on the runner',
  write: 'writes the query to a file or a command on the runner',
  g: 'can pipe query output to a command on the runner',
  gx: 'can pipe query output to a command on the runner',
  gexec: 'runs query output as SQL the check never saw',
  gset: 'sets psql variables from query output',
  copy: 'reads or writes files (or runs a program) on the runner',
  setenv: 'sets an environment variable of psql',
  i: 'runs another file',
  include: 'runs another file',
  ir: 'runs another file',
  include_relative: 'runs another file',
  c: 'connects to another database',
  connect: 'connects to another database',
  set: 'sets a psql variable',
  lo_import: 'reads a file on the runner',
  lo_export: 'writes a file on the runner',
  cd: 'changes psql’s working folder',
  s: 'writes psql’s history to a file',
  e: 'starts an editor',
  edit: 'starts an editor',
};

/** A meta-command named by what it does: `\! (runs a shell command on the runner)`. */
export function describeMeta(text: string): string {
  const m = /^\\([A-Za-z_]+|.)/.exec(text);
  const name = m?.[1] ?? '';
  const does = META_WORDS[name] ?? META_WORDS[name.toLowerCase()];
  return `the psql meta-command \\${name}${does ? ` (${does})` : ''}, which pg_dump does not write`;
}

/** A backslash after other SQL (on its line, or in a statement not yet ended), named for the refusal. */
export function metaInStatement(buf: Buffer, i: number, end: number): string {
  const text = buf.toString('utf8', i, Math.min(end, i + 40));
  if (text.startsWith('\\;') || text.startsWith('\\:'))
    return `psql's ${text.slice(0, 2)} (joins statements the check would read apart), which pg_dump does not write`;
  return describeMeta(text);
}

/** `:name`, `:'name'`, `:"name"`, `:{?name}` outside quotes: psql would replace them with text the check never saw. */
export function variableReference(buf: Buffer, i: number, end: number): string | null {
  const next = buf[i + 1];
  if (next === 0x3a || next === undefined || i + 1 >= end) return null; // `::` is a cast
  if (next === QUOTE || next === DQUOTE || (next === 0x7b && buf[i + 2] === 0x3f)) {
    let j = i + (next === 0x7b ? 3 : 2);
    const from = j;
    while (j < end && isVarChar(buf[j] as number)) j++;
    const close = next === 0x7b ? 0x7d : next;
    if (j > from && buf[j] === close && j < end) {
      return `the psql variable reference ${buf.toString('utf8', i, j + 1)}, which pg_dump does not write`;
    }
    return null;
  }
  let j = i + 1;
  while (j < end && isVarChar(buf[j] as number)) j++;
  const name = buf.toString('utf8', i + 1, j);
  return PSQL_VARIABLES.has(name) ? `the psql variable reference :${name}, which pg_dump does not write` : null;
}

/** The database `\connect ARG` names, as psql reads it: a name, a quoted name, or `dbname=...`. */
export function connectTarget(arg: string): string | null {
  const value = arg.startsWith('"') ? arg.slice(1, -1).replaceAll('""', '"') : arg;
  if (!value.includes('=')) return value;
  const m = /^dbname=(?:'((?:[^'\\]|\\.)*)'|([^\s'\\]+))$/.exec(value);
  if (!m) return null;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? null);
}
