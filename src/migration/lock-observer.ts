// Watches the drill database while migration-command runs, from the observer's own connection:
// every INTERVAL_MS one query reads, with the server's clock, the strong table locks the
// command's sessions hold or wait for (pg_locks), what those sessions are running
// (pg_stat_activity) and the index builds under way (pg_stat_progress_create_index).
//
// Why sampling and not a probe session that queues an ACCESS SHARE request and times its wait:
// a probe can only start waiting once it knows the table, that is after a sample saw the lock, so
// the start of its wait is no more exact than a sample; and a queued probe is granted the moment the
// migration's transaction ends, then holds its lock until its own COMMIT: the migration's next
// ACCESS EXCLUSIVE request on that table waits for the probe. The observer takes no lock on any
// table: what it measures, it does not change. Its resolution (the longest gap between two
// samples) is in the report.
import type pg from 'pg';
import type { LockSampling } from '../model/migration-types.js';
import { sleep } from '../util/retry.js';
import { BLOCKING_MODES, type Sighting } from './lock-holds.js';

export const INTERVAL_MS = 100;

const SAMPLE_SQL = `
SELECT (pg_catalog.date_part('epoch', pg_catalog.clock_timestamp()) OPERATOR(pg_catalog.*) 1000)::pg_catalog.float8 AS at,
  (SELECT pg_catalog.json_agg(pg_catalog.json_build_array(l.virtualtransaction, l.mode,
            pg_catalog.format('%I.%I', n.nspname, t.relname), l.pid))
     FROM pg_catalog.pg_locks l
     JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) l.relation
     LEFT JOIN pg_catalog.pg_index i ON i.indexrelid OPERATOR(pg_catalog.=) c.oid
     JOIN pg_catalog.pg_class t ON t.oid OPERATOR(pg_catalog.=) COALESCE(i.indrelid,
            (SELECT o.oid FROM pg_catalog.pg_class o WHERE c.relkind OPERATOR(pg_catalog.=) 't'
                AND o.reltoastrelid OPERATOR(pg_catalog.=) c.oid LIMIT 1), c.oid)
     JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) t.relnamespace
    WHERE l.locktype OPERATOR(pg_catalog.=) 'relation'
      AND l.database OPERATOR(pg_catalog.=) $1::pg_catalog.oid
      AND l.mode OPERATOR(pg_catalog.=) ANY ($3::pg_catalog.text[])
      AND NOT (l.pid OPERATOR(pg_catalog.=) ANY ($2::pg_catalog.int4[]))
      AND NOT EXISTS (SELECT FROM pg_catalog.pg_stat_activity v WHERE v.pid OPERATOR(pg_catalog.=) l.pid
                        AND v.backend_type OPERATOR(pg_catalog.<>) ALL ('{client backend,parallel worker}'::pg_catalog.text[]))
  ) AS locks,
  (SELECT pg_catalog.json_agg(pg_catalog.json_build_array(a.pid,
            (pg_catalog.date_part('epoch', a.query_start) OPERATOR(pg_catalog.*) 1000)::pg_catalog.float8, a.state,
            (pg_catalog.date_part('epoch', a.state_change) OPERATOR(pg_catalog.*) 1000)::pg_catalog.float8, a.query))
     FROM pg_catalog.pg_stat_activity a
    WHERE a.datid OPERATOR(pg_catalog.=) $1::pg_catalog.oid AND a.backend_type OPERATOR(pg_catalog.=) 'client backend'
      AND a.query_start IS NOT NULL AND NOT (a.pid OPERATOR(pg_catalog.=) ANY ($2::pg_catalog.int4[]))
  ) AS activity,
  (SELECT pg_catalog.json_agg(pg_catalog.json_build_array(p.index_relid::pg_catalog.int8, p.relid::pg_catalog.int8, p.command))
     FROM pg_catalog.pg_stat_progress_create_index p WHERE p.datid OPERATOR(pg_catalog.=) $1::pg_catalog.oid
  ) AS builds`;

type LockRow = [string, string, string, number];
type ActivityRow = [number, number, string | null, number | null, string | null];
type BuildRow = [number, number, string];

/** A statement of the command's sessions seen running (or just finished) by the samples. */
export interface SeenStatement {
  query: string;
  start: number;
  end: number;
}

export interface Observation {
  sightings: Sighting[];
  sampling: LockSampling;
  statements: SeenStatement[];
  /** Index builds seen under way: index oid (0 for a plain CREATE INDEX) and table oid → CREATE INDEX [CONCURRENTLY]. */
  builds: { indexOid: number; tableOid: number; concurrently: boolean }[];
  /** The server's clock at the first and the last sample (ms since the epoch). */
  firstAt: number | null;
  lastAt: number | null;
  error: string | null;
}

export class LockObserver {
  private readonly open = new Map<string, Sighting & { pid: number }>();
  private readonly closed: Sighting[] = [];
  private readonly statements = new Map<string, SeenStatement>();
  private readonly builds = new Map<string, { indexOid: number; tableOid: number; concurrently: boolean }>();
  private samples = 0;
  private previousAt: number | null = null;
  private firstAt: number | null = null;
  private maxGap: number | null = null;
  private stopping = false;
  private loop: Promise<void> | null = null;
  private error: string | null = null;

  /** `ours`: our own sessions (this connection among them), never counted as the migration's. */
  constructor(
    private readonly client: pg.Client,
    private readonly databaseOid: number,
    private readonly ours: number[],
  ) {}

  /** Takes the first sample, then keeps sampling until stop(). */
  async start(): Promise<void> {
    await this.sample();
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      const due = (this.previousAt ?? 0) + INTERVAL_MS;
      const started = Date.now();
      await sleep(Math.max(0, Math.min(INTERVAL_MS, due - this.serverNow())));
      if (this.stopping) break;
      try {
        await this.sample();
      } catch (error) {
        this.error = (error as Error).message;
        // A sample that failed is a gap; the next one says how long.
        await sleep(Math.max(0, INTERVAL_MS - (Date.now() - started)));
      }
    }
  }

  private offset = 0;
  /** This process's clock brought to the server's (measured at each sample). */
  private serverNow(): number {
    return Date.now() + this.offset;
  }

  private async sample(): Promise<void> {
    const { rows } = await this.client.query<{
      at: number;
      locks: LockRow[] | null;
      activity: ActivityRow[] | null;
      builds: BuildRow[] | null;
    }>(SAMPLE_SQL, [this.databaseOid, this.ours, Object.keys(BLOCKING_MODES)]);
    const row = rows[0];
    if (!row) return;
    const at = row.at;
    this.offset = at - Date.now();
    this.samples += 1;
    if (this.previousAt !== null) this.maxGap = Math.max(this.maxGap ?? 0, at - this.previousAt);
    const sessions = new Map((row.activity ?? []).map((a) => [a[0], a]));
    this.recordLocks(at, row.locks ?? [], sessions);
    this.recordActivity(at, row.activity ?? []);
    this.firstAt ??= at;
    for (const [indexOid, tableOid, command] of row.builds ?? []) {
      const concurrently = /CONCURRENTLY/i.test(command);
      if (/^CREATE INDEX/i.test(command))
        this.builds.set(`${indexOid}:${tableOid}`, { indexOid, tableOid, concurrently });
    }
    this.previousAt = at;
  }

  private recordLocks(at: number, locks: LockRow[], sessions: Map<number, ActivityRow>): void {
    const seen = new Set<string>();
    const before = this.previousAt;
    const inGap = (t: number | null | undefined): t is number => t != null && before !== null && t > before && t <= at;
    for (const [vxid, mode, table, pid] of locks) {
      const key = `${vxid}\u0000${mode}\u0000${table}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const known = this.open.get(key);
      if (known) {
        known.last = at;
        continue;
      }
      // The statement running now began since the last sample: it (or one before it in this gap) took the lock.
      const queryStart = sessions.get(pid)?.[1];
      const startedBy = inGap(queryStart) ? queryStart : null;
      this.open.set(key, {
        table,
        mode,
        pid,
        before,
        first: at,
        last: at,
        after: null,
        startedBy,
        endedBy: null,
        endedBefore: null,
      });
    }
    for (const [key, s] of this.open) {
      if (seen.has(key)) continue;
      s.after = at;
      const session = sessions.get(s.pid);
      if (session !== undefined) {
        const [, queryStart, state, stateChange] = session;
        // Idle outside a transaction since within the gap: the transaction ended with that change.
        if (state === 'idle' && inGap(stateChange)) s.endedBy = stateChange;
        else if (inGap(queryStart)) s.endedBefore = queryStart;
      }
      const { pid: _pid, ...sighting } = s;
      this.closed.push(sighting);
      this.open.delete(key);
    }
  }

  private recordActivity(at: number, activity: ActivityRow[]): void {
    for (const [pid, queryStart, state, stateChange, query] of activity) {
      // Statements from before the first sample are not the command's.
      if (query === null || queryStart < (this.firstAt ?? at)) continue;
      const key = `${pid}:${queryStart}`;
      const finished = state !== 'active' && stateChange !== null && stateChange >= queryStart;
      const known = this.statements.get(key);
      const end = finished ? (stateChange as number) : at;
      if (known) known.end = end;
      else this.statements.set(key, { query, start: queryStart, end });
      // A new statement of the session ends the one before it, at the latest.
      for (const [k, s] of this.statements) {
        if (k.startsWith(`${pid}:`) && k !== key && s.start < queryStart && s.end > queryStart) s.end = queryStart;
      }
    }
  }

  /** Takes a last sample (the command has ended) and stops. */
  async stop(): Promise<Observation> {
    this.stopping = true;
    await this.loop;
    try {
      await this.sample();
    } catch (error) {
      this.error ??= (error as Error).message;
    }
    return {
      sightings: [...this.closed, ...[...this.open.values()].map(({ pid: _pid, ...s }) => s)],
      sampling: {
        intervalMs: INTERVAL_MS,
        resolutionMs: this.maxGap === null ? null : Math.round(this.maxGap),
        samples: this.samples,
      },
      statements: [...this.statements.values()],
      builds: [...this.builds.values()],
      firstAt: this.firstAt,
      lastAt: this.previousAt,
      error: this.error,
    };
  }
}
