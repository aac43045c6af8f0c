// Unique keys that pg_restore builds one at a time, built here side by side.
//
// pg_restore never runs two items that lock the same table together, and ADD CONSTRAINT PRIMARY
// KEY or UNIQUE holds ACCESS EXCLUSIVE on its table while it builds the key's index: the keys of a
// large table are built one after another, after its other indexes, at the end of the restore
// (users' primary key and three unique keys: 0.6 s of a 2.3 s PickDriver restore at scale 100,
// with the other core idle). Those keys are left out of pg_restore's list and built here from the
// moment pg_restore has loaded the table's data (unique-key-builds.ts): CREATE UNIQUE INDEX, which
// holds only SHARE (beside each other and beside pg_restore's own indexes of the table), then
// ALTER TABLE ... ADD CONSTRAINT ... USING INDEX, a catalog change. The database ends the same:
// each key with its index of the same name on the same columns; a duplicate row fails the restore
// as it would have failed pg_restore.
//
// Only a key whose SQL is exactly what pg_dump writes for a plain one (ALTER TABLE ONLY <table>
// ADD CONSTRAINT <name> PRIMARY KEY|UNIQUE (<columns>), no options), in the default tablespace,
// on a table that is not partitioned, holds a large share of the data and has two or more index
// builds, and that nothing of the archive depends on but foreign keys the drill adds after
// pg_restore (foreign-keys.ts); anything else stays pg_restore's.
import type { ArchiveToc, ArchiveTocEntry } from '../dump/archive-toc.js';
import { COLUMNS, IDENT, QNAME } from './dump-sql-names.js';

export interface DeferredUniqueKey {
  dumpId: number;
  /** The key's table and name, as the archive quotes them. */
  table: string;
  name: string;
  /** The dump ids of the key's TABLE and TABLE DATA entries: the build starts when the data's ends. */
  tableId: number;
  dataId: number;
  createIndex: string;
  addConstraint: string;
}

const UNIQUE_KEY_RE = new RegExp(
  String.raw`^ALTER TABLE ONLY (${QNAME})\n    ADD CONSTRAINT (${IDENT}) (PRIMARY KEY|UNIQUE) \((${COLUMNS})\);\n*$`,
);

// As foreign-keys.ts: a table with this share of the archive's data is the one whose keys queue.
const LARGE_SHARE = 0.25;

/**
 * The unique keys to build beside pg_restore (see above), given the entries left out of the
 * restore, each table's data bytes (archiveDataBytes) and the foreign keys added after pg_restore;
 * their dump ids go out of pg_restore's list.
 */
export function deferredUniqueKeys(
  toc: ArchiveToc,
  leftOut: ReadonlySet<number>,
  dataBytes: ReadonlyMap<number, number>,
  keysAfter: ReadonlySet<number>,
): DeferredUniqueKey[] {
  const byId = new Map(toc.entries.map((e) => [e.dumpId, e]));
  const restored = toc.entries.filter((e) => !leftOut.has(e.dumpId));
  const dependents = new Map<number, ArchiveTocEntry[]>();
  for (const e of restored) for (const d of e.dependencies) dependents.set(d, [...(dependents.get(d) ?? []), e]);
  const dataOf = new Map<number, number>();
  for (const e of restored) {
    if (e.desc === 'TABLE DATA' && e.dependencies[0] !== undefined) dataOf.set(e.dependencies[0], e.dumpId);
  }
  let total = 0;
  for (const n of dataBytes.values()) total += n;
  // Index builds per table, pg_restore's and the keys': a lone one queues behind nothing.
  const builds = new Map<number, number>();
  const byTable = new Map<number, DeferredUniqueKey[]>();
  for (const e of restored) {
    if (e.desc !== 'CONSTRAINT' && e.desc !== 'INDEX') continue;
    const tableId = e.dependencies.find((d) => byId.get(d)?.desc === 'TABLE');
    if (tableId === undefined) continue;
    builds.set(tableId, (builds.get(tableId) ?? 0) + 1);
    const match = e.desc === 'CONSTRAINT' && e.defn !== null ? UNIQUE_KEY_RE.exec(e.defn) : null;
    const table = byId.get(tableId);
    const dataId = dataOf.get(tableId);
    if (!match || !table || dataId === undefined || (e.tablespace ?? '') !== '') continue;
    if (/\bPARTITION BY\b/.test(table.defn ?? '') || (dataBytes.get(tableId) ?? 0) < LARGE_SHARE * total) continue;
    if ((dependents.get(e.dumpId) ?? []).some((d) => !keysAfter.has(d.dumpId))) continue;
    const [, qname, name, kind, columns] = match as unknown as [string, string, string, string, string];
    const key: DeferredUniqueKey = {
      dumpId: e.dumpId,
      table: qname,
      name,
      tableId,
      dataId,
      createIndex: `CREATE UNIQUE INDEX ${name} ON ${qname} USING btree (${columns});`,
      addConstraint: `ALTER TABLE ONLY ${qname} ADD CONSTRAINT ${name} ${kind} USING INDEX ${name};`,
    };
    byTable.set(tableId, [...(byTable.get(tableId) ?? []), key]);
  }
  return [...byTable].filter(([tableId]) => (builds.get(tableId) ?? 0) > 1).flatMap(([, keys]) => keys);
}
