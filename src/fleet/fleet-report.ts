// The legs' reports into one fleet report: one row per drill, the worst result for the fleet,
// and every expected leg without a report named as failed.
import type { FailOn } from '../config/config.js';
import type { DrillReport, DrillResult, RunInfo } from '../model/types.js';
import { TOOL_VERSION } from '../model/version.js';
import { knownResult, legReportSchema, resultFromChecks, schemaProblems } from './leg-schema.js';
import { FLEET_REPORT_VERSION, type FleetDrill, type FleetLegArtifact, type FleetReport } from './types.js';

export interface LegReport {
  report: DrillReport;
  /** `artifact <name>` or the file's path. */
  source: string;
  /** The leg's name when its report has no drillName: the artifact's or the file's. */
  fallbackName: string;
  artifact: FleetLegArtifact | null;
  /** Why the report could not be read at all: the leg is a failed leg with this reason. */
  problem?: string;
}

const SEVERITY: Record<DrillResult, number> = { passed: 0, warned: 1, regressed: 2, failed: 3 };

function worstResult(results: DrillResult[]): DrillResult {
  return results.reduce<DrillResult>((worst, r) => (SEVERITY[r] > SEVERITY[worst] ? r : worst), 'passed');
}

/** A leg whose report cannot be trusted: a failed leg, with the reason, and the others still judged. */
function badLegRow(leg: LegReport, reason: string): FleetDrill {
  return {
    ...missingRow(leg.fallbackName),
    reported: true,
    reason,
    source: leg.source,
    artifact: leg.artifact,
    failedChecks: [{ id: 'leg.report', summary: reason }],
  };
}

function legRow(leg: LegReport, notes: string[]): FleetDrill {
  if (leg.problem !== undefined) return badLegRow(leg, `the report of ${leg.source} ${leg.problem}`);
  const parsed = legReportSchema.safeParse(leg.report);
  if (!parsed.success) {
    return badLegRow(leg, `the report of ${leg.source} is not a valid drill report: ${schemaProblems(parsed.error)}`);
  }
  const r = parsed.data;
  const name = r.drillName ?? leg.fallbackName;
  const stated = knownResult(r.result);
  const computed = resultFromChecks(r);
  // The worse of what the report says and what its checks say; an unknown result is a failure.
  const result = stated === null ? 'failed' : worstResult([stated, computed]);
  if (stated === null)
    notes.push(`drill ${name}: its report's result ${JSON.stringify(r.result)} is unknown, counted as failed`);
  else if (stated !== computed)
    notes.push(`drill ${name}: its report says ${stated} but its checks say ${computed}; counted as ${result}`);
  return {
    name,
    reported: true,
    result,
    reason: stated === null ? `unknown result ${JSON.stringify(r.result)}` : null,
    source: leg.source,
    artifact: leg.artifact,
    runUrl: r.run.runUrl ?? null,
    backupId: r.backup.id ?? null,
    backupAgeSeconds: r.backup.ageSeconds ?? null,
    restoreDurationMs: r.restore?.durationMs ?? null,
    failedChecks: r.checks.filter((c) => c.status === 'fail').map((c) => ({ id: c.id, summary: c.summary })),
    regressions: r.regressions.map((g) => ({ checkId: g.checkId, message: g.message })),
    startedAt: r.run.startedAt,
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
    let row: FleetDrill;
    try {
      row = legRow(leg, notes);
    } catch (error) {
      // Nothing a leg's report holds may end the merge: the other legs still get their verdict.
      row = badLegRow(
        leg,
        `the report of ${leg.source} could not be read: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const name = row.name;
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
