import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  sleep
} from "./chunk-WFPRG6TS.js";

// src/util/cancel-state.ts
var by = null;
function markCancelled(signal2) {
  by ??= signal2;
}
function cancelledBy() {
  return by;
}
async function parkIfCancelled() {
  if (by !== null) await new Promise(() => {
  });
}
var hooks = /* @__PURE__ */ new Set();
function onCancel(hook) {
  hooks.add(hook);
  return () => hooks.delete(hook);
}
async function runCancelHooks() {
  await Promise.all([...hooks].map((hook) => hook().catch(() => {
  })));
}

// src/util/process-group.ts
import { readdirSync, readFileSync } from "node:fs";
var live = /* @__PURE__ */ new Set();
function trackGroup(pid) {
  live.add(pid);
  if (cancelledBy() !== null) void stopProcessTree(pid, 1e3);
}
function untrackGroup(pid) {
  live.delete(pid);
}
function liveGroups() {
  return [...live];
}
async function stopAllGroups(graceMs = 3e3) {
  await Promise.all(liveGroups().map((pid) => stopProcessTree(pid, graceMs).finally(() => untrackGroup(pid))));
}
function statFields(pid) {
  let stat;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}
function processStartTime(pid) {
  return statFields(pid)?.[19] ?? null;
}
function isSameGroupLeader(pid, startTime) {
  if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid) return false;
  const fields = statFields(pid);
  if (fields !== null) {
    return startTime !== null && Number(fields[2]) === pid && fields[19] === startTime;
  }
  return groupMembers(pid) > 0;
}
function groupMembers(pgid) {
  let count = 0;
  try {
    for (const entry of readdirSync("/proc")) {
      if (/^\d+$/.test(entry) && Number(statFields(entry)?.[2]) === pgid) count += 1;
    }
  } catch {
    return 0;
  }
  return count;
}
function exists(target) {
  try {
    process.kill(target, 0);
  } catch (error) {
    return error.code === "EPERM";
  }
  return !onlyZombies(target);
}
function onlyZombies(target) {
  let entries;
  try {
    entries = readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return false;
  }
  let members = 0;
  for (const entry of entries) {
    const fields = statFields(entry);
    if (fields === null) continue;
    const matches = target < 0 ? Number(fields[2]) === -target : Number(entry) === target;
    if (!matches) continue;
    members += 1;
    if (fields[0] !== "Z") return false;
  }
  return members > 0;
}
function signal(target, name) {
  try {
    process.kill(target, name);
  } catch {
  }
}
async function waitGone(target, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!exists(target)) return true;
    await sleep(50);
  }
  return !exists(target);
}
async function stopProcessTree(pid, graceMs = 5e3) {
  if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid) return;
  const target = exists(-pid) ? -pid : exists(pid) ? pid : null;
  if (target === null) return;
  signal(target, "SIGTERM");
  if (await waitGone(target, graceMs)) return;
  signal(target, "SIGKILL");
  await waitGone(target, 2e3);
}

export {
  markCancelled,
  cancelledBy,
  parkIfCancelled,
  onCancel,
  runCancelHooks,
  trackGroup,
  untrackGroup,
  stopAllGroups,
  processStartTime,
  isSameGroupLeader,
  stopProcessTree
};
