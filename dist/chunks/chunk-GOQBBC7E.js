import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  sanitizeName
} from "./chunk-CN4I7IFA.js";
import {
  ConfigError
} from "./chunk-6NM6FAV3.js";

// src/util/atomic-write.ts
import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
async function writeFileAtomically(target, content) {
  const dir = path.dirname(target);
  await mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    await writeFile(temp, content, { mode: 420, flag: "wx" });
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
function isAtomicTempName(name, target) {
  const base = path.basename(target).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^\\.${base}\\.\\d+\\.[0-9a-f]{8}\\.tmp$`).test(name);
}

// src/report/signing.ts
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
var SIGNATURE_FILE = "report.json.sig";
var HEADER = "# pickdriver-vault report manifest v1: SHA-256 of every file the drill wrote here; the last line is HMAC-SHA256 of the lines above (report-signing-key)";
var HMAC_LINE = /^hmac-sha256 ([0-9a-f]{64})$/;
var ENTRY_LINE = /^([0-9a-f]{64}) {2}(.+)$/;
function sha256Of(bytes) {
  return createHash("sha256").update(bytes).digest("hex");
}
function hmac(text, key) {
  return createHmac("sha256", key).update(text).digest("hex");
}
function signManifest(entries, key) {
  const sorted = [...entries].sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const body = `${HEADER}
${sorted.map((e) => `${e.sha256}  ${e.name}
`).join("")}`;
  return `${body}hmac-sha256 ${hmac(body, key)}
`;
}
function parseSignature(text, key) {
  if (/^\s*[0-9a-fA-F]{64}\s*$/.test(text)) return { kind: "legacy", signature: text.trim().toLowerCase() };
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const last = lines.pop() ?? "";
  const mac = HMAC_LINE.exec(last);
  if (lines[0] !== HEADER || !mac) return { kind: "malformed", why: "not a pickdriver-vault report manifest" };
  const body = `${lines.join("\n")}
`;
  const expected = Buffer.from(hmac(body, key), "hex");
  const valid = timingSafeEqual(expected, Buffer.from(mac[1], "hex"));
  const entries = [];
  for (const line of lines.slice(1)) {
    const m = ENTRY_LINE.exec(line);
    if (!m) return { kind: "malformed", why: "a line of the manifest is not `<sha256>  <name>`" };
    entries.push({ sha256: m[1], name: m[2] });
  }
  return { kind: "manifest", entries, valid };
}
function signReport(jsonBytes, key) {
  return hmac(jsonBytes, key);
}
function verifyReportSignature(jsonBytes, signature, key) {
  const given = signature.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  const expected = Buffer.from(signReport(jsonBytes, key), "hex");
  return timingSafeEqual(expected, Buffer.from(given, "hex"));
}

// src/report/report-dir.ts
import { lstat, readdir } from "node:fs/promises";
import path2 from "node:path";
var REPORT_JSON = "report.json";
var REPORT_MARKDOWN = "report.md";
var OWN_FILES = [REPORT_JSON, REPORT_MARKDOWN, SIGNATURE_FILE];
function insideReportDir(dir, file) {
  if (file === null) return null;
  const rel = path2.relative(dir, path2.resolve(file));
  if (rel === "" || rel.startsWith("..") || path2.isAbsolute(rel)) return null;
  return rel.split(path2.sep).join("/");
}
function isSameOrAbove(dir, other) {
  const rel = path2.relative(dir, other);
  return rel === "" || !rel.startsWith("..") && !path2.isAbsolute(rel);
}
async function foreignEntries(dir, prometheus, limit = 5) {
  const files = new Set(OWN_FILES);
  const folders = /* @__PURE__ */ new Set();
  if (prometheus !== null) {
    files.add(prometheus);
    for (let d = path2.posix.dirname(prometheus); d !== "."; d = path2.posix.dirname(d)) folders.add(d);
  }
  const found = [];
  const walk = async (rel) => {
    const entries = (await readdir(path2.join(dir, rel), { withFileTypes: true })).sort(
      (a, b) => a.name < b.name ? -1 : 1
    );
    for (const entry of entries) {
      if (found.length >= limit) return;
      const name = rel === "" ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory() && folders.has(name)) await walk(name);
      else if (entry.isFile() && (files.has(name) || [...files].some((f) => isAtomicTempName(name, f)))) continue;
      else found.push(entry.isDirectory() ? `${name}/` : name);
    }
  };
  await walk("");
  return found;
}
async function checkReportDir(config, env, cwd = process.cwd()) {
  const dir = path2.resolve(config.reportDir);
  const workspace = path2.resolve(env.GITHUB_WORKSPACE || cwd);
  const advice = "name a folder of its own, such as pickdriver-vault-report";
  if (isSameOrAbove(dir, workspace)) {
    throw new ConfigError([
      `report-dir: ${dir} is the workspace (${env.GITHUB_WORKSPACE ? "GITHUB_WORKSPACE" : "the current folder"}) or a folder above it; the report folder is uploaded as the artifact and must hold only the drill's files: ${advice}`
    ]);
  }
  const stats = await lstat(dir).catch(() => null);
  if (stats === null) return;
  if (!stats.isDirectory()) throw new ConfigError([`report-dir: ${dir} exists and is not a folder; ${advice}`]);
  const foreign = await foreignEntries(dir, insideReportDir(dir, config.prometheusTextfile));
  if (foreign.length > 0) {
    throw new ConfigError([
      `report-dir: ${dir} holds files the drill did not write (${foreign.map(sanitizeName).join(", ")}${foreign.length >= 5 ? ", \u2026" : ""}); the report folder is uploaded as the artifact and may hold only ${OWN_FILES.join(", ")}${config.prometheusTextfile ? " and prometheus-textfile" : ""}: empty it or ${advice}`
    ]);
  }
}

export {
  writeFileAtomically,
  SIGNATURE_FILE,
  sha256Of,
  signManifest,
  parseSignature,
  verifyReportSignature,
  REPORT_JSON,
  REPORT_MARKDOWN,
  insideReportDir,
  checkReportDir
};
