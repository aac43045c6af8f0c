// Sessions one phase on the restored database has finished with, kept open for the next phase to
// take over instead of opening its own: a session costs the server about 15 ms of CPU time to start
// and 10 ms to end, and a fresh one reads the catalog anew for every table it touches (ANALYZE of
// PickDriver's users took 0.16 s on a fresh session, 0.11 s on one that had read it), on CPUs the
// drill already keeps busy. The keys checked after pg_restore (restore/keys-beside-restore.ts) leave
// theirs here for the inspection (drill/stages.ts), which has just read the tables it analyzes.
import type pg from 'pg';

export class SpareSessions {
  private readonly clients: pg.Client[] = [];
  private closed = false;

  /** Keeps an idle session; false once closed (the caller then ends it). */
  put(client: pg.Client): boolean {
    if (this.closed) return false;
    this.clients.push(client);
    return true;
  }

  /** An idle session to take over, if one is left. */
  take(): pg.Client | undefined {
    return this.closed ? undefined : this.clients.pop();
  }

  /** Ends the sessions nobody took; later ones are refused. Never throws. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.clients.splice(0).map((c) => c.end().catch(() => {})));
  }
}
