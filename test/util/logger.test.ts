// HeldLogger: the lines of work begun ahead of its log group (the drill database, made while the
// backup is read) reach the group they belong to, in order, and nothing is lost or doubled.
import { describe, expect, it } from 'vitest';
import { HeldLogger, MemoryLogger } from '../../src/util/logger.js';

describe('HeldLogger', () => {
  it('holds every kind of line until released, then writes them in order and passes later ones straight on', async () => {
    const held = new HeldLogger();
    const target = new MemoryLogger();
    held.info('drill database made');
    held.warning('a warning');
    held.debug('a detail');
    held.error('an error');
    expect(await held.group('ignored name', async () => 'inner')).toBe('inner');
    expect(target.lines).toEqual([]);
    target.info('the restore group opens');
    held.release(target);
    held.info('after the release');
    expect(target.lines).toEqual([
      'the restore group opens',
      'drill database made',
      'warning: a warning',
      'debug: a detail',
      'error: an error',
      'after the release',
    ]);
  });

  it('a second release writes nothing twice', () => {
    const held = new HeldLogger();
    const first = new MemoryLogger();
    const second = new MemoryLogger();
    held.info('once');
    held.release(first);
    held.release(second);
    held.info('to the last target');
    expect(first.lines).toEqual(['once']);
    expect(second.lines).toEqual(['to the last target']);
  });
});
