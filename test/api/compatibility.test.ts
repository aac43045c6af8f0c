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
