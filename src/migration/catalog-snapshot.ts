// The drill database's catalog before and after migration-command, read on the observer's
// connection: tables with their storage (relfilenode), sizes and write counters; columns, indexes
// and constraints as the catalog's own functions print them; the database's size and the WAL
// position. Catalog views and functions only, every name schema-qualified. Taken while no command
// runs, so the sizes (which lock a table for a moment) wait for nothing.
import type pg from 'pg';

export interface TableSnap {
  oid: number;
  name: string;
  kind: string;
  relfilenode: number;
  size: number | null;
  inserted: number;
  updated: number;
  deleted: number;
}

interface IndexSnap {
  oid: number;
  name: string;
  tableOid: number;
  table: string;
  definition: string;
  valid: boolean;
  relfilenode: number;
  size: number | null;
  /** pg_index written after pg_class (CREATE INDEX CONCURRENTLY's later steps). */
  laterIndexRow: boolean;
}

export interface ColumnSnap {
  tableOid: number;
  table: string;
  num: number;
  name: string;
  type: string;
  notNull: boolean;
  default: string | null;
}

interface ConstraintSnap {
  oid: number;
  name: string;
  table: string;
  definition: string;
  validated: boolean;
}

export interface CatalogSnapshot {
  tables: TableSnap[];
  indexes: IndexSnap[];
  columns: ColumnSnap[];
  constraints: ConstraintSnap[];
  databaseSize: number;
  walLsn: string;
}

const USER_TABLES = `
  SELECT c.oid, c.relname, c.relkind, c.relfilenode, n.nspname
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
   WHERE c.relkind OPERATOR(pg_catalog.=) ANY ('{r,p,m}'::pg_catalog.char[])
     AND n.nspname OPERATOR(pg_catalog.<>) ALL ('{pg_catalog,information_schema}'::pg_catalog.name[])
     AND n.nspname OPERATOR(pg_catalog.!~~) 'pg\\_toast%' AND n.nspname OPERATOR(pg_catalog.!~~) 'pg\\_temp%'`;

const num = (v: string | number | null): number => (v === null ? 0 : Number(v));
const size = (v: string | number | null): number | null => (v === null ? null : Number(v));

export async function takeSnapshot(client: pg.Client): Promise<CatalogSnapshot> {
  const tables = await client.query<{
    oid: string;
    name: string;
    kind: string;
    relfilenode: string;
    size: string | null;
    ins: string | null;
    upd: string | null;
    del: string | null;
  }>(
    `SELECT t.oid::pg_catalog.int8 AS oid, pg_catalog.format('%I.%I', t.nspname, t.relname) AS name, t.relkind AS kind,
            t.relfilenode::pg_catalog.int8 AS relfilenode,
            CASE WHEN t.relkind OPERATOR(pg_catalog.<>) 'p' THEN pg_catalog.pg_table_size(t.oid) END AS size,
            s.n_tup_ins AS ins, s.n_tup_upd AS upd, s.n_tup_del AS del
       FROM (${USER_TABLES}) t LEFT JOIN pg_catalog.pg_stat_all_tables s ON s.relid OPERATOR(pg_catalog.=) t.oid`,
  );
  const indexes = await client.query<{
    oid: string;
    name: string;
    table_oid: string;
    table: string;
    definition: string;
    valid: boolean;
    relfilenode: string;
    size: string | null;
    later: boolean;
  }>(
    `SELECT i.indexrelid::pg_catalog.int8 AS oid, pg_catalog.format('%I.%I', n.nspname, c.relname) AS name,
            t.oid::pg_catalog.int8 AS table_oid, pg_catalog.format('%I.%I', t.nspname, t.relname) AS table,
            pg_catalog.pg_get_indexdef(i.indexrelid) AS definition, i.indisvalid AS valid,
            c.relfilenode::pg_catalog.int8 AS relfilenode,
            CASE WHEN c.relkind OPERATOR(pg_catalog.=) 'i' THEN pg_catalog.pg_relation_size(c.oid) END AS size,
            (i.xmin::pg_catalog.text OPERATOR(pg_catalog.<>) c.xmin::pg_catalog.text) AS later
       FROM pg_catalog.pg_index i
       JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) i.indexrelid
       JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
       JOIN (${USER_TABLES}) t ON t.oid OPERATOR(pg_catalog.=) i.indrelid`,
  );
  const columns = await client.query<{
    table_oid: string;
    table: string;
    num: number;
    name: string;
    type: string;
    not_null: boolean;
    default: string | null;
  }>(
    `SELECT t.oid::pg_catalog.int8 AS table_oid, pg_catalog.format('%I.%I', t.nspname, t.relname) AS table,
            a.attnum AS num, a.attname AS name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS not_null, pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS default
       FROM (${USER_TABLES}) t
       JOIN pg_catalog.pg_attribute a ON a.attrelid OPERATOR(pg_catalog.=) t.oid
       LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid OPERATOR(pg_catalog.=) a.attrelid AND d.adnum OPERATOR(pg_catalog.=) a.attnum
      WHERE a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped`,
  );
  const constraints = await client.query<{
    oid: string;
    name: string;
    table: string;
    definition: string;
    validated: boolean;
  }>(
    `SELECT co.oid::pg_catalog.int8 AS oid, co.conname AS name, pg_catalog.format('%I.%I', t.nspname, t.relname) AS table,
            pg_catalog.pg_get_constraintdef(co.oid) AS definition, co.convalidated AS validated
       FROM pg_catalog.pg_constraint co JOIN (${USER_TABLES}) t ON t.oid OPERATOR(pg_catalog.=) co.conrelid`,
  );
  const db = await client.query<{ size: string; lsn: string }>(
    `SELECT pg_catalog.pg_database_size(pg_catalog.current_database()) AS size, pg_catalog.pg_current_wal_lsn()::pg_catalog.text AS lsn`,
  );
  return {
    tables: tables.rows.map((r) => ({
      oid: Number(r.oid),
      name: r.name,
      kind: r.kind,
      relfilenode: Number(r.relfilenode),
      size: size(r.size),
      inserted: num(r.ins),
      updated: num(r.upd),
      deleted: num(r.del),
    })),
    indexes: indexes.rows.map((r) => ({
      oid: Number(r.oid),
      name: r.name,
      tableOid: Number(r.table_oid),
      table: r.table,
      definition: r.definition,
      valid: r.valid,
      relfilenode: Number(r.relfilenode),
      size: size(r.size),
      laterIndexRow: r.later,
    })),
    columns: columns.rows.map((r) => ({
      tableOid: Number(r.table_oid),
      table: r.table,
      num: r.num,
      name: r.name,
      type: r.type,
      notNull: r.not_null,
      default: r.default,
    })),
    constraints: constraints.rows.map((r) => ({
      oid: Number(r.oid),
      name: r.name,
      table: r.table,
      definition: r.definition,
      validated: r.validated,
    })),
    databaseSize: Number(db.rows[0]?.size ?? 0),
    walLsn: db.rows[0]?.lsn ?? '0/0',
  };
}

/** Bytes of WAL between two positions (as pg_lsn text), computed by the server. */
export async function walBetween(client: pg.Client, from: string, to: string): Promise<number> {
  const { rows } = await client.query<{ bytes: string }>(
    'SELECT pg_catalog.pg_wal_lsn_diff($2::pg_catalog.pg_lsn, $1::pg_catalog.pg_lsn)::pg_catalog.int8 AS bytes',
    [from, to],
  );
  return Number(rows[0]?.bytes ?? 0);
}
