// SET and RESET in a plain dump: a role switch (SET ROLE, SET SESSION AUTHORIZATION) is skipped,
// as the drill restores as its own role; a client encoding psql would not read byte by byte as
// the verify pass does is refused (the pass would see other statement boundaries than psql).
import type { Token, Verdict } from './verdict.js';

/** The encodings a server can use: psql reads them byte by byte as this check does (not so SJIS, BIG5, GBK, UHC, GB18030, JOHAB). */
const SAFE_ENCODINGS = new Set(
  'sqlascii eucjp euccn euckr euctw eucjis2004 utf8 muleinternal latin1 latin2 latin3 latin4 latin5 latin6 latin7 latin8 latin9 latin10 win1256 win1258 win866 win874 koi8r win1251 win1252 iso88595 iso88596 iso88597 iso88598 win1250 win1253 win1254 win1255 win1257 koi8u'.split(
    ' ',
  ),
);
const normalizeEncoding = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

const ROLE_SWITCH = 'a role switch (the drill restores as its own role)';
const pass: Verdict = { action: 'pass' };
const skip = (what: string): Verdict => ({ action: 'skip', what, ownLines: false });
const refuse = (what: string): Verdict => ({ action: 'refuse', what });

/** The verdict on a SET or RESET statement's first tokens `t`; null while they do not tell it yet. */
export function setVerdict(
  t: readonly Token[],
  first: string,
  final: boolean,
  unknownSettings: ReadonlySet<string> = new Set(),
): Verdict | null {
  let i = 1;
  while (t[i]?.upper === 'SESSION' || t[i]?.upper === 'LOCAL') {
    if (t[i]?.upper === 'SESSION' && t[i + 1]?.upper === 'AUTHORIZATION') break;
    i++;
  }
  const name = t[i];
  if (!name) return final ? pass : null;
  const upper = name.upper ?? '';
  if (upper === 'ROLE' || upper === 'SESSION_AUTHORIZATION') return skip(ROLE_SWITCH);
  // A newer pg_dump's session settings (transaction_timeout of 17+) that the target server lacks.
  if (first === 'SET' && !name.literal && unknownSettings.has(name.value.toLowerCase())) {
    return skip(`SET ${name.value.toLowerCase()} (a setting the target server does not have)`);
  }
  if (upper === 'SESSION') {
    const next = t[i + 1];
    if (!next) return final ? pass : null;
    return next.upper === 'AUTHORIZATION' ? skip(ROLE_SWITCH) : pass;
  }
  if (first === 'SET' && (upper === 'CLIENT_ENCODING' || upper === 'NAMES')) {
    let v = i + 1;
    if (t[v]?.upper === 'TO') v++;
    const value = t[v];
    if (!value) return final ? refuse(`SET ${upper.toLowerCase()} without a value`) : null;
    if (value.upper === 'DEFAULT' || SAFE_ENCODINGS.has(normalizeEncoding(value.value))) return pass;
    return refuse(
      `SET ${upper.toLowerCase()} to ${JSON.stringify(value.value)} (only encodings a server can use, which psql reads byte by byte as the check does)`,
    );
  }
  return pass;
}
