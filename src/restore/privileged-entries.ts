// The archive entries a role without superuser may not restore, and why (the drill role owns the
// drill database and everything the restore makes, but nothing more). None of these is done by
// the admin connection instead: each would either run the backup's code with its rights (an event
// trigger fires for whoever changes the schema; a C function or a language handler is code in the
// server's process; CVE-2023-39417 showed how far an extension script in a hostile schema goes)
// or reach past the drill database (subscriptions and user mappings connect to other servers
// with the source's credentials). So they are left out, and the report names them.
import type { ArchiveTocEntry } from '../dump/archive-toc.js';
import {
  ALL_TABLES,
  BINARY_CAST,
  BY_KIND,
  CAST_TYPES,
  cLanguage,
  type TypeKey,
  typeKey,
} from '../dump/plain/privileged-reasons.js';
import { unquoteQualifiedName } from '../dump/plain-scanner.js';

export { type TypeKey, typeKey };

const C_LANGUAGE = /\n\s*LANGUAGE (c|internal)\b/i;

/** Why the drill role cannot restore `entry` (null: it can). `restoredTypes`: the types the archive creates. */
export function privilegedWhy(entry: ArchiveTocEntry, restoredTypes: ReadonlySet<TypeKey>): string | null {
  const byKind = BY_KIND[entry.desc];
  if (byKind) return byKind;
  const defn = entry.defn ?? '';
  switch (entry.desc) {
    case 'PUBLICATION':
      return /\bFOR ALL TABLES\b/.test(defn) ? ALL_TABLES : null;
    case 'FUNCTION':
    case 'PROCEDURE': {
      const language = C_LANGUAGE.exec(defn)?.[1];
      return language ? cLanguage(language) : null;
    }
    case 'CAST': {
      if (/\bWITHOUT FUNCTION\b/.test(defn)) return BINARY_CAST;
      const types = castTypes(entry.tag);
      if (types === null || types.some((t) => restoredTypes.has(t))) return null;
      return CAST_TYPES;
    }
    default:
      return null;
  }
}

/** The two types of a CAST entry's tag, `CAST (text AS public."My Type")`; null when it does not read. */
function castTypes(tag: string): [TypeKey, TypeKey] | null {
  const m = /^CAST \((.+) AS (.+)\)$/s.exec(tag);
  if (!m) return null;
  const key = (text: string): TypeKey => {
    const parts = unquoteQualifiedName(text.replace(/(\[\])+$/, ''));
    return parts.length === 2 ? typeKey(parts[0] as string, parts[1] as string) : typeKey('pg_catalog', text);
  };
  return [key(m[1] as string), key(m[2] as string)];
}

/**
 * The roles a policy's CREATE POLICY names (`… TO app_user, "Read Only" USING …`), unquoted;
 * pg_dump writes TO only for roles other than PUBLIC, each as quote_ident spells it.
 */
export function policyRoles(sql: string): string[] {
  const roles: string[] = [];
  let i = 0;
  let depth = 0;
  let afterTo = false;
  const word = () => {
    const m = /^[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*/.exec(sql.slice(i));
    return m ? m[0] : null;
  };
  while (i < sql.length) {
    const c = sql[i] as string;
    if (c === "'") {
      const end = sql.indexOf("'", i + 1);
      i = end === -1 ? sql.length : end + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let name = '';
      while (j < sql.length) {
        if (sql[j] === '"' && sql[j + 1] === '"') {
          name += '"';
          j += 2;
        } else if (sql[j] === '"') break;
        else name += sql[j++];
      }
      if (afterTo && depth === 0) roles.push(name);
      i = j + 1;
      continue;
    }
    if (c === '(') depth += 1;
    else if (c === ')') depth = Math.max(0, depth - 1);
    const w = depth === 0 ? word() : null;
    if (w !== null && (i === 0 || !/[\w$"]/.test(sql[i - 1] as string))) {
      const upper = w.toUpperCase();
      if (afterTo && (upper === 'USING' || upper === 'WITH')) return roles;
      if (upper === 'TO') afterTo = true;
      else if (afterTo) roles.push(w.toLowerCase());
      i += w.length;
      continue;
    }
    if (c === ';' && depth === 0) break;
    i += 1;
  }
  return roles;
}
