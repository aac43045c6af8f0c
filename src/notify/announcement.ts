// What a notification says, in one shape for a single drill and for a fleet of them. Built
// from the report as written (after the secret redactor) and limited on purpose: ids, results,
// counts and the engine's own words; never a custom check's summary, which may quote row data.
import type { NotifyOn } from '../config/fleet-inputs.js';
import type { DrillReport, DrillResult } from '../model/types.js';

export interface AnnouncedCheck {
  /** The leg the check belongs to, in a fleet; null for a single drill. */
  drill: string | null;
  id: string;
  /** The engine's one-line summary; null for custom.* checks (their summaries may quote query results). */
  summary: string | null;
}

interface AnnouncedDrill {
  name: string;
  /** `missing`: an expected leg that wrote no report. */
  result: DrillResult | 'missing';
}

export interface Announcement {
  subject: 'drill' | 'fleet';
  /** "PickDriver backup drill shard-1" or "PickDriver backup fleet (3 drills)". */
  title: string;
  result: DrillResult;
  drillName: string | null;
  repository: string | null;
  workflow: string | null;
  trigger: string | null;
  ref: string | null;
  runUrl: string | null;
  backup: { id: string | null; ageSeconds: number | null; sizeBytes: number | null } | null;
  failedChecks: AnnouncedCheck[];
  regressions: { drill: string | null; message: string }[];
  /** One entry per leg, for a fleet; null for a single drill. */
  drills: AnnouncedDrill[] | null;
}

const SUMMARY_LIMIT = 300;

function shortened(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > SUMMARY_LIMIT ? `${one.slice(0, SUMMARY_LIMIT - 1)}…` : one;
}

function failedChecksOf(report: DrillReport, drill: string | null): AnnouncedCheck[] {
  return report.checks
    .filter((c) => c.status === 'fail')
    .map((c) => ({ drill, id: c.id, summary: c.id.startsWith('custom.') ? null : shortened(c.summary) }));
}

export function drillAnnouncement(report: DrillReport): Announcement {
  return {
    subject: 'drill',
    title: report.drillName === null ? 'PickDriver backup drill' : `PickDriver backup drill ${report.drillName}`,
    result: report.result,
    drillName: report.drillName,
    repository: report.run.repository,
    workflow: report.run.workflow,
    trigger: report.run.trigger,
    ref: report.run.ref,
    runUrl: report.run.runUrl,
    backup: { id: report.backup.id, ageSeconds: report.backup.ageSeconds, sizeBytes: report.backup.sizeBytes },
    failedChecks: failedChecksOf(report, null),
    regressions: report.regressions.map((r) => ({ drill: null, message: shortened(r.message) })),
    drills: null,
  };
}

/** problems: failed or regressed; failure: failed; always. */
export function shouldNotify(result: DrillResult, notifyOn: NotifyOn): boolean {
  if (notifyOn === 'always') return true;
  if (notifyOn === 'failure') return result === 'failed';
  return result === 'failed' || result === 'regressed';
}
