// pg-client-install: the decision and the exact commands, with stand-in sudo, install and apt-get
// programs first on PATH (the real install runs in the GitHub workflow's version matrix).
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubHostedUbuntu, installCommands, PGDG_LIST_PATH, sourcesLine } from '../../src/clients/apt-install.js';
import { PGDG_KEY_PATH } from '../../src/clients/pgdg-key.js';
import { NoClientError, resolveClient } from '../../src/clients/resolve.js';
import type { DrillConfig } from '../../src/config/config.js';
import type { DrillContext } from '../../src/model/context.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { SecretRegistry } from '../../src/util/secrets.js';
import { clientBinDir } from '../helpers/pg-servers.js';

const RUNNER = { GITHUB_ACTIONS: 'true', RUNNER_ENVIRONMENT: 'github-hosted', RUNNER_OS: 'Linux', ImageOS: 'ubuntu24' };
let dir = '';
let standins = '';
let log = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pdv-apt-'));
  standins = path.join(dir, 'bin');
  log = path.join(dir, 'commands.log');
  await mkdir(standins);
  const client17 = await clientBinDir(17);
  const script = (body: string) => `#!/bin/sh\necho "$(basename "$0") $*" >> ${log}\n${body}\n`;
  // apt-get install postgresql-client-17 "installs" the client: wrappers in this folder, on PATH.
  const wrappers = ['pg_restore', 'psql', 'pg_dump']
    .map((t) => `printf '#!/bin/sh\\nexec ${client17}/${t} "$@"\\n' > ${standins}/${t}; chmod +x ${standins}/${t}`)
    .join('\n');
  const files: Record<string, string> = {
    sudo: script('[ "$1" = -n ] && shift\nexec "$@"'),
    install: script('exit 0'),
    'apt-get': script(`case "$*" in *"install"*postgresql-client-17*) ${wrappers.replace(/\n/g, '; ')};; esac\nexit 0`),
  };
  for (const [name, body] of Object.entries(files)) {
    await writeFile(path.join(standins, name), body);
    await chmod(path.join(standins, name), 0o755);
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function context(env: Record<string, string>, config: Partial<DrillConfig> = {}) {
  const logger = new MemoryLogger();
  const ctx = {
    config: { pgBinDir: null, pgClientInstall: 'auto', ...config } as DrillConfig,
    log: logger,
    secrets: new SecretRegistry(),
    env: { PATH: `${standins}:/usr/bin:/bin`, RUNNER_TEMP: dir, ...env },
  } as DrillContext;
  return { ctx, logger };
}

describe('pg-client-install', () => {
  it('knows a GitHub-hosted Ubuntu runner by its variables, and nothing else', () => {
    expect(githubHostedUbuntu(RUNNER)).toBe('noble');
    expect(githubHostedUbuntu({ ...RUNNER, ImageOS: 'ubuntu22' })).toBe('jammy');
    expect(githubHostedUbuntu({ ...RUNNER, RUNNER_ENVIRONMENT: 'self-hosted' })).toBeNull();
    expect(githubHostedUbuntu({ ...RUNNER, RUNNER_OS: 'macOS', ImageOS: 'macos14' })).toBeNull();
    expect(githubHostedUbuntu({})).toBeNull();
  });

  it('runs these commands, with sudo -n unless root', () => {
    const asUser = installCommands(17, { key: '/tmp/k.asc', list: '/tmp/pgdg.list' }, false);
    expect(asUser.map((c) => [c.command, ...c.args].join(' '))).toEqual([
      `sudo -n install -D -m 0644 /tmp/k.asc ${PGDG_KEY_PATH}`,
      `sudo -n install -D -m 0644 /tmp/pgdg.list ${PGDG_LIST_PATH}`,
      `sudo -n apt-get update -qq -o Dir::Etc::sourcelist=${PGDG_LIST_PATH} -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0`,
      'sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-client-17',
    ]);
    const asRoot = installCommands(18, { key: null, list: '/tmp/pgdg.list' }, true);
    expect(asRoot[0]?.command).toBe('install');
    expect(asRoot).toHaveLength(3);
    expect(sourcesLine('noble')).toBe(
      `deb [signed-by=${PGDG_KEY_PATH}] https://apt.postgresql.org/pub/repos/apt noble-pgdg main\n`,
    );
  });

  it('installs the needed client on a GitHub-hosted Ubuntu runner, adds it to PATH for later steps and says so', async () => {
    await writeFile(log, '');
    const githubPath = path.join(dir, 'github_path');
    await writeFile(githubPath, '');
    const { ctx, logger } = context({ ...RUNNER, GITHUB_PATH: githubPath });
    const chosen = await resolveClient(ctx, { tool: 'pg_restore', minMajor: 17, serverMajor: 17 });
    expect(chosen.reason).toBe('installed');
    expect(chosen.client.major).toBe(17);
    const ran = (await readFile(log, 'utf8')).trim().split('\n');
    expect(ran[0]).toMatch(new RegExp(`^install -D -m 0644 \\S+/pgdg.list ${PGDG_LIST_PATH}$`));
    expect(ran[1]).toBe(
      `apt-get update -qq -o Dir::Etc::sourcelist=${PGDG_LIST_PATH} -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0`,
    );
    expect(ran[2]).toBe('apt-get install -y -qq --no-install-recommends postgresql-client-17');
    expect(await readFile(githubPath, 'utf8')).toBe(`${chosen.client.dir}\n`);
    expect(logger.lines.join('\n')).toMatch(/pg-client-install: .*installing postgresql-client-17/);
    // Asked again, the drill finds it installed and does not install it twice.
    await writeFile(log, '');
    const again = await resolveClient(ctx, { tool: 'pg_restore', minMajor: 17, serverMajor: 17 });
    expect(again.reason).toBe('installed');
    expect(await readFile(log, 'utf8')).toBe('');
    await rm(path.join(standins, 'pg_restore'));
  });

  it('prints the remedy instead with pg-client-install: never, or off a GitHub-hosted runner', async () => {
    await writeFile(log, '');
    const never = context(RUNNER, { pgClientInstall: 'never' }).ctx;
    const refusal = await resolveClient(never, { tool: 'pg_restore', minMajor: 19, serverMajor: 19 }).catch((e) => e);
    expect(refusal).toBeInstanceOf(NoClientError);
    expect(refusal.message).toMatch(
      /no installed pg_restore reads this backup \(19 or newer\).*set pg-client-install: auto, which installs postgresql-client-19 on this runner/,
    );
    const laptop = context({}).ctx;
    const here = await resolveClient(laptop, { tool: 'pg_restore', minMajor: 19, serverMajor: 19 }).catch((e) => e);
    expect(here.message).toMatch(/install postgresql-client-19 from the PostgreSQL apt repository/);
    const chosen = context(RUNNER, { pgBinDir: '/nowhere' }).ctx;
    const bin = await resolveClient(chosen, { tool: 'pg_restore', minMajor: 17, serverMajor: 17 }).catch((e) => e);
    expect(bin.message).toMatch(/set pg-bin-dir to the bin folder of a PostgreSQL 17 client/);
    expect(await readFile(log, 'utf8')).toBe('');
  });
});
