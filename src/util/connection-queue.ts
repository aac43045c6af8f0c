// A few connections to one database and one queue of statements over them: each connection takes
// the next task as soon as it is free, largest first (as `vacuumdb -j` shares out tables), so the
// work of ANALYZE and of the inspection ends together instead of one waiting on the other. The
// connections are opened as the queue needs them and reused, so each pays its start-up (fork,
// authentication, catalog caches) once.
import type pg from 'pg';
import type { Deadline } from './deadline.js';
import { connected, pgClient } from './pg-session.js';
import type { SpareSessions } from './spare-sessions.js';

/** How long ending the busy sessions of a closed queue may take (connect, then the statement). */
const CONTROL_TIMEOUT_MS = 10_000;

type QueueTask<T> = (client: pg.Client) => Promise<T>;

/** A task that never ran because no connection could be made: the server's or the network's words. */
export class QueueConnectError extends Error {
  constructor(cause: unknown) {
    super((cause as Error)?.message ?? String(cause), { cause });
    this.name = 'QueueConnectError';
  }
}

/** Sessions handed from one phase's queue to the next's (spare-sessions.ts). */
interface Handover {
  /** Where the idle sessions go when the queue closes, instead of ending. */
  leaveIn?: SpareSessions;
  /** Where sessions are taken from before any is opened; `ready` fits one to this queue first. */
  takeFrom?: SpareSessions;
  ready?: (client: pg.Client) => Promise<unknown>;
}

interface Pending {
  weight: number;
  order: number;
  task: QueueTask<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class ConnectionQueue {
  private readonly idle: pg.Client[] = [];
  private readonly all = new Set<pg.Client>();
  private readonly pending: Pending[] = [];
  private opening = 0;
  private order = 0;
  private closed = false;

  /**
   * `size` connections at most, each a client `connect` makes (not yet connected);
   * `makeControlClient` makes the one that ends sessions still busy when the queue is closed.
   */
  constructor(
    private readonly makeClient: () => pg.Client,
    readonly size: number,
    private readonly makeControlClient: () => pg.Client = makeClient,
    private readonly handover: Handover = {},
  ) {}

  /** Runs `task` on a free connection; a higher `weight` (a table's bytes, say) goes first. */
  run<T>(task: QueueTask<T>, weight = 0): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the connection queue is closed'));
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ weight, order: this.order++, task, resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    });
  }

  /**
   * Ends every connection; tasks still waiting are refused. A connection still busy (the phase's
   * deadline passed) has its server session ended first: a statement of the backup's making may
   * set statement_timeout to 0 for itself or swallow the cancel it sends, and a server busy in
   * it never reads the client's goodbye, so it would run on (and the client wait on it) for good.
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.pending.splice(0)) p.reject(new Error('the connection queue was closed'));
    const busy = [...this.all].filter((c) => !this.idle.includes(c));
    if (busy.length > 0) await this.terminate(busy);
    const left = [...this.all].filter((c) => !this.idle.includes(c) || !this.handover.leaveIn?.put(c));
    await Promise.all(left.map((c) => c.end().catch(() => {})));
    this.all.clear();
    this.idle.length = 0;
  }

  private terminate(busy: pg.Client[]): Promise<void> {
    return terminateSessions(this.makeControlClient, busy);
  }

  private next(): Pending | undefined {
    let best = -1;
    for (let i = 0; i < this.pending.length; i++) {
      const p = this.pending[i] as Pending;
      const b = this.pending[best] as Pending | undefined;
      if (!b || p.weight > b.weight || (p.weight === b.weight && p.order < b.order)) best = i;
    }
    return best === -1 ? undefined : this.pending.splice(best, 1)[0];
  }

  private dispatch(): void {
    while (this.pending.length > 0 && this.idle.length > 0) {
      this.start(this.idle.pop() as pg.Client, this.next() as Pending);
    }
    // Open connections only for work no open one will take soon.
    while (this.pending.length > this.opening && this.all.size + this.opening < this.size && !this.closed) {
      this.open();
    }
  }

  /** A session another phase left (fitted to this queue), else a new one. */
  private async connectOne(): Promise<pg.Client> {
    const spare = this.handover.takeFrom?.take();
    if (spare) {
      try {
        await this.handover.ready?.(spare);
        return spare;
      } catch {
        await spare.end().catch(() => {});
      }
    }
    const client = this.makeClient();
    // An idle connection whose server goes away emits 'error'; the next task on it fails instead.
    client.on('error', () => {});
    return connected(client);
  }

  private open(): void {
    this.opening += 1;
    this.connectOne().then(
      (client) => {
        this.opening -= 1;
        if (this.closed) {
          void client.end().catch(() => {});
          return;
        }
        this.all.add(client);
        this.idle.push(client);
        this.dispatch();
      },
      (cause: unknown) => {
        const error = new QueueConnectError(cause);
        this.opening -= 1;
        // The connection could not be made: the task first in line fails with that, the rest wait
        // for connections that could be (or fail the same way, one by one).
        this.next()?.reject(error);
        if (this.all.size === 0 && this.opening === 0) {
          for (const p of this.pending.splice(0)) p.reject(error);
        }
        this.dispatch();
      },
    );
  }

  private start(client: pg.Client, p: Pending): void {
    // The connection is free again before the task's caller hears of it, so what the caller
    // queues next finds it.
    const release = () => {
      if (!this.closed) this.idle.push(client);
      this.dispatch();
    };
    p.task(client).then(
      (value) => {
        release();
        p.resolve(value);
      },
      (error: unknown) => {
        release();
        p.reject(error);
      },
    );
  }
}

/**
 * The drill's pinned sessions on the restored database under `deadline`: their statements time out
 * with it. `spare`: where they go when it closes (`leaveIn`), or where it takes sessions from
 * (`takeFrom`): one of the same database, user and pinned settings, acting as its own user (a
 * session of the restore's role set that role) with this deadline.
 */
export function drillQueue(
  drillUrl: string,
  size: number,
  deadline: Deadline,
  spare: { leaveIn?: SpareSessions; takeFrom?: SpareSessions } = {},
): ConnectionQueue {
  return new ConnectionQueue(
    () => pgClient(drillUrl, { statementTimeoutMs: deadline.statementTimeoutMs }),
    size,
    // Its own bounds: it is made when the phase's time is up.
    () => controlClient(drillUrl),
    {
      ...spare,
      // As a fresh session would be: what the last phase's statements set (a function of the
      // backup's making, run by a check, may set anything for the session) back to the pinned
      // settings, then this queue's user and deadline.
      ready: async (client) => {
        await client.query('DISCARD ALL');
        await client.query(
          "SELECT pg_catalog.set_config('role', 'none', false), pg_catalog.set_config('statement_timeout', $1, false)",
          [String(Math.ceil(deadline.statementTimeoutMs))],
        );
      },
    },
  );
}

/**
 * Ends the server sessions of `clients` (busy past a deadline) from a connection of their own
 * role, which may end its own sessions; best effort, never throws. Their clients then close.
 */
export async function terminateSessions(makeControlClient: () => pg.Client, clients: pg.Client[]): Promise<void> {
  const pids = clients.map((c) => (c as unknown as { processID?: number }).processID).filter(Number.isInteger);
  if (pids.length === 0) return;
  const control = makeControlClient();
  control.on('error', () => {});
  try {
    await control.connect();
    await control.query(
      'SELECT pg_catalog.pg_terminate_backend(p) FROM pg_catalog.unnest($1::pg_catalog.int4[]) AS p',
      [pids],
    );
  } catch {
    // Best effort: the clients are closed either way.
  } finally {
    await control.end().catch(() => {});
  }
}

/** A short-lived session of the drill role to end sessions of a phase whose time is up. */
export function controlClient(drillUrl: string): pg.Client {
  return pgClient(drillUrl, { statementTimeoutMs: CONTROL_TIMEOUT_MS, connectionTimeoutMillis: CONTROL_TIMEOUT_MS });
}
