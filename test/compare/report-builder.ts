// Builds drill reports shaped exactly like DrillReport (every field present), with the figures
// a comparison reads given by the test: run, restore duration, critical tables, ledger, backup size, checks.
import { createHash } from 'node:crypto';
import {
  CHECK_IDS,
  type CheckId,
  type CheckResult,
  type CheckStatus,
  type DrillReport,
  type DrillResult,
  REPORT_VERSION,
  type Regression,
} from '../../src/model/types.js';

export interface ReportShape {
  runId?: string | null;
  startedAt?: string;
  restoreMs?: number | null;
  /** Critical table → rows; null rows: present, count unknown; a missing name: not present. */
  tables?: Record<string, number | null>;
  missingTables?: string[];
  ledgerSize?: number;
  sizeBytes?: number | null;
  /** Check statuses that differ from the default (ok for database/backup/restore, skip for api). */
  checks?: Partial<Record<CheckId, CheckStatus>>;
  /** No restore and no database figures, as when the restore failed. */
  noDatabase?: boolean;
  /** The regressions this drill reported (its result is then regressed unless a check failed). */
  regressions?: Regression[];
}

export const DEFAULT_TABLES: Record<string, number> = {
  'public.users': 1200,
  'public.leagues': 80,
  'public.predictions': 25_000,
  'public.races': 240,
};

/** PickDriver's fingerprint of a ledger of `n` migrations m_0001… in batches of five. */
export function schemaFingerprint(n: number): string {
  const rows = Array.from({ length: n }, (_, i) => `m_${String(i + 1).padStart(4, '0')}:${Math.floor(i / 5) + 1}`);
  const h = n === 0 ? 'empty' : createHash('md5').update(rows.join(',')).digest('hex');
  return `fluent-${h}-b${n === 0 ? 0 : Math.floor((n - 1) / 5) + 1}-n${n}`;
}

function resultOf(checks: CheckResult[], regressions: Regression[]): DrillResult {
  if (checks.some((c) => c.status === 'fail')) return 'failed';
  if (regressions.length > 0) return 'regressed';
  if (checks.some((c) => c.status === 'warn')) return 'warned';
  return 'passed';
}

export function buildReport(shape: ReportShape = {}): DrillReport {
  const startedAt = shape.startedAt ?? '2026-05-01T03:00:00.000Z';
  const runId = shape.runId === undefined ? '1000' : shape.runId;
  const restoreMs = shape.restoreMs === undefined ? 20_000 : shape.restoreMs;
  const tables = shape.tables ?? DEFAULT_TABLES;
  const ledgerSize = shape.ledgerSize ?? 42;
  const start = Date.parse(startedAt);
  const iso = (offsetMs: number) => new Date(start + offsetMs).toISOString();
  const checks: CheckResult[] = CHECK_IDS.map((id) => ({
    id,
    status: shape.checks?.[id] ?? (id.startsWith('api.') ? 'skip' : 'ok'),
    summary: `${id} summary`,
    details: null,
    durationMs: 5,
  }));
  const criticalTables = [
    ...Object.entries(tables).map(([name, rows]) => ({ name, present: true, rows })),
    ...(shape.missingTables ?? []).map((name) => ({ name, present: false, rows: null })),
  ];
  const known = criticalTables.map((t) => t.rows).filter((r): r is number => r !== null);
  const repository = 'pickdriver/pickdriver';
  return {
    reportVersion: REPORT_VERSION,
    tool: { name: 'pickdriver-vault-action', version: '0.1.0' },
    drillName: null,
    result: resultOf(checks, shape.regressions ?? []),
    failOn: 'regression',
    run: {
      trigger: 'schedule',
      repository,
      workflow: 'Backup drill',
      runId,
      runAttempt: runId === null ? null : 1,
      ref: 'refs/heads/main',
      sha: 'a'.repeat(40),
      actor: 'github-actions[bot]',
      serverUrl: 'https://github.com',
      runUrl: runId === null ? null : `https://github.com/${repository}/actions/runs/${runId}`,
      startedAt,
      finishedAt: iso(120_000),
    },
    backup: {
      id: `pickdriver-${startedAt.slice(0, 10)}.dump`,
      source: 'backups/',
      resolved: `backups/pickdriver-${startedAt.slice(0, 10)}.dump`,
      candidates: [],
      selection: null,
      format: 'custom',
      wrapping: [],
      sizeBytes: shape.sizeBytes === undefined ? 4_000_000 : shape.sizeBytes,
      sha256: 'b'.repeat(64),
      checksumVerified: true,
      checksumSource: 'sidecar',
      checksumStatus: 'verified',
      checksumUnverifiedReason: null,
      createdAt: iso(-3_600_000),
      createdAtSource: 'archive',
      ageSeconds: 3600,
      rpoTargetSeconds: null,
      rpoMet: null,
      archiveVersion: '1.15-0',
      pgDumpVersion: '15.8',
      serverVersion: '15.8',
      tocEntries: 180,
    },
    inventory: null,
    restore: shape.noDatabase
      ? null
      : {
          database: 'pickdriver_drill',
          databaseOrigin: 'created',
          role: { mode: 'drill', name: 'pickdriver_drill_role_0123abcd', risk: null },
          startedAt: iso(10_000),
          finishedAt: restoreMs === null ? null : iso(10_000 + restoreMs),
          durationMs: restoreMs,
          rtoTargetSeconds: null,
          rtoMet: null,
          jobs: 2,
          tool: 'pg_restore',
          toolVersion: '15.8',
          server: { version: '15.8', major: 15 },
          client: { path: '/usr/lib/postgresql/15/bin/pg_restore', version: '15.8', major: 15, reason: 'pg-bin-dir' },
          warnings: [],
          errors: [],
        },
    database: shape.noDatabase
      ? null
      : {
          schemaVersion: schemaFingerprint(ledgerSize),
          ledgerSize,
          lastMigration: { name: `m_${String(ledgerSize).padStart(4, '0')}`, batch: 1, createdAt: iso(-86_400_000) },
          criticalTables,
          totalCriticalRows: known.length === 0 ? null : known.reduce((a, b) => a + b, 0),
          sequencesBehind: [],
        },
    migration: null,
    api: null,
    apiSkippedReason: 'api-url is empty',
    checks,
    baseline: null,
    regressions: shape.regressions ?? [],
    timings: { backup: 100, restore: restoreMs ?? 0, inspect: 50 },
  };
}

/** `count` earlier drills a day apart, newest first, as loadBaseline returns them. */
export function earlierDrills(count: number, shape: (i: number) => ReportShape = () => ({})): DrillReport[] {
  return Array.from({ length: count }, (_, i) =>
    buildReport({
      runId: String(900 - i),
      startedAt: new Date(Date.parse('2026-04-30T03:00:00.000Z') - i * 86_400_000).toISOString(),
      ...shape(i),
    }),
  );
}
