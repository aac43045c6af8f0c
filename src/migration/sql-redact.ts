// A statement as the report may show it: every literal (strings, dollar-quoted bodies, bit and
// hex strings, numbers) replaced by `?` and comments dropped, so a backfill's values, a default
// or a password set in SQL never reach the report. Parameters ($1) and identifiers stay. A
// tokenizer, not a parser: it only needs to know where literals and comments begin and end.

const MAX_LENGTH = 500;

function isIdentChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_$\u0080-\uffff]/.test(c);
}

/** The end (exclusive) of a '…' literal starting at `i` (the quote); backslashes escape under E''. */
function endOfString(sql: string, i: number, backslashes: boolean): number {
  let j = i + 1;
  while (j < sql.length) {
    const c = sql[j];
    if (backslashes && c === '\\') j += 2;
    else if (c === "'") {
      if (sql[j + 1] === "'") j += 2;
      else return j + 1;
    } else j += 1;
  }
  return sql.length;
}

export function redactSql(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    const next = sql[i + 1];
    const prev = out[out.length - 1];
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end;
      out += ' ';
    } else if (c === '/' && next === '*') {
      // Nested comments, as PostgreSQL allows them.
      let depth = 1;
      let j = i + 2;
      while (j < sql.length && depth > 0) {
        const pair = sql.slice(j, j + 2);
        depth += pair === '/*' ? 1 : pair === '*/' ? -1 : 0;
        j += pair === '/*' || pair === '*/' ? 2 : 1;
      }
      i = j;
      out += ' ';
    } else if (c === '"') {
      const end = sql.indexOf('"', i + 1);
      const stop = end === -1 ? sql.length : end + 1;
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === "'") {
      // E'…', B'…', X'…', U&'…' prefixes: drop the prefix with the literal.
      const prefix = /(?:^|[^A-Za-z0-9_$])([EeBbXxNn]|[Uu]&)$/.exec(out);
      if (prefix?.[1]) out = out.slice(0, out.length - prefix[1].length);
      i = endOfString(sql, i, prefix?.[1]?.toLowerCase() === 'e');
      out += '?';
    } else if (c === '$' && !isIdentChar(prev)) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        i = end === -1 ? sql.length : end + tag[0].length;
        out += '?';
      } else {
        // $1: a parameter.
        const param = /^\$\d+/.exec(sql.slice(i));
        out += param ? param[0] : c;
        i += param ? param[0].length : 1;
      }
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(next ?? ''))) {
      if (isIdentChar(prev)) {
        out += c;
        i += 1;
      } else {
        const num = /^(?:0[xXoObB][0-9A-Fa-f_]+|(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][+-]?\d+)?)/.exec(sql.slice(i));
        i += num ? Math.max(1, num[0].length) : 1;
        out += '?';
      }
    } else {
      out += c;
      i += 1;
    }
  }
  const flat = out.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_LENGTH ? `${flat.slice(0, MAX_LENGTH)}…` : flat;
}
