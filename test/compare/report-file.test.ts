import { describe, expect, it } from 'vitest';
import { toBaselineRun } from '../../src/compare/report-file.js';
import { buildReport, schemaFingerprint } from './report-builder.js';

describe('toBaselineRun', () => {
  it('keeps backup size, ledger, schema version and the counted rows of present tables', () => {
    const report = buildReport({
      sizeBytes: 123_456,
      ledgerSize: 19,
      tables: { users: 50, player_picks: 24, push_tokens: null },
      missingTables: ['ops_audit_events'],
    });
    expect(toBaselineRun(report, 'reports/a/report.json')).toMatchObject({
      backupSizeBytes: 123_456,
      ledgerSize: 19,
      schemaVersion: schemaFingerprint(19),
      // push_tokens: present but not counted; ops_audit_events: missing. Neither has a figure to compare.
      criticalTableRows: { users: 50, player_picks: 24 },
      totalCriticalRows: 74,
      source: 'reports/a/report.json',
    });
  });

  it('has nulls for the figures of a drill that restored nothing', () => {
    const run = toBaselineRun(buildReport({ noDatabase: true, sizeBytes: null }), 'x');
    expect(run).toMatchObject({
      restoreDurationMs: null,
      totalCriticalRows: null,
      backupSizeBytes: null,
      ledgerSize: null,
      schemaVersion: null,
      criticalTableRows: null,
    });
  });
});
