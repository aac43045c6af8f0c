// The legs' reports into one fleet report: one row per drill, the worst result for the fleet,
// and every expected leg without a report named as failed.
import type { FailOn } from '../config/config.js';
import type { DrillReport, DrillResult, RunInfo } from '../report/types.js';
import { TOOL_VERSION } from '../version.js';
import { FLEET_REPORT_VERSION, type FleetDrill, type FleetLegArtifact, type FleetReport } from './types.js';

export interface LegReport {
  report: DrillReport;
  /** `artifact <name>` or the file's path. */
  source: string;
  /** The leg's name when its report has no drillName: the artifact's or the file's. */
  fallbackName: string;
  artifact: FleetLegArtifact | null;
}

const SEVERITY: Record<DrillResult, number> = { passed: 0, warned: 1, regressed: 2, failed: 3 };

export function worstResult(results: DrillResult[]): DrillResult {
  return results.reduce<DrillResult>((worst, r) => (SEVERITY[r] > SEVERITY[worst] ? r : worst), 'passed');
}

function legRow(leg: LegReport, name: string): FleetDrill {
  const r = leg.report;
  return {
    name,
    reported: true,
    result: r.result,
    reason: null,
    source: leg.source,
    artifact: leg.artifact,
    runUrl: r.run.runUrl ?? null,
    backupId: r.backup.id ?? null,
    backupAgeSeconds: r.backup.ageSeconds ?? null,
    restoreDurationMs: r.restore?.durationMs ?? null,
    failedChecks: r.checks.filter((c) => c.status === 'fail').map((c) => ({ id: c.id, summary: c.summary })),
    regressions: r.regressions.map((g) => ({ checkId: g.checkId, message: g.message })),
    startedAt: r.run.startedAt ?? null,
  };
}

function missingRow(name: string): FleetDrill {
  return {
    name,
    reported: false,
    result: 'failed',
    reason: `no report from leg ${name}: the job failed before writing one (or did not upload it)`,
    source: null,
    artifact: null,
    runUrl: null,
    backupId: null,
    backupAgeSeconds: null,
    restoreDurationMs: null,
    failedChecks: [],
    regressions: [],
    startedAt: null,
  };
}

export function buildFleetReport(opts: {
  legs: LegReport[];
  expectedDrills: string[] | null;
  failOn: FailOn;
  run: RunInfo;
  notes?: string[];
}): FleetReport {
  const notes = [...(opts.notes ?? [])];
  // One row per drill: a re-run leg leaves two reports of one name; the newest is the verdict.
  const byName = new Map<string, FleetDrill>();
  for (const leg of opts.legs) {
    const name = leg.report.drillName ?? leg.fallbackName;
    const row = legRow(leg, name);
    const earlier = byName.get(name);
    if (earlier !== undefined) {
      const newer = Date.parse(row.startedAt ?? '') >= Date.parse(earlier.startedAt ?? '') ? row : earlier;
      const older = newer === row ? earlier : row;
      notes.push(`two reports of drill ${name}: ${newer.source} is newer than ${older.source}, which was left out`);
      byName.set(name, newer);
    } else {
      byName.set(name, row);
    }
  }
  const drills = [...byName.values()];
  for (const name of opts.expectedDrills ?? []) {
    if (!byName.has(name)) drills.push(missingRow(name));
  }
  drills.sort((a, b) => a.name.localeCompare(b.name));
  if (opts.expectedDrills !== null) {
    const expected = new Set(opts.expectedDrills);
    const unexpected = drills.filter((d) => !expected.has(d.name)).map((d) => d.name);
    if (unexpected.length > 0) notes.push(`reports of drills that were not expected: ${unexpected.join(', ')}`);
  }
  const result = drills.length === 0 ? 'failed' : worstResult(drills.map((d) => d.result));
  if (drills.length === 0) notes.push('no leg report was found: nothing to merge');
  const count = (r: DrillResult) => drills.filter((d) => d.reported && d.result === r).length;
  return {
    fleetReportVersion: FLEET_REPORT_VERSION,
    tool: { name: 'pickdriver-vault-action', version: TOOL_VERSION },
    result,
    failOn: opts.failOn,
    run: opts.run,
    expectedDrills: opts.expectedDrills,
    drills,
    counts: {
      drills: drills.length,
      passed: count('passed'),
      warned: count('warned'),
      regressed: count('regressed'),
      failed: count('failed') + drills.filter((d) => !d.reported).length,
      missing: drills.filter((d) => !d.reported).length,
    },
    notes,
  };
}
