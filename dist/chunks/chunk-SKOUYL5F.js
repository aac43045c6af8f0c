import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  REPORT_VERSION
} from "./chunk-ERDHK7FH.js";

// src/compare/report-file.ts
import { readFile } from "node:fs/promises";
var KNOWN_REPORT_VERSIONS = [REPORT_VERSION];
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function parseReport(text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, kind: "not-a-report", reason: `not valid JSON (${error.message})` };
  }
  if (!isObject(data) || !("reportVersion" in data)) {
    return { ok: false, kind: "not-a-report", reason: "no reportVersion: not a drill report" };
  }
  if (typeof data.reportVersion !== "number" || !KNOWN_REPORT_VERSIONS.includes(data.reportVersion)) {
    return {
      ok: false,
      kind: "unknown-version",
      reason: `reportVersion ${JSON.stringify(data.reportVersion)} is unknown to this version of the action (it reads ${KNOWN_REPORT_VERSIONS.join(", ")})`
    };
  }
  const run = data.run;
  if (!isObject(run) || typeof run.startedAt !== "string" || !Array.isArray(data.checks) || !isObject(data.backup)) {
    return { ok: false, kind: "not-a-report", reason: "run.startedAt, checks or backup missing: not a drill report" };
  }
  if (typeof data.drillName !== "string") data.drillName = null;
  return { ok: true, report: data };
}
async function readReportFile(file) {
  return parseReport(await readFile(file, "utf8"));
}
function newestFirst(reports) {
  return [...reports].sort((a, b) => Date.parse(b.run.startedAt) - Date.parse(a.run.startedAt));
}
function toBaselineRun(report, source) {
  return {
    runId: report.run.runId,
    runUrl: report.run.runUrl,
    startedAt: report.run.startedAt,
    result: report.result,
    restoreDurationMs: report.restore?.durationMs ?? null,
    totalCriticalRows: report.database?.totalCriticalRows ?? null,
    backupSizeBytes: report.backup.sizeBytes ?? null,
    ledgerSize: report.database?.ledgerSize ?? null,
    schemaVersion: report.database?.schemaVersion ?? null,
    criticalTableRows: criticalTableRows(report),
    source
  };
}
function criticalTableRows(report) {
  const tables = report.database?.criticalTables ?? null;
  if (tables === null) return null;
  const rows = {};
  for (const t of tables) if (t.present && typeof t.rows === "number") rows[t.name] = t.rows;
  return rows;
}

export {
  readReportFile,
  newestFirst,
  toBaselineRun
};
