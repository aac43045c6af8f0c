// Realistic drill reports for tests: a passing drill, a drill that found no backup (nulls
// everywhere), a drill with the API's answers, and a drill with regressions. Each call returns
// a fresh object, so tests may change what they get.
import { type DrillConfig, loadConfig } from '../../src/config/config.js';
import { CRITICAL_TABLES } from '../../src/inspect/critical-tables.js';
import type { CheckResult, CriticalTable, DrillReport } from '../../src/model/types.js';

export { CRITICAL_TABLES };

const SHA = '3f2a9c1be0d4c8a7f61e25b93d0c7a4e8b1f6d2c9a0e3b5d7f4c2a1e6b8d0f9c';

function okCheck(id: CheckResult['id'], summary: string, durationMs = 12): CheckResult {
  return { id, status: 'ok', summary, details: null, durationMs };
}

function criticalTables(): CriticalTable[] {
  return CRITICAL_TABLES.map((name, i) => ({ name, present: true, rows: (i + 1) * 7 }));
}

/** A drill that restored a 2-hour-old custom-format dump and found everything in order. */
export function passedReport(overrides: Partial<DrillReport> = {}): DrillReport {
  const tables = criticalTables();
  const report: DrillReport = {
    reportVersion: 1,
    tool: { name: 'pickdriver-vault-action', version: '0.1.0' },
    drillName: null,
    result: 'passed',
    failOn: 'regression',
    run: {
      trigger: 'schedule',
      repository: 'pickdriver/pickdriver-ops',
      workflow: 'Backup drill',
      runId: '987654321',
      runAttempt: 1,
      ref: 'refs/heads/main',
      sha: '0123456789abcdef0123456789abcdef01234567',
      actor: 'pickdriver-bot',
      serverUrl: 'https://github.com',
      runUrl: 'https://github.com/pickdriver/pickdriver-ops/actions/runs/987654321',
      startedAt: '2026-03-01T04:00:00.000Z',
      finishedAt: '2026-03-01T04:01:30.000Z',
    },
    backup: {
      id: 'pickdriver-2026-03-01T02-00.dump',
      source: 's3://pickdriver-backups/nightly/',
      resolved: 's3://pickdriver-backups/nightly/pickdriver-2026-03-01T02-00.dump',
      candidates: [
        {
          name: 'pickdriver-2026-03-01T02-00.dump',
          verdict: 'chosen',
          reason: 'newest backup matching *.dump',
          createdAt: '2026-03-01T02:00:00.000Z',
          sizeBytes: 48_213,
        },
        {
          name: 'pickdriver-2026-03-01T02-00.dump.sha256',
          verdict: 'checksum-sidecar',
          reason: 'checksum of pickdriver-2026-03-01T02-00.dump',
          createdAt: '2026-03-01T02:00:01.000Z',
          sizeBytes: 98,
        },
        {
          name: 'pickdriver-2026-02-28T02-00.dump',
          verdict: 'older',
          reason: 'a newer backup exists',
          createdAt: '2026-02-28T02:00:00.000Z',
          sizeBytes: 47_990,
        },
      ],
      selection: {
        mode: 'newest',
        reason: 'newest of 2 backups',
        seed: null,
        poolSize: 2,
        newestId: 'pickdriver-2026-03-01T02-00.dump',
        newestCreatedAt: '2026-03-01T02:00:00.000Z',
        newestAgeSeconds: 7200,
      },
      format: 'custom',
      wrapping: [],
      sizeBytes: 48_213,
      sha256: SHA,
      checksumVerified: true,
      checksumSource: 'sidecar',
      checksumStatus: 'verified',
      checksumUnverifiedReason: null,
      createdAt: '2026-03-01T02:00:00.000Z',
      createdAtSource: 'archive',
      ageSeconds: 7200,
      rpoTargetSeconds: 93_600,
      rpoMet: true,
      archiveVersion: '1.15-0',
      pgDumpVersion: '15.10',
      serverVersion: '15.10',
      tocEntries: 212,
    },
    inventory: {
      asOf: '2026-03-01T04:00:00.000Z',
      count: 2,
      newest: {
        name: 'pickdriver-2026-03-01T02-00.dump',
        createdAt: '2026-03-01T02:00:00.000Z',
        ageSeconds: 7200,
        sizeBytes: 48_213,
        expired: false,
      },
      oldest: {
        name: 'pickdriver-2026-02-28T02-00.dump',
        createdAt: '2026-02-28T02:00:00.000Z',
        ageSeconds: 93_600,
        sizeBytes: 47_990,
        expired: false,
      },
      totalSizeBytes: 96_203,
      intervalSeconds: null,
      retentionSeconds: null,
      backups: [
        {
          name: 'pickdriver-2026-03-01T02-00.dump',
          createdAt: '2026-03-01T02:00:00.000Z',
          ageSeconds: 7200,
          sizeBytes: 48_213,
          expired: false,
        },
        {
          name: 'pickdriver-2026-02-28T02-00.dump',
          createdAt: '2026-02-28T02:00:00.000Z',
          ageSeconds: 93_600,
          sizeBytes: 47_990,
          expired: false,
        },
      ],
      gaps: [
        {
          from: '2026-02-28T02:00:00.000Z',
          to: '2026-03-01T02:00:00.000Z',
          durationSeconds: 86_400,
          missing: null,
          withinRetention: true,
        },
      ],
      expired: [],
    },
    restore: {
      database: 'pickdriver_drill',
      databaseOrigin: 'created',
      role: { mode: 'drill', name: 'pickdriver_drill_role_0123abcd', risk: null },
      startedAt: '2026-03-01T04:00:05.000Z',
      finishedAt: '2026-03-01T04:00:47.250Z',
      durationMs: 42_250,
      rtoTargetSeconds: 600,
      rtoMet: true,
      jobs: 2,
      tool: 'pg_restore',
      toolVersion: '15.10',
      server: { version: '15.10', major: 15 },
      client: {
        path: '/usr/lib/postgresql/15/bin/pg_restore',
        version: '15.10',
        major: 15,
        reason:
          'the lowest installed client that reads this backup (12 or newer) and is not newer than the server (15)',
      },
      warnings: [],
      errors: [],
    },
    database: {
      schemaVersion: 'fluent-9b2c4f0e7a1d3c5b8e6f0a2d4c6b8e0f-b3-n42',
      ledgerSize: 42,
      lastMigration: {
        name: 'PickdriverVaporApi.CreateOpsAuditEvents',
        batch: 3,
        createdAt: '2026-02-10T09:12:00.000Z',
      },
      criticalTables: tables,
      totalCriticalRows: tables.reduce((sum, t) => sum + (t.rows ?? 0), 0),
      sequencesBehind: [],
    },
    migration: null,
    api: null,
    apiSkippedReason: 'api-url is empty',
    checks: [
      okCheck('backup.found', 'pickdriver-2026-03-01T02-00.dump, newest of 2 backups'),
      okCheck('backup.checksum', 'sha256 matches the .sha256 sidecar'),
      okCheck('backup.archive', 'custom-format archive, 212 TOC entries, pg_dump 15.10'),
      okCheck('backup.age', '2h 00m old, RPO 26h'),
      okCheck('restore.completed', 'pg_restore finished without errors', 42_250),
      okCheck('restore.duration', '42.3 s, RTO 10m'),
      okCheck('restore.toc-complete', 'all 212 TOC entries restored'),
      { id: 'restore.post-command', status: 'skip', summary: 'no post-restore-command', details: null, durationMs: 0 },
      okCheck('database.migrations', '42 migrations, schema fluent-9b2c…-b3-n42'),
      okCheck('database.critical-tables', 'all 15 critical tables present'),
      okCheck('database.sequences', 'no sequence behind its column'),
      okCheck('custom.active-users', 'at least 10 users'),
    ],
    baseline: null,
    regressions: [],
    timings: { backup: 850, restore: 42_250, postRestore: 0, inspect: 310, api: 0, compare: 0, report: 25 },
  };
  return { ...report, ...overrides };
}

/** "Nothing found": the drill stopped after backup.found failed; everything after is null. */
export function nothingFoundReport(): DrillReport {
  return passedReport({
    result: 'failed',
    run: {
      ...passedReport().run,
      trigger: 'manual',
      repository: null,
      workflow: null,
      runId: null,
      runAttempt: null,
      ref: null,
      sha: null,
      actor: null,
      serverUrl: null,
      runUrl: null,
    },
    backup: {
      id: null,
      source: 'backups/*.dump',
      resolved: null,
      candidates: [],
      selection: null,
      format: null,
      wrapping: [],
      sizeBytes: null,
      sha256: null,
      checksumVerified: null,
      checksumSource: null,
      checksumStatus: null,
      checksumUnverifiedReason: null,
      createdAt: null,
      createdAtSource: null,
      ageSeconds: null,
      rpoTargetSeconds: null,
      rpoMet: null,
      archiveVersion: null,
      pgDumpVersion: null,
      serverVersion: null,
      tocEntries: null,
    },
    inventory: null,
    restore: null,
    database: null,
    migration: null,
    api: null,
    apiSkippedReason: 'no backup was restored',
    checks: [
      {
        id: 'backup.found',
        status: 'fail',
        summary: 'no file matches backups/*.dump',
        details: { searched: 'backups/*.dump' },
        durationMs: 3,
      },
    ],
    baseline: null,
    regressions: [],
    timings: { backup: 3, report: 4 },
  });
}

/** A drill that also asked the PickDriver API (drill target), with one warned check. */
export function withApiReport(): DrillReport {
  const base = passedReport();
  return {
    ...base,
    result: 'warned',
    api: {
      url: 'https://pickdriver-drill.example.com',
      target: 'drill',
      version: '2.14.0',
      environment: 'testing',
      info: { status: 'ok', service: 'pickdriver-vapor-api', version: '2.14.0', environment: 'testing' },
      smoke: {
        status: 'ok',
        timestamp: '2026-03-01T04:01:00Z',
        checks: [
          { name: 'database_connection', status: 'ok', details: 'Database reachable (3 ms).' },
          { name: 'active_season_exists', status: 'ok', details: 'Active seasons: 1.' },
          { name: 'race_catalog_available', status: 'ok', details: 'Races: 24.' },
          { name: 'migration_history_available', status: 'ok', details: 'Migration rows: 42.' },
        ],
      },
      dbInfo: { schemaVersion: base.database?.schemaVersion ?? null, criticalTableCounts: { users: 7 } },
      validate: {
        success: true,
        checks: [
          { name: 'db-connectivity', status: 'ok', details: 'drill database reachable.', latencyMs: 2 },
          { name: 'critical_table_counts', status: 'warn', details: 'Critical tables with zero rows: push_tokens.' },
        ],
        summary: { passed: 5, failed: 0, warnings: 1 },
        validatedAtUtc: '2026-03-01T04:01:10Z',
      },
    },
    apiSkippedReason: null,
    checks: [
      ...base.checks,
      okCheck('api.ready', 'ready after 1.2 s'),
      okCheck('api.info', 'version 2.14.0 (testing)'),
      okCheck('api.compatibility', 'the API knows every applied migration'),
      okCheck('api.smoke', '4 of 4 smoke checks ok'),
      okCheck('api.db-info', 'schema version matches'),
      {
        id: 'api.validate',
        status: 'warn',
        summary: 'validate: 5 passed, 0 failed, 1 warning | push_tokens empty',
        details: { warnings: ['Critical tables with zero rows: push_tokens.'] },
        durationMs: 140,
      },
    ],
  };
}

/** A drill that passed its checks but restored slower and with fewer rows than earlier drills. */
export function regressedReport(): DrillReport {
  const base = passedReport();
  return {
    ...base,
    result: 'regressed',
    baseline: {
      kind: 'auto',
      source: 'artifacts of Backup drill on main',
      runs: [
        {
          runId: '987654000',
          runUrl: 'https://github.com/pickdriver/pickdriver-ops/actions/runs/987654000',
          startedAt: '2026-02-28T04:00:00.000Z',
          result: 'passed',
          restoreDurationMs: 20_000,
          totalCriticalRows: 900,
          backupSizeBytes: 1_048_576,
          ledgerSize: 19,
          schemaVersion: 'fluent-0123456789abcdef0123456789abcdef-b3-n19',
          criticalTableRows: { users: 120, seasons: 2 },
          source: 'artifact pickdriver-vault-report of run 987654000',
        },
      ],
      notes: ['1 earlier run found; the median is of 1 run'],
    },
    regressions: [
      {
        checkId: 'restore.duration',
        metric: 'restoreDurationMs',
        baseline: 20_000,
        current: 42_250,
        threshold: '50%',
        message: 'restore took 42.3 s, 111% slower than the baseline median of 20.0 s',
      },
      {
        checkId: 'database.critical-tables',
        metric: 'rows.users',
        baseline: 120,
        current: 7,
        threshold: '10%',
        message: 'users lost 94% of its rows (120 → 7)',
      },
    ],
  };
}

/** A DrillConfig as the action builds it from its defaults; override what a test needs. */
export function sampleConfig(overrides: Partial<DrillConfig> = {}): DrillConfig {
  return { ...loadConfig({ 'backup-source': 'backups/*.dump', 'drill-database': 'pickdriver_drill' }), ...overrides };
}
