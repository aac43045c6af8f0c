// What migration-command changed, from the catalog before and after it: tables and indexes whose
// storage was written anew, indexes that appeared, rows per table, and the schema's changes.
import type {
  MigrationIndex,
  MigrationRewrite,
  MigrationRowChange,
  MigrationSchemaChange,
} from '../model/migration-types.js';
import type { CatalogSnapshot, ColumnSnap, TableSnap } from './catalog-snapshot.js';
import type { Observation } from './lock-observer.js';

/** Tables (and indexes on their own, as REINDEX does) with a new relfilenode: every row written again. */
export function rewrites(before: CatalogSnapshot, after: CatalogSnapshot): MigrationRewrite[] {
  const out: MigrationRewrite[] = [];
  const tablesBefore = new Map(before.tables.map((t) => [t.oid, t]));
  const rewritten = new Set<number>();
  for (const t of after.tables) {
    const old = tablesBefore.get(t.oid);
    if (!old || old.relfilenode === 0 || old.relfilenode === t.relfilenode) continue;
    rewritten.add(t.oid);
    out.push({ table: t.name, index: null, sizeBefore: old.size, sizeAfter: t.size });
  }
  const indexesBefore = new Map(before.indexes.map((i) => [i.oid, i]));
  const byName = new Map(before.indexes.map((i) => [i.name, i]));
  const oidsAfter = new Set(after.indexes.map((i) => i.oid));
  for (const i of after.indexes) {
    if (rewritten.has(i.tableOid)) continue;
    const same = indexesBefore.get(i.oid);
    // REINDEX CONCURRENTLY builds a new index and gives it the old one's name and definition.
    const named = byName.get(i.name);
    const rebuilt =
      same !== undefined
        ? same.relfilenode !== 0 && same.relfilenode !== i.relfilenode
        : named !== undefined && !oidsAfter.has(named.oid) && named.definition === i.definition;
    const old = same ?? named;
    if (rebuilt && old) out.push({ table: i.table, index: i.name, sizeBefore: old.size, sizeAfter: i.size });
  }
  return out;
}

/**
 * Indexes whose name did not exist before. Built concurrently or not: as the samples saw the build
 * (pg_stat_progress_create_index) when they did, else from the catalog: CREATE INDEX CONCURRENTLY
 * writes the index's pg_index row again in later transactions, a plain CREATE INDEX writes it once.
 */
export function newIndexes(
  before: CatalogSnapshot,
  after: CatalogSnapshot,
  seen: Observation | null,
): MigrationIndex[] {
  const names = new Set(before.indexes.map((i) => i.name));
  const tableOids = new Map(after.tables.map((t) => [t.name, t.oid]));
  return after.indexes
    .filter((i) => !names.has(i.name))
    .map((i) => {
      const byIndex = seen?.builds.find((b) => b.indexOid === i.oid);
      const plainOnTable = seen?.builds.some((b) => !b.concurrently && b.tableOid === tableOids.get(i.table));
      const concurrently = byIndex ? byIndex.concurrently : plainOnTable && !i.laterIndexRow ? false : i.laterIndexRow;
      return { index: i.name, table: i.table, concurrently, valid: i.valid, sizeBytes: i.size };
    });
}

/**
 * Rows per table that the command wrote to, or that appeared or went: exact counts before and after
 * (`counted` after only for the tables touched), the write counters' growth.
 */
export function rowChanges(
  before: CatalogSnapshot,
  after: CatalogSnapshot,
  countsBefore: Map<number, number>,
  countsAfter: Map<number, number>,
): MigrationRowChange[] {
  const out: MigrationRowChange[] = [];
  const old = new Map(before.tables.map((t) => [t.oid, t]));
  const now = new Map(after.tables.map((t) => [t.oid, t]));
  for (const t of after.tables) {
    if (t.kind !== 'r') continue;
    const b = old.get(t.oid);
    const inserted = t.inserted - (b?.inserted ?? 0);
    const updated = t.updated - (b?.updated ?? 0);
    const deleted = t.deleted - (b?.deleted ?? 0);
    const rowsBefore = b ? (countsBefore.get(t.oid) ?? null) : null;
    const rowsAfter = countsAfter.get(t.oid) ?? rowsBefore;
    if (b && inserted === 0 && updated === 0 && deleted === 0 && rowsBefore === rowsAfter) continue;
    if (!b && rowsAfter === 0 && inserted === 0) continue;
    out.push({ table: t.name, before: rowsBefore, after: rowsAfter, inserted, updated, deleted });
  }
  for (const b of before.tables) {
    if (b.kind !== 'r' || now.has(b.oid)) continue;
    out.push({
      table: b.name,
      before: countsBefore.get(b.oid) ?? null,
      after: null,
      inserted: 0,
      updated: 0,
      deleted: 0,
    });
  }
  return out.sort((a, b) => a.table.localeCompare(b.table));
}

/** Tables whose rows must be counted again: written to, rewritten (TRUNCATE too) or new. */
export function touchedTables(before: CatalogSnapshot, after: CatalogSnapshot): TableSnap[] {
  const old = new Map(before.tables.map((t) => [t.oid, t]));
  return after.tables.filter((t) => {
    const b = old.get(t.oid);
    return (
      !b ||
      b.relfilenode !== t.relfilenode ||
      b.inserted !== t.inserted ||
      b.updated !== t.updated ||
      b.deleted !== t.deleted
    );
  });
}

const columnText = (c: ColumnSnap) =>
  `${c.type}${c.notNull ? ' NOT NULL' : ''}${c.default !== null ? ` DEFAULT ${c.default}` : ''}`;

function diffBy<T>(
  kind: MigrationSchemaChange['kind'],
  before: T[],
  after: T[],
  key: (x: T) => string,
  name: (x: T) => string,
  text: (x: T) => string,
): MigrationSchemaChange[] {
  const out: MigrationSchemaChange[] = [];
  const old = new Map(before.map((x) => [key(x), x]));
  const now = new Map(after.map((x) => [key(x), x]));
  for (const [k, x] of now) {
    const b = old.get(k);
    if (!b) out.push({ kind, change: 'added', name: name(x), detail: text(x) });
    else if (text(b) !== text(x) || name(b) !== name(x)) {
      const renamed = name(b) !== name(x) ? `renamed from ${name(b)}` : null;
      const changed = text(b) !== text(x) ? `${text(b)} → ${text(x)}` : null;
      out.push({ kind, change: 'altered', name: name(x), detail: [renamed, changed].filter(Boolean).join('; ') });
    }
  }
  for (const [k, b] of old) if (!now.has(k)) out.push({ kind, change: 'dropped', name: name(b), detail: text(b) });
  return out;
}

export function schemaChanges(before: CatalogSnapshot, after: CatalogSnapshot): MigrationSchemaChange[] {
  const tableKind = (t: TableSnap) =>
    ({ r: 'table', p: 'partitioned table', m: 'materialized view' })[t.kind] ?? t.kind;
  return [
    ...diffBy(
      'table',
      before.tables,
      after.tables,
      (t) => String(t.oid),
      (t) => t.name,
      tableKind,
    ),
    // Columns by table and position: a rename is an alteration, a drop and re-add a drop and an add.
    ...diffBy(
      'column',
      before.columns,
      after.columns,
      (c) => `${c.tableOid}:${c.num}`,
      (c) => `${c.table}.${c.name}`,
      columnText,
    ),
    // Indexes by name: REINDEX CONCURRENTLY gives a rebuilt index the old one's name (and a new oid).
    ...diffBy(
      'index',
      before.indexes,
      after.indexes,
      (i) => i.name,
      (i) => i.name,
      (i) => `${i.definition}${i.valid ? '' : ' (INVALID)'}`,
    ),
    ...diffBy(
      'constraint',
      before.constraints,
      after.constraints,
      (c) => `${c.table}:${c.name}`,
      (c) => `${c.table}.${c.name}`,
      (c) => `${c.definition}${c.validated ? '' : ' NOT VALID'}`,
    ),
  ];
}
