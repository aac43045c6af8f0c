// The PostgreSQL client tools of other majors for tests (/work/shared/pg-clients, or the folder
// PICKDRIVER_VAULT_PG_CLIENTS names; its README says where each came from). The folder is
// read-only and some of its library links arrive as small text files naming their target
// (`libpq.so.5` holding `libpq.so.5.17`), which the loader rejects ("file too short"): a major is
// copied once into the temp folder with those links made real, and run from there.
import { existsSync } from 'node:fs';
import { chmod, cp, lstat, readdir, readFile, rename, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const PG_CLIENTS = process.env.PICKDRIVER_VAULT_PG_CLIENTS ?? '/work/shared/pg-clients';

async function repairLinks(dir: string): Promise<void> {
  await chmod(dir, 0o755); // copied read-only
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      await repairLinks(file);
      continue;
    }
    if (!entry.isFile() || (await lstat(file)).size > 255) continue;
    const target = (await readFile(file, 'utf8')).trim();
    if (/^[\w.+-]+$/.test(target) && target !== entry.name && existsSync(path.join(dir, target))) {
      await rm(file);
      await symlink(target, file);
    }
  }
}

const copies = new Map<number, Promise<string | null>>();

/** The bin folder of client `major` (13, 14, 16, 17, 18; 15 is the system's), or null when the kit lacks it. */
export function pgClientBin(major: number): Promise<string | null> {
  if (major === 15) return Promise.resolve('/usr/lib/postgresql/15/bin');
  let copy = copies.get(major);
  if (!copy) {
    copy = (async () => {
      const from = path.join(PG_CLIENTS, String(major));
      if (!existsSync(path.join(from, 'bin', 'pg_dump'))) return null;
      const to = path.join(os.tmpdir(), `pdv-pg-clients-${major}`);
      if (!existsSync(path.join(to, 'bin', 'pg_dump'))) {
        // Copied aside and renamed into place: test files in parallel never see half a copy.
        const partial = `${to}.${process.pid}.partial`;
        await rm(partial, { recursive: true, force: true });
        await cp(from, partial, { recursive: true, verbatimSymlinks: true });
        await repairLinks(partial);
        await rename(partial, to).catch(async () => rm(partial, { recursive: true, force: true }));
      }
      return path.join(to, 'bin');
    })();
    copies.set(major, copy);
  }
  return copy;
}
