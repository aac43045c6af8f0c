import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);

// src/util/temp-files.ts
import { rmSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
var made = /* @__PURE__ */ new Set();
function tempRoot(env = process.env) {
  return env.RUNNER_TEMP || os.tmpdir();
}
async function makeTempDir(prefix, env = process.env) {
  const dir = await mkdtemp(path.join(tempRoot(env), `pickdriver-vault-${prefix}-`));
  made.add(dir);
  return {
    dir,
    dispose: async () => {
      await rm(dir, { recursive: true, force: true });
      made.delete(dir);
    }
  };
}
async function writePrivateTempFile(prefix, name, text, env = process.env) {
  const dir = await makeTempDir(prefix, env);
  const file = path.join(dir.dir, name);
  await writeFile(file, text, { mode: 384 });
  return { ...dir, file };
}
async function removeTempDirs() {
  await Promise.all(
    [...made].map(async (dir) => {
      await rm(dir, { recursive: true, force: true }).catch(() => {
      });
      made.delete(dir);
    })
  );
}
function removeTempDirsSync() {
  for (const dir of made) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
    }
    made.delete(dir);
  }
}

export {
  makeTempDir,
  writePrivateTempFile,
  removeTempDirs,
  removeTempDirsSync
};
