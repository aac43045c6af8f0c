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

/** The name the engine uses for what writeReportFiles returns. */
export type WrittenReport = ReportPaths;

export const REPORT_JSON = 'report.json';
export const REPORT_MARKDOWN = 'report.md';

/** A copy with every string (keys included) redacted: catches secrets that JSON or Markdown escaping would disguise. */
export function redactDeep<T>(value: T, secrets: SecretRegistry): T {
  if (typeof value === 'string') return secrets.redact(value) as T;
  // Dates and the like: redact what JSON.stringify would write for them.
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return redactDeep((value as unknown as { toJSON: () => unknown }).toJSON(), secrets) as T;
  }
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [secrets.redact(k), redactDeep(v, secrets)])) as T;
  }
  return value;
}

/** The exact text of report.json: 2-space indentation, trailing newline, secrets masked. */
export function serializeReport(report: DrillReport, secrets: SecretRegistry): string {
  return secrets.redact(`${JSON.stringify(redactDeep(report, secrets), null, 2)}\n`);
}

export async function writeReportFiles(
  report: DrillReport,
  config: DrillConfig,
  secrets: SecretRegistry,
): Promise<ReportPaths> {
  const dir = path.resolve(config.reportDir);
  await mkdir(dir, { recursive: true });
  secrets.add(config.reportSigningKey);
  const clean = redactDeep(report, secrets);

  const jsonPath = path.join(dir, REPORT_JSON);
  const jsonBytes = Buffer.from(serializeReport(clean, secrets), 'utf8');
  await writeFile(jsonPath, jsonBytes);

  const markdownPath = path.join(dir, REPORT_MARKDOWN);
  await writeFile(markdownPath, secrets.redact(renderMarkdown(clean)), 'utf8');

  let signaturePath: string | null = null;
  if (config.reportSigningKey !== null) {
    signaturePath = `${jsonPath}.sig`;
    // Signed over the bytes on disk, so `verify-report` checks exactly what a reader gets.
    await writeFile(signaturePath, `${signReport(jsonBytes, config.reportSigningKey)}\n`, 'utf8');
  }

  let prometheusPath: string | null = null;
  if (config.prometheusTextfile !== null) {
    prometheusPath = path.resolve(config.prometheusTextfile);
    await writeFileAtomically(prometheusPath, secrets.redact(renderPrometheus(clean)));
  }
  return { jsonPath, markdownPath, signaturePath, prometheusPath };
}
