import { describe, expect, it } from 'vitest';
import { retrying, sleep } from '../../src/util/retry.js';

describe('retrying, the one retry loop', () => {
  it('tries again after the wait next asks for, and returns what next says is done', async () => {
    const tried: number[] = [];
    const started = Date.now();
    const value = await retrying(
      async (n) => {
        tried.push(n);
        return `try ${n}`;
      },
      (result, n) => (n < 3 ? { waitMs: 30 } : { done: `${result}, done` }),
    );
    expect(value).toBe('try 3, done');
    expect(tried).toEqual([1, 2, 3]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('passes on what a try throws, without another try', async () => {
    let tries = 0;
    await expect(
      retrying(
        async () => {
          tries++;
          throw new Error('refused');
        },
        () => ({ waitMs: 1 }),
      ),
    ).rejects.toThrow('refused');
    expect(tries).toBe(1);
  });

  it('sleeps', async () => {
    const started = Date.now();
    await sleep(40);
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
  });
});
