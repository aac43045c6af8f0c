// The report folder is uploaded as the workflow artifact, so it may hold only what the drill
// writes there. `report-dir: .` once uploaded the whole checkout, .git/config (with the checkout's
// auth header) included. Refused before any work: the workspace itself or a folder above it, and
// a folder holding anything but the files a drill writes (an earlier drill's own files are fine,
// so re-runs and a kept folder work). Only the files this run wrote are uploaded either way.
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, type DrillConfig } from '../config/config.js';
import { isAtomicTempName } from '../util/atomic-write.js';
import { sanitizeName } from '../util/sanitize.js';
import { SIGNATURE_FILE } from './signing.js';

export const REPORT_JSON = 'report.json';
export const REPORT_MARKDOWN = 'report.md';
/** The files a drill writes in report-dir, besides a prometheus-textfile placed inside it. */
const OWN_FILES = [REPORT_JSON, REPORT_MARKDOWN, SIGNATURE_FILE] as const;

/** prometheus-textfile relative to the report folder (`/`-separated), or null when it is outside. */
export function insideReportDir(dir: string, file: string | null): string | null {
  if (file === null) return null;
  const rel = path.relative(dir, path.resolve(file));
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return rel.split(path.sep).join('/');
}

function isSameOrAbove(dir: string, other: string): boolean {
  const rel = path.relative(dir, other);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Everything under `dir` that no drill with this configuration writes (at most `limit` names). */
async function foreignEntries(dir: string, prometheus: string | null, limit = 5): Promise<string[]> {
  const files = new Set<string>(OWN_FILES);
  const folders = new Set<string>();
  if (prometheus !== null) {
    files.add(prometheus);
    for (let d = path.posix.dirname(prometheus); d !== '.'; d = path.posix.dirname(d)) folders.add(d);
  }
  const found: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = (await readdir(path.join(dir, rel), { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    );
    for (const entry of entries) {
      if (found.length >= limit) return;
      const name = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory() && folders.has(name)) await walk(name);
      else if (entry.isFile() && (files.has(name) || [...files].some((f) => isAtomicTempName(name, f)))) continue;
      else found.push(entry.isDirectory() ? `${name}/` : name);
    }
  };
  await walk('');
  return found;
}

export async function checkReportDir(
  config: DrillConfig,
  env: NodeJS.ProcessEnv,
  cwd: string = process.cwd(),
): Promise<void> {
  const dir = path.resolve(config.reportDir);
  // Off GitHub, the folder the command runs in plays the workspace's part.
  const workspace = path.resolve(env.GITHUB_WORKSPACE || cwd);
  const advice = 'name a folder of its own, such as pickdriver-vault-report';
  if (isSameOrAbove(dir, workspace)) {
    throw new ConfigError([
      `report-dir: ${dir} is the workspace (${env.GITHUB_WORKSPACE ? 'GITHUB_WORKSPACE' : 'the current folder'}) or a folder above it; the report folder is uploaded as the artifact and must hold only the drill's files: ${advice}`,
    ]);
  }
  const stats = await lstat(dir).catch(() => null);
  if (stats === null) return;
  if (!stats.isDirectory()) throw new ConfigError([`report-dir: ${dir} exists and is not a folder; ${advice}`]);
  const foreign = await foreignEntries(dir, insideReportDir(dir, config.prometheusTextfile));
  if (foreign.length > 0) {
    throw new ConfigError([
      `report-dir: ${dir} holds files the drill did not write (${foreign.map(sanitizeName).join(', ')}${foreign.length >= 5 ? ', …' : ''}); the report folder is uploaded as the artifact and may hold only ${OWN_FILES.join(', ')}${config.prometheusTextfile ? ' and prometheus-textfile' : ''}: empty it or ${advice}`,
    ]);
  }
}
