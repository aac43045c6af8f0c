// pg_restore 17+ into a 13–16 server: what it prints on stderr when each connection's SET
// transaction_timeout fails (pg_restore 17.12 into a 13 server, with --jobs 2, as it printed it),
// and what it prints for any other error. Only the first is ignored; the second stops the restore.
import { describe, expect, it } from 'vitest';
import { IgnoredSettingErrors } from '../../src/restore/ignored-settings.js';

const FAILED_SET = [
  'pg_restore: while PROCESSING TOC:',
  'pg_restore: from TOC entry 218; 1259 16391 TABLE u postgres',
  'pg_restore: error: could not execute query: ERROR:  unrecognized configuration parameter "transaction_timeout"',
  'Command was: SET transaction_timeout = 0;',
];
const INITIAL = [
  'pg_restore: connecting to database for restore',
  'pg_restore: while INITIALIZING:',
  'pg_restore: error: could not execute query: ERROR:  unrecognized configuration parameter "transaction_timeout"',
  'Command was: SET transaction_timeout = 0;',
];

function feed(lines: string[], unknown = ['transaction_timeout']) {
  const forwarded: string[] = [];
  let stops = 0;
  const ignoring = new IgnoredSettingErrors(
    new Set(unknown),
    (l) => forwarded.push(l),
    () => {
      stops += 1;
    },
  );
  for (const l of lines) ignoring.addStderrLine(l);
  ignoring.end();
  return { forwarded, stops, ignoring };
}

describe('IgnoredSettingErrors', () => {
  it("ignores each connection's failed SET of a setting the server lacks, and pg_restore's count of them", () => {
    const { forwarded, stops, ignoring } = feed([
      ...INITIAL,
      'pg_restore: processing item 3354 TABLE DATA t',
      ...FAILED_SET,
      ...FAILED_SET,
      'pg_restore: finished item 3354 TABLE DATA t',
      'pg_restore: warning: errors ignored on restore: 3',
    ]);
    expect(ignoring.ignored).toBe(3);
    expect(ignoring.otherError).toBe(false);
    expect(stops).toBe(0);
    expect(forwarded).toEqual([
      'pg_restore: connecting to database for restore',
      'pg_restore: processing item 3354 TABLE DATA t',
      'pg_restore: finished item 3354 TABLE DATA t',
    ]);
  });

  it("stops at a statement of the backup's that sets such a setting, and passes its text on", () => {
    const { forwarded, stops, ignoring } = feed([
      ...INITIAL,
      'pg_restore: from TOC entry 214; 1255 16386 FUNCTION quick_pick() postgres',
      'pg_restore: error: could not execute query: ERROR:  unrecognized configuration parameter "transaction_timeout"',
      'Command was: CREATE FUNCTION public.quick_pick() RETURNS integer',
      '    LANGUAGE sql',
      "    SET transaction_timeout TO '1s'",
      'pg_restore: warning: errors ignored on restore: 2',
    ]);
    expect(stops).toBe(1);
    expect(ignoring.otherError).toBe(true);
    expect(ignoring.ignored).toBe(1);
    expect(forwarded).toContain(
      'pg_restore: error: could not execute query: ERROR:  unrecognized configuration parameter "transaction_timeout"',
    );
    expect(forwarded).toContain('Command was: CREATE FUNCTION public.quick_pick() RETURNS integer');
    // Another error came: pg_restore's count is no longer only the ignored SETs.
    expect(forwarded).toContain('pg_restore: warning: errors ignored on restore: 2');
  });

  it('stops at any other error, and at a SET of a setting the server has', () => {
    const other = feed([
      'pg_restore: error: could not execute query: ERROR:  relation "missing" does not exist',
      'Command was: ALTER TABLE ONLY public.missing ADD CONSTRAINT c PRIMARY KEY (id);',
    ]);
    expect(other.stops).toBe(1);
    expect(other.forwarded).toHaveLength(2);
    const known = feed(INITIAL, []);
    expect(known.stops).toBe(1);
    expect(known.ignoring.ignored).toBe(0);
    const connect = feed(['pg_restore: error: connection to server failed: FATAL:  role "x" does not exist']);
    expect(connect.stops).toBe(1);
  });

  it("reads two connections' failed SETs whose lines interleaved, as pg_restore 17 printed them under load", () => {
    // Seen here with pg_restore 17.12 -j 2 into the PostgreSQL 15 server, 2 CPU hogs running: 1 run in 25.
    const unknown = 'could not execute query: ERROR:  unrecognized configuration parameter "transaction_timeout"';
    const interleaved = [
      `pg_restore: error: pg_restore:${unknown}`,
      ` error: ${unknown}`,
      'Command was: SET transaction_timeout = 0;',
      'Command was: SET transaction_timeout = 0;',
    ];
    const { forwarded, stops, ignoring } = feed([
      ...INITIAL,
      ...interleaved,
      'pg_restore: finished item 3354 TABLE DATA t',
      'pg_restore: warning: errors ignored on restore: 3',
    ]);
    expect(stops).toBe(0);
    expect(ignoring.ignored).toBe(3);
    expect(forwarded).toEqual([
      'pg_restore: connecting to database for restore',
      'pg_restore: finished item 3354 TABLE DATA t',
    ]);
    // Interleaved or not, another error still stops the restore.
    const other = feed([
      ...interleaved.slice(0, 2),
      'Command was: SET transaction_timeout = 0;',
      'pg_restore: error: pg_restore:could not execute query: ERROR:  relation "missing" does not exist',
      'Command was: SET transaction_timeout = 0;',
    ]);
    expect(other.stops).toBe(1);
    expect(other.forwarded.join('\n')).toContain('relation "missing" does not exist');
  });

  it('an error that ends the output with nothing after it is an error', () => {
    const { stops, forwarded } = feed([
      'pg_restore: error: could not execute query: ERROR:  unrecognized configuration parameter "transaction_timeout"',
    ]);
    expect(stops).toBe(1);
    expect(forwarded).toHaveLength(1);
  });
});
