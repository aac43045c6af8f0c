// Writes report.json, report.md, the Prometheus textfile and, with a signing key, report.json.sig
// (the signed manifest of every file written in the report folder). Everything written passes
// through the secret redactor first, even though the phases already redact what they record.
// Every file is written to a temporary name and renamed: a report file that is a symlink is
// replaced, never written through.
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { DrillConfig } from '../config/config.js';
import type { DrillReport } from '../model/types.js';
import { writeFileAtomically } from '../util/atomic-write.js';
import type { SecretRegistry } from '../util/secrets.js';
import { renderMarkdown } from './markdown.js';
import { renderPrometheus } from './prometheus.js';
import { insideReportDir, REPORT_JSON, REPORT_MARKDOWN } from './report-dir.js';
import { type ManifestEntry, SIGNATURE_FILE, sha256Of, signManifest } from './signing.js';

export interface ReportPaths {
  jsonPath: string;
  markdownPath: string;
  signaturePath: string | null;
  prometheusPath: string | null;
  /** Every file this run wrote inside the report folder (the artifact's content), signature included. */
  files: string[];
}

/** The name the engine uses for what writeReportFiles returns. */
export type WrittenReport = ReportPaths;

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
function serializeReport(report: DrillReport, secrets: SecretRegistry): string {
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
  // An earlier run's signature would vouch for files it never saw: gone before anything is written.
  const signaturePath = path.join(dir, SIGNATURE_FILE);
  await rm(signaturePath, { force: true });

  const manifest: ManifestEntry[] = [];
  const files: string[] = [];
  const write = async (target: string, bytes: Buffer) => {
    await writeFileAtomically(target, bytes);
    const name = insideReportDir(dir, target);
    if (name !== null) {
      manifest.push({ name, sha256: sha256Of(bytes) });
      files.push(target);
    }
  };

  const jsonPath = path.join(dir, REPORT_JSON);
  await write(jsonPath, Buffer.from(serializeReport(clean, secrets), 'utf8'));
  const markdownPath = path.join(dir, REPORT_MARKDOWN);
  await write(markdownPath, Buffer.from(secrets.redact(renderMarkdown(clean)), 'utf8'));

  let prometheusPath: string | null = null;
  if (config.prometheusTextfile !== null) {
    prometheusPath = path.resolve(config.prometheusTextfile);
    await write(prometheusPath, Buffer.from(secrets.redact(renderPrometheus(clean)), 'utf8'));
  }

  if (config.reportSigningKey === null) return { jsonPath, markdownPath, signaturePath: null, prometheusPath, files };
  // Signed over the bytes on disk, so `verify-report` checks exactly what a reader gets.
  await writeFileAtomically(signaturePath, signManifest(manifest, config.reportSigningKey));
  return { jsonPath, markdownPath, signaturePath, prometheusPath, files: [...files, signaturePath] };
}
