// PickDriver's schema fingerprint: `fluent-<H>-b<B>-n<N>` over Fluent's ledger, where
// H = md5(string_agg(name || ':' || batch, ',' ORDER BY name, batch)) ('empty' without rows),
// B = max(batch) (0 without rows) and N = the row count. The drill computes it in SQL, as
// PickDriver does, so the ordering follows the database's collation byte for byte.
import { createHash } from 'node:crypto';

/** One SQL expression over `public._fluent_migrations` yielding the fingerprint (functions qualified: see pg-session.ts). */
export const FINGERPRINT_SQL = `'fluent-' || coalesce(pg_catalog.md5(pg_catalog.string_agg(name || ':' || batch, ',' ORDER BY name, batch)), 'empty')
  || '-b' || coalesce(pg_catalog.max(batch), 0) || '-n' || pg_catalog.count(*)`;

/**
 * The same fingerprint computed here, for tests and for ledgers read over the API. Names are
 * ordered by code point, which equals the database's order under the C collation.
 */
export function schemaFingerprint(rows: { name: string; batch: number }[]): string {
  if (rows.length === 0) return 'fluent-empty-b0-n0';
  const sorted = [...rows].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.batch - b.batch));
  const joined = sorted.map((r) => `${r.name}:${r.batch}`).join(',');
  const hash = createHash('md5').update(joined, 'utf8').digest('hex');
  const maxBatch = Math.max(...rows.map((r) => r.batch));
  return `fluent-${hash}-b${maxBatch}-n${rows.length}`;
}
