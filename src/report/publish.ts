// Publishes a finished drill on GitHub: the artifact, the step outputs, the job summary and
// annotations. Action only: the command line stops at the report files.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import type { DrillConfig } from '../config/config.js';
import type { DrillReport } from '../model/types.js';
import type { Logger } from '../util/logger.js';
import { uploadReportArtifact } from './artifact-upload.js';
import { writeJobSummary } from './job-summary.js';
import type { ReportPaths } from './write-report.js';

type OutputPaths = Pick<ReportPaths, 'jsonPath' | 'markdownPath'>;

function text(value: string | number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

/** Every output of the interface page; empty string where the value does not apply. */
export function reportOutputs(
  report: DrillReport,
  paths: OutputPaths,
  artifactId: number | null = null,
): Record<string, string> {
  const durationMs = report.restore?.durationMs ?? null;
  return {
    result: report.result,
    'report-json': paths.jsonPath,
    'report-markdown': paths.markdownPath,
    'backup-id': text(report.backup.id),
    'backup-sha256': text(report.backup.sha256),
    'backup-age-seconds': text(report.backup.ageSeconds === null ? null : Math.round(report.backup.ageSeconds)),
    // Seconds with millisecond precision, as a plain decimal (no exponent) for shell arithmetic.
    'restore-seconds': durationMs === null ? '' : (durationMs / 1000).toFixed(3),
    'schema-version': text(report.database?.schemaVersion),
    regressions: String(report.regressions.length),
    'artifact-id': text(artifactId),
  };
}

/** One error annotation per failed check, one warning per warned check and per regression. */
function annotate(report: DrillReport): void {
  for (const c of report.checks) {
    if (c.status === 'fail') core.error(c.summary, { title: c.id });
    else if (c.status === 'warn') core.warning(c.summary, { title: c.id });
  }
  for (const r of report.regressions) core.warning(r.message, { title: `${r.checkId} regression` });
}

/** Where the whole report is, for the note at the end of a shortened job summary. */
function fullReportHint(
  report: DrillReport,
  paths: OutputPaths,
  config: DrillConfig,
  artifactId: number | null,
): string {
  if (artifactId === null) return `The full report is \`${paths.markdownPath}\` on the runner.`;
  const artifact =
    report.run.runUrl !== null
      ? `[the artifact \`${config.artifactName}\`](${report.run.runUrl}/artifacts/${artifactId})`
      : `the artifact \`${config.artifactName}\``;
  return `The full report is \`report.md\` in ${artifact}.`;
}

export async function publishToGitHub(
  report: DrillReport,
  paths: ReportPaths,
  config: DrillConfig,
  log: Logger,
): Promise<{ artifactId: number | null }> {
  const reportDir = path.dirname(paths.jsonPath);
  // Publish what was written: report.json went through the secret redactor, the object may not have.
  const written = await readFile(paths.jsonPath, 'utf8').then(
    (text) => JSON.parse(text) as DrillReport,
    () => report,
  );
  const artifactId =
    config.artifactName !== null && config.artifactName !== ''
      ? await uploadReportArtifact(reportDir, paths.files, config.artifactName, config.artifactRetentionDays, log)
      : null;

  for (const [name, value] of Object.entries(reportOutputs(written, paths, artifactId))) core.setOutput(name, value);

  if (config.jobSummary) {
    if (process.env['GITHUB_STEP_SUMMARY']) {
      try {
        // The file on disk, not a fresh rendering: it went through the secret redactor.
        const markdown = await readFile(paths.markdownPath, 'utf8');
        const { truncated } = await writeJobSummary(markdown, fullReportHint(written, paths, config, artifactId));
        if (truncated) log.warning('The report is over 1 MiB: the job summary shows the beginning of it.');
      } catch (error) {
        log.warning(`Writing the job summary failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    } else {
      log.debug('No GITHUB_STEP_SUMMARY: not a GitHub Actions job, no job summary written.');
    }
  }

  annotate(written);
  return { artifactId };
}
