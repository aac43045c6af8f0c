// What a workflow's commands can reach, through the real action bundles: post-restore-command and
// api-start-command get an allow-listed environment (never the inputs, the runner's files or its
// tokens), and the post step stops only the process group it started (pid and start time).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/demo/embedded-postgres.js';
import { ROOT, readCommandFile, runBundle, runnerFiles } from '../helpers/bundles.js';
import { createDrillWorld, type DrillWorld } from '../helpers/drill-world.js';

const SERVER = path.join(ROOT, 'test/api/fixtures/slow-ready-server.mjs');
const SECRETS = {
  token: 'internal-Tok3n-for-the-api',
  github: 'ghs_githubTokenValue123',
  aws: 'aws-Secret-Key-Value/123',
  runtime: 'actions-runtime-token-value',
  signing: 'signing-key-value-42',
};
const FORBIDDEN =
  /^(INPUT_|ACTIONS_|AWS_|GITHUB_TOKEN=|GITHUB_STATE=|GITHUB_OUTPUT=|GITHUB_ENV=|GITHUB_PATH=|GITHUB_STEP_SUMMARY=)/m;

function parseEnv(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('commands the drill runs', () => {
  let world: DrillWorld;
  beforeAll(async () => {
    world = await createDrillWorld({ api: false });
    await world.backup('custom', 'pickdriver.dump');
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  it('get only their allow-listed environment, cannot touch GITHUB_STATE, and the post step stops the API', async () => {
    const files = await runnerFiles();
    const port = await freePort();
    const postEnvFile = path.join(files.dir, 'post-env');
    const apiEnvFile = path.join(files.dir, 'api-env');
    // A hostile command: dumps its environment, tries to rewrite the post step's state and to add
    // a path and an environment variable for later steps.
    const hostile = (out: string) =>
      `env > ${out}; echo "api-pid=1" >> "$GITHUB_STATE"; echo "created-database=postgres" >> "$GITHUB_STATE"; ` +
      `echo "PATH=/tmp/evil" >> "$GITHUB_ENV"; echo "::save-state name=api-pid::1"; true`;
    const inputs = {
      'backup-source': world.dir,
      'backup-pattern': '*.dump',
      'database-url': world.adminUrl,
      'drill-database': world.drillDatabase,
      'post-restore-command': hostile(postEnvFile),
      'api-url': `http://127.0.0.1:${port}`,
      'internal-token': SECRETS.token,
      'api-start-command': `${hostile(apiEnvFile)}; PORT=${port} exec ${JSON.stringify(process.execPath)} ${JSON.stringify(SERVER)}`,
      'api-ready-timeout': '30s',
      'github-token': SECRETS.github,
      'report-signing-key': SECRETS.signing,
      baseline: 'none',
      'artifact-name': '',
      'fail-on': 'never',
      'report-dir': path.join(files.dir, 'report'),
    };
    const runnerEnv = {
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_STATE: files.state,
      GITHUB_ENV: files.env,
      GITHUB_PATH: path.join(files.dir, 'path'),
      GITHUB_TOKEN: SECRETS.github,
      ACTIONS_RUNTIME_TOKEN: SECRETS.runtime,
      AWS_SECRET_ACCESS_KEY: SECRETS.aws,
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      LC_ALL: 'C.UTF-8',
      TZ: 'UTC',
    };
    const main = await runBundle('dist/index.js', { inputs, env: runnerEnv });
    expect(main.code, main.stdout + main.stderr).toBe(0);

    for (const file of [postEnvFile, apiEnvFile]) {
      const text = await readFile(file, 'utf8');
      expect(text, file).not.toMatch(FORBIDDEN);
      for (const secret of [SECRETS.github, SECRETS.aws, SECRETS.runtime, SECRETS.signing]) {
        expect(text.includes(secret), `${secret} in ${file}`).toBe(false);
      }
      const env = parseEnv(text);
      expect(env).toMatchObject({ LC_ALL: 'C.UTF-8', TZ: 'UTC', PATH: process.env.PATH });
    }
    const postEnv = parseEnv(await readFile(postEnvFile, 'utf8'));
    expect(postEnv).toMatchObject({ DATABASE_NAME: world.drillDatabase, PGDATABASE: world.drillDatabase });
    expect(postEnv.DRILL_DATABASE_URL).toContain(`/${world.drillDatabase}`);
    expect(postEnv.INTERNAL_SERVICE_TOKEN).toBeUndefined();
    const apiEnv = parseEnv(await readFile(apiEnvFile, 'utf8'));
    expect(apiEnv).toMatchObject({ INTERNAL_SERVICE_TOKEN: SECRETS.token, DATABASE_NAME: world.drillDatabase });

    // The runner's files are as the action wrote them: nothing the commands echoed got in.
    expect(await readFile(files.env, 'utf8')).toBe('');
    const state = await readCommandFile(files.state);
    expect(state['created-database']).toBe(world.drillDatabase);
    const apiPid = Number(state['api-pid']);
    expect(apiPid).toBeGreaterThan(1);
    expect(state['api-start-time']).toMatch(/^\d+$/);
    expect(readFileSync(`/proc/${apiPid}/stat`, 'utf8').split(') ')[1]?.split(' ')[19]).toBe(state['api-start-time']);
    expect(main.stdout).not.toMatch(/^::save-state/m);
    expect(running(apiPid)).toBe(true);

    const stateEnv = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
    const post = await runBundle('dist/post/index.js', { inputs, env: { ...runnerEnv, ...stateEnv } });
    expect(post.code).toBe(0);
    expect(post.stdout).toContain(`pid ${apiPid}`);
    expect(running(apiPid)).toBe(false);
    expect(await world.databaseExists(world.drillDatabase)).toBe(false);
  }, 120_000);

  it('the post step leaves alone a process whose pid is in the state but whose start time is not', async () => {
    const other = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
    const pid = other.pid as number;
    try {
      const startTime = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[19] as string;
      const inputs = {
        'backup-source': world.dir,
        'database-url': world.adminUrl,
        'drill-database': world.drillDatabase,
      };
      const forged = await runBundle('dist/post/index.js', {
        inputs,
        env: { 'STATE_api-pid': String(pid), 'STATE_api-start-time': String(Number(startTime) - 1) },
      });
      expect(forged.code).toBe(0);
      expect(forged.stdout).toContain('has already stopped; nothing else is signalled');
      expect(running(pid)).toBe(true);
      // Without a start time nothing proves the group is the drill's either.
      await runBundle('dist/post/index.js', { inputs, env: { 'STATE_api-pid': String(pid) } });
      expect(running(pid)).toBe(true);
      // With the right one it is stopped: the check is what decides.
      await runBundle('dist/post/index.js', {
        inputs,
        env: { 'STATE_api-pid': String(pid), 'STATE_api-start-time': startTime },
      });
      expect(running(pid)).toBe(false);
    } finally {
      other.kill('SIGKILL');
    }
  }, 60_000);
});
