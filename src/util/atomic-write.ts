// Files the drill writes where other people's files may be (the report folder, node_exporter's
// textfile folder): written whole to a fresh temporary name in the same folder, then renamed over
// the target. A target that is a symlink is replaced, never written through: rename swaps the
// link itself, and the temporary file is created exclusively (O_EXCL), so no link planted under
// its name is followed either.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export async function writeFileAtomically(target: string, content: string | Buffer): Promise<void> {
  const dir = path.dirname(target);
  await mkdir(dir, { recursive: true });
  // node_exporter only reads *.prom, so the temporary name must not end in .prom.
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, content, { mode: 0o644, flag: 'wx' });
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** True for a name writeFileAtomically leaves behind only when the process died between write and rename. */
export function isAtomicTempName(name: string, target: string): boolean {
  const base = path.basename(target).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\.${base}\\.\\d+\\.[0-9a-f]{8}\\.tmp$`).test(name);
}
