// Exact row counts of the drill database's tables, on the drill role's connections (the role the
// restore and migration-command ran as), shared out over as many connections as the restore had
// jobs. Pinned sessions: row_security off, so a policy of the backup's fails the count instead of
// filtering it; each count bounded by restore-timeout.
import { shareOut } from '../restore/analyze.js';
import { connectPinned } from '../util/pg-session.js';
import type { TableSnap } from './catalog-snapshot.js';

async function countGroup(
  url: string,
  tables: TableSnap[],
  counts: Map<number, number>,
  timeoutMs: number,
): Promise<void> {
  const client = await connectPinned(url, { statementTimeoutMs: timeoutMs });
  try {
    for (const t of tables) {
      // The name is format('%I.%I')'s quoting, from the catalog; ONLY: an inheritance parent's own rows.
      const { rows } = await client.query<{ n: string }>(`SELECT pg_catalog.count(*) AS n FROM ONLY ${t.name}`);
      counts.set(t.oid, Number(rows[0]?.n ?? 0));
    }
  } finally {
    await client.end().catch(() => {});
  }
}

/** Row counts by table oid, of ordinary tables (partitioned ones hold no rows of their own). */
export async function countRows(
  url: string,
  tables: TableSnap[],
  jobs: number,
  timeoutMs: number,
): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  const plain = tables.filter((t) => t.kind === 'r');
  const byName = new Map(plain.map((t) => [t.name, t]));
  const groups = shareOut(
    plain.map((t) => ({ name: t.name, bytes: t.size ?? 0 })),
    jobs,
  );
  await Promise.all(
    groups.map((names) =>
      countGroup(
        url,
        names.map((n) => byName.get(n) as TableSnap),
        counts,
        timeoutMs,
      ),
    ),
  );
  return counts;
}
