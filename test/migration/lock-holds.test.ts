// From sampled sightings of locks to the longest waits of PickDriver's reads and writes per table.
import { describe, expect, it } from 'vitest';
import { blockingLocks, holdOf, type Sighting } from '../../src/migration/lock-holds.js';

const sighting = (over: Partial<Sighting>): Sighting => ({
  table: 'public.users',
  mode: 'AccessExclusiveLock',
  before: 900,
  first: 1_000,
  last: 4_000,
  after: 4_100,
  startedBy: null,
  endedBy: null,
  endedBefore: null,
  ...over,
});

describe('holdOf', () => {
  it('times a lock from the samples around it, or from the session when the samples saw it start and end', () => {
    expect(holdOf(sighting({}))).toMatchObject({ start: 950, end: 4_050 });
    expect(holdOf(sighting({ startedBy: 930, endedBy: 4_020 }))).toMatchObject({ start: 930, end: 4_020 });
    // The session's next statement began at 4 010: the transaction had ended by then.
    expect(holdOf(sighting({ endedBefore: 4_010 }))).toMatchObject({ end: 4_010 });
  });
});

describe('blockingLocks', () => {
  it('gives per table the longest read wait and, when longer, the longest write wait', () => {
    const locks = blockingLocks([
      sighting({}),
      sighting({ table: 'public.leagues', mode: 'ShareLock', before: 0, first: 100, last: 1_500, after: 1_600 }),
      // A weak lock blocks nothing and is left out.
      sighting({ table: 'public.races', mode: 'ShareUpdateExclusiveLock' }),
      // users: a SHARE lock of another transaction, later and longer than the ACCESS EXCLUSIVE one.
      sighting({ mode: 'ShareLock', before: 5_000, first: 5_100, last: 9_100, after: 9_200 }),
    ]);
    expect(locks).toEqual([
      { table: 'public.users', mode: 'SHARE', heldMs: 4_100, blocks: 'writes' },
      { table: 'public.users', mode: 'ACCESS EXCLUSIVE', heldMs: 3_100, blocks: 'reads and writes' },
      { table: 'public.leagues', mode: 'SHARE', heldMs: 1_500, blocks: 'writes' },
    ]);
  });

  it('merges holds of one table that overlap (a query waits for the last), not those that follow one another', () => {
    const overlapping = blockingLocks([
      sighting({ first: 1_000, last: 2_000, after: 2_100 }),
      sighting({ mode: 'ExclusiveLock', before: 1_400, first: 1_500, last: 3_000, after: 3_100 }),
    ]);
    expect(overlapping.find((l) => l.blocks === 'writes')).toMatchObject({ mode: 'ACCESS EXCLUSIVE', heldMs: 2_100 });
    const consecutive = blockingLocks([
      sighting({ first: 1_000, last: 2_000, after: 2_100 }),
      sighting({ before: 2_000, first: 2_100, last: 3_000, after: 3_100 }),
    ]);
    expect(consecutive).toEqual([
      { table: 'public.users', mode: 'ACCESS EXCLUSIVE', heldMs: 1_100, blocks: 'reads and writes' },
    ]);
  });
});
