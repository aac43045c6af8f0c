// Where the legs' reports come from: paths (report.json files, or folders holding them, such as
// the folders actions/download-artifact makes), or the artifacts of this workflow run whose
// names match a pattern. A report that cannot be read is a note, never the end of the merge:
// the other legs still get their verdict.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { type ParsedReport, readReportFile } from '../compare/report-file.js';
import type { DrillReport } from '../model/types.js';
import { verifyReportFile } from '../report/verify-command.js';
import { matchesGlob } from '../source/glob.js';
import type { Logger } from '../util/logger.js';
import { makeTempDir } from '../util/temp-files.js';
import type { LegReport } from './fleet-report.js';

export class MergeInputError extends Error {
  override name = 'MergeInputError';
}

const MAX_DEPTH = 4;

async function reportFilesUnder(dir: string, depth = 0): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, e.name);
    if (e.isFile() && e.name === 'report.json') out.push(full);
    else if (e.isDirectory() && depth < MAX_DEPTH) out.push(...(await reportFilesUnder(full, depth + 1)));
  }
  return out;
}

/** A leg whose report could not be read: judged failed by the merge, never dropped. */
function unreadable(source: string, fallbackName: string, artifact: LegReport['artifact']): LegReport {
  return { report: {} as DrillReport, source, fallbackName, artifact };
}

/**
 * With report-signing-key: why the leg's report folder does not carry a valid signature of its
 * files (no report.json.sig, another key, a file changed, added or removed), or null when it
 * does. Paths are named from the leg's `source`, not the temporary folder it was read from.
 */
async function signatureProblem(file: string, source: string, key: string | null): Promise<string | null> {
  if (key === null) return null;
  const dir = path.dirname(file);
  const verified = await verifyReportFile(file, key).catch((error: Error) => ({ ok: false, message: error.message }));
  if (verified.ok) return null;
  const message = verified.message.split(dir).join(source === file ? dir : source);
  return `fails its signature check (report-signing-key): ${message}`;
}

/** The leg's name when its report carries none: the folder holding report.json, else the file's name. */
function nameFromPath(file: string): string {
  const base = path.basename(file);
  return base === 'report.json' ? path.basename(path.dirname(path.resolve(file))) : base.replace(/\.json$/i, '');
}

export async function legsFromPaths(inputs: string[], notes: string[], key: string | null): Promise<LegReport[]> {
  const legs: LegReport[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch(() => null);
    if (info === null)
      throw new MergeInputError(`'${input}' does not exist (expected a report.json or a folder of reports)`);
    const files = info.isDirectory() ? await reportFilesUnder(input) : [input];
    if (info.isDirectory() && files.length === 0) notes.push(`no report.json under ${input}`);
    for (const file of files) {
      const parsed = await readReportFile(file).catch(
        (error: Error): ParsedReport => ({ ok: false, kind: 'not-a-report', reason: error.message }),
      );
      if (!parsed.ok) {
        // A leg whose report cannot be read is a failed leg, named with the reason; the others go on.
        legs.push({
          ...unreadable(file, nameFromPath(file), null),
          problem: `is not a drill report: ${parsed.reason}`,
        });
        continue;
      }
      const forged = await signatureProblem(file, file, key);
      if (forged !== null) {
        legs.push({ ...unreadable(file, nameFromPath(file), null), problem: forged });
        continue;
      }
      legs.push({ report: parsed.report, source: file, fallbackName: nameFromPath(file), artifact: null });
    }
  }
  return legs;
}

/**
 * This run's artifacts whose names match `pattern`, downloaded one by one into a temporary
 * folder that is removed again. Needs the runner's ACTIONS_RUNTIME_TOKEN (every job has it).
 */
export async function legsFromArtifacts(
  pattern: string,
  runUrl: string | null,
  log: Logger,
  notes: string[],
  key: string | null,
): Promise<LegReport[]> {
  if (!process.env['ACTIONS_RUNTIME_TOKEN']) {
    throw new MergeInputError(
      'reading the legs from artifacts needs a GitHub Actions job (ACTIONS_RUNTIME_TOKEN is not set); pass report paths instead',
    );
  }
  const { DefaultArtifactClient } = await import('@actions/artifact');
  const client = new DefaultArtifactClient();
  // latest: a re-run leg uploads again under the same name; its newest upload is the leg's report.
  const { artifacts } = await client.listArtifacts({ latest: true });
  const matching = artifacts.filter((a) => matchesGlob(a.name, pattern)).sort((a, b) => a.name.localeCompare(b.name));
  log.info(`${matching.length} of this run's ${artifacts.length} artifact(s) match '${pattern}'.`);
  if (matching.length === 0) notes.push(`no artifact of this run matches '${pattern}'`);
  const temp = await makeTempDir('merge');
  const tmp = temp.dir;
  const legs: LegReport[] = [];
  try {
    for (const artifact of matching) {
      const dir = path.join(tmp, String(artifact.id));
      try {
        await client.downloadArtifact(artifact.id, { path: dir });
      } catch (error) {
        const message = `artifact ${artifact.name}: download failed (${error instanceof Error ? error.message : String(error)}), left out`;
        log.warning(message);
        notes.push(message);
        continue;
      }
      const [file, ...more] = await reportFilesUnder(dir);
      if (file === undefined) {
        notes.push(`artifact ${artifact.name} holds no report.json, left out`);
        continue;
      }
      if (more.length > 0)
        notes.push(`artifact ${artifact.name} holds ${more.length + 1} report.json files; the first was read`);
      const parsed = await readReportFile(file).catch(
        (error: Error): ParsedReport => ({ ok: false, kind: 'not-a-report', reason: error.message }),
      );
      if (!parsed.ok) {
        legs.push({
          ...unreadable(`artifact ${artifact.name}`, artifact.name, null),
          problem: `is not a drill report: ${parsed.reason}`,
        });
        continue;
      }
      const forged = await signatureProblem(file, `artifact ${artifact.name}`, key);
      if (forged !== null) {
        legs.push({ ...unreadable(`artifact ${artifact.name}`, artifact.name, null), problem: forged });
        continue;
      }
      legs.push({
        report: parsed.report,
        source: `artifact ${artifact.name}`,
        fallbackName: artifact.name,
        artifact: {
          name: artifact.name,
          id: artifact.id,
          url: runUrl === null ? null : `${runUrl}/artifacts/${artifact.id}`,
        },
      });
    }
  } finally {
    await temp.dispose();
  }
  return legs;
}
