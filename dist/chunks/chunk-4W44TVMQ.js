import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  processStartTime
} from "./chunk-KTT63NWK.js";

// src/util/temp-files.ts
import { rmSync } from "node:fs";
import { mkdtemp, rm as rm2, writeFile } from "node:fs/promises";
import os2 from "node:os";
import path2 from "node:path";

// src/util/stale-temp.ts
import { createHash } from "node:crypto";
import { lstat, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
var OWNER = /^pickdriver-vault-[a-z0-9]+(?:-[a-z0-9]+)*-p(\d+)(?:s(\d+))?h([0-9a-f]{8})-[A-Za-z0-9]{6}$/;
var MIN_AGE_MS = 2e3;
function hostTag() {
  return createHash("sha256").update(os.hostname()).digest("hex").slice(0, 8);
}
function ownerTag() {
  const start = processStartTime(process.pid);
  return `p${process.pid}${start === null ? "" : `s${start}`}h${hostTag()}`;
}
function makerAlive(pid, startTime) {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return error.code === "EPERM";
  }
  const now = processStartTime(pid);
  return startTime === null || now === null || now === startTime;
}
async function removeStaleTempDirs(root) {
  const removed = [];
  const entries = await readdir(root).catch(() => []);
  const uid = process.getuid?.();
  const host = hostTag();
  for (const name of entries) {
    const m = OWNER.exec(name);
    if (!m || m[3] !== host) continue;
    const pid = Number(m[1]);
    if (!Number.isSafeInteger(pid) || pid <= 1 || pid === process.pid) continue;
    const full = path.join(root, name);
    const stats = await lstat(full).catch(() => null);
    if (stats === null || !stats.isDirectory() || uid !== void 0 && stats.uid !== uid) continue;
    if (Date.now() - stats.mtimeMs < MIN_AGE_MS) continue;
    if (makerAlive(pid, m[2] ?? null)) continue;
    try {
      await rm(full, { recursive: true, force: true });
      removed.push(full);
    } catch {
    }
  }
  return removed;
}

// src/util/temp-files.ts
var made = /* @__PURE__ */ new Set();
function tempRoot(env = process.env) {
  return env.RUNNER_TEMP || os2.tmpdir();
}
function makeTempDir(prefix, env = process.env) {
  return makeTempDirIn(tempRoot(env), prefix);
}
async function makeTempDirIn(root, prefix) {
  const dir = await mkdtemp(path2.join(root, `pickdriver-vault-${prefix}-${ownerTag()}-`));
  made.add(dir);
  return {
    dir,
    dispose: async () => {
      await rm2(dir, { recursive: true, force: true });
      made.delete(dir);
    }
  };
}
var SOCKET_PATH_MAX = 107;
var LONGEST_SOCKET = "/S.gpg-agent.browser";
function makeSocketTempDir(prefix, env = process.env) {
  const name = `pickdriver-vault-${prefix}-${ownerTag()}-XXXXXX`;
  const fits = (root) => root.length + 1 + name.length + LONGEST_SOCKET.length <= SOCKET_PATH_MAX;
  return makeTempDirIn([tempRoot(env), os2.tmpdir()].find(fits) ?? "/tmp", prefix);
}
async function writePrivateTempFile(prefix, name, text, env = process.env) {
  const dir = await makeTempDir(prefix, env);
  const file = path2.join(dir.dir, name);
  await writeFile(file, text, { mode: 384 });
  return { ...dir, file };
}
async function removeTempDirs() {
  await Promise.all(
    [...made].map(async (dir) => {
      await rm2(dir, { recursive: true, force: true }).catch(() => {
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
async function removeLeftoverTempDirs(env = process.env) {
  const roots = [.../* @__PURE__ */ new Set([tempRoot(env), os2.tmpdir()])];
  return (await Promise.all(roots.map((root) => removeStaleTempDirs(root)))).flat();
}

export {
  makeTempDir,
  makeSocketTempDir,
  writePrivateTempFile,
  removeTempDirs,
  removeTempDirsSync,
  removeLeftoverTempDirs
};
