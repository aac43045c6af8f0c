// Temporary files of a drill (downloaded backups, the API's log, earlier reports) live in the
// runner's RUNNER_TEMP (the command line: the system temp folder), each in a folder of its own
// that is registered here, so every way out of the drill (finish, failure, cancellation)
// removes them all.
import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ownerTag, removeStaleTempDirs } from './stale-temp.js';

const made = new Set<string>();

/** Where the drill's temporary folders go. */
function tempRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.RUNNER_TEMP || os.tmpdir();
}

export interface TempDir {
  dir: string;
  /** Removes the folder now (safe to call twice). */
  dispose: () => Promise<void>;
}

export function makeTempDir(prefix: string, env: NodeJS.ProcessEnv = process.env): Promise<TempDir> {
  return makeTempDirIn(tempRoot(env), prefix);
}

async function makeTempDirIn(root: string, prefix: string): Promise<TempDir> {
  // Its maker in its name: a drill killed outright leaves it, and the next one removes it (stale-temp.ts).
  const dir = await mkdtemp(path.join(root, `pickdriver-vault-${prefix}-${ownerTag()}-`));
  made.add(dir);
  return {
    dir,
    dispose: async () => {
      await rm(dir, { recursive: true, force: true });
      made.delete(dir);
    },
  };
}

// A unix socket's path holds at most 107 bytes, and gpg puts its agent's sockets in its home
// ("S.gpg-agent.browser"): a home under a long RUNNER_TEMP (a self-hosted runner's _work/_temp, or
// a test's) leaves gpg with "No agent running". Such a folder goes to the first root short enough.
const SOCKET_PATH_MAX = 107;
const LONGEST_SOCKET = '/S.gpg-agent.browser';

/** A temporary folder whose path leaves room for a socket inside (gpg's home). */
export function makeSocketTempDir(prefix: string, env: NodeJS.ProcessEnv = process.env): Promise<TempDir> {
  const name = `pickdriver-vault-${prefix}-${ownerTag()}-XXXXXX`;
  const fits = (root: string) => root.length + 1 + name.length + LONGEST_SOCKET.length <= SOCKET_PATH_MAX;
  return makeTempDirIn([tempRoot(env), os.tmpdir()].find(fits) ?? '/tmp', prefix);
}

/** A file only this user may read, alone in a temporary folder of its own; `dispose` removes both. */
export async function writePrivateTempFile(
  prefix: string,
  name: string,
  text: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<TempDir & { file: string }> {
  const dir = await makeTempDir(prefix, env);
  const file = path.join(dir.dir, name);
  await writeFile(file, text, { mode: 0o600 });
  return { ...dir, file };
}

/** Removes every temporary folder still there. */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(
    [...made].map(async (dir) => {
      await rm(dir, { recursive: true, force: true }).catch(() => {});
      made.delete(dir);
    }),
  );
}

/** The same, synchronously: for the last moments of a cancelled process. */
export function removeTempDirsSync(): void {
  for (const dir of made) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Left for the runner's own cleanup of RUNNER_TEMP.
    }
    made.delete(dir);
  }
}

/** Removes what drills killed outright left in the temporary folder; returns what it removed. */
export async function removeLeftoverTempDirs(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  // gpg's homes may sit in the system temp folder (makeSocketTempDir), with the imported key.
  const roots = [...new Set([tempRoot(env), os.tmpdir()])];
  return (await Promise.all(roots.map((root) => removeStaleTempDirs(root)))).flat();
}
