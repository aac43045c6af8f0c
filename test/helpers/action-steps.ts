// The action's main step as the runner runs it (inputs, GITHUB_* command files), and its post step
// with the state the main step saved, as a job does.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readCommandFile, runBundle, runnerFiles } from './bundles.js';

export async function actionSteps<R>(inputs: Record<string, string>, runId = '5151') {
  const files = await runnerFiles();
  const allInputs = { baseline: 'none', 'report-dir': path.join(files.dir, 'report'), ...inputs };
  const env = {
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_STATE: files.state,
    GITHUB_REPOSITORY: 'pickdriver/api',
    GITHUB_RUN_ID: runId,
    GITHUB_SERVER_URL: 'https://github.com',
  };
  const run = await runBundle('dist/index.js', { inputs: allInputs, env });
  const state = await readCommandFile(files.state);
  const reportFile = path.join(allInputs['report-dir'], 'report.json');
  const report = existsSync(reportFile) ? (JSON.parse(await readFile(reportFile, 'utf8')) as R) : null;
  const summary = await readFile(files.summary, 'utf8');
  /**
   * The post step; `patch` changes the saved state first, as a hostile command could, and
   * `inputPatch` the inputs (the runner evaluates a post step's inputs again).
   */
  const post = (patch: Record<string, string> = {}, inputPatch: Record<string, string> = {}) => {
    const stateEnv = Object.fromEntries(Object.entries({ ...state, ...patch }).map(([k, v]) => [`STATE_${k}`, v]));
    return runBundle('dist/post/index.js', { inputs: { ...allInputs, ...inputPatch }, env: { ...env, ...stateEnv } });
  };
  return { run, state, report, summary, files, post };
}
