import { describe, expect, it } from 'vitest';
import { compareMigrations, type LedgerRow } from '../../src/api/compatibility.js';
import type { InfoBody } from '../../src/api/schemas.js';
import { migrationNames } from './fake-pickdriver.js';

const ledger = (count: number): LedgerRow[] => migrationNames(count).map(({ name, batch }) => ({ name, batch }));
const info = (migrations: { name: string; batch: number; createdAt: string | null }[]): InfoBody => ({
  status: 'ok',
  service: 'pickdriver-vapor-api',
  version: '1.0.0',
  environment: 'testing',
  timestamp: '2026-03-01T12:00:00Z',
  uptimeSeconds: 1,
  recentMigrations: migrations.slice(0, 20),
});

describe('compareMigrations', () => {
  it('is ok when the API shows the newest 20 of the same 40-row ledger (older history is not "unknown")', () => {
    const result = compareMigrations(ledger(40), info(migrationNames(40)));
    expect(result.status).toBe('ok');
    expect(result.summary).toBe('all 20 migrations the API reports are in the restored ledger (40 rows)');
  });

  it('fails naming the migrations the restored ledger lacks', () => {
    const result = compareMigrations(ledger(40), info(migrationNames(42)));
    expect(result.status).toBe('fail');
    expect(result.details).toMatchObject({
      missingInRestored: ['PickdriverVaporApi.Migration042', 'PickdriverVaporApi.Migration041'],
      unknownToApi: [],
    });
  });

  it('warns when the restored ledger is ahead of the API, also when the API listed its whole ledger', () => {
    const ahead = compareMigrations(ledger(40), info(migrationNames(37)));
    expect(ahead.status).toBe('warn');
    expect(ahead.details).toMatchObject({
      unknownToApi: [
        'PickdriverVaporApi.Migration040',
        'PickdriverVaporApi.Migration039',
        'PickdriverVaporApi.Migration038',
      ],
    });
    const small = compareMigrations(ledger(12), info(migrationNames(10)));
    expect(small.status).toBe('warn');
    expect(small.details).toMatchObject({
      unknownToApi: ['PickdriverVaporApi.Migration012', 'PickdriverVaporApi.Migration011'],
    });
  });

  it('warns when the API reports no migrations at all', () => {
    expect(compareMigrations(ledger(5), info([])).status).toBe('warn');
  });
});

describe('compareMigrations with created_at (PickDriver orders a nil created_at first, the restored ledger last)', () => {
  const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString().replace('.000Z', 'Z');
  // 21 rows: Migration001 … 020 a second apart, and one without created_at.
  const restored: LedgerRow[] = [
    ...migrationNames(20).map(({ name, batch }, i) => ({ name, batch, createdAt: at(20 - i) })),
    { name: 'PickdriverVaporApi.Backfill', batch: 4, createdAt: null },
  ];
  const apiWindow = [
    { name: 'PickdriverVaporApi.Backfill', batch: 4, createdAt: null },
    ...restored.slice(0, 19).map((r) => ({ name: r.name, batch: r.batch, createdAt: r.createdAt ?? null })),
  ];

  it('is ok when the API shows the nil row first and the oldest dated row fell out of its window', () => {
    const result = compareMigrations(restored, info(apiWindow));
    expect(result.details).toMatchObject({ unknownToApi: [], missingInRestored: [] });
    expect(result.status).toBe('ok');
  });

  it('still warns about a restored row newer than everything the API showed', () => {
    const newer = [{ name: 'PickdriverVaporApi.Newer', batch: 5, createdAt: at(30) }, ...restored];
    const result = compareMigrations(newer, info(apiWindow));
    expect(result.status).toBe('warn');
    expect(result.details).toMatchObject({ unknownToApi: ['PickdriverVaporApi.Newer'] });
  });
});
