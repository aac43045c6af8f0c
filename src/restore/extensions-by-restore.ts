// The extensions an archive's pg_restore may create itself, as the restore's role, instead of the
// admin creating them first (extensions.ts): trusted ones, whose script PostgreSQL runs as a
// superuser for any role that may create in the database. That script must still meet nothing of
// the backup: in a schema the backup has already filled it is what CVE-2023-39417 abused. So each
// entry, and the schema entry it needs, must be exactly what pg_dump writes, and they go first in
// the pg_restore -L list (pg_restore restores in the list's order); the archive's search_path entry,
// which pg_restore runs on every connection before any entry, must be exactly pg_dump's too.
// Anything else leaves the extension to the admin, as before.
import type { ArchiveToc } from '../dump/archive-toc.js';
import { unquoteQualifiedName } from '../dump/plain-scanner.js';
import { IDENT } from './dump-sql-names.js';

const PG_DUMP_SEARCH_PATH = "SELECT pg_catalog.set_config('search_path', '', false);\n";
const EXTENSION_SQL = new RegExp(`^CREATE EXTENSION IF NOT EXISTS (${IDENT}) WITH SCHEMA (${IDENT});\\n*$`);
const SCHEMA_SQL = new RegExp(`^CREATE SCHEMA (${IDENT});\\n*$`);

const unquoted = (sql: string): string | undefined => unquoteQualifiedName(sql)[0];

interface ExtensionsByRestore {
  /** The extensions pg_restore creates. */
  names: string[];
  /** The dump ids the -L list starts with: the schemas those need, then their EXTENSION entries. */
  first: number[];
}

/** Of the archive's extensions, those pg_restore creates itself (`creatable`: those the restore's role may create). */
export function extensionsByRestore(toc: ArchiveToc, creatable: ReadonlySet<string>): ExtensionsByRestore {
  const none = { names: [], first: [] };
  if (creatable.size === 0) return none;
  const searchPath = toc.entries.find((e) => e.desc === 'SEARCHPATH');
  if (searchPath !== undefined && searchPath.defn !== PG_DUMP_SEARCH_PATH) return none;
  const schemas = new Map(toc.entries.filter((e) => e.desc === 'SCHEMA').map((e) => [e.tag, e]));
  const names: string[] = [];
  const schemasFirst = new Set<number>();
  const extensionsFirst: number[] = [];
  for (const entry of toc.entries) {
    if (entry.desc !== 'EXTENSION' || !creatable.has(entry.tag)) continue;
    const sql = EXTENSION_SQL.exec(entry.defn ?? '');
    if (!sql?.[1] || !sql[2] || unquoted(sql[1]) !== entry.tag) continue;
    const schema = unquoted(sql[2]);
    // public is the new database's own; any other schema must be the backup's plain CREATE SCHEMA.
    if (schema !== 'public') {
      const made = schema === undefined ? undefined : schemas.get(schema);
      const schemaSql = SCHEMA_SQL.exec(made?.defn ?? '');
      if (made === undefined || !schemaSql?.[1] || unquoted(schemaSql[1]) !== schema) continue;
      schemasFirst.add(made.dumpId);
    }
    names.push(entry.tag);
    extensionsFirst.push(entry.dumpId);
  }
  return { names, first: [...schemasFirst, ...extensionsFirst] };
}
