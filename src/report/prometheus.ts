// The drill's metrics in node_exporter's textfile format, for alerting on drills that stop
// running or start failing. Written atomically: node_exporter may read the file at any moment.
import type { CheckStatus, DrillReport, DrillResult } from '../model/types.js';

const RESULTS: DrillResult[] = ['passed', 'warned', 'regressed', 'failed'];
const STATUSES: CheckStatus[] = ['ok', 'warn', 'fail', 'skip'];
const PREFIX = 'pickdriver_vault';

interface Sample {
  labels?: Record<string, string>;
  value: number;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function renderFamily(name: string, help: string, samples: Sample[], common: Record<string, string>): string {
  const full = `${PREFIX}_${name}`;
  const lines = [`# HELP ${full} ${help}`, `# TYPE ${full} gauge`];
  for (const s of samples) {
    const labels = Object.entries({ ...common, ...s.labels })
      .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
      .join(',');
    lines.push(`${full}${labels ? `{${labels}}` : ''} ${Number.isFinite(s.value) ? s.value : 'NaN'}`);
  }
  return lines.join('\n');
}

/** Metrics whose value does not apply (no backup found, restore not run) are left out. */
export function renderPrometheus(report: DrillReport): string {
  // The legs of a matrix may write into one node_exporter: each series carries its drill.
  const common: Record<string, string> = report.drillName === null ? {} : { drill: report.drillName };
  const families: string[] = [];
  const family = (name: string, help: string, samples: Sample[]) => renderFamily(name, help, samples, common);
  families.push(
    family(
      'drill_result',
      'Result of the last backup-restore drill (1 for the result it had).',
      RESULTS.map((r) => ({ labels: { result: r }, value: report.result === r ? 1 : 0 })),
    ),
  );
  const last = Date.parse(report.run.finishedAt ?? report.run.startedAt);
  families.push(
    family('last_run_timestamp_seconds', 'When the last drill finished (Unix time).', [{ value: last / 1000 }]),
  );
  if (report.backup.ageSeconds !== null) {
    families.push(
      family('backup_age_seconds', 'Age of the newest backup when the drill ran.', [
        { value: report.backup.ageSeconds },
      ]),
    );
  }
  if (report.backup.sizeBytes !== null) {
    families.push(
      family('backup_size_bytes', 'Size of the backup the drill restored.', [{ value: report.backup.sizeBytes }]),
    );
  }
  if (report.restore?.durationMs != null) {
    families.push(
      family('restore_duration_seconds', 'How long the restore took.', [{ value: report.restore.durationMs / 1000 }]),
    );
  }
  families.push(
    family(
      'checks',
      'Checks of the last drill by status.',
      STATUSES.map((s) => ({ labels: { status: s }, value: report.checks.filter((c) => c.status === s).length })),
    ),
  );
  families.push(
    family('regressions', 'Regressions against earlier drills found by the last drill.', [
      { value: report.regressions.length },
    ]),
  );
  const present = (report.database?.criticalTables ?? []).filter((t) => t.rows !== null);
  if (present.length > 0) {
    families.push(
      family(
        'critical_rows',
        'Rows per critical table in the restored database.',
        present.map((t) => ({ labels: { table: t.name }, value: t.rows ?? 0 })),
      ),
    );
  }
  return `${families.join('\n')}\n`;
}
