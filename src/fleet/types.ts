// The fleet report: one verdict over the drills of a job matrix, written by the merge action
// and `pickdriver-vault merge`. schema/fleet-report.schema.json describes exactly this; every
// field is always present (null when it does not apply).
import type { DrillResult, RunInfo } from '../model/types.js';

export const FLEET_REPORT_VERSION = 1;

export interface FleetLegArtifact {
  name: string;
  id: number;
  /** The artifact's page on GitHub, null off GitHub. */
  url: string | null;
}

export interface FleetDrill {
  /** The leg's drill-name; for a report without one, its artifact or file name. */
  name: string;
  /** False for an expected leg that wrote no report: it counts as failed. */
  reported: boolean;
  result: DrillResult;
  /** Why a leg without a report failed; null for a leg that reported. */
  reason: string | null;
  /** Where the leg's report was read: `artifact <name>` or a path. */
  source: string | null;
  artifact: FleetLegArtifact | null;
  runUrl: string | null;
  backupId: string | null;
  backupAgeSeconds: number | null;
  restoreDurationMs: number | null;
  failedChecks: { id: string; summary: string }[];
  regressions: { checkId: string; message: string }[];
  startedAt: string | null;
}

export interface FleetReport {
  fleetReportVersion: typeof FLEET_REPORT_VERSION;
  tool: { name: 'pickdriver-vault-action'; version: string };
  /** The worst leg's result; failed when no leg reported at all. */
  result: DrillResult;
  failOn: 'failure' | 'regression' | 'warning' | 'never';
  run: RunInfo;
  /** The drill names the merge was told to expect; null when it was not told. */
  expectedDrills: string[] | null;
  drills: FleetDrill[];
  counts: { drills: number; passed: number; warned: number; regressed: number; failed: number; missing: number };
  notes: string[];
}
