// pg-client-install: auto on a GitHub-hosted Ubuntu runner: the client of the needed major from
// the PostgreSQL project's apt repository (apt.postgresql.org), its signing key checked against
// the fingerprint pinned here before apt may use it. Elsewhere the drill prints the remedy instead.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { childEnv } from '../util/child-env.js';
import type { Logger } from '../util/logger.js';
import { writePrivateTempFile } from '../util/temp-files.js';
import { assertPgdgKey, PGDG_KEY_PATH, PGDG_KEY_URL } from './pgdg-key.js';

export const PGDG_LIST_PATH = '/etc/apt/sources.list.d/pgdg.list';
const COMMAND_DEADLINE_MS = 5 * 60_000;
const KEY_DEADLINE_MS = 30_000;

/** Ubuntu releases of GitHub's runner images (the ImageOS variable) and their code names. */
const IMAGE_CODENAMES: Record<string, string> = { ubuntu20: 'focal', ubuntu22: 'jammy', ubuntu24: 'noble' };

/** The Ubuntu code name when this is a GitHub-hosted Ubuntu runner, else null. */
export function githubHostedUbuntu(env: NodeJS.ProcessEnv): string | null {
  if (env.GITHUB_ACTIONS !== 'true' || env.RUNNER_ENVIRONMENT !== 'github-hosted' || env.RUNNER_OS !== 'Linux') {
    return null;
  }
  return IMAGE_CODENAMES[env.ImageOS ?? ''] ?? null;
}

interface Command {
  command: string;
  args: string[];
}

/** The commands that install postgresql-client-<major>, in order (`sudo -n` unless root). */
export function installCommands(
  major: number,
  files: { key: string | null; list: string },
  asRoot: boolean,
): Command[] {
  const sudo = (command: string, args: string[]): Command =>
    asRoot ? { command, args } : { command: 'sudo', args: ['-n', command, ...args] };
  return [
    ...(files.key ? [sudo('install', ['-D', '-m', '0644', files.key, PGDG_KEY_PATH])] : []),
    sudo('install', ['-D', '-m', '0644', files.list, PGDG_LIST_PATH]),
    // Only the PostgreSQL list is read again: the runner's other lists need no update for this.
    sudo('apt-get', [
      'update',
      '-qq',
      '-o',
      `Dir::Etc::sourcelist=${PGDG_LIST_PATH}`,
      '-o',
      'Dir::Etc::sourceparts=-',
      '-o',
      'APT::Get::List-Cleanup=0',
    ]),
    sudo('env', [
      'DEBIAN_FRONTEND=noninteractive',
      'apt-get',
      'install',
      '-y',
      '-qq',
      '--no-install-recommends',
      `postgresql-client-${major}`,
    ]),
  ];
}

export function sourcesLine(codename: string): string {
  return `deb [signed-by=${PGDG_KEY_PATH}] https://apt.postgresql.org/pub/repos/apt ${codename}-pgdg main\n`;
}

/** The key from postgresql-common's copy when it is the pinned one, else downloaded and checked. */
async function pgdgKey(): Promise<{ text: string; present: boolean }> {
  const local = await readFile(PGDG_KEY_PATH, 'utf8').catch(() => null);
  if (local !== null) {
    try {
      assertPgdgKey(local, PGDG_KEY_PATH);
      return { text: local, present: true };
    } catch {
      // replaced below by the checked download
    }
  }
  const response = await fetch(PGDG_KEY_URL, { signal: AbortSignal.timeout(KEY_DEADLINE_MS) });
  if (!response.ok) throw new Error(`${PGDG_KEY_URL} answered ${response.status}`);
  const text = await response.text();
  assertPgdgKey(text, PGDG_KEY_URL);
  return { text, present: false };
}

function run(command: Command, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command.command, command.args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (d: Buffer) => {
      output = (output + d.toString()).slice(-2000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_DEADLINE_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`${command.command} could not run: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `${[command.command, ...command.args].join(' ')} failed (${signal ?? `exit ${code}`}): ${output.trim()}`,
          ),
        );
    });
  });
}

/** Installs postgresql-client-<major>; throws with what failed. */
export async function aptInstallClient(
  major: number,
  codename: string,
  env: NodeJS.ProcessEnv,
  log: Logger,
): Promise<void> {
  const key = await pgdgKey();
  const keyFile = key.present ? null : await writePrivateTempFile('pgdg', 'pgdg.asc', key.text, env);
  const listFile = await writePrivateTempFile('pgdg', 'pgdg.list', sourcesLine(codename), env);
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const commands = installCommands(major, { key: keyFile?.file ?? null, list: listFile.file }, asRoot);
  const childEnvironment = childEnv(env);
  try {
    for (const command of commands) {
      log.info(`pg-client-install: ${[command.command, ...command.args].join(' ')}`);
      await run(command, childEnvironment);
    }
  } finally {
    await Promise.all([keyFile?.dispose(), listFile.dispose()]);
  }
}
