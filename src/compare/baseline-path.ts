// `baseline: <path>`: one report.json, or a folder of reports of which the newest (by the time the
// drill started) form the baseline. A path that does not exist is a configuration error: the user
// asked for a comparison we cannot make, and silently comparing with nothing would hide it.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../config/config.js';
import type { DrillContext } from '../model/context.js';
import type { BaselineInfo, DrillReport, RunInfo } from '../model/types.js';
import { newestFirst, readReportFile, toBaselineRun } from './report-file.js';

// Folders of reports are usually one sub-folder per run (reports/<run>/report.json); deeper is noise.
const MAX_DEPTH = 3;

async function jsonFilesUnder(dir: string, depth = 0): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && depth < MAX_DEPTH) files.push(...(await jsonFilesUnder(full, depth + 1)));
    else if (entry.isFile() && entry.name.endsWith('.json')) files.push(full);
  }
  return files;
}

export async function loadPathBaseline(
  ctx: DrillContext,
  input: string,
  current: { run: RunInfo },
): Promise<{ info: BaselineInfo; reports: DrillReport[] }> {
  const resolved = path.resolve(input);
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(resolved)).isDirectory();
  } catch {
    throw new ConfigError([
      `baseline: '${input}' does not exist (expected auto, none, a report.json or a folder of reports)`,
    ]);
  }
  const notes: string[] = [];
  const found: { report: DrillReport; file: string }[] = [];
  const files = isDirectory ? await jsonFilesUnder(resolved) : [resolved];
  for (const file of files) {
    const parsed = await readReportFile(file);
    if (parsed.ok) {
      found.push({ report: parsed.report, file });
    } else if (parsed.kind === 'unknown-version') {
      const message = `baseline: skipped ${file}: ${parsed.reason}`;
      ctx.log.warning(message);
      notes.push(message);
    } else if (!isDirectory) {
      throw new ConfigError([`baseline: '${input}' is not a drill report: ${parsed.reason}`]);
    } else {
      ctx.log.debug(`baseline: ignored ${file}: ${parsed.reason}`);
    }
  }
  // A report of this very run (a re-run writing into the same folder) is no earlier drill.
  const thisRun = found.filter((f) => current.run.runId === null || f.report.run.runId !== current.run.runId);
  // A folder may hold the reports of every leg of a matrix: only this drill's are its baseline.
  const earlier = isDirectory ? thisRun.filter((f) => f.report.drillName === ctx.config.drillName) : thisRun;
  if (earlier.length < thisRun.length) {
    notes.push(
      `${thisRun.length - earlier.length} report(s) in ${input} of other drills (drill-name ${ctx.config.drillName === null ? 'unset' : `'${ctx.config.drillName}'`}) left out`,
    );
  }
  const byFile = new Map(earlier.map((f) => [f.report, f.file]));
  const reports = newestFirst(earlier.map((f) => f.report)).slice(0, ctx.config.baselineWindow);
  if (reports.length === 0) {
    notes.push(`no earlier drill report found in ${input}`);
  } else if (earlier.length > reports.length) {
    notes.push(`the ${reports.length} newest of ${earlier.length} reports in ${input} (baseline-window)`);
  }
  return {
    info: {
      kind: 'path',
      source: input,
      runs: reports.map((r) => toBaselineRun(r, path.relative(process.cwd(), byFile.get(r) ?? '') || input)),
      notes,
    },
    reports,
  };
}
