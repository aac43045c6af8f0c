// Sessions one phase's queue leaves for the next (the keys checked after pg_restore, then the
// inspection), on the real server: the next phase's statements run on the same backends, as the
// session's own user and under the next phase's deadline; what nobody takes is ended.
import { describe, expect, it } from 'vitest';
import { restoreRoleUrl } from '../../src/restore/foreign-keys.js';
import { type ConnectionQueue, drillQueue } from '../../src/util/connection-queue.js';
import { Deadline } from '../../src/util/deadline.js';
import { SpareSessions } from '../../src/util/spare-sessions.js';
import { adminQuery, adminUrl } from '../helpers/postgres.js';

interface Session {
  pid: number;
  actsAsItself: boolean;
  timeout: string;
  searchPath: string;
}

const session = (q: ConnectionQueue) =>
  q.run(async (c) => {
    const { rows } = await c.query<Session>(
      `SELECT pg_catalog.pg_backend_pid() AS pid, current_user = session_user AS "actsAsItself",
              pg_catalog.current_setting('statement_timeout') AS timeout,
              pg_catalog.current_setting('search_path') AS "searchPath", pg_catalog.pg_sleep(0.05)`,
    );
    return rows[0] as Session;
  });

/** statement_timeout as SHOW writes it ("44999ms", "45s", "10min"), in milliseconds. */
function timeoutMs(shown: string): number {
  const [, n, unit] = /^(\d+)(ms|s|min)$/.exec(shown) ?? [];
  return Number(n) * ({ ms: 1, s: 1000, min: 60_000 }[unit as 'ms' | 's' | 'min'] ?? Number.NaN);
}

/** The backends among `pids` still on the server, once those ending have had time to go. */
async function stillThere(pids: number[]): Promise<number[]> {
  for (let i = 0; ; i++) {
    const { rows } = await adminQuery<{ pid: number }>(
      'SELECT pid FROM pg_catalog.pg_stat_activity WHERE pid = ANY($1::int4[])',
      [pids],
    );
    if (rows.length === 0 || i === 40) return rows.map((r) => r.pid);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('SpareSessions', () => {
  it('lets the next queue take over the sessions a closed one left, as their own user, under its deadline', async () => {
    const url = await adminUrl();
    const spare = new SpareSessions();
    // The keys' sessions act as the restore's role; pg_monitor stands in for it.
    const keys = drillQueue(restoreRoleUrl(url, 'pg_monitor'), 2, new Deadline(600_000, 'the keys'), {
      leaveIn: spare,
    });
    const left = await Promise.all([session(keys), session(keys)]);
    expect(left.map((s) => s.actsAsItself)).toEqual([false, false]);
    // What a statement of the last phase set for its session (a function of the backup's making may).
    await Promise.all([0, 1].map(() => keys.run((c) => c.query("SELECT set_config('search_path', 'public', false)"))));
    await keys.close();

    const inspection = drillQueue(url, 3, new Deadline(45_000, 'the inspection'), { takeFrom: spare });
    try {
      const taken = await Promise.all([session(inspection), session(inspection), session(inspection)]);
      const pids = new Set(taken.map((s) => s.pid));
      // The two sessions left, and one more of its own for the third statement at once.
      expect(pids.size).toBe(3);
      for (const s of left) expect(pids.has(s.pid)).toBe(true);
      for (const s of taken) {
        expect(s.actsAsItself).toBe(true);
        expect(s.searchPath).toBe('pg_catalog');
        // What is left of the inspection's 45 s, not the keys' 10 minutes.
        expect(timeoutMs(s.timeout)).toBeGreaterThan(40_000);
        expect(timeoutMs(s.timeout)).toBeLessThanOrEqual(45_000);
      }
    } finally {
      await Promise.all([inspection.close(), spare.close()]);
    }
    expect(await stillThere(left.map((s) => s.pid))).toEqual([]);
  });

  it('ends what nobody takes, and refuses sessions once closed', async () => {
    const url = await adminUrl();
    const spare = new SpareSessions();
    const q = drillQueue(url, 1, new Deadline(60_000, 'the keys'), { leaveIn: spare });
    const { pid } = await session(q);
    await q.close();
    await spare.close();
    expect(spare.take()).toBeUndefined();
    expect(await stillThere([pid])).toEqual([]);

    // Closed first: the queue ends its session itself.
    const late = drillQueue(url, 1, new Deadline(60_000, 'the keys'), { leaveIn: spare });
    const second = await session(late);
    await late.close();
    expect(await stillThere([second.pid])).toEqual([]);
  });
});
