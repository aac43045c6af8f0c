import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  summary
} from "./chunk-X36LIMJ5.js";

// src/report/artifact-upload.ts
async function uploadReportArtifact(dir, files, name, retentionDays, log) {
  if (!process.env["ACTIONS_RUNTIME_TOKEN"]) {
    log.warning(
      `artifact-name is '${name}' but this is not a GitHub Actions job (ACTIONS_RUNTIME_TOKEN is not set): nothing was uploaded; the report is in ${dir}`
    );
    return null;
  }
  try {
    const options = retentionDays !== null ? { retentionDays } : {};
    const { DefaultArtifactClient } = await import("./artifact-OCU6AEMU.js");
    const { id } = await new DefaultArtifactClient().uploadArtifact(name, [...files].sort(), dir, options);
    log.info(`Uploaded the report as artifact '${name}' (id ${id ?? "unknown"}).`);
    return id ?? null;
  } catch (error) {
    log.warning(
      `Uploading the report artifact '${name}' failed: ${error instanceof Error ? error.message : String(error)}. The report is in ${dir}.`
    );
    return null;
  }
}

// src/report/job-summary.ts
import { stat } from "node:fs/promises";
var SUMMARY_LIMIT_BYTES = 1048576;
function fitSummary(markdown, limitBytes, note) {
  if (Buffer.byteLength(markdown, "utf8") <= limitBytes) return { text: markdown, truncated: false };
  const lines = markdown.split("\n");
  const tail = (kept2) => {
    const fences = kept2.filter((l) => l.trimStart().startsWith("```")).length;
    const opened = kept2.filter((l) => l.includes("<details")).length - kept2.filter((l) => l.includes("</details>")).length;
    return `${fences % 2 === 1 ? "```\n" : ""}${"</details>\n".repeat(Math.max(0, opened))}
${note}
`;
  };
  const reserve = Buffer.byteLength(tail(["```", ...lines.filter((l) => l.includes("<details"))]), "utf8");
  const kept = [];
  let used = 0;
  for (const line of lines) {
    const size = Buffer.byteLength(line, "utf8") + 1;
    if (used + size + reserve > limitBytes) break;
    kept.push(line);
    used += size;
  }
  return { text: `${kept.join("\n")}
${tail(kept)}`, truncated: true };
}
async function writeJobSummary(markdown, fullReportHint) {
  const file = process.env["GITHUB_STEP_SUMMARY"];
  const already = file ? await stat(file).then(
    (s) => s.size,
    () => 0
  ) : 0;
  const note = `> [!NOTE]
> This summary was shortened to stay under GitHub's 1 MiB job summary limit. ${fullReportHint}`;
  const { text, truncated } = fitSummary(markdown, SUMMARY_LIMIT_BYTES - already, note);
  try {
    await summary.addRaw(text).write();
  } finally {
    summary.emptyBuffer();
  }
  return { truncated };
}

export {
  uploadReportArtifact,
  writeJobSummary
};
