// Writes report.json (+ .sig), report.md and the Prometheus textfile. Everything written passes
// through the secret redactor first, even though the phases already redact what they record.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DrillConfig } from '../config/config.js';
import type { SecretRegistry } from '../util/secrets.js';
import { renderMarkdown } from './markdown.js';
import { renderPrometheus, writeFileAtomically } from './prometheus.js';
import { signReport } from './signing.js';
import type { DrillReport } from './types.js';

export interface ReportPaths {
  jsonPath: string;
  markdownPath: string;
  signaturePath: string | null;
  prometheusPath: string | null;
}

export const REPORT_JSON = 'report.json';
export const REPORT_MARKDOWN = 'report.md';

/** The exact text of report.json: 2-space indentation, trailing newline, secrets masked. */
export function serializeReport(report: DrillReport, secrets: SecretRegistry): string {
  return secrets.redact(`${JSON.stringify(report, null, 2)}\n`);
}

export async function writeReportFiles(
  report: DrillReport,
  config: DrillConfig,
  secrets: SecretRegistry,
): Promise<ReportPaths> {
  const dir = path.resolve(config.reportDir);
  await mkdir(dir, { recursive: true });
  secrets.add(config.reportSigningKey);

  const jsonPath = path.join(dir, REPORT_JSON);
  const jsonBytes = Buffer.from(serializeReport(report, secrets), 'utf8');
  await writeFile(jsonPath, jsonBytes);

  const markdownPath = path.join(dir, REPORT_MARKDOWN);
  await writeFile(markdownPath, secrets.redact(renderMarkdown(report)), 'utf8');

  let signaturePath: string | null = null;
  if (config.reportSigningKey !== null) {
    signaturePath = `${jsonPath}.sig`;
    // Signed over the bytes on disk, so `verify-report` checks exactly what a reader gets.
    await writeFile(signaturePath, `${signReport(jsonBytes, config.reportSigningKey)}\n`, 'utf8');
  }

  let prometheusPath: string | null = null;
  if (config.prometheusTextfile !== null) {
    prometheusPath = path.resolve(config.prometheusTextfile);
    await writeFileAtomically(prometheusPath, secrets.redact(renderPrometheus(report)));
  }
  return { jsonPath, markdownPath, signaturePath, prometheusPath };
}
