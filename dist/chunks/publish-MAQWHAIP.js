import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  uploadReportArtifact,
  writeJobSummary
} from "./chunk-SEHZSHG7.js";
import {
  error,
  setOutput,
  warning
} from "./chunk-X36LIMJ5.js";
import "./chunk-TZ6PIJFA.js";

// src/report/publish.ts
import { readFile } from "node:fs/promises";
import path from "node:path";
function text(value) {
  return value === null || value === void 0 ? "" : String(value);
}
function reportOutputs(report, paths, artifactId = null) {
  const durationMs = report.restore?.durationMs ?? null;
  return {
    result: report.result,
    "report-json": paths.jsonPath,
    "report-markdown": paths.markdownPath,
    "backup-id": text(report.backup.id),
    "backup-sha256": text(report.backup.sha256),
    "backup-age-seconds": text(report.backup.ageSeconds === null ? null : Math.round(report.backup.ageSeconds)),
    // Seconds with millisecond precision, as a plain decimal (no exponent) for shell arithmetic.
    "restore-seconds": durationMs === null ? "" : (durationMs / 1e3).toFixed(3),
    "schema-version": text(report.database?.schemaVersion),
    regressions: String(report.regressions.length),
    "artifact-id": text(artifactId)
  };
}
function annotate(report) {
  for (const c of report.checks) {
    if (c.status === "fail") error(c.summary, { title: c.id });
    else if (c.status === "warn") warning(c.summary, { title: c.id });
  }
  for (const r of report.regressions) warning(r.message, { title: `${r.checkId} regression` });
}
function fullReportHint(report, paths, config, artifactId) {
  if (artifactId === null) return `The full report is \`${paths.markdownPath}\` on the runner.`;
  const artifact = report.run.runUrl !== null ? `[the artifact \`${config.artifactName}\`](${report.run.runUrl}/artifacts/${artifactId})` : `the artifact \`${config.artifactName}\``;
  return `The full report is \`report.md\` in ${artifact}.`;
}
async function publishToGitHub(report, paths, config, log) {
  const reportDir = path.dirname(paths.jsonPath);
  const written = await readFile(paths.jsonPath, "utf8").then(
    (text2) => JSON.parse(text2),
    () => report
  );
  const artifactId = config.artifactName !== null && config.artifactName !== "" ? await uploadReportArtifact(reportDir, paths.files, config.artifactName, config.artifactRetentionDays, log) : null;
  for (const [name, value] of Object.entries(reportOutputs(written, paths, artifactId))) setOutput(name, value);
  if (config.jobSummary) {
    if (process.env["GITHUB_STEP_SUMMARY"]) {
      try {
        const markdown = await readFile(paths.markdownPath, "utf8");
        const { truncated } = await writeJobSummary(markdown, fullReportHint(written, paths, config, artifactId));
        if (truncated) log.warning("The report is over 1 MiB: the job summary shows the beginning of it.");
      } catch (error2) {
        log.warning(`Writing the job summary failed: ${error2 instanceof Error ? error2.message : String(error2)}`);
      }
    } else {
      log.debug("No GITHUB_STEP_SUMMARY: not a GitHub Actions job, no job summary written.");
    }
  }
  annotate(written);
  return { artifactId };
}
export {
  publishToGitHub,
  reportOutputs
};
