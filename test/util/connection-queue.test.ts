import { describe, expect, it } from 'vitest';
import { ConnectionQueue, QueueConnectError } from '../../src/util/connection-queue.js';
import { pgClient } from '../../src/util/pg-session.js';
import { adminUrl } from '../helpers/postgres.js';

const client = (url: string) => () => pgClient(url, { statementTimeoutMs: 60_000 });

const pid = async (q: ConnectionQueue, weight = 0) =>
  q.run(async (c) => (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid, weight);

describe('ConnectionQueue', () => {
  it('runs tasks on at most its size of connections, reused, heaviest waiting task first', async () => {
    const q = new ConnectionQueue(client(await adminUrl()), 2);
    try {
      const pids = await Promise.all(Array.from({ length: 12 }, () => pid(q)));
      expect(new Set(pids).size).toBeLessThanOrEqual(2);
      expect(new Set(await Promise.all(Array.from({ length: 4 }, () => pid(q)))).size).toBeLessThanOrEqual(2);

      const order: string[] = [];
      const one = new ConnectionQueue(client(await adminUrl()), 1);
      try {
        const task = (name: string, weight: number) =>
          one.run(async (c) => {
            await c.query('SELECT pg_sleep(0.02)');
            order.push(name);
          }, weight);
        await one.run((c) => c.query('SELECT 1'));
        // The first takes the only connection, open and free; the others wait and go heaviest first, equals in order.
        await Promise.all([
          task('first', 0),
          task('light', 1),
          task('heavy', 100),
          task('middle', 50),
          task('middle2', 50),
        ]);
        expect(order).toEqual(['first', 'heavy', 'middle', 'middle2', 'light']);
      } finally {
        await one.close();
      }
    } finally {
      await q.close();
    }
  });

  it('fails every task with the server’s words when no connection can be made, and a failed statement fails only its task', async () => {
    const dead = new ConnectionQueue(client('postgresql://postgres@127.0.0.1:1/nothing'), 2);
    const results = await Promise.allSettled([pid(dead), pid(dead), pid(dead)]);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(QueueConnectError);
      expect(String((r as PromiseRejectedResult).reason.message)).toMatch(/ECONNREFUSED/);
    }
    await dead.close();

    const q = new ConnectionQueue(client(await adminUrl()), 1);
    try {
      await expect(q.run((c) => c.query('SELECT 1/0'))).rejects.toThrow(/division by zero/);
      expect(await pid(q)).toBeGreaterThan(0);
    } finally {
      await q.close();
    }
    await expect(q.run((c) => c.query('SELECT 1'))).rejects.toThrow(/closed/);
  });
});
