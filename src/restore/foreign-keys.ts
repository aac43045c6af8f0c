// Foreign keys that pg_restore would check one at a time, checked here several at once.
//
// pg_restore never runs two items that lock the same table together, and ADD FOREIGN KEY holds
// SHARE ROW EXCLUSIVE on the table it references while it reads every row of its own: the keys of
// many tables to one (each table's user_id to users) are checked one after another at the end of
// a parallel restore, with one core busy and the others idle (2 of 7 seconds of a 51 MB PickDriver
// restore). Those keys are left out of pg_restore's list and added here once it has finished:
// NOT VALID first (a catalog change, milliseconds each), then VALIDATE CONSTRAINT, which holds only
// ROW SHARE on the referenced table, so the checks run side by side on `jobs` connections. The
// database ends the same (every key there, validated); a row that breaks one fails the restore as
// it would have failed pg_restore.
//
// Only a key whose SQL is exactly what pg_dump writes for one (ALTER TABLE ONLY <table> ADD
// CONSTRAINT <name> FOREIGN KEY (<columns>) REFERENCES <table>(<columns>) and its actions), that
// nothing of the archive depends on, to a table with a large share of the data that another such
// key references too; anything else stays pg_restore's, which runs it beside its other work.
// NOT VALID and VALIDATE are then plain additions to that SQL.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { type ArchiveToc, type ArchiveTocEntry, DATA_STATE } from '../dump/archive-toc.js';
import type { DrillContext } from '../model/context.js';
import type { ConnectionQueue } from '../util/connection-queue.js';
import type { Deadline } from '../util/deadline.js';
import { formatDuration } from '../util/format.js';
import { COLUMNS, IDENT, QNAME } from './dump-sql-names.js';
import type { ToolOutput } from './tool-output.js';

export interface DeferredForeignKey {
  dumpId: number;
  /** The constraint's table and name, as the archive quotes them. */
  table: string;
  name: string;
  /** The dump id of the TABLE entry the key references, and its name as the archive quotes it. */
  referencedTable: number;
  referenced: string;
  addNotValid: string;
  validate: string;
}

const ACTION = String.raw`(?:CASCADE|RESTRICT|SET NULL|SET DEFAULT|NO ACTION)(?: \(${COLUMNS}\))?`;
const CLAUSE = `(?: MATCH FULL| MATCH SIMPLE| ON UPDATE ${ACTION}| ON DELETE ${ACTION}| DEFERRABLE| NOT DEFERRABLE| INITIALLY DEFERRED| INITIALLY IMMEDIATE)`;
const FOREIGN_KEY_RE = new RegExp(
  String.raw`^ALTER TABLE ONLY (${QNAME})\n    ADD CONSTRAINT (${IDENT}) FOREIGN KEY \(${COLUMNS}\) REFERENCES (${QNAME})\(${COLUMNS}\)${CLAUSE}*;\n*$`,
);

// A table holding this share of the archive's data has its key built late (after its long load),
// so every foreign key to it waits for the end of the restore: those are the ones that queue.
const LARGE_SHARE = 0.25;

/**
 * Each table's data in the archive (its TABLE entry's dump id → compressed bytes): from the block
 * offsets of a custom archive, from the file sizes of a directory archive; null when unknown
 * (a custom archive written to a pipe has no offsets).
 */
export async function archiveDataBytes(
  toc: ArchiveToc,
  backup: { path: string; format: string; sizeBytes: number },
): Promise<Map<number, number> | null> {
  const data = toc.entries.filter((e) => e.desc === 'TABLE DATA');
  const bytes = new Map<number, number>();
  const tableOf = (e: ArchiveTocEntry) => e.dependencies[0];
  if (backup.format === 'custom') {
    const blocks = toc.entries.filter((e) => e.hadDumper);
    if (blocks.some((e) => e.dataState !== DATA_STATE.offsetSet || e.offset === null)) return null;
    const starts = blocks.map((e) => e.offset as number).sort((a, b) => a - b);
    for (const e of data) {
      const next = starts.find((o) => o > (e.offset as number)) ?? backup.sizeBytes;
      const table = tableOf(e);
      if (table !== undefined) bytes.set(table, next - (e.offset as number));
    }
    return bytes;
  }
  if (backup.format !== 'directory') return null;
  for (const e of data) {
    const table = tableOf(e);
    if (e.filename === null || table === undefined) continue;
    // The TOC names `<id>.dat`; a compressed archive's file has the method's suffix too.
    const file = path.join(backup.path, path.basename(e.filename));
    const sizes = await Promise.all(
      ['', '.gz', '.lz4', '.zst'].map((suffix) =>
        stat(`${file}${suffix}`).then(
          (st) => st.size,
          () => null,
        ),
      ),
    );
    const size = sizes.find((n) => n !== null);
    if (size === undefined || size === null) return null;
    bytes.set(table, size);
  }
  return bytes;
}

/**
 * The foreign keys to add after pg_restore (see above): two or more to one table that holds a large
 * share of the data (`dataBytes`, archiveDataBytes); their dump ids go out of pg_restore's list.
 */
export function deferredForeignKeys(
  toc: ArchiveToc,
  leftOut: ReadonlySet<number>,
  dataBytes: ReadonlyMap<number, number>,
): DeferredForeignKey[] {
  const byId = new Map(toc.entries.map((e) => [e.dumpId, e]));
  const restored = toc.entries.filter((e) => !leftOut.has(e.dumpId));
  const dependedOn = new Set(restored.flatMap((e) => e.dependencies));
  let total = 0;
  for (const n of dataBytes.values()) total += n;
  const byReferenced = new Map<number, DeferredForeignKey[]>();
  for (const e of restored) {
    if (e.desc !== 'FK CONSTRAINT' || dependedOn.has(e.dumpId) || e.defn === null) continue;
    const match = FOREIGN_KEY_RE.exec(e.defn);
    // The referenced table: the one the key's unique constraint (or index) belongs to.
    const unique = e.dependencies.map((d) => byId.get(d)).find((d) => d?.desc === 'CONSTRAINT' || d?.desc === 'INDEX');
    const referenced = unique?.dependencies.find((d) => byId.get(d)?.desc === 'TABLE');
    if (!match || referenced === undefined || (dataBytes.get(referenced) ?? 0) < LARGE_SHARE * total) continue;
    const [, table, name, referencedName] = match as unknown as [string, string, string, string];
    const sql = e.defn.trimEnd();
    const key: DeferredForeignKey = {
      dumpId: e.dumpId,
      table,
      name,
      referencedTable: referenced,
      referenced: referencedName,
      addNotValid: `${sql.slice(0, -1)} NOT VALID;`,
      validate: `ALTER TABLE ONLY ${table} VALIDATE CONSTRAINT ${name};`,
    };
    byReferenced.set(referenced, [...(byReferenced.get(referenced) ?? []), key]);
  }
  return [...byReferenced.values()].filter((keys) => keys.length > 1).flat();
}

/**
 * Adds `keys` NOT VALID, then validates them on `queue`'s connections (up to `jobs`, of the role
 * the restore acted as; the caller closes it), largest table first, by `deadline`; the first
 * failure stops the rest.
 * `onAdded` hears of the keys once all are added (from then on their validation locks the
 * referenced tables only in ROW SHARE, which ANALYZE does not conflict with), `onValidated` of
 * each key once valid; the keys count among `output`'s restored items.
 * Returns the first failure (the key and the server's error, redacted), or null. Never throws.
 */
export async function addForeignKeysAfter(
  ctx: DrillContext,
  keys: DeferredForeignKey[],
  q: ConnectionQueue,
  jobs: number,
  how: {
    deadline: Deadline;
    onAdded: (keys: DeferredForeignKey[]) => void;
    onValidated: (key: DeferredForeignKey) => void;
    output: ToolOutput;
  },
): Promise<string | null> {
  if (keys.length === 0) return null;
  const started = Date.now();
  const failed = (key: DeferredForeignKey) => (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`foreign key ${key.name} of ${key.table}: ${message}`);
  };
  let error: string | null = null;
  try {
    const sizes = await q.run(async (c) => {
      for (const key of keys) await c.query(key.addNotValid).catch(failed(key));
      const { rows } = await c.query<{ own: string; referenced: string }>(
        `SELECT pg_catalog.pg_relation_size(t::pg_catalog.regclass)::text AS own,
                pg_catalog.pg_relation_size(r::pg_catalog.regclass)::text AS referenced
           FROM ROWS FROM (pg_catalog.unnest($1::text[]), pg_catalog.unnest($2::text[])) WITH ORDINALITY AS u(t, r, i) ORDER BY i`,
        [keys.map((k) => k.table), keys.map((k) => k.referenced)],
      );
      return rows.map((r) => ({ own: Number(r.own), referenced: Number(r.referenced) }));
    });
    how.onAdded(keys);
    const validating = Promise.all(
      keys.map((key, i) =>
        q
          .run((c) => c.query(validation(key, sizes[i])), sizes[i]?.own ?? 0)
          .then(() => how.onValidated(key), failed(key)),
      ),
    );
    // The first failure ends the others' sessions: nothing of a failed restore goes on.
    await how.deadline.race(validating, () => void q.close());
  } catch (e) {
    error = ctx.secrets.redact(e instanceof Error ? e.message : String(e));
    how.output.errors.push(error);
    await q.close();
  }
  how.output.addItemsDone(keys.length);
  ctx.log.info(
    `restore: ${keys.length} foreign keys to a table with a large share of the data ${error === null ? 'added' : 'NOT all added'} after pg_restore, checked side by side on ${Math.min(jobs, keys.length)} connections (pg_restore checks them one at a time): ${formatDuration(Date.now() - started)}`,
  );
  return error;
}

// VALIDATE CONSTRAINT checks the rows with one query, planned as any other: with default costs
// and no statistics yet, a hash anti join that hashes the whole referenced table for each key (all
// of users, eight times). A table smaller than the one it references is checked by probing that
// table's unique index instead (hash joins off, random_page_cost of data just written and cached),
// for this statement only: PickDriver's eight keys at scale 1000, one after another, 5.0 s → 2.2 s.
// The check and its outcome are the same; only its plan differs.
const PROBE_PLAN =
  "SELECT pg_catalog.set_config('enable_hashjoin', 'off', true), pg_catalog.set_config('random_page_cost', '1.1', true);";

function validation(key: DeferredForeignKey, size: { own: number; referenced: number } | undefined): string {
  return size !== undefined && size.own < size.referenced ? `${PROBE_PLAN} ${key.validate}` : key.validate;
}

/** The restore's own connection for the keys: the drill database as the role pg_restore acted as. */
export function restoreRoleUrl(drillUrl: string, role: string | null): string {
  if (role === null) return drillUrl;
  const url = new URL(drillUrl);
  url.searchParams.set('options', `-c role=${role}`);
  return url.toString();
}
