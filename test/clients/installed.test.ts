// Which client folders the drill asks for their versions: Debian's pg_wrapper (what /usr/bin/pg_restore
// is on Debian and Ubuntu, GitHub's runners included) is not run, since it only runs one of the
// /usr/lib/postgresql/<major>/bin folders listed anyway; any other pg_restore on PATH is.
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedClients } from '../../src/clients/installed.js';

let dir = '';

async function script(file: string, version: string, marker: string): Promise<void> {
  await writeFile(file, `#!/bin/sh\ntouch ${marker}\necho "pg_restore (PostgreSQL) ${version}"\n`);
  await chmod(file, 0o755);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pdv-installed-'));
  for (const sub of ['common', 'wrapped-bin', 'plain-bin']) await mkdir(path.join(dir, sub));
  await script(path.join(dir, 'common', 'pg_wrapper'), '99.1', path.join(dir, 'wrapper-ran'));
  await symlink(path.join(dir, 'common', 'pg_wrapper'), path.join(dir, 'wrapped-bin', 'pg_restore'));
  await script(path.join(dir, 'plain-bin', 'pg_restore'), '98.1', path.join(dir, 'plain-ran'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('installedClients', () => {
  it("does not run Debian's pg_wrapper, and runs any other pg_restore on PATH", async () => {
    const PATH = [path.join(dir, 'wrapped-bin'), path.join(dir, 'plain-bin')].join(path.delimiter);
    const clients = await installedClients(null, { PATH });
    expect(clients.map((c) => c.version)).toContain('98.1');
    expect(clients.map((c) => c.version)).not.toContain('99.1');
    expect(existsSync(path.join(dir, 'plain-ran'))).toBe(true);
    expect(existsSync(path.join(dir, 'wrapper-ran'))).toBe(false);
  });
});
