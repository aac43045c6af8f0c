import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  AGE_ARMOR,
  ArchiveEndsEarly,
  DATA_STATE,
  NEWEST_ARCHIVE_MINOR,
  PEEK_BYTES,
  SECTION,
  TocDamaged,
  UnknownArchiveVersion,
  archiveClientMajor,
  assembleReport,
  compareChecksum,
  describeFormat,
  detectContent,
  displaySource,
  emptyBackupInfo,
  entryLabel,
  expectedChecksum,
  expectedKey,
  failureDetails as failureDetails2,
  finishReport,
  knownArchiveVersion,
  locateBackup,
  makeTempFolder,
  manifestDigest,
  maxArchiveMinorFor,
  minPgMajorForArchiveMinor,
  newestOf,
  readArchiveHeader,
  readArchiveToc,
  safeFileName,
  sizeFromDownload,
  skipRest,
  sniffLayer,
  sourceKind,
  tocTables,
  verifyWithin
} from "./chunk-EEHNMFWD.js";
import {
  PickDriverClient,
  dbInfoSchema,
  failureDetails,
  infoCheck,
  readySchema,
  setMaintenance,
  smokeCheck,
  validateCheck
} from "./chunk-5CK3TBJR.js";
import {
  ConnectionQueue,
  QueueConnectError,
  abandonPreparing,
  drillQueue,
  errorMessage,
  newProgress,
  resolveClient,
  runCustomChecks,
  startDrill,
  startPreparing,
  timed,
  toolForVerify
} from "./chunk-GAWZFLLC.js";
import {
  Deadline,
  postRestoreBudgetMs
} from "./chunk-JJMZJDTI.js";
import {
  ADMIN_STATEMENT_TIMEOUT_MS,
  RESTRICT_RELEASES,
  childEnv,
  connectPinned,
  connectionParts,
  drillDatabaseUrl,
  libpqEnv,
  majorOf,
  noClientCheck,
  pgClient,
  psqlHasRestrict,
  serverVersionFrom,
  settingsUnknownTo,
  versionsCheck,
  withPinnedClient
} from "./chunk-MFMXUWMA.js";
import {
  newestFirst,
  readReportFile,
  toBaselineRun
} from "./chunk-SKOUYL5F.js";
import {
  backupCount,
  buildInventory,
  cadenceCheck,
  findRegressions,
  runLabel,
  writeReportFiles
} from "./chunk-ROEGHXHL.js";
import {
  CHECK_IDS
} from "./chunk-ERDHK7FH.js";
import {
  createHttp
} from "./chunk-R7EDQP7H.js";
import {
  makeSocketTempDir,
  makeTempDir,
  writePrivateTempFile
} from "./chunk-4W44TVMQ.js";
import {
  check
} from "./chunk-JBTATGD6.js";
import {
  cancelledBy,
  onCancel,
  parkIfCancelled,
  processStartTime,
  stopProcessTree,
  trackGroup,
  untrackGroup
} from "./chunk-KTT63NWK.js";
import {
  retrying,
  sleep
} from "./chunk-WFPRG6TS.js";
import {
  sanitizeName
} from "./chunk-CN4I7IFA.js";
import {
  ConfigError
} from "./chunk-6NM6FAV3.js";
import {
  displayUrl,
  targetProblem,
  tokenPolicy
} from "./chunk-C4EZGGVE.js";
import {
  formatBytes,
  formatCount,
  formatDuration,
  formatPercent
} from "./chunk-LIWSDS64.js";

// src/api/compatibility.ts
async function readRestoredLedger(databaseUrl) {
  const client = await connectPinned(databaseUrl, {
    statementTimeoutMs: ADMIN_STATEMENT_TIMEOUT_MS,
    connectionTimeoutMillis: 1e4
  });
  try {
    const exists = await client.query(
      `SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                       WHERE n.nspname = 'public' AND c.relname = '_fluent_migrations' AND c.relkind IN ('r', 'p')) AS present`
    );
    if (!exists.rows[0]?.present) return null;
    const result = await client.query(
      "SELECT name, batch, created_at FROM public._fluent_migrations ORDER BY created_at DESC NULLS LAST, batch DESC, name DESC"
    );
    return result.rows.map((r) => ({
      name: r.name,
      batch: Number(r.batch),
      createdAt: r.created_at === null ? null : r.created_at.toISOString()
    }));
  } finally {
    await client.end().catch(() => {
    });
  }
}
var INFO_WINDOW = 20;
var LIST_LIMIT = 10;
function compareMigrations(restored, info) {
  const apiNames = info.recentMigrations.map((m) => m.name);
  const apiSet = new Set(apiNames);
  const restoredSet = new Set(restored.map((r) => r.name));
  const missing = apiNames.filter((name2) => !restoredSet.has(name2));
  let unknown;
  const windowStart = oldestShownSecond(info);
  const dated = restored.length > 0 && restored.every((r) => r.createdAt !== void 0);
  if (info.recentMigrations.length < INFO_WINDOW) {
    unknown = restored.filter((r) => !apiSet.has(r.name)).map((r) => r.name);
  } else if (dated && windowStart !== null) {
    unknown = restored.filter((r) => !apiSet.has(r.name) && r.createdAt && wholeSecond(r.createdAt) > windowStart).map((r) => r.name);
  } else {
    let oldestShared = -1;
    restored.forEach((r, i) => {
      if (apiSet.has(r.name)) oldestShared = i;
    });
    unknown = restored.slice(0, Math.max(0, oldestShared)).filter((r) => !apiSet.has(r.name)).map((r) => r.name);
  }
  const details = {
    apiRecentMigrations: apiNames.length,
    restoredLedgerRows: restored.length,
    missingInRestored: missing,
    unknownToApi: unknown
  };
  if (missing.length > 0) {
    return {
      id: "api.compatibility",
      status: "fail",
      summary: `restored database lacks migrations the API expects: ${listed(missing)}`,
      details
    };
  }
  if (unknown.length > 0) {
    return {
      id: "api.compatibility",
      status: "warn",
      summary: `restored database has migrations the API does not know (backup newer than the API?): ${listed(unknown)}`,
      details
    };
  }
  if (apiNames.length === 0 && restored.length > 0) {
    return {
      id: "api.compatibility",
      status: "warn",
      summary: `the API reports no migrations; the restored ledger has ${restored.length}`,
      details
    };
  }
  return {
    id: "api.compatibility",
    status: "ok",
    summary: `all ${apiNames.length} migrations the API reports are in the restored ledger (${restored.length} rows)`,
    details
  };
}
async function compatibilityCheck(ctx, info, drillDatabaseUrl2, t0) {
  let restored;
  try {
    restored = await readRestoredLedger(drillDatabaseUrl2);
  } catch (error) {
    const message = ctx.secrets.redact(error instanceof Error ? error.message : String(error));
    return check("api.compatibility", "fail", `could not read the restored migration ledger: ${message}`, null, t0);
  }
  if (restored === null) {
    return check(
      "api.compatibility",
      "fail",
      "the restored database has no public._fluent_migrations ledger to compare with the API",
      null,
      t0
    );
  }
  const result = compareMigrations(restored, info);
  return check(result.id, result.status, result.summary, result.details, t0);
}
function wholeSecond(iso) {
  return Math.floor(Date.parse(iso) / 1e3) * 1e3;
}
function oldestShownSecond(info) {
  const times = info.recentMigrations.map((m) => m.createdAt ? wholeSecond(m.createdAt) : Number.NaN).filter((t) => Number.isFinite(t));
  return times.length === 0 ? null : Math.min(...times);
}
function listed(names) {
  const shown = names.slice(0, LIST_LIMIT).join(", ");
  return names.length > LIST_LIMIT ? `${shown} (+${names.length - LIST_LIMIT} more)` : shown;
}

// src/api/db-info-check.ts
function compareDbInfo(direct, api) {
  const differences = [];
  if (direct.schemaVersion !== api.schemaVersion) {
    differences.push({ field: "schemaVersion", direct: direct.schemaVersion, api: api.schemaVersion });
  }
  const counts = api.criticalTableCounts ?? {};
  const seen = /* @__PURE__ */ new Set();
  for (const table of direct.criticalTables) {
    seen.add(table.name);
    const directRows = table.present ? table.rows : "absent";
    const apiRows = counts[table.name] ?? "absent";
    if (directRows !== apiRows) differences.push({ field: table.name, direct: directRows, api: apiRows });
  }
  for (const [name2, rows] of Object.entries(counts)) {
    if (!seen.has(name2)) differences.push({ field: name2, direct: "absent", api: rows });
  }
  return differences;
}
async function dbInfoCheck(client, target, direct) {
  const t0 = performance.now();
  const path9 = `/api/internal/ops/db-info?target=${encodeURIComponent(target)}`;
  const result = await client.get(path9, dbInfoSchema, { token: true });
  if (!result.ok) {
    return { check: check("api.db-info", "fail", result.problem, failureDetails(result), t0), body: null };
  }
  const body = result.data;
  if (direct === null) {
    const summary = `target ${target}: schema ${body.schemaVersion ?? "none"}; no direct inspection of the restored database to compare with`;
    return { check: check("api.db-info", "warn", summary, { target, api: body }, t0), body };
  }
  const differences = compareDbInfo(direct, body);
  if (differences.length > 0) {
    const shown = differences.slice(0, 5).map((d) => `${d.field} ${d.direct ?? "null"} (direct) \u2260 ${d.api ?? "null"} (API)`).join("; ");
    const more = differences.length > 5 ? ` (+${differences.length - 5} more)` : "";
    return {
      check: check(
        "api.db-info",
        "fail",
        `the API reads another database (target ${target}): ${shown}${more}`,
        { target, differences },
        t0
      ),
      body
    };
  }
  const tables = Object.keys(body.criticalTableCounts ?? {}).length;
  return {
    check: check(
      "api.db-info",
      "ok",
      `target ${target} matches the restored database: ${body.schemaVersion ?? "no schema version"}, ${tables} critical table counts equal`,
      { target, differences: [] },
      t0
    ),
    body
  };
}

// src/api/start-command.ts
import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
var SECRET_ENV = /PASSWORD|TOKEN|SECRET|KEY/i;
async function startApiProcess(ctx, env, onStarted = () => {
}) {
  const command = ctx.config.apiStartCommand;
  if (!command) throw new Error("api-start-command is empty");
  for (const [name2, value] of Object.entries(env)) {
    if (!SECRET_ENV.test(name2)) continue;
    if (/PASSWORD/i.test(name2)) ctx.secrets.addPassword(value, env.DATABASE_USERNAME ?? env.DRILL_DB_USER);
    else ctx.secrets.add(value);
  }
  const firstToken = ctx.config.internalTokens[0];
  const envOfChild = childEnv(ctx.env, { INTERNAL_SERVICE_TOKEN: firstToken, ...env });
  const { dir } = await makeTempDir("api", ctx.env);
  const logFile = path.join(dir, "api.log");
  const fd = openSync(logFile, "a");
  let exit = null;
  try {
    const child = spawn("sh", ["-c", command], { detached: true, env: envOfChild, stdio: ["ignore", fd, fd] });
    await new Promise((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", reject);
    });
    const pid = child.pid;
    if (pid === void 0) throw new Error("api-start-command did not start (no process id)");
    onStarted(pid, processStartTime(pid));
    trackGroup(pid);
    child.on("exit", (code, signal) => {
      exit = { code, signal };
      untrackGroup(pid);
    });
    child.unref();
    ctx.log.info(`Started api-start-command (process group ${pid}); its output goes to ${logFile}`);
    return { pid, logFile, exitStatus: () => exit, stop: () => stopProcessTree(pid) };
  } finally {
    closeSync(fd);
  }
}
async function readLogTail(ctx, logFile, lines = 20) {
  let text;
  try {
    text = await readFile(logFile, "utf8");
  } catch {
    return [];
  }
  return ctx.secrets.redact(text).split(/\r?\n/).filter((line) => line.trim() !== "").slice(-lines).map((line) => line.length > 300 ? `${line.slice(0, 300)}\u2026` : line);
}

// src/api/ready.ts
var POLL_INTERVAL_MS = 500;
async function waitForReady(ctx, client, started) {
  const t0 = performance.now();
  const timeoutMs = ctx.config.apiReadyTimeoutMs;
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  let attempts = 0;
  const poll = await retrying(
    async () => {
      const exited = started?.exitStatus() ?? null;
      if (started && exited) return { kind: "exited", started, exited };
      attempts += 1;
      const remaining = Math.max(250, deadline - Date.now());
      const result = await client.get("/api/health/ready", readySchema, {
        token: false,
        attempts: 1,
        timeoutMs: Math.min(5e3, remaining),
        bodyStatuses: [503]
      });
      if (result.ok && result.status === 200 && result.data.status === "ok")
        return { kind: "ready", answer: result.data };
      last = result.ok ? describeNotReady(result.status, result.data) : result.problem;
      return { kind: "waiting" };
    },
    // Polled every POLL_INTERVAL_MS until ready, exited or past the deadline.
    (p) => p.kind !== "waiting" || Date.now() >= deadline ? { done: p } : { waitMs: Math.min(POLL_INTERVAL_MS, Math.max(0, deadline - Date.now())) }
  );
  if (poll.kind === "exited") return exitedEarly(ctx, poll.started, poll.exited, t0);
  if (poll.kind === "ready") {
    return check(
      "api.ready",
      "ok",
      `ready after ${formatDuration(performance.now() - t0)}`,
      { attempts, answer: poll.answer },
      t0
    );
  }
  const stillExited = started?.exitStatus() ?? null;
  if (started && stillExited) return exitedEarly(ctx, started, stillExited, t0);
  const details = { attempts, timeoutMs, lastAnswer: last };
  if (started) details.logTail = await readLogTail(ctx, started.logFile);
  return check("api.ready", "fail", `not ready within ${formatDuration(timeoutMs)}: ${last}`, details, t0);
}
function describeNotReady(status, body) {
  const reasons = body.checks.filter((c) => c.reason).map((c) => `${c.name}: ${c.reason}`);
  return `HTTP ${status}, status ${body.status}${reasons.length > 0 ? ` (${reasons.join("; ")})` : ""}`;
}
async function exitedEarly(ctx, started, exited, t0) {
  const logTail = await readLogTail(ctx, started.logFile);
  const how = exited.signal ? `was killed by ${exited.signal}` : `exited with code ${exited.code}`;
  const lastLines = logTail.slice(-3).join(" | ") || "(no output)";
  return check(
    "api.ready",
    "fail",
    `api-start-command ${how} before the API was ready; last lines of its log: ${lastLines}`,
    { exitCode: exited.code, signal: exited.signal, logTail },
    t0
  );
}

// src/api/api-phase.ts
var API_CHECKS_MS = 5 * 6e4;
var API_CHECK_IDS = CHECK_IDS.filter((id) => id.startsWith("api."));
async function runApiPhase(ctx, input) {
  const apiUrl = ctx.config.apiUrl;
  if (apiUrl === null) {
    const reason = "api-url is empty";
    ctx.log.info("api-url not set: API checks skipped");
    return { info: null, checks: fillAll(/* @__PURE__ */ new Map(), "skip", reason), skippedReason: reason, startedProcess: null };
  }
  const target = ctx.config.apiTarget;
  for (const token of ctx.config.internalTokens) ctx.secrets.add(token);
  const refusedTarget = targetProblem(target);
  if (refusedTarget !== null) {
    ctx.log.info(`API checks not run: ${refusedTarget}`);
    return { info: null, checks: fillAll(/* @__PURE__ */ new Map(), "fail", refusedTarget), skippedReason: null, startedProcess: null };
  }
  const info = {
    url: displayUrl(apiUrl),
    target,
    version: null,
    environment: null,
    info: null,
    smoke: null,
    dbInfo: null,
    validate: null
  };
  const done = /* @__PURE__ */ new Map();
  const http = createHttp({ deadline: Date.now() + ctx.config.apiReadyTimeoutMs + API_CHECKS_MS });
  let started = null;
  try {
    const client = new PickDriverClient(ctx, http, apiUrl);
    ctx.log.info(`Checking PickDriver at ${info.url} (target ${target})`);
    if (ctx.config.apiStartCommand !== null) {
      const t02 = performance.now();
      try {
        started = await startApiProcess(
          ctx,
          input.startEnv ?? drillDatabaseEnv(input.drillDatabaseUrl),
          input.onApiStarted
        );
      } catch (error) {
        const message = ctx.secrets.redact(error instanceof Error ? error.message : String(error));
        done.set(
          "api.ready",
          check("api.ready", "fail", `api-start-command could not be started: ${message}`, null, t02)
        );
      }
    }
    if (!done.has("api.ready")) {
      ctx.log.info(`Waiting up to ${formatDuration(ctx.config.apiReadyTimeoutMs)} for ${info.url}/api/health/ready`);
      done.set("api.ready", await waitForReady(ctx, client, started));
    }
    const policy = tokenPolicy(apiUrl, ctx.config.allowInsecureHttp);
    if (!policy.allowed) return finish("fail", policy.reason);
    if (done.get("api.ready")?.status !== "ok") {
      return finish("skip", "not run: the API did not become ready (see api.ready)");
    }
    const infoResult = await infoCheck(client);
    done.set("api.info", infoResult.check);
    if (infoResult.body) {
      info.version = infoResult.body.version;
      info.environment = infoResult.body.environment;
      info.info = infoResult.body;
    }
    const tokenProblem = infoResult.body ? null : client.tokenProblem;
    if (tokenProblem !== null) return finish("skip", `not run: ${tokenProblem} (see api.info)`);
    const t0 = performance.now();
    if (!infoResult.body) {
      done.set("api.compatibility", check("api.compatibility", "skip", "not compared: api.info failed"));
    } else if (!input.restoreOk || input.drillDatabaseUrl === null) {
      done.set("api.compatibility", check("api.compatibility", "skip", notRestored(input)));
    } else {
      done.set("api.compatibility", await compatibilityCheck(ctx, infoResult.body, input.drillDatabaseUrl, t0));
    }
    const smoke = await smokeCheck(client);
    done.set("api.smoke", smoke.check);
    info.smoke = smoke.body;
    if (!input.restoreOk) {
      done.set("api.db-info", check("api.db-info", "skip", notRestored(input)));
      done.set("api.validate", check("api.validate", "skip", notRestored(input)));
      return finish("skip", notRestored(input));
    }
    const dbInfo = await dbInfoCheck(client, target, input.database);
    done.set("api.db-info", dbInfo.check);
    info.dbInfo = dbInfo.body;
    if (input.backupId === null) {
      done.set("api.validate", check("api.validate", "skip", "not run: no backup id to validate"));
    } else {
      const validate = await validateCheck(ctx, client, target, input.backupId);
      done.set("api.validate", validate.check);
      info.validate = validate.body;
    }
    return finish("skip", "not run");
  } catch (error) {
    const message = ctx.secrets.redact(error instanceof Error ? error.message : String(error));
    return finish("fail", `the API phase stopped unexpectedly: ${message}`);
  } finally {
    await http.close().catch(() => {
    });
  }
  function finish(status, summary) {
    const checks = fillAll(done, status, summary).map((c) => redactCheck(ctx, c));
    for (const c of checks) ctx.log.debug(`${c.id}: ${c.status} \u2014 ${c.summary}`);
    return { info: redactJson(ctx, info), checks, skippedReason: null, startedProcess: started };
  }
}
function fillAll(done, status, summary) {
  return API_CHECK_IDS.map((id) => done.get(id) ?? check(id, status, summary));
}
function notRestored(input) {
  return input.restoreOk ? "not run: no restored database to compare with" : "not run: the restore failed, so there is no restored database to check through the API";
}
function drillDatabaseEnv(drillDatabaseUrl2) {
  if (drillDatabaseUrl2 === null) return {};
  const url = new URL(drillDatabaseUrl2);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const port = url.port || "5432";
  const name2 = decodeURIComponent(url.pathname.replace(/^\//, ""));
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const primary = {
    DATABASE_HOST: host,
    DATABASE_PORT: port,
    DATABASE_NAME: name2,
    DATABASE_USERNAME: user,
    DATABASE_PASSWORD: password
  };
  if (password === "") return primary;
  return {
    ...primary,
    DRILL_DB_HOST: host,
    DRILL_DB_PORT: port,
    DRILL_DB_NAME: name2,
    DRILL_DB_USER: user,
    DRILL_DB_PASSWORD: password
  };
}
function redactCheck(ctx, c) {
  return { ...c, summary: ctx.secrets.redact(c.summary), details: redactJson(ctx, c.details) };
}
function redactJson(ctx, value) {
  if (value === null || value === void 0) return value;
  const redacted = ctx.secrets.redact(JSON.stringify(value));
  try {
    return JSON.parse(redacted);
  } catch {
    return redacted;
  }
}

// src/backup/backup-phase.ts
import { performance as performance2 } from "node:perf_hooks";

// src/dump/stream-reader.ts
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { finished } from "node:stream/promises";

// src/util/memory.ts
import v8 from "node:v8";
import vm from "node:vm";
var collect;
function collector() {
  if (collect === void 0) {
    try {
      v8.setFlagsFromString("--expose-gc");
      collect = vm.runInNewContext("gc");
    } catch {
      collect = null;
    }
  }
  return collect;
}
function memoryReleaser(everyBytes = 4 * 1024 * 1024) {
  let since = 0;
  return (bytes) => {
    since += bytes;
    if (since < everyBytes) return;
    since = 0;
    collector()?.({ type: "minor" });
  };
}

// src/dump/stream-reader.ts
var readStats = { bytesRead: 0, opens: 0 };
async function readOnce(file, sinks = [], download, signal) {
  signal?.throwIfAborted();
  const hash = createHash("sha256");
  let bytesRead = 0;
  const copy = download ? createWriteStream(file) : null;
  if (!download) readStats.opens += 1;
  const stream = download ? await download() : createReadStream(file, { highWaterMark: 256 * 1024 });
  const stop = () => stream.destroy?.(signal?.reason);
  signal?.addEventListener("abort", stop, { once: true });
  const release = memoryReleaser();
  try {
    for await (const chunk of stream) {
      signal?.throwIfAborted();
      bytesRead += chunk.length;
      if (!copy) readStats.bytesRead += chunk.length;
      hash.update(chunk);
      release(chunk.length);
      if (copy && !copy.write(chunk)) await once(copy, "drain");
      for (const sink of sinks) await sink.write(chunk);
    }
    if (copy) {
      copy.end();
      await finished(copy);
    }
  } finally {
    signal?.removeEventListener("abort", stop);
    copy?.destroy();
  }
  for (const sink of sinks) await sink.end();
  return {
    sha256: hash.digest("hex"),
    bytesRead,
    ...download ? { bytesDownloaded: bytesRead, bytesWritten: bytesRead } : { bytesWritten: 0 }
  };
}

// src/dump/verify.ts
import { stat as stat2 } from "node:fs/promises";

// src/dump/custom-archive.ts
var BLK_DATA = 1;
var BLK_BLOBS = 3;
var MAX_HEAD_BYTES = 512 * 1024 * 1024;
var TERMINATOR = Buffer.from("\\.\n");
function formatContradiction(buf) {
  try {
    const format = readArchiveHeader(buf).format;
    if (format === "custom") return null;
    return new TocDamaged(`the header says ${format} format, but this is a custom archive: the header is damaged`);
  } catch {
    return null;
  }
}
var CustomArchiveWalker = class {
  /** `fileSize`, when known, tells a damaged length field from a cut file. */
  constructor(fileSize = null) {
    this.fileSize = fileSize;
  }
  fileSize;
  head = [];
  headSize = 0;
  nextParseAt = 64 * 1024;
  toc = null;
  tocError = null;
  failed = null;
  position = 0;
  // file offset of the next byte the state machine reads
  state = "type";
  intBytes = [];
  /** The index after the int readInt read last. */
  at = 0;
  block = null;
  skipLeft = 0;
  byId = /* @__PURE__ */ new Map();
  /** Block offsets the TOC records, ascending: where each block must start. */
  offsets = [];
  blockAt = /* @__PURE__ */ new Map();
  // dump id -> offset
  unterminated = [];
  write(chunk) {
    if (this.failed !== null) return;
    if (this.toc === null) {
      this.head.push(chunk);
      this.headSize += chunk.length;
      if (this.headSize < this.nextParseAt) return;
      this.tryParse(false);
      return;
    }
    this.walk(chunk);
  }
  end() {
  }
  /** The bytes the TOC was read from (kept only when it could not be read: for the words). */
  headBytes() {
    return this.toc === null ? Buffer.concat(this.head) : Buffer.alloc(0);
  }
  tryParse(final) {
    const buf = Buffer.concat(this.head);
    this.head = [buf];
    try {
      this.toc = readArchiveToc(buf);
    } catch (error) {
      if (!(error instanceof ArchiveEndsEarly)) {
        const tocError = formatContradiction(buf) ?? error;
        this.tocError = tocError;
        this.failed = tocError.message;
      } else if (final) {
        this.failed = "the archive is cut short: it ends inside its table of contents";
      } else if (this.headSize > MAX_HEAD_BYTES) {
        this.failed = "the table of contents is implausibly large";
      } else {
        this.nextParseAt = this.headSize * 2;
      }
      return;
    }
    if (this.toc.format !== "custom") {
      this.failed = `the header says ${this.toc.format} format, not custom: the header is damaged`;
      return;
    }
    this.head = [];
    this.byId = new Map(this.toc.entries.map((e) => [e.dumpId, e]));
    this.offsets = this.toc.entries.filter((e) => e.dataState === DATA_STATE.offsetSet).map((e) => e.offset).sort((a, b) => a - b);
    this.position = this.toc.end;
    this.walk(buf.subarray(this.toc.end));
  }
  /**
   * Reads one of the archive's ints (a sign byte, then intSize bytes, least significant first)
   * from buf[i]; null when the buffer ends inside it (its bytes so far are kept for the next
   * buffer). `this.at` is then the index after what was read. Most ints lie whole in one buffer:
   * those are read in place, as this runs once a chunk of every data block.
   */
  readInt(buf, i) {
    const size2 = 1 + this.toc.intSize;
    if (this.intBytes.length === 0 && i + size2 <= buf.length) {
      let value2 = 0;
      for (let k = size2 - 1; k >= 1; k--) value2 = value2 * 256 + buf[i + k];
      this.at = i + size2;
      return buf[i] ? -value2 : value2;
    }
    while (this.intBytes.length < size2 && i < buf.length) this.intBytes.push(buf[i++]);
    this.at = i;
    if (this.intBytes.length < size2) return null;
    const [sign, ...bytes] = this.intBytes;
    this.intBytes = [];
    const value = bytes.reduce((sum, b, k) => sum + b * 2 ** (8 * k), 0);
    return sign ? -value : value;
  }
  /** The offset where the block after one starting at `start` starts, by the TOC; null when not recorded. */
  nextBlockOffset(start) {
    return this.offsets.find((o) => o > start) ?? null;
  }
  chunkLength(length, at) {
    const next = this.block.next;
    if (next !== null && at + length > next && (this.fileSize === null || this.fileSize >= next)) {
      const label = this.block?.entry ? entryLabel(this.block.entry) : "a data block";
      this.failed = `the length field at byte ${at - 1 - this.toc.intSize} in the data of ${label} is damaged: it claims ${length} bytes, past the next block at byte ${next}`;
    }
  }
  walk(buf) {
    let i = 0;
    while (i < buf.length && this.failed === null) {
      if (this.state === "skip") {
        const n = Math.min(this.skipLeft, buf.length - i);
        if (this.block && this.block.type === BLK_DATA && this.toc?.compression === "none") {
          this.block.tail = Buffer.concat([this.block.tail, buf.subarray(i, i + n)]).subarray(-8);
        }
        i += n;
        this.skipLeft -= n;
        if (this.skipLeft === 0) this.state = "chunk-length";
        continue;
      }
      if (this.state === "type") {
        const start = this.position + i;
        const type = buf[i++];
        if (type !== BLK_DATA && type !== BLK_BLOBS) {
          this.failed = `unexpected data block type ${type} at byte ${start}: the data before it or a length field is damaged`;
          break;
        }
        this.block = { start, type, entry: void 0, tail: Buffer.alloc(0), next: this.nextBlockOffset(start) };
        this.state = "id";
        continue;
      }
      const value = this.readInt(buf, i);
      i = this.at;
      if (value === null) break;
      if (this.state === "id") this.blockId(value);
      else if (this.state === "blob-oid") this.state = value === 0 ? "type" : "chunk-length";
      else if (value < 0) this.failed = `negative chunk length at byte ${this.position + i}: a length field is damaged`;
      else if (value === 0) this.blockEnd();
      else {
        this.chunkLength(value, this.position + i);
        this.skipLeft = value;
        this.state = "skip";
      }
    }
    this.position += buf.length;
  }
  blockId(id) {
    const block = this.block;
    if (this.blockAt.has(id)) this.failed = `data block for dump id ${id} appears twice`;
    this.blockAt.set(id, block.start);
    block.entry = this.byId.get(id);
    const entry = block.entry;
    if (!entry?.hadDumper) {
      this.failed = `a data block at byte ${block.start} belongs to ${entry ? entryLabel(entry) : `dump id ${id}`}, which the TOC says has no data: the TOC or the block is damaged`;
    } else if (entry?.dataState === DATA_STATE.noData) {
      this.failed = `the TOC says ${entryLabel(entry)} has no data, but its data block is at byte ${block.start}: the TOC's data state is damaged (pg_restore would skip the data)`;
    }
    this.state = block.type === BLK_DATA ? "chunk-length" : "blob-oid";
  }
  blockEnd() {
    const block = this.block;
    if (block.type === BLK_DATA) {
      const terminated2 = block.tail.subarray(-TERMINATOR.length - 2).includes(TERMINATOR);
      if (this.toc?.compression === "none" && block.entry?.desc === "TABLE DATA" && !terminated2) {
        this.unterminated.push(entryLabel(block.entry));
      }
      this.state = "type";
    } else {
      this.state = "blob-oid";
    }
  }
  /** Judges the archive once every byte (`totalBytes` of them) was fed. */
  finish(totalBytes) {
    if (this.toc === null && this.failed === null) this.tryParse(true);
    const result = (problem) => ({
      ok: problem === null,
      problem,
      toc: this.toc,
      tocError: this.tocError,
      blocks: this.blockAt.size
    });
    if (this.failed !== null) return result(this.failed);
    if (this.state !== "type" || this.intBytes.length > 0) {
      const label = this.block?.entry ? ` of ${entryLabel(this.block.entry)}` : "";
      return result(`the archive is cut short: it ends inside the data${label} (${formatBytes(totalBytes)} in all)`);
    }
    for (const entry of this.toc.entries) {
      const at = this.blockAt.get(entry.dumpId);
      if (entry.dataState === DATA_STATE.noData) {
        if (entry.hadDumper) {
          return result(
            `the TOC says ${entryLabel(entry)} has no data although pg_dump dumped data for it: the TOC's data state is damaged`
          );
        }
        continue;
      }
      if (!entry.hadDumper) {
        return result(`the TOC gives ${entryLabel(entry)} a data block although it has none: the TOC is damaged`);
      }
      if (at === void 0) {
        return result(
          `the data of ${entryLabel(entry)} (dump id ${entry.dumpId}) is missing: the archive is cut short`
        );
      }
      if (entry.dataState === DATA_STATE.offsetSet && entry.offset !== at) {
        return result(`the data of ${entryLabel(entry)} is at byte ${at}, not at ${entry.offset} as the TOC says`);
      }
    }
    if (this.unterminated.length > 0) {
      return result(
        `the uncompressed data of ${this.unterminated.join(", ")} does not end with pg_dump's \\. terminator: it is damaged`
      );
    }
    return result(null);
  }
};

// src/dump/pg-restore.ts
import { spawn as spawn2 } from "node:child_process";
import { once as once2 } from "node:events";
var STDERR_LIMIT = 64 * 1024;
var LIST_TIMEOUT_MS = 12e4;
function trimStderr(text) {
  return text.replace(/\s+$/, "").slice(0, STDERR_LIMIT);
}
async function pgRestoreList(tool, target) {
  const child = spawn2(tool, ["--list", target], { env: childEnv(process.env), stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stdout.resume();
  child.stderr.setEncoding("utf8").on("data", (d) => {
    if (stderr.length < STDERR_LIMIT) stderr += d;
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, LIST_TIMEOUT_MS);
  const [code] = await once2(child, "close");
  clearTimeout(timer);
  const ok = code === 0 && !timedOut;
  return { ok, exitCode: code, stderr: trimStderr(stderr), timedOut };
}

// src/dump/tar-walker.ts
var BLOCK = 512;
var KEPT = /^(toc\.dat|blobs(_\d+)?\.toc)$/;
var TAIL_BYTES = 8;
function octal(block, start, length) {
  const text = block.toString("latin1", start, start + length).replace(/\0.*$/s, "").trim();
  return text === "" ? 0 : Number.parseInt(text, 8);
}
function checksumOk(block) {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i] ?? 0;
  return sum === octal(block, 148, 8);
}
var TarWalker = class {
  members = [];
  /** toc.dat and blobs.toc, whole. */
  kept = /* @__PURE__ */ new Map();
  error = null;
  /** Content bytes of the current member still to come (the rest of `skip` is padding). */
  contentLeft = 0;
  pending = Buffer.alloc(0);
  /** Bytes of member data (with padding) still to skip before the next header. */
  skip = 0;
  current = null;
  zeroBlocks = 0;
  ended = false;
  write(chunk) {
    if (this.error || this.ended) return;
    let offset = 0;
    if (this.skip > 0) {
      const n = Math.min(this.skip, chunk.length);
      this.content(chunk.subarray(0, n));
      this.skip -= n;
      offset = n;
      if (this.skip > 0) return;
      this.current = null;
    }
    this.pending = Buffer.concat([this.pending, chunk.subarray(offset)]);
    while (!this.error && !this.ended && this.pending.length >= BLOCK && this.skip === 0) {
      const block = this.pending.subarray(0, BLOCK);
      this.pending = this.pending.subarray(BLOCK);
      this.header(block);
      if (this.skip > 0) {
        const n = Math.min(this.skip, this.pending.length);
        this.content(this.pending.subarray(0, n));
        this.skip -= n;
        this.pending = this.pending.subarray(n);
        if (this.skip === 0) this.current = null;
      }
    }
  }
  header(block) {
    if (block.every((b) => b === 0)) {
      this.zeroBlocks += 1;
      if (this.zeroBlocks === 2) this.ended = true;
      return;
    }
    if (this.zeroBlocks > 0 || !checksumOk(block)) {
      this.error = `a tar header after member ${this.members.length} is corrupt (bad checksum)`;
      return;
    }
    const name2 = block.toString("latin1", 0, 100).replace(/\0.*$/s, "");
    const member = { name: name2, size: octal(block, 124, 12), tail: Buffer.alloc(0) };
    if (!Number.isSafeInteger(member.size) || member.size < 0) {
      this.error = `the tar header of member '${name2}' is corrupt (size field)`;
      return;
    }
    this.members.push(member);
    this.current = member;
    this.contentLeft = member.size;
    this.skip = Math.ceil(member.size / BLOCK) * BLOCK;
    if (KEPT.test(name2)) this.kept.set(name2, Buffer.alloc(0));
  }
  /** Bytes of the current member (content, then padding). */
  content(bytes) {
    const member = this.current;
    if (!member || this.contentLeft === 0) return;
    const data = bytes.subarray(0, Math.min(bytes.length, this.contentLeft));
    this.contentLeft -= data.length;
    member.tail = Buffer.from(Buffer.concat([member.tail, data]).subarray(-TAIL_BYTES));
    const kept = this.kept.get(member.name);
    if (kept) this.kept.set(member.name, Buffer.concat([kept, data]));
  }
  end() {
    if (this.error) return;
    if (this.current || this.skip > 0) {
      this.error = `the tar archive is truncated inside member '${this.current?.name ?? "?"}'`;
    } else if (!this.ended) {
      this.error = "the tar archive is truncated: it lacks the end-of-archive blocks tar writes last";
    }
  }
};

// src/dump/toc-files.ts
var SUFFIXES = ["", ".gz", ".lz4", ".zst"];
var TERMINATOR2 = Buffer.from("\\.\n");
var terminated = (tail) => tail.subarray(-TERMINATOR2.length - 2).includes(TERMINATOR2);
function find(files, name2) {
  for (const suffix of SUFFIXES) {
    const file = files.get(name2 + suffix);
    if (file) return [name2 + suffix, file];
  }
  return null;
}
function metadataOids(entry) {
  return (entry.defn ?? "").split("\n").filter((line) => /^\d+$/.test(line));
}
function blobGroup(toc, entry, all) {
  const metadata = toc.entries.filter((e) => e.desc === "BLOB METADATA");
  if (metadata.length === 0) return all;
  const deps = new Set(entry.dependencies);
  const mine = metadata.filter((e) => deps.has(e.dumpId));
  return new Set((mine.length > 0 ? mine : metadata).flatMap(metadataOids));
}
function checkBlobsToc(entry, content, blobOids, files, problems, scope) {
  const listed3 = /* @__PURE__ */ new Set();
  const text = content.toString("latin1");
  if (text.length > 0 && !text.endsWith("\n"))
    problems.push(`${entry.filename} is cut short (its last line is incomplete)`);
  for (const line of text.split("\n").filter(Boolean)) {
    const match = /^(\d+) (\S+)$/.exec(line);
    if (!match) {
      problems.push(`${entry.filename} has a damaged line: ${JSON.stringify(line.slice(0, 60))}`);
      continue;
    }
    const [, oid, file] = match;
    listed3.add(oid);
    if (!find(files, file)) problems.push(`the file ${file} of large object ${oid} is missing`);
  }
  const unlisted = [...blobOids].filter((oid) => !listed3.has(oid));
  if (unlisted.length > 0) {
    problems.push(
      `${entry.filename} lists ${listed3.size} of the ${blobOids.size} large objects of ${scope} (missing: ${unlisted.slice(0, 5).join(", ")}${unlisted.length > 5 ? ", \u2026" : ""}): it is cut short or damaged`
    );
  }
  const strays = [...listed3].filter((oid) => !blobOids.has(oid));
  if (strays.length > 0)
    problems.push(`${entry.filename} lists large objects ${scope} does not have: ${strays.slice(0, 5).join(", ")}`);
}
function checkTocFiles(toc, files, blobsTocs, dataName) {
  const problems = [];
  const unchecked = [];
  const blobOids = new Set(toc.entries.filter((e) => e.desc === "BLOB").map((e) => e.tag));
  for (const entry of toc.entries) {
    if (!entry.hadDumper) continue;
    const name2 = dataName(entry);
    if (name2 === null) {
      problems.push(`the TOC names no data file for ${entryLabel(entry)}: the TOC is damaged`);
      continue;
    }
    if (entry.desc === "BLOBS" || name2.endsWith(".toc")) {
      const content = blobsTocs.get(name2);
      if (content === void 0) problems.push(`${name2}, the list of large objects, is missing`);
      else {
        const grouped = toc.entries.some((e) => e.desc === "BLOB METADATA");
        const scope = grouped ? `its group in the TOC (${entry.tag})` : "the TOC";
        checkBlobsToc({ ...entry, filename: name2 }, content, blobGroup(toc, entry, blobOids), files, problems, scope);
      }
      continue;
    }
    const found = find(files, name2);
    if (!found) {
      problems.push(`the data file ${name2} of ${entryLabel(entry)} is missing`);
      continue;
    }
    const [file, data] = found;
    if (data.tail === null) unchecked.push(file);
    else if (entry.desc === "TABLE DATA" && !terminated(data.tail)) {
      problems.push(
        `the data file ${file} of ${entryLabel(entry)} does not end with pg_dump's \\. terminator: it is cut short`
      );
    }
  }
  return { problems, unchecked };
}

// src/dump/toc-verdict.ts
function layoutsThatRead(head) {
  const found = [];
  for (let minor = NEWEST_ARCHIVE_MINOR; minor >= 10; minor--) {
    try {
      found.push(readArchiveHeader(head, { minor }));
    } catch {
    }
  }
  return found;
}
var pgMajor = (version) => Number(/^(\d+)/.exec(version ?? "")?.[1] ?? Number.NaN);
function tooNewWords(toc, tool) {
  const { major, minor } = toc.version;
  if (minor <= maxArchiveMinorFor(tool.major)) return null;
  const archive = `${major}.${minor}`;
  const dumpMajor = pgMajor(toc.pgDumpVersion);
  const needed = Number.isFinite(dumpMajor) ? dumpMajor : minPgMajorForArchiveMinor(minor);
  const by = toc.pgDumpVersion ? ` (written by pg_dump ${toc.pgDumpVersion})` : "";
  const client = needed ? `PostgreSQL ${needed} client tools (or newer)` : "newer PostgreSQL client tools";
  return {
    tooNew: true,
    summary: `archive version ${archive}${by} is too new for pg_restore ${tool.version}, which reads archives up to 1.${maxArchiveMinorFor(tool.major)}: install the ${client} or set pg-bin-dir to their bin folder`,
    details: {
      archiveVersion: archive,
      pgDumpVersion: toc.pgDumpVersion,
      pgRestoreVersion: tool.version,
      pgRestore: tool.path
    }
  };
}
function unreadableTocWords(head, error, tool) {
  const damaged = (summary, extra = {}) => ({
    summary,
    details: { problem: error?.message ?? "cut short", ...extra },
    tooNew: false
  });
  if (error === null || error instanceof ArchiveEndsEarly) {
    return damaged("the archive is cut short: it ends inside its table of contents");
  }
  if (!(error instanceof UnknownArchiveVersion)) {
    const claimed2 = head.length >= 7 && head[5] === 1 ? head[6] : null;
    const contradicted = claimed2 === null ? null : contradictedVersionWords(head, claimed2);
    if (contradicted) return { ...contradicted, details: { problem: error.message, ...contradicted.details } };
    return damaged(`the archive is damaged: ${error.message}`);
  }
  const { major, minor } = error;
  const reads = layoutsThatRead(head);
  const claimed = `${major}.${minor}`;
  if (major === 1 && minor > NEWEST_ARCHIVE_MINOR && reads[0]?.pgDumpVersion) {
    const future = { ...reads[0], version: { major, minor, rev: 0 } };
    const words2 = tool ? tooNewWords(future, tool) : null;
    if (words2 && pgMajor(future.pgDumpVersion) > (tool?.major ?? 0)) return words2;
  }
  const real = reads.find((toc) => toc.pgDumpVersion !== null) ?? reads[0];
  if (real && !knownArchiveVersion(major, minor)) {
    return damaged(
      `the header is damaged: its version bytes say ${claimed}, which no pg_dump writes, but the header reads as version 1.${real.version.minor}${real.pgDumpVersion ? ` (pg_dump ${real.pgDumpVersion})` : ""}`,
      { claimedVersion: claimed, layoutVersion: `1.${real.version.minor}` }
    );
  }
  return damaged(`the header is damaged: version bytes ${claimed} are not an archive version`, {
    claimedVersion: claimed
  });
}
function contradictedVersionWords(head, claimedMinor) {
  const reads = (minor, whole) => {
    try {
      if (whole) readArchiveToc(head, void 0, { minor });
      else readArchiveHeader(head, { minor });
      return true;
    } catch {
      return false;
    }
  };
  const minors = Array.from({ length: NEWEST_ARCHIVE_MINOR - 9 }, (_, i) => NEWEST_ARCHIVE_MINOR - i);
  for (const whole of [false, true]) {
    if (reads(claimedMinor, whole)) continue;
    const real = minors.find((m) => m !== claimedMinor && reads(m, whole));
    if (real === void 0) return null;
    return {
      tooNew: false,
      summary: `the header is damaged: its version byte says 1.${claimedMinor}, but the ${whole ? "archive" : "header"} reads as version 1.${real}`,
      details: { claimedVersion: `1.${claimedMinor}`, layoutVersion: `1.${real}` }
    };
  }
  return null;
}
function missingSectionsWarning(toc) {
  const has = (section) => toc.entries.some((e) => e.section === section);
  const tables = toc.entries.some((e) => e.desc === "TABLE");
  const data = toc.entries.some((e) => e.desc === "TABLE DATA" || e.desc === "BLOBS");
  const missing = [];
  if (!has(SECTION.preData) && data) {
    missing.push(
      "its pre-data section (the schema: pg_dump -a or --section=data): the restore needs the tables to exist"
    );
  }
  if (tables && !data) missing.push("data (pg_dump -s or --section without data): tables restore empty");
  if (tables && !has(SECTION.postData)) {
    missing.push(
      "its post-data section (indexes, constraints, triggers, materialized view refreshes: pg_dump --section without post-data, or -a)"
    );
  }
  return missing.length ? `the archive has no ${missing.join("; and no ")}` : null;
}

// src/dump/verification.ts
var readPass = (input, sinks) => input.read ? input.read(sinks, input.signal) : readOnce(input.path, sinks, input.download, input.signal);
var verdict = (status, summary, details, tooNew = false) => ({
  status,
  ok: status !== "fail",
  summary,
  details,
  tooNew
});
var fail = (summary, details) => verdict("fail", summary, details);

// src/dump/verify-directory.ts
import { readdir, stat } from "node:fs/promises";
import path2 from "node:path";

// src/dump/gunzip-sink.ts
import { once as once3 } from "node:events";
import { createGunzip } from "node:zlib";
var GunzipSink = class {
  constructor(inner) {
    this.inner = inner;
    const release = memoryReleaser();
    this.gunzip.on("data", (data) => {
      this.inflatedBytes += data.length;
      release(data.length);
      void this.inner?.write(data);
    });
    this.finished = new Promise((resolve) => {
      this.gunzip.on("end", () => resolve());
      this.gunzip.on("error", (e) => {
        this.error ??= `the gzip data is truncated or corrupt (${e.message})`;
        resolve();
      });
    });
  }
  inner;
  error = null;
  inflatedBytes = 0;
  gunzip = createGunzip();
  finished;
  async write(chunk) {
    if (this.error) return;
    if (!this.gunzip.write(chunk)) await Promise.race([once3(this.gunzip, "drain"), this.finished]);
  }
  async end() {
    if (!this.error) this.gunzip.end();
    await this.finished;
    await this.inner?.end();
  }
};

// src/dump/verify-directory.ts
var TailSink = class {
  constructor(limit) {
    this.limit = limit;
  }
  limit;
  kept = Buffer.alloc(0);
  write(chunk) {
    const joined = Buffer.concat([this.kept, chunk]);
    this.kept = Buffer.from(joined.subarray(Math.max(0, joined.length - this.limit)));
  }
  end() {
  }
  get bytes() {
    return this.kept;
  }
};
var WHOLE = 512 * 1024 * 1024;
async function readDirectory(dir) {
  const names = (await readdir(dir)).filter((n) => !n.startsWith(".")).sort();
  const manifest = /* @__PURE__ */ new Map();
  const files = /* @__PURE__ */ new Map();
  const blobsTocs = /* @__PURE__ */ new Map();
  const damaged = [];
  let tocDat = null;
  let bytesRead = 0;
  for (const name2 of names) {
    const file = path2.join(dir, name2);
    if (!(await stat(file)).isFile()) continue;
    const whole = name2 === "toc.dat" || /^blobs(_\d+)?\.toc$/.test(name2);
    const tail = new TailSink(whole ? WHOLE : 8);
    const gunzip = name2.endsWith(".gz") ? new GunzipSink(tail) : null;
    const unreadable = name2.endsWith(".lz4") || name2.endsWith(".zst");
    const pass3 = await readOnce(file, unreadable ? [] : [gunzip ?? tail]);
    bytesRead += pass3.bytesRead;
    manifest.set(name2, pass3.sha256);
    if (gunzip?.error) damaged.push(`${name2}: ${gunzip.error}`);
    if (name2 === "toc.dat") tocDat = tail.bytes;
    else if (whole) blobsTocs.set(name2, tail.bytes);
    else files.set(name2, { tail: unreadable || gunzip?.error ? null : tail.bytes });
  }
  return { sha256: manifestDigest(manifest), bytesRead, manifest, files, tocDat, blobsTocs, damaged };
}

// src/dump/plain/chars.ts
var NL = 10;
var CR = 13;
var QUOTE = 39;
var DQUOTE = 34;
var BACKSLASH = 92;
var DOLLAR = 36;
var isIdentStart = (c) => c >= 65 && c <= 90 || c >= 97 && c <= 122 || c === 95 || c >= 128;
var isDigit = (c) => c >= 48 && c <= 57;
var isIdentCont = (c) => isIdentStart(c) || isDigit(c) || c === DOLLAR;
var isVarChar = (c) => isIdentStart(c) || isDigit(c);
var isSpace = (c) => c === 32 || c === 9 || c === NL || c === CR || c === 12;
function indexWithin(buf, value, from, end) {
  if (from >= end) return -1;
  const at = typeof value === "number" ? buf.subarray(from, end).indexOf(value) : buf.subarray(from, end).indexOf(value, 0, "latin1");
  return at === -1 ? -1 : from + at;
}

// src/dump/plain/line-action.ts
var PASS = 0;
var HOLD = 1;
var SKIP = 2;
var REFUSE = 3;

// src/dump/plain/copy.ts
var COMPLETE = 7;
var NOT_PG_DUMP = 99;
var CopyForm = class {
  state = 0;
  reset() {
    this.state = 0;
  }
  /** The statement so far is pg_dump's whole COPY … FROM stdin. */
  get complete() {
    return this.state === COMPLETE;
  }
  /** A name, keyword or literal after COPY (`prev`: the one before it); returns what is refused at once. */
  token(token, prev) {
    if (prev && (prev.upper === "TO" || prev.upper === "FROM")) {
      if (token.upper === "PROGRAM") return "COPY \u2026 PROGRAM (runs a shell command on the database server)";
      if (token.literal) return "COPY to or from a file on the database server";
    }
    const word = token.upper;
    switch (this.state) {
      case 0:
      case 2:
        if (token.literal) return this.refused();
        this.state = 1;
        return null;
      case 3:
        return token.literal ? this.refused() : null;
      case 1:
      case 4:
        if (word === "FROM") {
          this.state = 5;
          return null;
        }
        return this.refused();
      case 5:
        if (word === "STDIN") {
          this.state = COMPLETE;
          return null;
        }
        return this.refused();
      default:
        return this.refused();
    }
  }
  /** Punctuation: `.`, `(`, `)` (at paren `depth` after it), `,`, or '?' for anything else. */
  step(c, depth) {
    if (this.state === 1 && c === ".") this.state = 2;
    else if (this.state === 1 && c === "(") this.state = 3;
    else if (this.state === 3 && (c === "," || c === ")" && depth === 0)) {
      if (c === ")") this.state = 4;
    } else this.state = NOT_PG_DUMP;
  }
  /** Not pg_dump's form: refused when the statement ends. */
  refused() {
    this.state = NOT_PG_DUMP;
    return null;
  }
};

// src/dump/plain/privileged-reasons.ts
var SUPERUSER = "only a superuser may create";
var BY_KIND = {
  "EVENT TRIGGER": `${SUPERUSER} event triggers, and its function would run with the rights of whoever changes the schema next`,
  SUBSCRIPTION: `${SUPERUSER} subscriptions, and one would connect to another server`,
  "SUBSCRIPTION TABLE": `${SUPERUSER} subscriptions, and one would connect to another server`,
  "PUBLICATION TABLES IN SCHEMA": `${SUPERUSER} a publication of all tables of a schema`,
  "PROCEDURAL LANGUAGE": `${SUPERUSER} a language no extension provides (its handler is code in the server's process)`,
  "FOREIGN DATA WRAPPER": `${SUPERUSER} a foreign-data wrapper no extension provides`,
  "USER MAPPING": "user mappings name roles of the source server and hold its credentials for another server: the drill restores none",
  "OPERATOR CLASS": `${SUPERUSER} operator classes`,
  "OPERATOR FAMILY": `${SUPERUSER} operator families`,
  "ACCESS METHOD": `${SUPERUSER} access methods`,
  "TEXT SEARCH PARSER": `${SUPERUSER} text search parsers`,
  "TEXT SEARCH TEMPLATE": `${SUPERUSER} text search templates`,
  "SECURITY LABEL": "security labels need a label provider loaded into the server (such as sepgsql), which a drill server does not have"
};
var ALL_TABLES = `${SUPERUSER} a publication FOR ALL TABLES`;
var BINARY_CAST = `${SUPERUSER} a binary-coercible cast (WITHOUT FUNCTION)`;
var CAST_TYPES = "the drill role owns neither of its types (only a type's owner may create a cast, and these types are not the backup's)";
var cLanguage = (language) => `${SUPERUSER} a function in language ${language} (code in the server's process)`;
var missingRoles = (roles) => `names roles this server does not have: ${roles.join(", ")} (roles belong to the whole server; the drill creates none)`;
var wrapperLeftOut = (wrapper) => `its foreign-data wrapper ${wrapper} is left out`;
var serverLeftOut = (server) => `its server ${server} is left out`;
var typeKey = (schema, name2) => `${schema}\0${name2}`;

// src/dump/plain/dependents.ts
var languageKey = (name2) => `language\0${name2}`;
var accessMethodKey = (name2) => `access method\0${name2}`;
var ExtensionObjects = class {
  constructor(schemas, existing) {
    this.schemas = schemas;
    this.existing = existing;
  }
  schemas;
  existing;
  /** What the dump created so far, in those schemas or any. */
  created = /* @__PURE__ */ new Set();
  /** `EXTENSION x` when `schema.name` can only be a left-out extension's, else null. */
  owner(schema, name2) {
    const extensions = this.schemas.get(schema);
    if (!extensions) return null;
    const key2 = typeKey(schema, name2);
    if (this.existing.has(key2) || this.created.has(key2)) return null;
    return extensions.map((e) => `EXTENSION ${e}`).join(" or ");
  }
};
var LeftOutObjects = class {
  names = /* @__PURE__ */ new Map();
  /** The access method `SET default_table_access_method` names now, when it is left out. */
  tableAm = null;
  /** Set when the restore left extensions out: their objects are found by their schema. */
  extensions = null;
  /** Statements must be read for names: something is left out. */
  get watched() {
    return this.names.size > 0 || this.extensions !== null;
  }
  get size() {
    return this.names.size;
  }
  /** The last one made under a name stands for it (an operator class after its family). */
  add(key2, label) {
    this.names.set(key2, label);
  }
  get(key2) {
    return this.names.get(key2);
  }
};
var QUALIFIED_LITERAL = /^("(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)\.("(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)$/;
var unquote = (part) => part.startsWith('"') ? part.slice(1, -1).replace(/""/g, '"') : part;
var ReferenceScan = class {
  constructor(objects) {
    this.objects = objects;
  }
  objects;
  found = null;
  /** The first schema-qualified name, and how many tokens came before its schema. */
  firstQualified = null;
  sequences = [];
  /** `ADD CONSTRAINT name`: a primary key or unique constraint makes an index of that name. */
  constraints = [];
  count = 0;
  first = null;
  kind = null;
  afterAdd = 0;
  prev = null;
  dot = false;
  keyword = null;
  sequenceName = 0;
  token(t) {
    this.count += 1;
    const upper = t.quoted || t.literal ? null : t.upper;
    if (this.count === 1) this.first = upper;
    else if (this.first === "CREATE" && this.kind === null && !NOT_KIND_WORDS.has(upper ?? "")) this.kind = upper ?? "";
    if (this.afterAdd === 2 && !t.literal) this.constraints.push(t.value);
    this.afterAdd = upper === "ADD" ? 1 : upper === "CONSTRAINT" && this.afterAdd === 1 ? 2 : 0;
    if (t.literal) {
      const m = QUALIFIED_LITERAL.exec(t.value);
      if (m) this.check(typeKey(unquote(m[1]), unquote(m[2])));
      this.prev = null;
      this.dot = false;
      this.keyword = null;
      return;
    }
    if (this.dot && this.prev) {
      const [schema, name2] = [this.prev.value, t.value];
      const made = this.firstQualified === null && this.kind !== null && NAMED_KINDS.has(this.kind) || this.sequenceName === 3;
      this.firstQualified ??= { schema, name: name2, at: this.count - 2 };
      if (this.sequenceName === 3) this.sequences.push([schema, name2]);
      this.check(typeKey(schema, name2));
      if (!made) this.found ??= this.objects.extensions?.owner(schema, name2) ?? null;
    }
    if (this.keyword === "LANGUAGE") this.check(languageKey(t.value));
    if (this.keyword === "USING") this.check(accessMethodKey(t.value));
    const word = t.quoted ? null : t.upper;
    this.keyword = word === "LANGUAGE" || word === "USING" ? word : null;
    this.sequenceName = word === "SEQUENCE" ? 1 : word === "NAME" && this.sequenceName === 1 ? 2 : this.sequenceName === 2 ? 3 : 0;
    this.prev = t;
    this.dot = false;
  }
  /** Punctuation: a `.` joins a qualified name; anything else ends one. */
  other(c) {
    if (c === 46 && this.prev && !this.dot) this.dot = true;
    else {
      this.prev = null;
      this.dot = false;
      if (this.sequenceName !== 3) this.sequenceName = 0;
    }
    this.keyword = null;
  }
  /** A table created now goes into the access method SET last (pg_dump's way to say it). */
  creates(kind) {
    if (this.objects.tableAm !== null && (kind === "TABLE" || kind === "MATERIALIZED")) {
      this.found ??= this.objects.get(accessMethodKey(this.objects.tableAm)) ?? null;
    }
  }
  check(key2) {
    this.found ??= this.objects.get(key2) ?? null;
  }
};
var NAMED_KINDS = /* @__PURE__ */ new Set([
  "TABLE",
  "VIEW",
  "MATERIALIZED",
  "FOREIGN",
  "FUNCTION",
  "PROCEDURE",
  "AGGREGATE",
  "TYPE",
  "DOMAIN",
  "SEQUENCE",
  "TEXT",
  "COLLATION",
  "CONVERSION",
  "STATISTICS",
  "OPERATOR"
]);
var DATA_KINDS = /* @__PURE__ */ new Set(["TABLE", "MATERIALIZED", "SEQUENCE"]);
var NOT_KIND_WORDS = /* @__PURE__ */ new Set(["OR", "REPLACE", "UNLOGGED", "TEMPORARY", "TEMP", "UNIQUE"]);
var NOISE = /* @__PURE__ */ new Set(["CREATE", "OR", "REPLACE", "ONLY", "IF", "NOT", "EXISTS", "UNLOGGED", "CONCURRENTLY"]);
function dependent(tokens, scan) {
  const q = scan.firstQualified;
  const first = tokens[0]?.upper;
  const qualified = q ? `${q.schema}.${q.name}` : "";
  const creates = scan.sequences.map(([s, n]) => typeKey(s, n));
  if (q) for (const c of scan.constraints) creates.push(typeKey(q.schema, c));
  if (first === "COPY") return { what: `TABLE DATA ${qualified}`.trim(), creates, data: true };
  if (first === "SELECT" && tokens[2]?.upper === "SETVAL") {
    return { what: `SEQUENCE SET ${tokens[3]?.value ?? ""}`.trim(), creates, data: true };
  }
  const before = tokens.slice(0, q ? q.at : Math.min(tokens.length, 4)).filter((t) => t.literal || t.quoted || !NOISE.has(t.upper ?? ""));
  const words2 = before.map((t) => t.quoted || t.literal ? t.value : t.upper ?? t.value);
  const index = before.findIndex((t) => !t.quoted && t.upper === "INDEX");
  if (first === "CREATE" && index !== -1 && q) {
    const name2 = before[index + 1];
    if (name2 && !name2.literal) creates.push(typeKey(q.schema, name2.value));
    return { what: `INDEX ${name2?.value ?? ""} ON ${qualified}`, creates, data: false };
  }
  const kind = first === "CREATE" ? before[0]?.upper ?? void 0 : void 0;
  if (q && kind && NAMED_KINDS.has(kind)) creates.push(typeKey(q.schema, q.name));
  return {
    what: [...words2, qualified].filter(Boolean).join(" "),
    creates,
    data: kind !== void 0 && DATA_KINDS.has(kind)
  };
}

// src/dump/plain/first-words.ts
var TAIL_TOKENS = 96;
var SKIP_FIRST = /* @__PURE__ */ new Set([
  "ALTER",
  "GRANT",
  "REVOKE",
  "SET",
  "RESET",
  "CREATE",
  "DROP",
  "COMMENT",
  "SECURITY",
  "SELECT"
]);
var MAY_DEPEND = /* @__PURE__ */ new Set(["CREATE", "ALTER", "COMMENT", "SECURITY", "SELECT", "COPY"]);
var NOT_KIND = /* @__PURE__ */ new Set(["OR", "REPLACE", "UNLOGGED", "TEMPORARY", "TEMP"]);

// src/dump/plain/meta.ts
var PSQL_VARIABLES = new Set(
  "AUTOCOMMIT COMP_KEYWORD_CASE DBNAME ECHO ECHO_HIDDEN ENCODING ERROR FETCH_COUNT HIDE_TABLEAM HIDE_TOAST_COMPRESSION HISTCONTROL HISTFILE HISTSIZE HOST IGNOREEOF LASTOID LAST_ERROR_MESSAGE LAST_ERROR_SQLSTATE ON_ERROR_ROLLBACK ON_ERROR_STOP PORT PROMPT1 PROMPT2 PROMPT3 QUIET ROW_COUNT SERVER_VERSION_NAME SERVER_VERSION_NUM SERVICE SHELL_ERROR SHELL_EXIT_CODE SHOW_ALL_RESULTS SHOW_CONTEXT SINGLELINE SINGLESTEP SQLSTATE USER VERBOSITY VERSION VERSION_NAME VERSION_NUM WATCH_INTERVAL PIPELINE_SYNC_COUNT PIPELINE_COMMAND_COUNT PIPELINE_RESULT_COUNT".split(
    " "
  )
);
var META_WORDS = {
  "!": "runs a shell command on the runner",
  o: "writes query output to a file or a command on the runner",
  out: "writes query output to a file or a command on the runner",
  w: "writes the query to a file or a command on the runner",
  write: "writes the query to a file or a command on the runner",
  g: "can pipe query output to a command on the runner",
  gx: "can pipe query output to a command on the runner",
  gexec: "runs query output as SQL the check never saw",
  gset: "sets psql variables from query output",
  copy: "reads or writes files (or runs a program) on the runner",
  setenv: "sets an environment variable of psql",
  i: "runs another file",
  include: "runs another file",
  ir: "runs another file",
  include_relative: "runs another file",
  c: "connects to another database",
  connect: "connects to another database",
  set: "sets a psql variable",
  lo_import: "reads a file on the runner",
  lo_export: "writes a file on the runner",
  cd: "changes psql\u2019s working folder",
  s: "writes psql\u2019s history to a file",
  e: "starts an editor",
  edit: "starts an editor"
};
function describeMeta(text) {
  const m = /^\\([A-Za-z_]+|.)/.exec(text);
  const name2 = m?.[1] ?? "";
  const does = META_WORDS[name2] ?? META_WORDS[name2.toLowerCase()];
  return `the psql meta-command \\${name2}${does ? ` (${does})` : ""}, which pg_dump does not write`;
}
function metaInStatement(buf, i, end) {
  const text = buf.toString("utf8", i, Math.min(end, i + 40));
  if (text.startsWith("\\;") || text.startsWith("\\:"))
    return `psql's ${text.slice(0, 2)} (joins statements the check would read apart), which pg_dump does not write`;
  return describeMeta(text);
}
function variableReference(buf, i, end) {
  const next = buf[i + 1];
  if (next === 58 || next === void 0 || i + 1 >= end) return null;
  if (next === QUOTE || next === DQUOTE || next === 123 && buf[i + 2] === 63) {
    let j2 = i + (next === 123 ? 3 : 2);
    const from = j2;
    while (j2 < end && isVarChar(buf[j2])) j2++;
    const close = next === 123 ? 125 : next;
    if (j2 > from && buf[j2] === close && j2 < end) {
      return `the psql variable reference ${buf.toString("utf8", i, j2 + 1)}, which pg_dump does not write`;
    }
    return null;
  }
  let j = i + 1;
  while (j < end && isVarChar(buf[j])) j++;
  const name2 = buf.toString("utf8", i + 1, j);
  return PSQL_VARIABLES.has(name2) ? `the psql variable reference :${name2}, which pg_dump does not write` : null;
}
function connectTarget(arg) {
  const value = arg.startsWith('"') ? arg.slice(1, -1).replaceAll('""', '"') : arg;
  if (!value.includes("=")) return value;
  const m = /^dbname=(?:'((?:[^'\\]|\\.)*)'|([^\s'\\]+))$/.exec(value);
  if (!m) return null;
  return m[1] !== void 0 ? m[1].replace(/\\(.)/g, "$1") : m[2] ?? null;
}

// src/dump/plain/verdict.ts
var pass = { action: "pass" };
var refuse = (what) => ({ action: "refuse", what });
var skip = (what) => ({ action: "skip", what, ownLines: false });
var leaveOut = (what, why) => ({
  action: "skip",
  what: `${what}: ${why}`,
  ownLines: false,
  leftOut: { what, why }
});
var NO_FACTS = {
  madeSchemas: /* @__PURE__ */ new Set(),
  skippedExtensions: /* @__PURE__ */ new Map(),
  roles: null,
  privileged: false
};

// src/dump/plain/privileged.ts
var PrivilegedState = class {
  publications = /* @__PURE__ */ new Set();
  wrappers = /* @__PURE__ */ new Set();
  servers = /* @__PURE__ */ new Set();
  foreignTables = /* @__PURE__ */ new Set();
  functions = /* @__PURE__ */ new Set();
  types = /* @__PURE__ */ new Set();
  /** What was left out, by the names later statements use for it (dependents.ts). */
  leftOutObjects = new LeftOutObjects();
  /** Notes the types a CREATE makes (a CAST needs one of its types to be the backup's). */
  noteCreated(t) {
    const at = objectStart(t);
    const kind = [t[at]?.upper, t[at + 1]?.upper];
    const names = kind[0] === "MATERIALIZED" || kind[0] === "FOREIGN" ? at + 2 : at + 1;
    if (!["TYPE", "DOMAIN", "TABLE", "VIEW", "MATERIALIZED", "FOREIGN"].includes(kind[0] ?? "")) return;
    const [schema, name2] = [t[names], t[names + 1]];
    if (schema && name2 && !schema.literal && !name2.literal) this.types.add(typeKey(schema.value, name2.value));
  }
};
var kw = (t, word) => t !== void 0 && !t.quoted && !t.literal && t.upper === word;
var name = (t) => t && !t.literal ? t.value : null;
function objectStart(t) {
  if (kw(t[0], "COMMENT")) return 2;
  let i = 1;
  if (kw(t[0], "CREATE")) {
    if (kw(t[1], "OR") && kw(t[2], "REPLACE")) i = 3;
    while (kw(t[i], "TRUSTED") || kw(t[i], "PROCEDURAL") || kw(t[i], "UNLOGGED")) i += 1;
  }
  return i;
}
var LABEL_KIND_WORDS = new Set(
  "TABLE COLUMN SEQUENCE VIEW MATERIALIZED FOREIGN FUNCTION PROCEDURE AGGREGATE ROUTINE TYPE DOMAIN SCHEMA LARGE OBJECT EVENT TRIGGER PUBLICATION SUBSCRIPTION ROLE DATABASE TABLESPACE LANGUAGE PROCEDURAL".split(
    " "
  )
);
var QUALIFIED = /* @__PURE__ */ new Set(["OPERATOR CLASS", "OPERATOR FAMILY", "TEXT SEARCH PARSER", "TEXT SEARCH TEMPLATE"]);
var ALWAYS = [
  [["EVENT", "TRIGGER"], "EVENT TRIGGER"],
  [["SUBSCRIPTION"], "SUBSCRIPTION"],
  [["LANGUAGE"], "PROCEDURAL LANGUAGE"],
  [["FOREIGN", "DATA", "WRAPPER"], "FOREIGN DATA WRAPPER"],
  [["USER", "MAPPING"], "USER MAPPING"],
  [["OPERATOR", "CLASS"], "OPERATOR CLASS"],
  [["OPERATOR", "FAMILY"], "OPERATOR FAMILY"],
  [["ACCESS", "METHOD"], "ACCESS METHOD"],
  [["TEXT", "SEARCH", "PARSER"], "TEXT SEARCH PARSER"],
  [["TEXT", "SEARCH", "TEMPLATE"], "TEXT SEARCH TEMPLATE"]
];
var words = (t, from, to) => t.slice(from, to).map((x) => x.literal ? `'${x.value}'` : x.upper === "AS" && !x.quoted ? "AS" : x.value).join(" ");
function privilegedVerdict(t, tail, final, facts, state) {
  const wait = final ? void 0 : null;
  const create = kw(t[0], "CREATE");
  if (create && kw(t[1], "EXTENSION")) {
    const at2 = kw(t[2], "IF") ? 5 : 2;
    const ext = name(t[at2]);
    if (ext === null) return wait;
    const why = facts.skippedExtensions.get(ext);
    return why ? leaveOut(`EXTENSION ${ext}`, why) : void 0;
  }
  if (!facts.privileged) return void 0;
  const first = t[0]?.upper;
  if (first === "SET" && kw(t[1], "DEFAULT_TABLE_ACCESS_METHOD")) return tableAmVerdict(t, final, state);
  if (first === "SECURITY") {
    const all = tail.filter((x) => x.depth === 0).map((x) => x.token);
    const on = all.findIndex((x) => kw(x, "ON"));
    const is = all.findIndex((x) => kw(x, "IS"));
    if (on === -1 || is === -1) return final ? leaveOut("SECURITY LABEL", BY_KIND["SECURITY LABEL"]) : null;
    const target = all.slice(on + 1, is);
    const named = target.findIndex((x) => x.quoted || x.literal || !LABEL_KIND_WORDS.has(x.upper ?? ""));
    const split = named === -1 ? target.length : named;
    const objectName = target.slice(split, split + 2).map((x) => x.value);
    const kind = target.slice(0, split).map((x) => x.upper);
    const label = [...kind, objectName.join(".")].join(" ").trim();
    return leaveOut(`SECURITY LABEL ON ${label}`, BY_KIND["SECURITY LABEL"]);
  }
  if (!(create || first === "ALTER" || first === "COMMENT" && kw(t[1], "ON"))) return void 0;
  const at = objectStart(t);
  if (t.length < at + 4 && !final) return null;
  for (const [kind, label] of ALWAYS) {
    if (!kind.every((w, i) => kw(t[at + i], w))) continue;
    const mapping = label === "USER MAPPING";
    const qualified = QUALIFIED.has(label);
    if (mapping && create && t.length < at + 6 && !final) return null;
    if (qualified && t.length < at + kind.length + 2 && !final) return null;
    const object = mapping ? `FOR ${name(t[at + 3]) ?? ""} SERVER ${name(t[at + 5]) ?? ""}` : qualified ? `${name(t[at + kind.length]) ?? ""}.${name(t[at + kind.length + 1]) ?? ""}` : words(t, at + kind.length, at + kind.length + 1);
    if (create && label === "FOREIGN DATA WRAPPER") state.wrappers.add(object);
    if (create) {
      const objects = state.leftOutObjects;
      const [schema, own] = [name(t[at + kind.length]), name(t[at + kind.length + 1])];
      if (qualified && schema !== null && own !== null) objects.add(typeKey(schema, own), `${label} ${object}`);
      if (label === "PROCEDURAL LANGUAGE") objects.add(languageKey(object), `${label} ${object}`);
      if (label === "ACCESS METHOD") objects.add(accessMethodKey(object), `${label} ${object}`);
      return leaveOut(`${label} ${object}`, BY_KIND[label]);
    }
    return skip(`an ${first} of the ${label.toLowerCase()} ${object}, left out`);
  }
  return objectVerdict(t, tail, final, facts, state, at, create);
}
function objectVerdict(t, tail, final, facts, state, at, create) {
  const wait = final ? void 0 : null;
  const kind = t[at]?.upper;
  const depth0 = tail.filter((x) => x.depth === 0).map((x) => x.token);
  const after = (word) => {
    const i = depth0.findIndex((x) => kw(x, word));
    return i === -1 ? null : name(depth0[i + 1]);
  };
  if (kind === "PUBLICATION") {
    const pub = name(t[at + 1]);
    if (pub === null) return wait;
    if (!create) {
      if (state.publications.has(pub)) return skip(`a statement on the publication ${pub}, left out`);
      if (kw(t[at + 2], "ADD") && kw(t[at + 3], "TABLES")) {
        return leaveOut(
          `PUBLICATION TABLES IN SCHEMA ${pub} ${name(t[at + 6]) ?? ""}`.trim(),
          BY_KIND["PUBLICATION TABLES IN SCHEMA"]
        );
      }
      return void 0;
    }
    if (!kw(t[at + 2], "FOR")) return t[at + 2] || final ? void 0 : null;
    if (!(kw(t[at + 3], "ALL") && kw(t[at + 4], "TABLES"))) return t[at + 4] || final ? void 0 : null;
    state.publications.add(pub);
    return leaveOut(`PUBLICATION ${pub}`, ALL_TABLES);
  }
  if (kind === "SERVER") {
    const server = name(t[at + 1]);
    if (server === null) return wait;
    if (!create) return state.servers.has(server) ? skip(`a statement on the server ${server}, left out`) : void 0;
    const i = depth0.findIndex((x, j) => kw(x, "DATA") && kw(depth0[j + 1], "WRAPPER"));
    const wrapper = i === -1 ? null : name(depth0[i + 2]);
    if (wrapper === null) return wait;
    if (!state.wrappers.has(wrapper) && !facts.skippedExtensions.has(wrapper)) return pass;
    state.servers.add(server);
    return leaveOut(`SERVER ${server}`, wrapperLeftOut(wrapper));
  }
  if (kind === "FOREIGN" && kw(t[at + 1], "TABLE")) {
    const only = kw(t[at + 2], "ONLY") ? 1 : 0;
    const [schema, table] = [name(t[at + 2 + only]), name(t[at + 3 + only])];
    if (schema === null || table === null) return wait;
    const key2 = `${schema}.${table}`;
    if (!create)
      return state.foreignTables.has(key2) ? skip(`a statement on the foreign table ${key2}, left out`) : void 0;
    const server = after("SERVER");
    if (server === null) return wait;
    if (!state.servers.has(server)) return pass;
    state.foreignTables.add(key2);
    state.leftOutObjects.add(typeKey(schema, table), `FOREIGN TABLE ${key2}`);
    return leaveOut(`FOREIGN TABLE ${key2}`, serverLeftOut(server));
  }
  if (kind === "COLUMN" && !create) {
    const key2 = `${name(t[at + 1])}.${name(t[at + 2])}`;
    return state.foreignTables.has(key2) ? skip(`a comment on a column of the foreign table ${key2}, left out`) : void 0;
  }
  if (kind === "CAST" && create) return castVerdict(tail, final, state);
  if (kind === "FUNCTION" || kind === "PROCEDURE") {
    const key2 = `${name(t[at + 1])}.${name(t[at + 2])}`;
    if (!create) return state.functions.has(key2) ? skip(`a statement on the function ${key2}, left out`) : void 0;
    const language = after("LANGUAGE");
    if (language === null) return wait;
    if (language !== "c" && language !== "internal") return pass;
    state.functions.add(key2);
    const [schema, fn] = [name(t[at + 1]), name(t[at + 2])];
    if (schema !== null && fn !== null) state.leftOutObjects.add(typeKey(schema, fn), `${kind} ${key2}`);
    return leaveOut(`${kind} ${key2}`, cLanguage(language));
  }
  if (kind === "POLICY" && create) return policyVerdict(t, depth0, final, facts, at);
  return void 0;
}
function castVerdict(tail, final, state) {
  const end = tail.findIndex((x) => x.depth === 0 && (kw(x.token, "WITH") || kw(x.token, "WITHOUT")));
  if (end === -1) return final ? void 0 : null;
  const inside = tail.slice(0, end).filter((x) => x.depth > 0).map((x) => x.token);
  const label = `CAST (${words(inside, 0, inside.length)})`;
  if (kw(tail[end]?.token, "WITHOUT")) return leaveOut(label, BINARY_CAST);
  const as = inside.findIndex((x) => kw(x, "AS"));
  const key2 = (part) => part.length === 2 ? typeKey(part[0]?.value, part[1]?.value) : typeKey("pg_catalog", "");
  const types = [key2(inside.slice(0, as)), key2(inside.slice(as + 1))];
  return types.some((k) => state.types.has(k)) ? pass : leaveOut(label, CAST_TYPES);
}
function policyVerdict(t, depth0, final, facts, at) {
  const to = depth0.findIndex((x) => kw(x, "TO"));
  const stop = depth0.findIndex((x, i) => i > to && (kw(x, "USING") || kw(x, "WITH")));
  if (to === -1) return final || stop !== -1 || depth0.some((x) => kw(x, "USING")) ? pass : null;
  if (stop === -1 && !final) return null;
  const roles = depth0.slice(to + 1, stop === -1 ? void 0 : stop).filter((x) => !x.literal).map((x) => x.value);
  const missing = facts.roles === null ? [] : roles.filter((r) => !facts.roles?.has(r) && r !== "public");
  if (missing.length === 0) return pass;
  return leaveOut(`POLICY ${name(t[at + 1])} ON ${name(t[at + 3])}.${name(t[at + 4])}`, missingRoles(missing));
}
function tableAmVerdict(t, final, state) {
  const value = t.slice(2).find((x) => !kw(x, "TO"));
  if (value === void 0) return final ? void 0 : null;
  const objects = state.leftOutObjects;
  const gone = objects.get(accessMethodKey(value.value)) !== void 0;
  objects.tableAm = gone ? value.value : null;
  return gone ? skip(`a SET default_table_access_method of the access method ${value.value}, left out`) : void 0;
}

// src/dump/plain/set.ts
var SAFE_ENCODINGS = new Set(
  "sqlascii eucjp euccn euckr euctw eucjis2004 utf8 muleinternal latin1 latin2 latin3 latin4 latin5 latin6 latin7 latin8 latin9 latin10 win1256 win1258 win866 win874 koi8r win1251 win1252 iso88595 iso88596 iso88597 iso88598 win1250 win1253 win1254 win1255 win1257 koi8u".split(
    " "
  )
);
var normalizeEncoding = (name2) => name2.toLowerCase().replace(/[^a-z0-9]/g, "");
var ROLE_SWITCH = "a role switch (the drill restores as its own role)";
var pass2 = { action: "pass" };
var skip2 = (what) => ({ action: "skip", what, ownLines: false });
var refuse2 = (what) => ({ action: "refuse", what });
function setVerdict(t, first, final, unknownSettings = /* @__PURE__ */ new Set()) {
  let i = 1;
  while (t[i]?.upper === "SESSION" || t[i]?.upper === "LOCAL") {
    if (t[i]?.upper === "SESSION" && t[i + 1]?.upper === "AUTHORIZATION") break;
    i++;
  }
  const name2 = t[i];
  if (!name2) return final ? pass2 : null;
  const upper = name2.upper ?? "";
  if (upper === "ROLE" || upper === "SESSION_AUTHORIZATION") return skip2(ROLE_SWITCH);
  if (first === "SET" && !name2.literal && unknownSettings.has(name2.value.toLowerCase())) {
    return skip2(`SET ${name2.value.toLowerCase()} (a setting the target server does not have)`);
  }
  if (upper === "SESSION") {
    const next = t[i + 1];
    if (!next) return final ? pass2 : null;
    return next.upper === "AUTHORIZATION" ? skip2(ROLE_SWITCH) : pass2;
  }
  if (first === "SET" && (upper === "CLIENT_ENCODING" || upper === "NAMES")) {
    let v = i + 1;
    if (t[v]?.upper === "TO") v++;
    const value = t[v];
    if (!value) return final ? refuse2(`SET ${upper.toLowerCase()} without a value`) : null;
    if (value.upper === "DEFAULT" || SAFE_ENCODINGS.has(normalizeEncoding(value.value))) return pass2;
    return refuse2(
      `SET ${upper.toLowerCase()} to ${JSON.stringify(value.value)} (only encodings a server can use, which psql reads byte by byte as the check does)`
    );
  }
  return pass2;
}

// src/dump/plain/statement-rules.ts
var ROLE_WORDS = /* @__PURE__ */ new Set(["ROLE", "USER", "GROUP"]);
var OWNER_STATEMENT = "an owner statement (the drill restores as its own role)";
var PRIVILEGE_STATEMENT = "a privilege statement (roles of the source server)";
var CLEAN_DROP = "a DROP of pg_dump --clean (the drill database is new: nothing of the backup's is there to drop, and its extensions are the admin's)";
function statementVerdict(t, last, final, context) {
  const w = (i) => t[i]?.upper ?? (t[i] ? "" : void 0);
  const first = w(0);
  if (first === void 0) return final ? pass : null;
  const need = (i) => w(i) === void 0 && !final ? null : w(i) ?? "";
  switch (first) {
    case "GRANT":
    case "REVOKE":
      return skip(PRIVILEGE_STATEMENT);
    case "REASSIGN":
      return refuse("REASSIGN OWNED (a role statement)");
    case "LOAD":
      return refuse("LOAD (loads a library into the database server)");
    case "CREATE":
    case "DROP": {
      const what = need(1);
      if (what === null) return null;
      if (ROLE_WORDS.has(what)) {
        if (what === "USER") {
          const next = need(2);
          if (next === null) return null;
          if (next === "MAPPING") return first === "DROP" && context.prelude ? skip(CLEAN_DROP) : pass;
        }
        return refuse(`${first} ${what} (a role statement: roles belong to the whole server)`);
      }
      if (what === "TABLESPACE") return refuse(`${first} TABLESPACE (writes to the server's file system)`);
      if (what === "OWNED") return refuse("DROP OWNED (a role statement)");
      if (first === "CREATE" && what === "SCHEMA" && context.madeSchemas.size > 0) {
        if (!final) return null;
        const name2 = t[2];
        return t.length === 3 && name2 && !name2.literal && context.madeSchemas.has(name2.value) ? skip(`the CREATE SCHEMA of ${name2.value} (made before the restore, for the extension in it)`) : pass;
      }
      return first === "DROP" && context.prelude ? skip(CLEAN_DROP) : pass;
    }
    case "ALTER": {
      const what = need(1);
      if (what === null) return null;
      if (what === "SYSTEM") return refuse("ALTER SYSTEM (changes the server's configuration)");
      if (ROLE_WORDS.has(what)) {
        if (what === "USER") {
          const next = need(2);
          if (next === null) return null;
          if (next === "MAPPING") return pass;
        }
        return refuse(`ALTER ${what} (a role statement: roles belong to the whole server)`);
      }
      if (what === "TABLESPACE") return refuse("ALTER TABLESPACE (the server's file system)");
      if (what === "DEFAULT") return skip(PRIVILEGE_STATEMENT);
      if (!final) return null;
      if (context.prelude && context.sawDrop) return skip(CLEAN_DROP);
      const [a, b] = last;
      return a?.upper === "OWNER" && b?.upper === "TO" && last.length === 3 ? skip(OWNER_STATEMENT) : pass;
    }
    case "SET":
    case "RESET":
      return setVerdict(t, first, final, context.unknownSettings);
    case "SELECT": {
      if (!context.prelude) return pass;
      const fn = need(2);
      if (fn === null) return null;
      return w(1) === "PG_CATALOG" && fn === "LO_UNLINK" ? skip(CLEAN_DROP) : pass;
    }
    case "COMMENT": {
      const on = need(2);
      if (on === null) return null;
      if (on === "DATABASE") return skip("a COMMENT ON DATABASE (the drill database is not the source)");
      return on === "EXTENSION" ? skip("a COMMENT ON EXTENSION (the extension was created before the restore)") : pass;
    }
    case "SECURITY": {
      const at = w(2) === "FOR" ? 5 : 3;
      const target = need(at);
      if (target === null) return null;
      return target === "DATABASE" ? skip("a SECURITY LABEL ON DATABASE") : pass;
    }
    default:
      return pass;
  }
}

// src/dump/plain/rules.ts
var StatementJudge = class {
  /**
   * `facts`: what the restore knows (none when the dump is only verified): the schemas it made
   * for extensions (the dump's `CREATE SCHEMA name;` of one is skipped), the extensions it left
   * out, the server's roles, and whether it runs as the drill role.
   */
  constructor(facts = NO_FACTS) {
    this.facts = facts;
    const objects = facts.extensionObjects;
    if (objects && objects.schemas.size > 0)
      this.privileged.leftOutObjects.extensions = new ExtensionObjects(objects.schemas, objects.existing);
  }
  facts;
  open = false;
  startLine = 0;
  /** The database a --create dump creates: its ALTER DATABASE and \connect are understood, not obeyed. */
  ownDatabase = null;
  /**
   * A --create --clean dump's DROP DATABASE, skipped: let be only when the next statement creates
   * that same database, else refused naming the DROP's line.
   */
  pendingDrop = null;
  /**
   * Nothing but SET statements and drops yet (since the start, or a --create dump's \connect):
   * what pg_dump --clean writes first (DROP …, ALTER TABLE … DROP CONSTRAINT/DEFAULT,
   * SELECT pg_catalog.lo_unlink(…)). Those drops are skipped: the drill database is new, so
   * without --if-exists they would fail on objects that are not there, and DROP EXTENSION on the
   * extensions the admin connection created (extensions.ts).
   */
  prelude = true;
  /** The statement has the keyword DROP (an ALTER … DROP of a --clean dump's start). */
  sawDrop = false;
  /** What the restore left out that the dump meant to run, in the dump's order. */
  leftOut = [];
  privileged = new PrivilegedState();
  tail = [];
  /** Objects were left out before this statement began: it is read for their names to its end. */
  watching = false;
  scan = new ReferenceScan(this.privileged.leftOutObjects);
  eligible = false;
  tokens = [];
  last = [];
  decided = null;
  depth = 0;
  copy = new CopyForm();
  begin(line, atLineStart) {
    this.open = true;
    this.startLine = line;
    this.eligible = atLineStart;
    this.tokens = [];
    this.last = [];
    this.decided = null;
    this.depth = 0;
    this.copy.reset();
    this.sawDrop = false;
    this.tail = [];
    this.watching = this.privileged.leftOutObjects.watched;
    this.scan = new ReferenceScan(this.privileged.leftOutObjects);
  }
  /** The statement may still turn out to be one that is skipped: its lines are held back. */
  get maybeSkip() {
    const first = this.tokens[0]?.upper;
    if (!this.open || !this.eligible || first == null) return false;
    if (this.watching && MAY_DEPEND.has(first)) return true;
    return this.decided?.action !== "pass" && SKIP_FIRST.has(first);
  }
  paren(delta) {
    this.scan.other();
    this.depth = Math.max(0, this.depth + delta);
    if (this.tokens[0]?.upper === "COPY") this.copy.step(delta > 0 ? "(" : ")", this.depth);
  }
  /** Punctuation or a number. */
  other(c) {
    this.scan.other(c);
    if (this.tokens[0]?.upper !== "COPY") return;
    this.copy.step(c === 46 ? "." : c === 44 ? "," : "?", this.depth);
  }
  /** A name, keyword or literal; returns what is refused, if anything. */
  token(text, quoted2, literal) {
    const token = literal ? { upper: null, value: text, literal: true, quoted: false } : { upper: text.toUpperCase(), value: quoted2 ? text : text.toLowerCase(), literal: false, quoted: quoted2 };
    if (this.tokens.length < 8) this.tokens.push(token);
    this.scan.token(token);
    if (this.tail.length < TAIL_TOKENS) this.tail.push({ token, depth: this.depth });
    if (token.upper === "DROP" && !quoted2 && !literal) this.sawDrop = true;
    this.last.push(token);
    if (this.last.length > 3) this.last.shift();
    if (this.tokens[0]?.upper === "COPY") {
      if (this.tokens.length === 1 && this.last.length === 1) return null;
      return this.copy.token(token, this.last[this.last.length - 2]);
    }
    if (this.decided === null) {
      const verdict2 = this.decide(false);
      if (verdict2) this.decided = verdict2;
      if (verdict2?.action === "refuse") return verdict2.what;
    }
    return null;
  }
  /** The statement ends (at a `;`, or the end of the dump). */
  finish(terminates) {
    if (!this.open) return null;
    this.open = false;
    if (this.tokens[0]?.upper === "COPY") {
      if (this.copy.complete && terminates && this.eligible) {
        const gone = this.dependentVerdict();
        if (gone?.leftOut) this.leftOut.push(gone.leftOut);
        return gone ? { ...gone, ownLines: true, copyData: true } : { action: "copy" };
      }
      return refuse("a COPY other than pg_dump's COPY \u2026 FROM stdin;");
    }
    let verdict2 = this.decided ?? this.decide(true) ?? pass;
    if (verdict2.action === "pass") verdict2 = this.dependentVerdict() ?? pass;
    const extensions = this.privileged.leftOutObjects.extensions;
    if (verdict2.action === "pass" && extensions)
      for (const key2 of dependent(this.tokens, this.scan).creates) extensions.created.add(key2);
    if (!this.preludeStatement()) this.prelude = false;
    if (verdict2.action === "skip" && verdict2.leftOut) this.leftOut.push(verdict2.leftOut);
    if (verdict2.action === "pass" && this.tokens[0]?.upper === "CREATE") this.privileged.noteCreated(this.tokens);
    if (verdict2.action === "skip") return { ...verdict2, ownLines: this.eligible && terminates };
    return verdict2;
  }
  /** Left out when the statement names an object left out before it (dependents.ts); null: it does not. */
  dependentVerdict() {
    if (!this.watching) return null;
    if (this.tokens[0]?.upper === "CREATE")
      this.scan.creates(this.tokens.slice(1).find((t) => !NOT_KIND.has(t.upper ?? ""))?.upper ?? void 0);
    const needed = this.scan.found;
    if (needed === null) return null;
    const gone = dependent(this.tokens, this.scan);
    for (const key2 of gone.creates) this.privileged.leftOutObjects.add(key2, gone.what);
    const why = `depends on ${needed}, which is left out`;
    return {
      action: "skip",
      what: `${gone.what}: ${why}`,
      ownLines: false,
      leftOut: { what: gone.what, why, data: gone.data }
    };
  }
  /** The end of the dump: a DROP DATABASE no CREATE DATABASE followed is refused. */
  atEnd() {
    return this.pendingDrop ? this.dropRefused() : null;
  }
  /** SET, RESET, drops and pg_dump's `SELECT pg_catalog.set_config(...)` keep the prelude going. */
  preludeStatement() {
    const [a, b, c] = this.tokens.map((t) => t.upper);
    if (a === "SET" || a === "RESET" || a === "DROP" || a === "ALTER" && this.sawDrop) return true;
    return a === "SELECT" && b === "PG_CATALOG" && (c === "SET_CONFIG" || c === "LO_UNLINK");
  }
  dropRefused() {
    const drop = this.pendingDrop;
    this.pendingDrop = null;
    this.startLine = drop.line;
    return {
      action: "refuse",
      what: `DROP DATABASE (drops a database): ${drop.name}, which is not the database a --create dump creates with its next statement`,
      line: drop.line
    };
  }
  /** `DROP DATABASE [IF EXISTS] name` as pg_dump --create --clean writes it; null when not (yet). */
  dropDatabaseName(final) {
    const t = this.tokens;
    const ifExists = t[2]?.upper === "IF" && !t[2].quoted && t[3]?.upper === "EXISTS" && !t[3].quoted;
    const name2 = t[ifExists ? 4 : 2];
    if (!final) return void 0;
    return name2 && !name2.literal && t.length === (ifExists ? 5 : 3) ? name2.value : null;
  }
  /** After a DROP DATABASE: the statement must be the CREATE DATABASE of the same name. */
  afterDrop(final) {
    const t = this.tokens;
    const drop = this.pendingDrop;
    for (let i = 0; i < 3; i++) {
      if (!t[i]) return final ? this.dropRefused() : null;
      const ok = i === 0 ? t[0]?.upper === "CREATE" : i === 1 ? t[1]?.upper === "DATABASE" : t[2]?.value === drop.name;
      if (!ok || t[i]?.literal) return this.dropRefused();
    }
    this.pendingDrop = null;
    return this.decide(final);
  }
  /** The verdict once the first words tell it; null while they do not yet (or `final`: the end). */
  decide(final) {
    const t = this.tokens;
    const first = t[0]?.upper ?? (t[0] ? "" : void 0);
    if (first === void 0) return final ? pass : null;
    if (this.pendingDrop) return this.afterDrop(final);
    if ((first === "CREATE" || first === "DROP" || first === "ALTER") && t[1]?.upper === "DATABASE") {
      return this.database(first, final);
    }
    const privileged = privilegedVerdict(t, this.tail, final, this.facts, this.privileged);
    if (privileged !== void 0) return privileged;
    return statementVerdict(t, this.last, final, {
      prelude: this.prelude,
      sawDrop: this.sawDrop,
      madeSchemas: this.facts.madeSchemas,
      unknownSettings: this.facts.unknownSettings
    });
  }
  /** CREATE, DROP or ALTER DATABASE: only a --create dump's own database is let be (skipped). */
  database(first, final) {
    const t = this.tokens;
    if (first === "DROP") {
      if (this.ownDatabase !== null) return refuse("DROP DATABASE (drops a database) after the CREATE DATABASE");
      const name3 = this.dropDatabaseName(final);
      if (name3 === void 0) return null;
      if (name3 === null) return refuse("DROP DATABASE (drops a database), not as pg_dump --create --clean writes it");
      this.pendingDrop = { name: name3, line: this.startLine };
      return skip("the DROP DATABASE of a --create --clean dump (the drill database is never dropped by the dump)");
    }
    if (first === "ALTER") {
      const name3 = t[2];
      if (!name3) return final ? refuse("ALTER DATABASE") : null;
      if (this.ownDatabase !== null && name3.value === this.ownDatabase) {
        return skip("an ALTER DATABASE of the --create dump\u2019s own database");
      }
      return refuse(`ALTER DATABASE ${name3.value} (another database than the drill's)`);
    }
    const name2 = t[2];
    if (!name2) return final ? refuse("CREATE DATABASE") : null;
    if (this.ownDatabase !== null) return refuse(`CREATE DATABASE ${name2.value} (a second database)`);
    this.ownDatabase = name2.value;
    return skip(`the CREATE DATABASE of a --create dump (restored into the drill database instead)`);
  }
  // --- meta-commands on lines of their own, where pg_dump writes them ------------------------
  /** A line that starts with a backslash outside any statement. */
  metaLine(text, describe) {
    if (this.pendingDrop) return this.dropRefused();
    const line = text.replace(/[ \t\r]+$/, "");
    if (/^\\(un)?restrict[ \t]+[A-Za-z0-9]+$/.test(line)) {
      return { action: "skip", what: "the dump's own \\restrict key (psql runs under the drill's)", ownLines: true };
    }
    if (/^\\encoding[ \t]+[A-Za-z0-9_]+$/.test(line)) {
      return { action: "skip", what: "the \\encoding of a --create dump", ownLines: true };
    }
    const connect = /^\\connect[ \t]+(?:-reuse-previous=on[ \t]+)?("(?:[^"]|"")*"|[^\s"]+)$/.exec(line);
    if (connect?.[1]) {
      const name2 = connectTarget(connect[1]);
      if (name2 !== null && this.ownDatabase !== null && name2 === this.ownDatabase) {
        this.prelude = true;
        return { action: "skip", what: "the \\connect of a --create dump to its own database", ownLines: true };
      }
      return refuse(
        `\\connect to ${name2 === null ? "another database" : `database ${JSON.stringify(name2)}`} (the drill restores only into its own database)`
      );
    }
    if (/^\\(c|connect)(\s|$)/.test(line))
      return refuse("\\connect to another database (the drill restores only into its own database)");
    return refuse(describe(line));
  }
};

// src/dump/plain/quote-scanner.ts
var KEEP = 200;
var REFUSED = -1;
var QuoteScanner = class {
  /** `refuse`: records a refusal (the lexer keeps the first) and returns REFUSE. */
  constructor(judge2, refuse3) {
    this.judge = judge2;
    this.refuse = refuse3;
  }
  judge;
  refuse;
  /** 1-based number of the line being lexed. */
  lineNumber = 0;
  state = 0 /* Initial */;
  commentDepth = 0;
  dollarTag = "";
  /** A string just closed: a quote after a newline would continue it. */
  afterString = false;
  sawNewlineAfterString = false;
  token = "";
  tokenQuoted = false;
  /**
   * Lexes on from `from` inside a quote, a comment or a dollar quote (not State.Initial); returns
   * where to go on (at most the end of the line), or REFUSED.
   */
  quoted(buf, from, end) {
    let i = from;
    const c = buf[i];
    switch (this.state) {
      case 1 /* Comment */: {
        if (c === 42 && buf[i + 1] === 47 && i + 1 < end) {
          i += 2;
          if (this.commentDepth === 0) this.state = 0 /* Initial */;
          else this.commentDepth -= 1;
        } else if (c === 47 && buf[i + 1] === 42 && i + 1 < end) {
          this.commentDepth += 1;
          i += 2;
        } else i += 1;
        return i;
      }
      case 2 /* Ident */: {
        const q = indexWithin(buf, DQUOTE, i, end);
        const stop = q === -1 ? end : q;
        this.keep(buf, i, stop);
        if (stop === end) {
          this.keepNewline();
          i = end;
        } else if (buf[stop + 1] === DQUOTE && stop + 1 < end) {
          this.token += '"';
          i = stop + 2;
        } else {
          this.state = 0 /* Initial */;
          i = stop + 1;
          const what = this.addToken(true);
          if (what) return this.refused(this.judge.startLine, what);
        }
        return i;
      }
      case 3 /* Str */:
      case 5 /* BitStr */: {
        const q = indexWithin(buf, QUOTE, i, end);
        const stop = q === -1 ? end : q;
        this.keep(buf, i, stop);
        if (stop === end) {
          this.keepNewline();
          i = end;
          return i;
        }
        if (this.state === 3 /* Str */) {
          let run = 0;
          for (let k = stop - 1; k >= i && buf[k] === BACKSLASH; k--) run++;
          if (run % 2 === 1) {
            return this.refused(
              this.lineNumber,
              "a backslash before a quote in a string literal (its end depends on standard_conforming_strings)"
            );
          }
        }
        if (buf[stop + 1] === QUOTE && stop + 1 < end) {
          this.token += "'";
          i = stop + 2;
          return i;
        }
        i = stop + 1;
        this.closeString();
        const what = this.addToken(true, true);
        if (what) return this.refused(this.judge.startLine, what);
        return i;
      }
      case 4 /* EscStr */: {
        if (c === BACKSLASH) {
          i += 2;
          return i;
        }
        if (c === QUOTE) {
          if (buf[i + 1] === QUOTE && i + 1 < end) {
            i += 2;
            return i;
          }
          i += 1;
          this.closeString();
          this.token = "";
          const what = this.addToken(true, true);
          if (what) return this.refused(this.judge.startLine, what);
          return i;
        }
        i += 1;
        return i;
      }
      case 6 /* Dollar */: {
        const close = indexWithin(buf, this.dollarTag, i, end);
        if (close === -1) {
          i = end;
        } else {
          i = close + this.dollarTag.length;
          this.state = 0 /* Initial */;
          const what = this.addToken(false, true);
          if (what) return this.refused(this.judge.startLine, what);
        }
        return i;
      }
    }
    return i;
  }
  refused(line, what) {
    this.refuse(line, what);
    return REFUSED;
  }
  keep(buf, from, to) {
    if (this.token.length < KEEP) this.token += buf.toString("utf8", from, Math.min(to, from + KEEP));
  }
  keepNewline() {
    if (this.token.length < KEEP) this.token += "\n";
  }
  closeString() {
    this.state = 0 /* Initial */;
    this.afterString = true;
    this.sawNewlineAfterString = false;
  }
  addToken(quoted2, literal = false) {
    return this.judge.token(this.token, quoted2 || this.tokenQuoted, literal);
  }
};

// src/dump/plain/sql-scanner.ts
var SqlScanner = class extends QuoteScanner {
  /** Why the last SKIP line was skipped. */
  skipWhy = "";
  /** psql's own counters: a `;` ends what psql sends only at depth 0 outside BEGIN ... END. */
  parenDepth = 0;
  beginDepth = 0;
  identifierCount = 0;
  identifiers = [0, 0, 0, 0];
  /** Nothing since the last `;` psql sends on (a meta-command then stands alone). */
  bufferEmpty = true;
  copyPending = false;
  /** A COPY ... FROM stdin ended on the line just lexed: its data starts on the next line. */
  takeCopyStart() {
    const pending = this.copyPending;
    this.copyPending = false;
    return pending;
  }
  /** Lexes one line of SQL, the `lineNumber`th of the dump. */
  line(buf, start, end, lineNumber) {
    this.lineNumber = lineNumber;
    if (this.afterString) this.sawNewlineAfterString = true;
    let i = start;
    let lineBlank = true;
    while (i < end) {
      if (this.state !== 0 /* Initial */) {
        i = this.quoted(buf, i, end);
        if (i === REFUSED) return REFUSE;
        continue;
      }
      const c = buf[i];
      if (isSpace(c)) {
        i += 1;
        continue;
      }
      if (c === 45 && buf[i + 1] === 45 && i + 1 < end) {
        const cr = indexWithin(buf, CR, i, end);
        i = cr === -1 ? end : cr + 1;
        continue;
      }
      if (this.afterString) {
        if (c === QUOTE && this.sawNewlineAfterString) {
          return this.refuse(
            this.lineNumber,
            "a string literal continued on the next line (psql and the server read it two ways)"
          );
        }
        this.afterString = false;
      }
      if (c === 47 && buf[i + 1] === 42 && i + 1 < end) {
        this.state = 1 /* Comment */;
        this.commentDepth = 0;
        this.bufferEmpty = false;
        lineBlank = false;
        i += 2;
        continue;
      }
      if (c === BACKSLASH) {
        if (this.bufferEmpty && lineBlank && !this.judge.open) {
          const verdict2 = this.judge.metaLine(buf.toString("utf8", i, end), describeMeta);
          if (verdict2.action !== "skip")
            return verdict2.action === "refuse" ? this.refuse(verdict2.line ?? this.lineNumber, verdict2.what) : this.refuse(this.lineNumber, "");
          this.skipWhy = verdict2.what;
          return SKIP;
        }
        return this.refuse(this.lineNumber, metaInStatement(buf, i, end));
      }
      if (c === 58) {
        const what = variableReference(buf, i, end);
        if (what) return this.refuse(this.lineNumber, what);
      }
      if (c === 59) {
        lineBlank = false;
        i += 1;
        const terminates = this.parenDepth === 0 && this.beginDepth === 0;
        const verdict2 = this.judge.finish(terminates);
        if (verdict2?.action === "refuse") return this.refuse(this.judge.startLine, verdict2.what);
        if (terminates) {
          this.identifierCount = 0;
          this.bufferEmpty = true;
        }
        if (verdict2?.action === "copy") {
          if (!this.restIsBlank(buf, i, end)) {
            return this.refuse(
              this.lineNumber,
              "more SQL on the line of a COPY ... FROM stdin (psql reads its data from the next line)"
            );
          }
          this.copyPending = true;
          return PASS;
        }
        if (verdict2?.action === "skip") {
          if (!verdict2.ownLines || !this.restIsBlank(buf, i, end)) {
            return this.refuse(this.judge.startLine, `${verdict2.what} sharing a line or a statement with other SQL`);
          }
          this.skipWhy = verdict2.what;
          if (verdict2.copyData) this.copyPending = true;
          return SKIP;
        }
        continue;
      }
      if (!this.judge.open) this.judge.begin(this.lineNumber, this.bufferEmpty && lineBlank);
      this.bufferEmpty = false;
      lineBlank = false;
      if (c === 58 && buf[i + 1] === 58 && i + 1 < end) {
        this.judge.other(c);
        i += 2;
        continue;
      }
      if (c === 40) {
        this.parenDepth += 1;
        this.judge.paren(1);
        i += 1;
        continue;
      }
      if (c === 41) {
        if (this.parenDepth > 0) this.parenDepth -= 1;
        this.judge.paren(-1);
        i += 1;
        continue;
      }
      if (c === QUOTE || (c | 32) === 101 && buf[i + 1] === QUOTE && i + 1 < end) {
        this.state = c === QUOTE ? 3 /* Str */ : 4 /* EscStr */;
        this.token = "";
        i += c === QUOTE ? 1 : 2;
        continue;
      }
      if ((c | 32) === 110 && buf[i + 1] === QUOTE && i + 1 < end) {
        this.state = 3 /* Str */;
        this.token = "";
        i += 2;
        continue;
      }
      if (((c | 32) === 98 || (c | 32) === 120) && buf[i + 1] === QUOTE && i + 1 < end) {
        this.state = 5 /* BitStr */;
        this.token = "";
        i += 2;
        continue;
      }
      if ((c | 32) === 117 && buf[i + 1] === 38 && i + 1 < end) {
        return this.refuse(this.lineNumber, "a U& (Unicode escape) literal or name, which pg_dump does not write");
      }
      if (c === DQUOTE) {
        this.state = 2 /* Ident */;
        this.token = "";
        i += 1;
        continue;
      }
      if (c === DOLLAR) {
        const next = buf[i + 1] ?? -1;
        if (isDigit(next)) {
          i += 2;
          while (i < end && isDigit(buf[i])) i++;
          continue;
        }
        let j = i + 1;
        while (j < end && isVarChar(buf[j])) j++;
        if (buf[j] === DOLLAR && j < end && (j === i + 1 || isIdentStart(buf[i + 1]))) {
          this.dollarTag = buf.toString("latin1", i, j + 1);
          this.state = 6 /* Dollar */;
          i = j + 1;
          continue;
        }
        i += 1;
        continue;
      }
      if (isIdentStart(c)) {
        let j = i + 1;
        while (j < end && isIdentCont(buf[j])) j++;
        this.token = buf.toString("utf8", i, j);
        this.tokenQuoted = false;
        this.psqlIdentifier(this.token);
        const what = this.addToken(false);
        if (what) return this.refuse(this.judge.startLine, what);
        i = j;
        continue;
      }
      if (isDigit(c) || c === 46 && isDigit(buf[i + 1] ?? -1)) {
        let j = i + 1;
        while (j < end && (isDigit(buf[j]) || buf[j] === 46)) j++;
        if ((buf[j] === 101 || buf[j] === 69) && (isDigit(buf[j + 1] ?? -1) || (buf[j + 1] === 43 || buf[j + 1] === 45) && isDigit(buf[j + 2] ?? -1))) {
          j += 2;
          while (j < end && isDigit(buf[j])) j++;
        }
        if (j < end && isIdentCont(buf[j])) {
          return this.refuse(this.lineNumber, "a number run into a name or `$` (psql versions read it differently)");
        }
        this.judge.other();
        i = j;
        continue;
      }
      this.judge.other(c);
      i += 1;
    }
    return PASS;
  }
  /** psql's heuristic for CREATE [OR REPLACE] FUNCTION|PROCEDURE ... BEGIN ATOMIC ... END. */
  psqlIdentifier(word) {
    if (this.identifierCount === 0) this.identifiers = [0, 0, 0, 0];
    const lower = word.toLowerCase();
    if (["create", "function", "procedure", "or", "replace"].includes(lower) && this.identifierCount < 4) {
      this.identifiers[this.identifierCount] = lower.charCodeAt(0);
    }
    this.identifierCount += 1;
    const [a, b, c, d] = this.identifiers;
    const f = 102;
    const p = 112;
    if (a === 99 && (b === f || b === p || b === 111 && c === 114 && (d === f || d === p)) && this.parenDepth === 0) {
      if (lower === "begin") this.beginDepth += 1;
      else if (lower === "case") {
        if (this.beginDepth >= 1) this.beginDepth += 1;
      } else if (lower === "end" && this.beginDepth > 0) this.beginDepth -= 1;
    }
  }
  /** Only whitespace or a `--` comment from `from` to the end of the line. */
  restIsBlank(buf, from, end) {
    for (let i = from; i < end; i++) {
      const c = buf[i];
      if (isSpace(c)) continue;
      if (c !== 45 || buf[i + 1] !== 45 || i + 1 >= end) return false;
      const cr = indexWithin(buf, CR, i, end);
      return cr === -1 || cr >= end - 1;
    }
    return true;
  }
};

// src/dump/plain/lexer.ts
var MAX_SQL_LINE_BYTES = 64 * 1024 * 1024;
var MAX_HELD_BYTES = MAX_SQL_LINE_BYTES;
var COPY_PIECE_BYTES = 1024 * 1024;
var MIB = 1024 * 1024;
var PlainDumpLexer = class {
  /** 1-based number of the line being read. */
  lineNumber = 0;
  inCopy = false;
  /** The line last handed out was COPY data. */
  copyLine = false;
  /** The piece last handed out continues a COPY data row whose start was handed out before. */
  continued = false;
  refusal = null;
  judge;
  sql;
  hasNul = false;
  /** The start of a line not yet ended, in the chunks it came in: joined once, when it ends (linear). */
  pending = [];
  pendingBytes = 0;
  /** A long COPY data row is being handed out in pieces. */
  copyRowOpen = false;
  /** The COPY data being read is a left-out table's: its lines are skipped, not passed. */
  skipCopy = false;
  /** Bytes of the lines held back so far for the statement that may yet be skipped. */
  heldBytes = 0;
  /** `facts`: what the restore knows (see StatementJudge); a set: only the schemas made for extensions. */
  constructor(facts = NO_FACTS) {
    this.judge = new StatementJudge(
      facts instanceof Set ? { ...NO_FACTS, madeSchemas: facts } : facts
    );
    this.sql = new SqlScanner(this.judge, (line, what) => this.refuse(line, what));
  }
  /** What the restore left out that the dump meant to run. */
  get leftOut() {
    return this.judge.leftOut;
  }
  /** Why the last SKIP line was skipped. */
  get skipWhy() {
    return this.sql.skipWhy;
  }
  /**
   * Feeds a chunk; `onLine` gets each complete line (end excludes the newline, which follows at
   * `end` when present) with what to do with it, and the pieces of a long COPY data row as they
   * come (`continued` is true for all but the first). Stops at the first refusal. Every byte is
   * looked at a bounded number of times, however long its line.
   */
  write(chunk, onLine) {
    if (this.refusal) return;
    let start = 0;
    if (this.copyRowOpen) {
      const nl = chunk.indexOf(NL);
      const end = nl === -1 ? chunk.length : nl;
      if (!this.rowPiece(chunk, 0, end, onLine) || nl === -1) return;
      this.copyRowOpen = false;
      start = nl + 1;
    } else if (this.pendingBytes > 0) {
      const nl = chunk.indexOf(NL);
      if (nl === -1) {
        this.keep(chunk, onLine);
        return;
      }
      const line = Buffer.concat([...this.pending, chunk.subarray(0, nl + 1)]);
      this.pending = [];
      this.pendingBytes = 0;
      this.hasNul = line.indexOf(0) !== -1;
      if (!this.handOut(line, 0, line.length - 1, onLine)) return;
      start = nl + 1;
    }
    this.hasNul = chunk.indexOf(0, start) !== -1;
    for (let nl = chunk.indexOf(NL, start); nl !== -1; nl = chunk.indexOf(NL, start)) {
      if (!this.handOut(chunk, start, nl, onLine)) return;
      start = nl + 1;
    }
    if (start < chunk.length) this.keep(start === 0 ? chunk : chunk.subarray(start), onLine);
  }
  end(onLine) {
    if (this.refusal) return;
    if (this.pendingBytes > 0) {
      const last = Buffer.concat(this.pending);
      this.pending = [];
      this.pendingBytes = 0;
      this.hasNul = last.indexOf(0) !== -1;
      onLine(last, 0, last.length, this.line(last, 0, last.length));
    }
    if (this.refusal || this.inCopy) return;
    const held = this.judge.maybeSkip;
    const verdict2 = this.judge.finish(false);
    if (verdict2?.action === "refuse") this.refuse(this.judge.startLine, verdict2.what);
    else if (held) this.refuse(this.judge.startLine, "a statement without its `;` at the end of the dump");
    const dangling = this.judge.atEnd();
    if (dangling?.action === "refuse") this.refuse(dangling.line ?? this.judge.startLine, dangling.what);
  }
  /** One whole line: judged and handed out; false once refused. */
  handOut(buf, start, end, onLine) {
    const action = this.line(buf, start, end);
    onLine(buf, start, end, action);
    return action !== REFUSE;
  }
  /** The start of a line not ended in this chunk: kept (SQL, up to its cap) or, for a long COPY row, handed out. */
  keep(piece, onLine) {
    if (!this.inCopy && this.pendingBytes + piece.length > MAX_SQL_LINE_BYTES) {
      this.refuse(
        this.lineNumber + 1,
        `a line of SQL longer than ${MAX_SQL_LINE_BYTES / MIB} MiB (pg_dump writes none so long outside COPY data)`
      );
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    this.pending.push(Buffer.from(piece));
    this.pendingBytes += piece.length;
    if (!this.inCopy || this.pendingBytes < COPY_PIECE_BYTES) return;
    const head = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    this.hasNul = head.indexOf(0) !== -1;
    const action = this.line(head, 0, head.length);
    onLine(head, 0, head.length, action);
    if (action !== REFUSE) this.copyRowOpen = true;
  }
  /** More of a long COPY row; false once refused. */
  rowPiece(buf, start, end, onLine) {
    const nul = buf.subarray(start, end).indexOf(0);
    if (nul !== -1) {
      this.refuse(this.lineNumber, "a NUL byte (psql would drop the rest of the line unseen)");
      return false;
    }
    if (this.skipCopy) return true;
    this.continued = true;
    onLine(buf, start, end, PASS);
    this.continued = false;
    return true;
  }
  refuse(line, what) {
    this.refusal ??= { line, what: sanitizeName(what) };
    return REFUSE;
  }
  line(buf, start, end) {
    this.lineNumber += 1;
    this.copyLine = this.inCopy;
    if (this.hasNul) {
      for (let i = start; i < end; i++) {
        if (buf[i] === 0)
          return this.refuse(this.lineNumber, "a NUL byte (psql would drop the rest of the line unseen)");
      }
    }
    if (this.inCopy) {
      if (buf[start] === BACKSLASH && buf[start + 1] === 46 && (end - start === 2 || end - start === 3 && buf[start + 2] === CR)) {
        this.inCopy = false;
        if (this.skipCopy) {
          this.skipCopy = false;
          return SKIP;
        }
      }
      return this.skipCopy ? SKIP : PASS;
    }
    const action = this.sql.line(buf, start, end, this.lineNumber);
    if (action !== PASS) {
      if (action !== HOLD) this.heldBytes = 0;
      if (action === SKIP && this.sql.takeCopyStart()) {
        this.inCopy = true;
        this.skipCopy = true;
      }
      return action;
    }
    if (this.sql.takeCopyStart()) this.inCopy = true;
    if (!this.judge.maybeSkip) {
      this.heldBytes = 0;
      return PASS;
    }
    this.heldBytes += end - start + 1;
    if (this.heldBytes > MAX_HELD_BYTES) {
      return this.refuse(
        this.judge.startLine,
        `a statement of over ${MAX_HELD_BYTES / MIB} MiB that may be an owner or privilege statement (pg_dump writes those short)`
      );
    }
    return HOLD;
  }
};

// src/dump/plain-scanner.ts
var COMPLETION_MARKER = "-- PostgreSQL database dump complete";
var TAIL_BYTES2 = 4096;
function unquoteQualifiedName(text) {
  const parts = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      let part = "";
      i += 1;
      while (i < text.length) {
        if (text[i] === '"' && text[i + 1] === '"') {
          part += '"';
          i += 2;
        } else if (text[i] === '"') {
          i += 1;
          break;
        } else {
          part += text[i];
          i += 1;
        }
      }
      parts.push(part);
    } else {
      const dot = text.indexOf(".", i);
      const end = dot === -1 ? text.length : dot;
      parts.push(text.slice(i, end));
      i = end;
    }
    if (text[i] === ".") i += 1;
  }
  return parts;
}
var CREATE_TABLE = /^CREATE (?:UNLOGGED )?TABLE ((?:"(?:[^"]|"")*"|[^\s."(]+)(?:\.(?:"(?:[^"]|"")*"|[^\s."(]+))?)(?=[\s(]|$)/;
var CREATE_EXTENSION = /^CREATE EXTENSION (?:IF NOT EXISTS )?("(?:[^"]|"")*"|[^\s";]+)(?: WITH SCHEMA ("(?:[^"]|"")*"|[^\s";]+))?/;
var LETTER_C = 67;
var PlainDumpScanner = class {
  tables = [];
  /** The CREATE EXTENSION statements: the admin connection creates these before the restore. */
  extensions = [];
  /** The COPY statement whose data did not end with `\.` (the first such), or null. */
  unterminatedCopy = null;
  copy = "";
  lexer = new PlainDumpLexer();
  tail = Buffer.alloc(0);
  onLine = (buf, start, end) => this.lineAt(buf, start, end);
  /** What the dump does that a drill refuses to run (the first such line), or null. */
  get refusal() {
    return this.lexer.refusal;
  }
  // Bytes, not text: COPY data is most of a dump, and decoding it all to strings would cost time
  // and memory for nothing. The lexer reads statements; only lines that may be COPY or CREATE
  // statements are decoded here.
  write(chunk) {
    const joined = chunk.length >= TAIL_BYTES2 ? chunk : Buffer.concat([this.tail, chunk]);
    this.tail = Buffer.from(joined.subarray(-TAIL_BYTES2));
    this.lexer.write(chunk, this.onLine);
  }
  end() {
    this.lexer.end(this.onLine);
    if (this.lexer.inCopy && !this.lexer.refusal) this.unterminatedCopy ??= this.copy;
  }
  lineAt(buf, start, end) {
    const stop = end > start && buf[end - 1] === 13 ? end - 1 : end;
    if (this.lexer.copyLine) {
      if (this.lexer.continued) return;
      if (buf[start] === 45 && buf.toString("latin1", start, start + 18) === "-- Data for Name: ") {
        this.unterminatedCopy ??= this.copy;
      }
      return;
    }
    if (buf[start] !== LETTER_C) return;
    const line = buf.toString("utf8", start, stop);
    if (line.startsWith("COPY ") && this.lexer.inCopy) {
      this.copy = line.slice(5, line.indexOf(" (") > 0 ? line.indexOf(" (") : void 0);
      return;
    }
    if (!line.startsWith("CREATE ")) return;
    const extension = CREATE_EXTENSION.exec(line);
    if (extension?.[1]) {
      const schema2 = extension[2] ? unquoteQualifiedName(extension[2])[0] ?? null : null;
      this.extensions.push({ name: unquoteQualifiedName(extension[1])[0], schema: schema2 });
      return;
    }
    const match = CREATE_TABLE.exec(line);
    if (!match?.[1]) return;
    const parts = unquoteQualifiedName(match[1]);
    const [schema, name2] = parts.length > 1 ? parts : ["public", parts[0]];
    this.tables.push({ schema, name: name2, owner: null });
  }
  /** True when the completion marker is among the last bytes: pg_dump got to the end. */
  get complete() {
    return this.tail.toString("utf8").includes(COMPLETION_MARKER);
  }
};

// src/dump/verify-plain.ts
async function plainTooNew(input) {
  const dumpMajor = Number(/^(\d+)/.exec(input.pgDumpVersion ?? "")?.[1] ?? Number.NaN);
  if (!Number.isFinite(dumpMajor) || !input.psql) return null;
  const psql = await input.psql().catch(() => null);
  if (!psql || dumpMajor <= psql.major) return null;
  return verdict(
    "fail",
    `plain dump written by pg_dump ${input.pgDumpVersion} is too new for psql ${psql.version}: its SQL may use what PostgreSQL ${psql.major} does not know; install the PostgreSQL ${dumpMajor} client tools (or newer) or set pg-bin-dir to their bin folder`,
    { pgDumpVersion: input.pgDumpVersion, psqlVersion: psql.version, psql: psql.path },
    true
  );
}
async function plainWithoutRestrict(input) {
  const psql = input.psql ? await input.psql().catch(() => null) : null;
  if (!psql || psqlHasRestrict(psql)) return null;
  return verdict(
    "fail",
    `psql ${psql.version} cannot restore a plain dump safely: it lacks \\restrict (psql ${RESTRICT_RELEASES}), so the dump's psql meta-commands would run on the runner; install a current PostgreSQL client (or set pg-bin-dir to its bin folder)`,
    { psqlVersion: psql.version, psql: psql.path }
  );
}
async function verifyPlain(input) {
  const scanner = new PlainDumpScanner();
  const gunzip = input.format === "plain-gzip" ? new GunzipSink(scanner) : null;
  const pass3 = await readPass(input, [gunzip ?? scanner]);
  const base = {
    ...pass3,
    manifest: null,
    toc: null,
    tocTables: scanner.tables,
    tocEntries: null,
    extensions: scanner.extensions
  };
  const what = input.format === "plain-gzip" ? "gzip-compressed plain dump" : "plain dump";
  const details = { createTables: scanner.tables.length, inflatedBytes: gunzip?.inflatedBytes ?? null };
  if (gunzip?.error) return { ...base, archive: fail(`${what} is damaged: ${gunzip.error}`, details) };
  const refusal = scanner.refusal;
  if (refusal) {
    return {
      ...base,
      archive: fail(
        `${what} refused at line ${refusal.line}: ${refusal.what}; a backup is data, not a script, so nothing of it was run`,
        { ...details, refusedLine: refusal.line, refused: refusal.what }
      )
    };
  }
  if (!scanner.complete) {
    return {
      ...base,
      archive: fail(
        `${what} is incomplete: it does not end with pg_dump's '-- PostgreSQL database dump complete' marker (cut short?)`,
        details
      )
    };
  }
  const tooNew = await plainTooNew(input) ?? await plainWithoutRestrict(input);
  if (tooNew) return { ...base, archive: { ...tooNew, details: { ...details, ...tooNew.details } } };
  if (scanner.unterminatedCopy) {
    return {
      ...base,
      archive: fail(
        `${what} is damaged: the COPY data of ${scanner.unterminatedCopy} does not end with pg_dump's \\. terminator`,
        details
      )
    };
  }
  return {
    ...base,
    archive: verdict(
      "ok",
      `${what} complete (ends with pg_dump's completion marker, every COPY terminated), ${scanner.tables.length} CREATE TABLE statements`,
      details
    )
  };
}

// src/dump/verify.ts
var lastLine = (text) => text.trim().split("\n").pop() ?? "";
var SILENT = /* @__PURE__ */ new Set(["ENCODING", "STDSTRINGS", "SEARCHPATH", "DATABASE"]);
async function toolOrVerdict(input) {
  try {
    return await input.pgRestore();
  } catch (e) {
    return fail(`cannot verify a ${input.format} archive without pg_restore: ${e.message}`, {});
  }
}
function listFailure(tool, outcome) {
  return fail(
    outcome.timedOut ? "pg_restore --list did not finish: the table of contents is unreadable" : `pg_restore --list cannot read the table of contents: ${lastLine(outcome.stderr)}`,
    { pgRestore: tool.path, exitCode: outcome.exitCode, stderr: outcome.stderr }
  );
}
function listBeside(input) {
  const tool = toolOrVerdict(input);
  const list = tool.then((t) => "path" in t ? pgRestoreList(t.path, input.path) : null);
  list.catch(() => {
  });
  return { tool, list };
}
async function judge(input, j) {
  const none = { toc: null, tocTables: [], tocEntries: null };
  const tool = await (j.early?.tool ?? toolOrVerdict(input));
  const client = "path" in tool ? tool : null;
  if (j.toc === null) {
    const words2 = unreadableTocWords(j.head, j.tocError, client);
    return { ...none, archive: verdict("fail", words2.summary, { ...j.details, ...words2.details }, words2.tooNew) };
  }
  const toc = j.toc;
  const result = { toc, tocTables: tocTables(toc), tocEntries: toc.entries.filter((e) => !SILENT.has(e.desc)).length };
  const version = `${toc.version.major}.${toc.version.minor}-${toc.version.rev}`;
  const details = {
    ...j.details,
    archiveVersion: version,
    tocEntries: result.tocEntries,
    tables: result.tocTables.length
  };
  if (client) {
    const words2 = tooNewWords(toc, client);
    if (words2) {
      const contradicted = contradictedVersionWords(j.head, toc.version.minor);
      const chosen = contradicted ?? words2;
      return { ...result, archive: verdict("fail", chosen.summary, { ...details, ...chosen.details }, !contradicted) };
    }
  }
  if (j.problem !== null)
    return { ...result, archive: fail(`the ${input.format} archive is damaged: ${j.problem}`, details) };
  if (!client) return { ...result, archive: tool };
  const list = await j.early?.list ?? await pgRestoreList(client.path, input.path);
  if (!list.ok) return { ...result, archive: listFailure(client, list) };
  const what = `${input.format} archive ${version}: ${result.tocEntries} TOC entries, ${result.tocTables.length} tables, ${j.seen}; pg_restore ${client.version} reads it`;
  const missing = missingSectionsWarning(toc);
  if (missing)
    return { ...result, archive: verdict("warn", `${what}; but ${missing}`, { ...details, missingSections: missing }) };
  return { ...result, archive: verdict("ok", what, details) };
}
function tocOf(bytes, container) {
  if (bytes === null) return { toc: null, tocError: new Error("toc.dat is missing") };
  try {
    return { toc: readArchiveToc(bytes, container), tocError: null };
  } catch (error) {
    return { toc: null, tocError: error instanceof ArchiveEndsEarly ? null : error };
  }
}
function fileProblems(check2) {
  const problem = check2.problems.length ? check2.problems.slice(0, 5).join("; ") + (check2.problems.length > 5 ? ` (+${check2.problems.length - 5} more)` : "") : null;
  return { problem, unchecked: check2.unchecked };
}
async function verifyCustom(input) {
  const size2 = input.read ? null : input.download ? input.sizeBytes ?? null : (await stat2(input.path)).size;
  const walker = new CustomArchiveWalker(size2);
  const early = !input.read && !input.download ? listBeside(input) : void 0;
  const pass3 = await readPass(input, [walker]);
  const walked = walker.finish(pass3.bytesRead);
  const judged = await judge(input, {
    toc: walked.toc,
    head: walker.headBytes(),
    tocError: walked.tocError,
    problem: walked.problem,
    seen: `${walked.blocks} data blocks whole and consistent with the TOC`,
    details: { blocks: walked.blocks, ...walked.problem ? { problem: walked.problem } : {} },
    early
  });
  return { ...pass3, manifest: null, ...judged };
}
var blobsName = (toc) => (entry) => entry.desc === "BLOBS" && !entry.filename?.endsWith(".toc") ? toc.version.minor >= 16 ? `blobs_${entry.dumpId}.toc` : "blobs.toc" : entry.filename;
async function verifyTar(input) {
  const walker = new TarWalker();
  const pass3 = await readPass(input, [walker]);
  const files = new Map(walker.members.map((m) => [m.name, { tail: m.tail }]));
  const { toc, tocError } = tocOf(walker.kept.get("toc.dat") ?? null, "tar");
  const blobsTocs = new Map([...walker.kept].filter(([name2]) => name2 !== "toc.dat"));
  const check2 = toc && !walker.error ? fileProblems(checkTocFiles(toc, files, blobsTocs, (e) => blobsName(toc)(e) ?? `${e.dumpId}.dat`)) : null;
  const judged = await judge(input, {
    toc,
    head: walker.kept.get("toc.dat") ?? Buffer.alloc(0),
    // A tar header that does not read is the archive's damage, whatever the TOC then lacks.
    tocError: walker.error ? new TocDamaged(walker.error) : tocError,
    problem: walker.error ?? check2?.problem ?? null,
    seen: `${walker.members.length} members present and complete`,
    details: { members: walker.members.length }
  });
  if (walker.error && judged.archive.status !== "fail") judged.archive = fail(walker.error, judged.archive.details);
  return { ...pass3, manifest: null, ...judged };
}
async function verifyDirectory(input) {
  const dir = await readDirectory(input.path);
  const { toc, tocError } = tocOf(dir.tocDat, "directory");
  const check2 = toc ? fileProblems(checkTocFiles(toc, dir.files, dir.blobsTocs, blobsName(toc))) : null;
  const problems = [...dir.damaged, ...check2?.problem ? [check2.problem] : []];
  const unchecked = check2?.unchecked ?? [];
  const judged = await judge(input, {
    toc,
    head: dir.tocDat ?? Buffer.alloc(0),
    tocError,
    problem: problems.length ? problems.join("; ") : null,
    seen: `${dir.manifest.size} files present and whole${unchecked.length ? ` (${unchecked.length} lz4/zstd files not decompressed: ${unchecked.slice(0, 3).join(", ")}${unchecked.length > 3 ? ", \u2026" : ""})` : ""}`,
    details: { files: dir.manifest.size, uncheckedFiles: unchecked }
  });
  if (!dir.tocDat && judged.archive.status === "fail") {
    judged.archive.summary = "the directory backup has no toc.dat: it is not a complete pg_dump directory archive";
  }
  return { sha256: dir.sha256, bytesRead: dir.bytesRead, manifest: dir.manifest, ...judged };
}
function verifyBackup(input) {
  switch (input.format) {
    case "custom":
      return verifyCustom(input);
    case "tar":
      return verifyTar(input);
    case "directory":
      return verifyDirectory(input);
    default:
      return verifyPlain(input);
  }
}

// src/source/layers.ts
import { spawn as spawn3 } from "node:child_process";
import { once as once4 } from "node:events";
import { Duplex, PassThrough, Readable } from "node:stream";
import * as zlib from "node:zlib";
var LayerError = class extends Error {
  constructor(layer, message) {
    super(message);
    this.layer = layer;
  }
  layer;
  name = "LayerError";
};
var lastLine2 = (text) => text.trim().split("\n").map((l) => l.trim()).filter((l) => l !== "").pop() ?? "";
function toolEnv(extra = {}) {
  return { PATH: process.env.PATH ?? "/usr/bin:/bin", LANG: "C", LC_ALL: "C", ...extra };
}
var PACKAGE = { xz: "xz-utils", lz4: "lz4", bzip2: "bzip2", zstd: "zstd", gpg: "gnupg" };
function processStream(layer, command, args, options) {
  const stdio = ["pipe", "pipe", "pipe"];
  if (options.secretOnFd3 !== void 0) stdio.push("pipe");
  const child = spawn3(command, args, { env: options.env ?? toolEnv(), stdio, detached: true });
  const pid = child.pid;
  if (pid !== void 0) trackGroup(pid);
  const out = new PassThrough();
  let stderr = "";
  child.stderr?.on("data", (d) => {
    if (stderr.length < 8192) stderr += d.toString("utf8");
  });
  child.stdout?.pipe(out, { end: false });
  child.stdin?.on("error", () => {
  });
  if (options.secretOnFd3 !== void 0) {
    const fd3 = child.stdio[3];
    fd3.on("error", () => {
    });
    fd3.end(`${options.secretOnFd3}
`);
  }
  child.on("error", (error) => {
    out.destroy(
      error.code === "ENOENT" ? new LayerError(layer, `${command} is not installed: apt-get install ${PACKAGE[command] ?? command}`) : new LayerError(layer, `${command}: ${error.message}`)
    );
  });
  child.on("close", (code) => {
    if (pid !== void 0) untrackGroup(pid);
    if (code === 0) out.end();
    else out.destroy(new LayerError(layer, options.describe(stderr, code ?? -1)));
  });
  const duplex = Duplex.from({ writable: child.stdin, readable: out });
  duplex.on("close", () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(pid !== void 0 ? -pid : 0, "SIGKILL");
    } catch {
      child.kill("SIGKILL");
    }
  });
  return duplex;
}
var XZ_MEMORY_LIMIT = "512MiB";
function decompressor(layer) {
  if (layer === "zstd") {
    const native = zlib.createZstdDecompress;
    if (native) return native();
  }
  const command = layer === "zstd" ? "zstd" : layer;
  const limit = layer === "xz" ? ["-M", XZ_MEMORY_LIMIT] : [];
  return processStream(layer, command, ["-d", "-c", "-q", ...limit], {
    describe: (stderr, code) => layer === "xz" && /memory usage limit/i.test(stderr) ? `the xz layer asks for more than ${XZ_MEMORY_LIMIT.replace("MiB", " MiB")} of memory to decompress (the dictionary its header names): refused` : `the ${layer} layer is damaged or cut short: ${lastLine2(stderr) || `${command} exited with ${code}`}`
  });
}
async function ageStream(head, key2) {
  if (!key2)
    throw new LayerError("age", `age identity required: backup-decryption-key must be ${expectedKey("age", head)}`);
  const age = await import("./dist-YP7VYE5G.js");
  const decrypter = new age.Decrypter();
  const identities = key2.split(/\s+/).filter((w) => /^AGE-SECRET-KEY-1[0-9A-Z]+$/.test(w));
  if (identities.length > 0) for (const id of identities) decrypter.addIdentity(id);
  else decrypter.addPassphrase(key2);
  const input = new PassThrough();
  const output = new PassThrough();
  const armored = head.toString("latin1", 0, AGE_ARMOR.length) === AGE_ARMOR;
  (async () => {
    let source;
    if (armored) {
      const chunks = [];
      for await (const chunk of input) chunks.push(chunk);
      const bytes = age.armor.decode(Buffer.concat(chunks).toString("latin1"));
      source = new Blob([bytes]).stream();
    } else {
      source = Readable.toWeb(input);
    }
    const plain = await decrypter.decrypt(source);
    for await (const chunk of Readable.fromWeb(plain)) {
      if (!output.write(chunk)) await once4(output, "drain");
    }
    output.end();
  })().catch((error) => {
    const message = String(error?.message ?? error);
    output.destroy(
      /no identity matched|incorrect passphrase|failed to decrypt file key|passphrase/i.test(message) ? new LayerError(
        "age",
        `backup-decryption-key does not decrypt this backup: expected ${expectedKey("age", head)} (${message})`
      ) : new LayerError("age", `the age layer is damaged or cut short: ${message}`)
    );
  });
  return Duplex.from({ writable: input, readable: output });
}
async function stopGpgAgents(homes) {
  for (const home of homes.splice(0)) {
    await new Promise((resolve) => {
      const child = spawn3("gpgconf", ["--homedir", home.dir, "--kill", "all"], {
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin", LANG: "C" },
        stdio: "ignore"
      });
      const timer = setTimeout(() => child.kill("SIGKILL"), 5e3);
      child.on("error", () => resolve());
      child.on("close", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    await home.dispose();
  }
}
async function gpgStream(head, opts) {
  const key2 = opts.key;
  if (!key2)
    throw new LayerError("gpg", `OpenPGP key required: backup-decryption-key must be ${expectedKey("gpg", head)}`);
  const homeDir = await makeSocketTempDir("gpg");
  opts.gpgHomes.push(homeDir);
  const home = homeDir.dir;
  const env = toolEnv({ GNUPGHOME: home });
  const base = ["--batch", "--no-tty", "--quiet", "--homedir", home, "--pinentry-mode", "loopback"];
  const parsed = parseGpgKey(key2);
  if (parsed.privateKey !== null) {
    const importer = processStream("gpg", "gpg", [...base, "--import"], {
      env,
      describe: (stderr) => `backup-decryption-key: the armored private key could not be imported: ${lastLine2(stderr)}`
    });
    importer.resume();
    importer.end(parsed.privateKey);
    await once4(importer, "end").catch((error) => {
      throw error instanceof LayerError ? error : new LayerError("gpg", error.message);
    });
  }
  const args = [...base, ...parsed.passphrase === null ? [] : ["--passphrase-fd", "3"], "--decrypt"];
  return processStream("gpg", "gpg", args, {
    env,
    secretOnFd3: parsed.passphrase ?? void 0,
    describe: (stderr, code) => parsed.privateKey !== null && parsed.passphrase === null && /can't get input|no passphrase/i.test(stderr) ? `backup-decryption-key does not decrypt this backup: the private key is protected by a passphrase and none follows it; expected ${expectedKey("gpg", head)}` : /bad session key|no secret key|decryption failed: bad key|cannot query passphrase|no passphrase|bad passphrase/i.test(
      stderr
    ) ? `backup-decryption-key does not decrypt this backup: expected ${expectedKey("gpg", head)} (gpg: ${lastLine2(stderr).replace(/^gpg:\s*/, "")})` : `the OpenPGP layer is damaged or cut short: ${lastLine2(stderr) || `gpg exited with ${code}`}`
  });
}
var PRIVATE_KEY_BLOCK = /-----BEGIN PGP PRIVATE KEY BLOCK-----[\s\S]*?-----END PGP PRIVATE KEY BLOCK-----/;
function parseGpgKey(key2) {
  const block = PRIVATE_KEY_BLOCK.exec(key2);
  if (!block) return { privateKey: null, passphrase: key2 };
  const after = key2.slice(block.index + block[0].length).replace(/^[\t ]*\r?\n/, "").replace(/(\r?\n[\t ]*)+$/, "").replace(/^(\r?\n)+/, "");
  return { privateKey: `${block[0]}
`, passphrase: after === "" ? null : after };
}
async function layerStream(layer, head, opts) {
  switch (layer) {
    case "gzip":
      return zlib.createGunzip();
    case "age":
      return ageStream(head, opts.key);
    case "gpg":
      return gpgStream(head, opts);
    default:
      return decompressor(layer);
  }
}

// src/source/remote-unwrap.ts
import { createHash as createHash3 } from "node:crypto";
import { once as once6 } from "node:events";
import { createWriteStream as createWriteStream3 } from "node:fs";
import { rm } from "node:fs/promises";
import path4 from "node:path";
import { PassThrough as PassThrough2 } from "node:stream";
import { finished as finished2 } from "node:stream/promises";

// src/source/unwrap.ts
import { createHash as createHash2 } from "node:crypto";
import { once as once5 } from "node:events";
import { createReadStream as createReadStream2, createWriteStream as createWriteStream2 } from "node:fs";
import { stat as stat3, statfs } from "node:fs/promises";
import path3 from "node:path";
import { Readable as Readable2, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
var MAX_LAYERS = 6;
var RESERVE_BYTES = 64 * 1024 * 1024;
var UnwrapFailure = class extends Error {
  constructor(message, sha256, bytesRead) {
    super(message);
    this.sha256 = sha256;
    this.bytesRead = bytesRead;
  }
  sha256;
  bytesRead;
  name = "UnwrapFailure";
};
async function headOf(stream, bytes) {
  const iterator = stream[Symbol.asyncIterator]();
  const chunks = [];
  let length = 0;
  let done = false;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    chunks.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(chunks);
  const rest = Readable2.from(
    (async function* () {
      if (head.length > 0) yield head;
      if (done) return;
      for (; ; ) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    })(),
    { objectMode: false }
  );
  rest.on("close", () => stream.destroy());
  return { head: head.subarray(0, bytes), rest };
}
async function unwrap(source, opts) {
  const layers = [];
  const chain = [source];
  const teardown = () => {
    for (const stream of chain) {
      stream.on("error", () => {
      });
      if (!stream.destroyed) stream.destroy();
    }
  };
  let current = source;
  try {
    for (; ; ) {
      const { head, rest } = await headOf(current, PEEK_BYTES);
      chain.push(rest);
      const layer = sniffLayer(head);
      if (layer === null || layers.length >= MAX_LAYERS) {
        rest.once("close", teardown);
        return { layers, head, inner: rest };
      }
      layers.push(layer);
      const stage = await layerStream(layer, head, opts);
      chain.push(stage);
      rest.on("error", (e) => stage.destroy(e));
      rest.pipe(stage);
      current = stage;
    }
  } catch (error) {
    teardown();
    throw error;
  }
}
async function peelBackup(file, opts) {
  const source = createReadStream2(file, { highWaterMark: 256 * 1024 });
  const { layers, head, inner } = await unwrap(source, opts);
  inner.destroy();
  source.destroy();
  return { layers, detection: detectContent(head) };
}
async function freeBytes(dir) {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
}
async function unwrappedPass(file, opts, sinks, outFile, signal) {
  const hash = createHash2("sha256");
  let bytesRead = 0;
  readStats.opens += 1;
  const tap = new Transform({
    transform(chunk, _enc, done) {
      hash.update(chunk);
      bytesRead += chunk.length;
      readStats.bytesRead += chunk.length;
      done(null, chunk);
    }
  });
  const source = createReadStream2(file, { highWaterMark: 256 * 1024 });
  source.on("error", (e) => tap.destroy(e));
  source.pipe(tap);
  let inner = null;
  const stop = () => {
    tap.destroy(signal?.reason);
    inner?.destroy(signal?.reason);
  };
  signal?.addEventListener("abort", stop, { once: true });
  try {
    signal?.throwIfAborted();
    if (outFile !== null) await checkRoomToUnwrap(path3.dirname(outFile), await sizeOf(file) ?? 0);
    inner = (await unwrap(tap, opts)).inner;
    if (signal?.aborted) inner.destroy(signal.reason);
    const written = await passInner(inner, sinks, outFile);
    source.destroy();
    await drain(file, bytesRead, hash, (n) => {
      bytesRead += n;
    });
    return { sha256: hash.digest("hex"), bytesRead, bytesWritten: written };
  } catch (error) {
    inner?.destroy();
    source.destroy();
    const message = error instanceof LayerError ? error.message : `could not unwrap the backup: ${error.message}`;
    await drain(file, bytesRead, hash, (n) => {
      bytesRead += n;
    }).catch(() => {
    });
    throw new UnwrapFailure(message, hash.digest("hex"), bytesRead);
  } finally {
    signal?.removeEventListener("abort", stop);
  }
}
async function passInner(inner, sinks, outFile) {
  const out = outFile === null ? null : createWriteStream2(outFile, { mode: 384 });
  let outError = null;
  out?.on("error", (e) => {
    outError ??= e;
  });
  let written = 0;
  let checkedAt = 0;
  try {
    for await (const chunk of inner) {
      for (const sink of sinks) await sink.write(chunk);
      if (!out) continue;
      if (!out.write(chunk)) await once5(out, "drain");
      if (outError) throw outError;
      written += chunk.length;
      if (written - checkedAt >= 64 * 1024 * 1024) {
        checkedAt = written;
        const free = await freeBytes(path3.dirname(outFile));
        if (free < RESERVE_BYTES)
          throw new Error(
            `the disk of ${path3.dirname(outFile)} is nearly full (${formatBytes(free)} free) after unwrapping ${formatBytes(written)}`
          );
      }
    }
    for (const sink of sinks) await sink.end();
    if (out) {
      const finished3 = once5(out, "finish");
      out.end();
      if (outError) throw outError;
      await finished3;
    }
    return written;
  } catch (error) {
    out?.destroy();
    throw error;
  }
}
async function checkRoomToUnwrap(dir, storedBytes) {
  const free = await freeBytes(dir);
  if (free < storedBytes + RESERVE_BYTES)
    throw new Error(
      `not enough free space in ${dir} to unwrap the backup: ${formatBytes(free)} free, at least ${formatBytes(storedBytes + RESERVE_BYTES)} needed`
    );
}
async function sizeOf(file) {
  return stat3(file).then((s) => s.size).catch(() => null);
}
async function drain(file, from, hash, count) {
  const size2 = await sizeOf(file);
  if (size2 === null || from >= size2) return;
  await pipeline(
    createReadStream2(file, { start: from, highWaterMark: 256 * 1024 }),
    new Transform({
      transform(chunk, _enc, done) {
        hash.update(chunk);
        count(chunk.length);
        readStats.bytesRead += chunk.length;
        done();
      }
    })
  );
}
async function openUnwrapped(file, opts) {
  const { inner } = await unwrap(createReadStream2(file, { highWaterMark: 256 * 1024 }), opts);
  return inner;
}

// src/source/remote-unwrap.ts
var HOLD_MAX = 32 * 1024 * 1024;
var StoredBytes = class {
  constructor(source, file) {
    this.file = file;
    this.done = this.run(source);
    this.done.catch(() => {
    });
  }
  file;
  hash = createHash3("sha256");
  bytes = 0;
  written = 0;
  /** What the layers read; ended with the download, or destroyed with its error. */
  feed = new PassThrough2({ highWaterMark: 256 * 1024 });
  done;
  feeding = true;
  cancelled = false;
  unblock = () => {
  };
  held = [];
  heldBytes = 0;
  copy = null;
  async run(source) {
    const release = memoryReleaser();
    try {
      for await (const chunk of source) {
        if (this.cancelled) throw new Error("the drill stopped before the download ended");
        this.hash.update(chunk);
        this.bytes += chunk.length;
        release(chunk.length);
        if (this.held) {
          this.held.push(chunk);
          this.heldBytes += chunk.length;
          if (this.heldBytes > HOLD_MAX) this.spill();
        } else if (this.copy) {
          await this.write(this.copy, chunk);
        }
        if (this.feeding && !this.feed.destroyed && !this.feed.write(chunk)) {
          await Promise.race([
            once6(this.feed, "drain"),
            once6(this.feed, "close"),
            new Promise((r) => {
              this.unblock = r;
            })
          ]);
        }
      }
      if (this.feeding) this.feed.end();
      const copy = this.copy;
      if (copy) {
        copy.end();
        await finished2(copy);
      }
    } catch (error) {
      this.feed.destroy(error);
      this.copy?.destroy();
      throw error;
    }
  }
  async write(copy, chunk) {
    this.written += chunk.length;
    if (!copy.write(chunk)) await Promise.race([once6(copy, "drain"), once6(copy, "close")]);
  }
  /** The held bytes to disk: the format inside needs more than HOLD_MAX stored bytes to show. */
  spill() {
    const held = this.held ?? [];
    this.held = null;
    this.copy = createWriteStream3(this.file, { mode: 384 });
    for (const chunk of held) {
      this.written += chunk.length;
      this.copy.write(chunk);
    }
  }
  /** Whether the stored bytes stay on disk (a plain dump) or are only hashed (an archive). */
  async keep(keep) {
    if (keep && this.held) this.spill();
    this.held = null;
    if (!keep && this.copy) {
      const copy = this.copy;
      this.copy = null;
      copy.destroy();
      await rm(this.file, { force: true });
    }
  }
  /** The layers are done: the rest of the download (trailing bytes) is only hashed. */
  stopFeeding() {
    this.feeding = false;
    this.unblock();
  }
  /** The drill stops (cancelled, or done with a backup it did not read to the end): no more bytes. */
  cancel() {
    this.cancelled = true;
    this.abandon();
  }
  /** The layers failed or the drill stops: their input ends, so no layer tool waits for more. */
  abandon() {
    this.stopFeeding();
    this.feed.destroy();
  }
  /** Waits for the download's end; its own failure (network, deadline, size) is thrown as it is. */
  async result() {
    await this.done;
    const sha256 = this.hash.digest("hex");
    return { sha256, bytesRead: this.bytes, bytesDownloaded: this.bytes, bytesWritten: this.written };
  }
  /** What a failed layer becomes once the download is hashed to its end (for backup.checksum). */
  async failure(error) {
    this.abandon();
    const done = await this.done.then(
      () => null,
      (e) => e
    );
    if (done) return done;
    const message = error instanceof LayerError ? error.message : `could not unwrap the backup: ${error.message}`;
    return new UnwrapFailure(message, this.hash.digest("hex"), this.bytes);
  }
};
async function prepareRemoteUnwrap(remote) {
  const temp = await makeTempFolder();
  const opts = { key: remote.key, gpgHomes: [] };
  let stored = null;
  let read = false;
  const dispose = async () => {
    if (!read) stored?.cancel();
    await stopGpgAgents(opts.gpgHomes);
    await temp.dispose();
  };
  try {
    stored = new StoredBytes(await remote.open(), remote.storedPath);
    const s = stored;
    const peeled = await unwrap(s.feed, opts).catch(async (e) => {
      throw await s.failure(e);
    });
    const outer = peeled.layers.join(" \u2192 ");
    if (remote.outer && peeled.layers[0] !== remote.outer) {
      s.abandon();
      throw new Error(
        `${remote.name} changed while it was downloaded: it no longer starts with a ${remote.outer} layer`
      );
    }
    const detection = detectContent(peeled.head);
    const last = peeled.layers[peeled.layers.length - 1] ?? "gzip";
    if (!detection.ok)
      throw await s.failure(new LayerError(last, `inside ${outer}: not a pg_dump backup (${detection.reason})`));
    const detected = detection.detected;
    if (detected.format === null || detected.format === "directory")
      throw await s.failure(new LayerError(last, `inside ${outer}: not a pg_dump archive or plain dump`));
    const format = detected.format === "plain-gzip" ? "plain" : detected.format;
    const layers = detected.format === "plain-gzip" ? [...peeled.layers, "gzip"] : peeled.layers;
    const innerPath = format === "plain" ? null : path4.join(temp.dir, `${safeFileName(remote.name.replace(/(\.[a-z0-9]+)+$/i, ""))}.unwrapped`);
    await s.keep(format === "plain");
    return {
      layers,
      detected: { ...detected, format, wrapping: layers },
      innerPath,
      read: async (sinks, signal) => {
        let unwrapped;
        const stop = () => peeled.inner.destroy(signal?.reason);
        signal?.addEventListener("abort", stop, { once: true });
        try {
          signal?.throwIfAborted();
          if (innerPath) await checkRoomToUnwrap(temp.dir, remote.sizeBytes);
          unwrapped = await passInner(peeled.inner, sinks, innerPath);
        } catch (error) {
          if (signal?.aborted) {
            s.cancel();
            throw signal.reason;
          }
          throw await s.failure(error);
        } finally {
          signal?.removeEventListener("abort", stop);
        }
        s.stopFeeding();
        const result = await s.result();
        read = true;
        return { ...result, bytesWritten: (result.bytesWritten ?? 0) + unwrapped };
      },
      open: format === "plain" ? () => openUnwrapped(remote.storedPath, opts) : null,
      dispose
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

// src/source/wrapped.ts
import path5 from "node:path";
async function prepareUnwrap(stored, name2, key2) {
  const temp = await makeTempFolder();
  const opts = { key: key2, gpgHomes: [] };
  try {
    const peeled = await peelBackup(stored, opts);
    const detection = peeled.detection;
    const outer = peeled.layers.join(" \u2192 ");
    if (!detection.ok) {
      throw new LayerError(
        peeled.layers[peeled.layers.length - 1] ?? "gzip",
        `inside ${outer}: not a pg_dump backup (${detection.reason})`
      );
    }
    const detected = detection.detected;
    if (detected.format === null || detected.format === "directory")
      throw new LayerError(peeled.layers[0] ?? "gzip", `inside ${outer}: not a pg_dump archive or plain dump`);
    const format = detected.format === "plain-gzip" ? "plain" : detected.format;
    const layers = detected.format === "plain-gzip" ? [...peeled.layers, "gzip"] : peeled.layers;
    const innerPath = format === "plain" ? null : path5.join(temp.dir, `${safeFileName(name2.replace(/(\.[a-z0-9]+)+$/i, ""))}.unwrapped`);
    return {
      layers,
      detected: { ...detected, format, wrapping: layers },
      innerPath,
      read: (sinks, signal) => unwrappedPass(stored, opts, sinks, innerPath, signal),
      open: format === "plain" ? () => openUnwrapped(stored, opts) : null,
      dispose: async () => {
        await stopGpgAgents(opts.gpgHomes);
        await temp.dispose();
      }
    };
  } catch (error) {
    await stopGpgAgents(opts.gpgHomes);
    await temp.dispose();
    throw error;
  }
}

// src/backup/phase-checks.ts
function formatAge(seconds) {
  return formatDuration(seconds * 1e3);
}
async function checksumCheck(ctx, chosen, pass3, info, startedAt) {
  const mode = ctx.config.backupChecksum;
  const expected = await expectedChecksum(mode, chosen.path);
  const unverified = (reason) => {
    info.checksumVerified = false;
    info.checksumStatus = "not-verified";
    info.checksumUnverifiedReason = reason;
  };
  if (expected.kind === "off") {
    unverified("off");
    return check("backup.checksum", "skip", "backup-checksum is off: not verified", { sha256: pass3.sha256 }, startedAt);
  }
  if (expected.kind === "none") {
    unverified("no-sidecar");
    const where = expected.sidecar.split(/[/\\]/).pop();
    return mode.mode === "required" ? check(
      "backup.checksum",
      "fail",
      `backup-checksum is required but there is no ${where} sidecar next to the backup: not verified`,
      { sidecar: expected.sidecar, sha256: pass3.sha256 },
      startedAt
    ) : check(
      "backup.checksum",
      "skip",
      `no ${where} sidecar next to the backup (backup-checksum: auto): not verified`,
      { sha256: pass3.sha256 },
      startedAt
    );
  }
  if (expected.kind === "invalid") {
    unverified("sidecar-unreadable");
    return check(
      "backup.checksum",
      "fail",
      `the checksum sidecar ${expected.sidecar} is unreadable: ${expected.problem}`,
      { sidecar: expected.sidecar },
      startedAt
    );
  }
  const result = compareChecksum(expected.expected, chosen.name, pass3.sha256, pass3.manifest);
  const details = {
    source: expected.expected.source,
    origin: expected.expected.origin,
    expected: result.expected,
    actual: pass3.sha256,
    mismatches: result.mismatches
  };
  info.checksumSource = expected.expected.source;
  if (!result.ok) {
    info.checksumVerified = false;
    info.checksumStatus = "mismatch";
    info.checksumUnverifiedReason = null;
    return check(
      "backup.checksum",
      "fail",
      `SHA-256 mismatch against ${expected.expected.origin}: ${result.mismatches.slice(0, 3).join("; ")}`,
      details,
      startedAt
    );
  }
  info.checksumVerified = true;
  info.checksumStatus = "verified";
  info.checksumUnverifiedReason = null;
  return check(
    "backup.checksum",
    "ok",
    `SHA-256 ${pass3.sha256} matches ${expected.expected.origin}`,
    details,
    startedAt
  );
}
function ageCheck(ctx, newest, info, now = /* @__PURE__ */ new Date()) {
  const ageMs = now.getTime() - newest.createdAt.getTime();
  const ageSeconds = Math.max(0, Math.round(ageMs / 1e3));
  if (info.selection) info.selection.newestAgeSeconds = ageSeconds;
  const drilledOther = info.id !== null && info.id !== newest.name;
  const subject = drilledOther ? `the newest backup (${newest.name})` : "backup";
  const target = ctx.config.maxBackupAgeMs;
  const from = newest.timeOrigin;
  const details = {
    ageSeconds,
    rpoTargetSeconds: null,
    newest: newest.name,
    createdAt: newest.createdAt.toISOString(),
    createdAtSource: newest.createdAtSource,
    drilledAgeSeconds: info.ageSeconds,
    clockSkew: ageMs < -6e4
  };
  if (target === null)
    return check(
      "backup.age",
      "ok",
      `${subject} is ${formatAge(ageSeconds)} old (from its ${from}); no RPO target set (max-backup-age)`,
      details
    );
  const targetSeconds = Math.round(target / 1e3);
  info.rpoTargetSeconds = targetSeconds;
  info.rpoMet = ageSeconds <= targetSeconds;
  details.rpoTargetSeconds = targetSeconds;
  return info.rpoMet ? check(
    "backup.age",
    "ok",
    `${subject} is ${formatAge(ageSeconds)} old, within the RPO target of ${formatAge(targetSeconds)}`,
    details
  ) : check(
    "backup.age",
    "fail",
    `${subject} is ${formatAge(ageSeconds)} old, older than the RPO target of ${formatAge(targetSeconds)} (max-backup-age)`,
    details
  );
}

// src/backup/backup-phase.ts
function untouchedBackupPhase(ctx, reason) {
  const info = emptyBackupInfo(ctx.secrets.redact(displaySource(ctx.config.backupSource)));
  const ids = ["backup.found", "backup.checksum", "backup.archive", "backup.age", "backup.cadence"];
  return { info, checks: ids.map((id) => check(id, "skip", reason)), backup: null, dispose: null, inventory: null };
}
async function runBackupPhase(ctx, serverMajor = null) {
  ctx.secrets.addUrl(ctx.config.backupSource);
  const source = ctx.secrets.redact(displaySource(ctx.config.backupSource));
  const info = emptyBackupInfo(source);
  const kind = sourceKind(ctx.config.backupSource);
  const now = /* @__PURE__ */ new Date();
  let started = performance2.now();
  const selection = await locateBackup(ctx).catch((e) => e);
  if (selection instanceof Error) {
    const summary = ctx.secrets.redact(`could not search backup-source '${source}': ${selection.message}`);
    return {
      info,
      checks: [
        check("backup.found", "fail", summary, failureDetails2(selection, source, kind), started),
        ...skipRest("no backup found"),
        check("backup.cadence", "skip", "the source could not be searched")
      ],
      backup: null,
      dispose: null,
      inventory: null
    };
  }
  info.candidates = selection.candidates;
  const inventory = buildInventory(selection.candidates, {
    intervalMs: ctx.config.backupIntervalMs,
    retentionMs: ctx.config.backupRetentionMs,
    now
  });
  const cadence = cadenceCheck(inventory);
  const chosen = selection.chosen;
  if (!chosen) {
    const counts = {};
    for (const c of selection.candidates) counts[c.verdict] = (counts[c.verdict] ?? 0) + 1;
    const seen = selection.candidates.length ? ` (${selection.candidates.length} entries: ${Object.entries(counts).map(([v, n]) => `${n} ${v}`).join(", ")})` : " (nothing there)";
    const rejected = selection.candidates.filter((c) => c.verdict === "not-a-backup");
    const why = rejected.slice(0, 3).map((c) => `; ${c.name} is not a backup: ${c.reason.replace(/^not a backup by its header: /, "")}`).join("");
    const summary = ctx.secrets.redact(
      `no backup found: searched ${selection.searched} for names matching backup-pattern '${ctx.config.backupPattern}'${seen}${why}${rejected.length > 3 ? "; \u2026" : ""}`
    );
    return {
      info,
      checks: [
        check(
          "backup.found",
          "fail",
          summary,
          { searched: selection.searched, pattern: ctx.config.backupPattern, counts },
          started
        ),
        ...skipRest("no backup found"),
        cadence
      ],
      backup: null,
      dispose: null,
      inventory
    };
  }
  const resolved = ctx.secrets.redact(selection.resolved ?? chosen.path);
  let detected = chosen.detected;
  const key2 = ctx.config.backupDecryptionKey;
  const remote = selection.pending;
  const unwrapping = detected.format === null ? await (remote ? prepareRemoteUnwrap({
    open: remote.open,
    storedPath: chosen.path,
    name: chosen.name,
    key: key2,
    outer: detected.wrapping[0] ?? null,
    sizeBytes: chosen.sizeBytes
  }) : prepareUnwrap(chosen.path, chosen.name, key2)).catch((e) => e) : null;
  const unwrapped = unwrapping instanceof Error ? null : unwrapping;
  if (unwrapped) detected = unwrapped.detected;
  const disposeAll = async () => {
    await unwrapped?.dispose();
    await selection.dispose?.();
  };
  Object.assign(info, {
    id: chosen.name,
    resolved,
    format: detected.format,
    wrapping: unwrapped?.layers ?? detected.wrapping,
    sizeBytes: chosen.sizeBytes,
    createdAt: chosen.createdAt.toISOString(),
    createdAtSource: chosen.createdAtSource,
    ageSeconds: Math.max(0, Math.round((now.getTime() - chosen.createdAt.getTime()) / 1e3)),
    selection: selection.selection ? { ...selection.selection, newestAgeSeconds: null } : null,
    archiveVersion: detected.header?.archiveVersion ?? null,
    pgDumpVersion: detected.pgDumpVersion,
    serverVersion: detected.serverVersion
  });
  const found = check(
    "backup.found",
    "ok",
    `${chosen.name}: ${describeFormat(detected.format, info.wrapping)} backup, ${formatBytes(chosen.sizeBytes)}, created ${info.createdAt} (among ${backupCount(selection.candidates)})${info.selection && info.selection.mode !== "newest" ? `; ${info.selection.reason}` : ""}`,
    { resolved, searched: ctx.secrets.redact(selection.searched) },
    started
  );
  ctx.log.info(`Backup: ${found.summary}`);
  started = performance2.now();
  const format = detected.format;
  const pending = unwrapped ? null : selection.pending;
  const pass3 = format === null || unwrapping instanceof Error ? unwrapping instanceof Error ? unwrapping : new Error("the format inside the layers is unknown") : await verifyWithin(
    ctx.config.restoreTimeoutMs,
    (signal) => verifyBackup({
      signal,
      path: unwrapped?.innerPath ?? chosen.path,
      format,
      header: detected.header,
      pgRestore: () => toolForVerify(ctx, "pg_restore", archiveClientMajor(info.archiveVersion), serverMajor),
      read: unwrapped?.read,
      download: pending?.open,
      sizeBytes: chosen.sizeBytes,
      pgDumpVersion: detected.pgDumpVersion,
      psql: () => toolForVerify(ctx, "psql", majorOf(detected.pgDumpVersion), serverMajor)
    })
  ).then(async (verified) => {
    await pending?.finish();
    return verified;
  }).catch((e) => e);
  if (pass3 instanceof Error && (pass3 instanceof UnwrapFailure || pass3 instanceof LayerError)) {
    const stored = pass3 instanceof UnwrapFailure ? pass3 : await readOnce(chosen.path).catch(() => null);
    if (stored) info.sha256 = stored.sha256;
    const checks = [
      found,
      stored ? await checksumCheck(ctx, chosen, { sha256: stored.sha256, manifest: null }, info, started) : check("backup.checksum", "fail", `could not read ${resolved}`, null, started),
      check("backup.archive", "fail", ctx.secrets.redact(pass3.message), { wrapping: info.wrapping }, started),
      ageCheck(ctx, newestOf(chosen, info), info, now),
      cadence
    ];
    for (const c of checks.slice(1)) ctx.log.info(`${c.id}: ${c.status}: ${c.summary}`);
    await disposeAll();
    return { info, checks, backup: null, dispose: null, inventory };
  }
  if (pass3 instanceof Error || format === null) {
    const why = pass3 instanceof Error ? pass3.message : "the format is unknown";
    const summary = ctx.secrets.redact(`could not read ${resolved}: ${why}`);
    const checks = [
      found,
      check("backup.checksum", "fail", summary, null, started),
      check("backup.archive", "fail", summary, null, started),
      ageCheck(ctx, newestOf(chosen, info), info, now),
      cadence
    ];
    await disposeAll();
    return { info, checks, backup: null, dispose: null, inventory };
  }
  info.sha256 = pass3.sha256;
  info.tocEntries = pass3.tocEntries;
  if (pass3.bytesDownloaded !== void 0) sizeFromDownload(chosen, info, pass3.bytesDownloaded);
  const checksum = await checksumCheck(ctx, chosen, pass3, info, started);
  const archive = check(
    "backup.archive",
    pass3.archive.status,
    ctx.secrets.redact(pass3.archive.summary),
    {
      format: detected.format,
      bytesRead: pass3.bytesRead,
      ...pass3.bytesDownloaded === void 0 ? {} : { bytesDownloaded: pass3.bytesDownloaded },
      ...pass3.bytesWritten === void 0 ? {} : { bytesWritten: pass3.bytesWritten },
      ...pass3.archive.details
    },
    started
  );
  const age = ageCheck(ctx, newestOf(chosen, info), info, now);
  for (const c of [checksum, archive, age, cadence]) ctx.log.info(`${c.id}: ${c.status}: ${c.summary}`);
  const restorable = checksum.status !== "fail" && archive.status !== "fail";
  const backup = restorable ? {
    path: unwrapped?.innerPath ?? chosen.path,
    name: chosen.name,
    format,
    open: unwrapped?.open ?? null,
    sizeBytes: chosen.sizeBytes,
    toc: pass3.toc,
    tocTables: pass3.tocTables,
    tocEntries: pass3.tocEntries,
    extensions: pass3.extensions ?? [],
    pgDumpVersion: detected.pgDumpVersion,
    serverVersion: detected.serverVersion
  } : null;
  if (!backup) await disposeAll();
  return {
    info,
    checks: [found, checksum, archive, age, cadence],
    backup,
    dispose: backup ? unwrapped ? disposeAll : selection.dispose : null,
    inventory,
    ...pass3.archive.tooNew ? { noClient: archive.summary } : {}
  };
}

// src/compare/baseline-path.ts
import { readdir as readdir2, stat as stat4 } from "node:fs/promises";
import path6 from "node:path";
var MAX_DEPTH = 3;
async function jsonFilesUnder(dir, depth = 0) {
  const entries = await readdir2(dir, { withFileTypes: true });
  const files = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path6.join(dir, entry.name);
    if (entry.isDirectory() && depth < MAX_DEPTH) files.push(...await jsonFilesUnder(full, depth + 1));
    else if (entry.isFile() && entry.name.endsWith(".json")) files.push(full);
  }
  return files;
}
async function loadPathBaseline(ctx, input, current) {
  const resolved = path6.resolve(input);
  let isDirectory;
  try {
    isDirectory = (await stat4(resolved)).isDirectory();
  } catch {
    throw new ConfigError([
      `baseline: '${input}' does not exist (expected auto, none, a report.json or a folder of reports)`
    ]);
  }
  const notes = [];
  const found = [];
  const files = isDirectory ? await jsonFilesUnder(resolved) : [resolved];
  for (const file of files) {
    const parsed = await readReportFile(file);
    if (parsed.ok) {
      found.push({ report: parsed.report, file });
    } else if (parsed.kind === "unknown-version") {
      const message = `baseline: skipped ${file}: ${parsed.reason}`;
      ctx.log.warning(message);
      notes.push(message);
    } else if (!isDirectory) {
      throw new ConfigError([`baseline: '${input}' is not a drill report: ${parsed.reason}`]);
    } else {
      ctx.log.debug(`baseline: ignored ${file}: ${parsed.reason}`);
    }
  }
  const thisRun = found.filter((f) => current.run.runId === null || f.report.run.runId !== current.run.runId);
  const earlier = isDirectory ? thisRun.filter((f) => f.report.drillName === ctx.config.drillName) : thisRun;
  if (earlier.length < thisRun.length) {
    notes.push(
      `${thisRun.length - earlier.length} report(s) in ${input} of other drills (drill-name ${ctx.config.drillName === null ? "unset" : `'${ctx.config.drillName}'`}) left out`
    );
  }
  const byFile = new Map(earlier.map((f) => [f.report, f.file]));
  const reports = newestFirst(earlier.map((f) => f.report)).slice(0, ctx.config.baselineWindow);
  if (reports.length === 0) {
    notes.push(`no earlier drill report found in ${input}`);
  } else if (earlier.length > reports.length) {
    notes.push(`the ${reports.length} newest of ${earlier.length} reports in ${input} (baseline-window)`);
  }
  return {
    info: {
      kind: "path",
      source: input,
      runs: reports.map((r) => toBaselineRun(r, path6.relative(process.cwd(), byFile.get(r) ?? "") || input)),
      notes
    },
    reports
  };
}

// src/compare/baseline.ts
async function loadBaseline(ctx, current) {
  const input = ctx.config.baseline.trim();
  switch (input.toLowerCase()) {
    case "none":
      return { info: null, reports: [] };
    case "":
    case "auto":
      return (await import("./baseline-auto-A7QEU23S.js")).loadAutoBaseline(ctx, current);
    default:
      return loadPathBaseline(ctx, input, current);
  }
}

// src/compare/compare-phase.ts
function runList(reports) {
  const labels = reports.map((r) => r.run.runId ? r.run.runId : r.run.startedAt);
  const shown = labels.slice(0, 5).join(", ");
  return labels.length > 5 ? `${shown} and ${labels.length - 5} more` : shown;
}
function skipReason(ctx, baseline) {
  const input = ctx.config.baseline.trim().toLowerCase();
  if (input === "none") return "baseline: none: no comparison asked for";
  const why = baseline?.notes.at(-1);
  if (baseline === null && (input === "auto" || input === ""))
    return "baseline: auto needs a GitHub Actions workflow run: off GitHub there are no earlier runs";
  return `no earlier drill to compare with${why ? ` (${why})` : ""}`;
}
async function runComparePhase(ctx, report) {
  const started = performance.now();
  const { info, reports } = await loadBaseline(ctx, { run: report.run });
  if (reports.length === 0) {
    const reason = skipReason(ctx, info);
    ctx.log.info(reason);
    return { baseline: info, regressions: [], check: check("compare.baseline", "skip", reason, null, started) };
  }
  const { regressions, notes } = findRegressions(report, reports, ctx.config);
  if (info) info.notes.push(...notes);
  const compared = `compared with ${reports.length} drill${reports.length === 1 ? "" : "s"} (${reports.length === 1 ? "run" : "runs"} ${runList(reports)})`;
  const details = { runs: reports.map((r) => runLabel(r)), notes };
  if (regressions.length === 0) {
    ctx.log.info(`${compared}: no regression`);
    return { baseline: info, regressions, check: check("compare.baseline", "ok", compared, details, started) };
  }
  const summary = `${compared}: ${regressions.length} regression${regressions.length === 1 ? "" : "s"}: ${regressions.map((r) => r.message).join("; ")}`;
  ctx.log.info(summary);
  return {
    baseline: info,
    regressions,
    check: { ...check("compare.baseline", "warn", summary, details, started), regressions }
  };
}
function attachRegressions(checks, regressions) {
  for (const c of checks) {
    if (c.id === "compare.baseline") continue;
    c.regressions = regressions.filter((r) => r.checkId === c.id);
  }
}

// src/restore/drill-command.ts
import { spawn as spawn4 } from "node:child_process";
import { createInterface } from "node:readline";
var TAIL_LINES = 20;
function drillDatabaseEnv2(drillUrl) {
  const parts = connectionParts(drillUrl);
  const env = {
    ...libpqEnv(drillUrl),
    DRILL_DATABASE_URL: drillUrl,
    DATABASE_URL: drillUrl,
    DATABASE_HOST: parts.host,
    DATABASE_PORT: String(parts.port),
    DATABASE_NAME: parts.database,
    DATABASE_USERNAME: parts.user ?? "",
    DATABASE_PASSWORD: parts.password ?? ""
  };
  if (parts.sslmode) {
    env.DATABASE_TLS_MODE = parts.sslmode === "disable" || parts.sslmode === "prefer" ? parts.sslmode : "require";
  }
  return env;
}
async function runDrillCommand(ctx, run) {
  ctx.secrets.addUrl(run.drillUrl);
  const redact = (text) => ctx.secrets.redact(text);
  const started = performance.now();
  const tail = [];
  const stderrTail = [];
  const keep = (list, line) => {
    list.push(line);
    if (list.length > TAIL_LINES) list.shift();
  };
  ctx.log.info(`${run.label}: ${redact(run.command)}`);
  let timedOut = false;
  const outcome = await new Promise((resolve) => {
    const child = spawn4("sh", ["-c", run.command], {
      env: childEnv(ctx.env, drillDatabaseEnv2(run.drillUrl)),
      detached: true,
      stdio: ["ignore", "pipe", "pipe"]
    });
    const pid = child.pid;
    if (pid !== void 0) {
      trackGroup(pid);
      run.onStarted?.(pid);
    }
    const timer = pid === void 0 ? void 0 : setTimeout(() => {
      timedOut = true;
      void stopProcessTree(pid, 3e3);
    }, run.timeoutMs);
    let error = null;
    const readers = ["stdout", "stderr"].map((name2) => {
      const rl = createInterface({ input: child[name2], crlfDelay: Number.POSITIVE_INFINITY });
      rl.on("line", (raw) => {
        const line = redact(raw);
        ctx.log.info(`  | ${line}`);
        keep(tail, line);
        if (name2 === "stderr") keep(stderrTail, line);
      });
      return new Promise((done) => rl.on("close", done));
    });
    child.on("error", (e) => {
      error = e.message;
    });
    child.on("close", async (code, signal) => {
      clearTimeout(timer);
      await Promise.all(readers);
      if (pid !== void 0) {
        await stopProcessTree(pid, 1e3);
        untrackGroup(pid);
      }
      resolve({ code, signal, error });
    });
  });
  return {
    exitCode: outcome.code,
    signal: outcome.signal,
    spawnError: outcome.error === null ? null : redact(outcome.error),
    timedOut,
    durationMs: Math.round(performance.now() - started),
    tail,
    stderrTail
  };
}
function whyItFailed(outcome, timeoutText) {
  if (outcome.timedOut) return `stopped after ${timeoutText}`;
  if (outcome.spawnError !== null) return `could not run: ${outcome.spawnError}`;
  if (outcome.signal !== null) return `killed by ${outcome.signal}`;
  return `exit code ${outcome.exitCode}`;
}

// src/migration/catalog-snapshot.ts
var USER_TABLES = `
  SELECT c.oid, c.relname, c.relkind, c.relfilenode, n.nspname
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
   WHERE c.relkind OPERATOR(pg_catalog.=) ANY ('{r,p,m}'::pg_catalog.char[])
     AND n.nspname OPERATOR(pg_catalog.<>) ALL ('{pg_catalog,information_schema}'::pg_catalog.name[])
     AND n.nspname OPERATOR(pg_catalog.!~~) 'pg\\_toast%' AND n.nspname OPERATOR(pg_catalog.!~~) 'pg\\_temp%'`;
var num = (v) => v === null ? 0 : Number(v);
var size = (v) => v === null ? null : Number(v);
async function takeSnapshot(client) {
  const tables = await client.query(
    `SELECT t.oid::pg_catalog.int8 AS oid, pg_catalog.format('%I.%I', t.nspname, t.relname) AS name, t.relkind AS kind,
            t.relfilenode::pg_catalog.int8 AS relfilenode,
            CASE WHEN t.relkind OPERATOR(pg_catalog.<>) 'p' THEN pg_catalog.pg_table_size(t.oid) END AS size,
            s.n_tup_ins AS ins, s.n_tup_upd AS upd, s.n_tup_del AS del
       FROM (${USER_TABLES}) t LEFT JOIN pg_catalog.pg_stat_all_tables s ON s.relid OPERATOR(pg_catalog.=) t.oid`
  );
  const indexes = await client.query(
    `SELECT i.indexrelid::pg_catalog.int8 AS oid, pg_catalog.format('%I.%I', n.nspname, c.relname) AS name,
            t.oid::pg_catalog.int8 AS table_oid, pg_catalog.format('%I.%I', t.nspname, t.relname) AS table,
            pg_catalog.pg_get_indexdef(i.indexrelid) AS definition, i.indisvalid AS valid,
            c.relfilenode::pg_catalog.int8 AS relfilenode,
            CASE WHEN c.relkind OPERATOR(pg_catalog.=) 'i' THEN pg_catalog.pg_relation_size(c.oid) END AS size,
            (i.xmin::pg_catalog.text OPERATOR(pg_catalog.<>) c.xmin::pg_catalog.text) AS later
       FROM pg_catalog.pg_index i
       JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) i.indexrelid
       JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
       JOIN (${USER_TABLES}) t ON t.oid OPERATOR(pg_catalog.=) i.indrelid`
  );
  const columns = await client.query(
    `SELECT t.oid::pg_catalog.int8 AS table_oid, pg_catalog.format('%I.%I', t.nspname, t.relname) AS table,
            a.attnum AS num, a.attname AS name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS not_null, pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS default
       FROM (${USER_TABLES}) t
       JOIN pg_catalog.pg_attribute a ON a.attrelid OPERATOR(pg_catalog.=) t.oid
       LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid OPERATOR(pg_catalog.=) a.attrelid AND d.adnum OPERATOR(pg_catalog.=) a.attnum
      WHERE a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped`
  );
  const constraints = await client.query(
    `SELECT co.oid::pg_catalog.int8 AS oid, co.conname AS name, pg_catalog.format('%I.%I', t.nspname, t.relname) AS table,
            pg_catalog.pg_get_constraintdef(co.oid) AS definition, co.convalidated AS validated
       FROM pg_catalog.pg_constraint co JOIN (${USER_TABLES}) t ON t.oid OPERATOR(pg_catalog.=) co.conrelid`
  );
  const db = await client.query(
    `SELECT pg_catalog.pg_database_size(pg_catalog.current_database()) AS size, pg_catalog.pg_current_wal_lsn()::pg_catalog.text AS lsn`
  );
  return {
    tables: tables.rows.map((r) => ({
      oid: Number(r.oid),
      name: r.name,
      kind: r.kind,
      relfilenode: Number(r.relfilenode),
      size: size(r.size),
      inserted: num(r.ins),
      updated: num(r.upd),
      deleted: num(r.del)
    })),
    indexes: indexes.rows.map((r) => ({
      oid: Number(r.oid),
      name: r.name,
      tableOid: Number(r.table_oid),
      table: r.table,
      definition: r.definition,
      valid: r.valid,
      relfilenode: Number(r.relfilenode),
      size: size(r.size),
      laterIndexRow: r.later
    })),
    columns: columns.rows.map((r) => ({
      tableOid: Number(r.table_oid),
      table: r.table,
      num: r.num,
      name: r.name,
      type: r.type,
      notNull: r.not_null,
      default: r.default
    })),
    constraints: constraints.rows.map((r) => ({
      oid: Number(r.oid),
      name: r.name,
      table: r.table,
      definition: r.definition,
      validated: r.validated
    })),
    databaseSize: Number(db.rows[0]?.size ?? 0),
    walLsn: db.rows[0]?.lsn ?? "0/0"
  };
}
async function walBetween(client, from, to) {
  const { rows } = await client.query(
    "SELECT pg_catalog.pg_wal_lsn_diff($2::pg_catalog.pg_lsn, $1::pg_catalog.pg_lsn)::pg_catalog.int8 AS bytes",
    [from, to]
  );
  return Number(rows[0]?.bytes ?? 0);
}

// src/migration/lock-holds.ts
var BLOCKING_MODES = {
  AccessExclusiveLock: { name: "ACCESS EXCLUSIVE", blocks: "reads and writes", strength: 4 },
  ExclusiveLock: { name: "EXCLUSIVE", blocks: "writes", strength: 3 },
  ShareRowExclusiveLock: { name: "SHARE ROW EXCLUSIVE", blocks: "writes", strength: 2 },
  ShareLock: { name: "SHARE", blocks: "writes", strength: 1 }
};
function holdOf(s) {
  const start = s.startedBy ?? (s.before === null ? s.first : (s.before + s.first) / 2);
  const middle = s.after === null ? s.last : (s.last + s.after) / 2;
  const end = s.endedBy ?? (s.endedBefore === null ? middle : Math.max(s.last, Math.min(middle, s.endedBefore)));
  return { table: s.table, mode: s.mode, start, end: Math.max(start, end) };
}
function stronger(a, b) {
  return (BLOCKING_MODES[a]?.strength ?? 0) >= (BLOCKING_MODES[b]?.strength ?? 0) ? a : b;
}
function merged(holds) {
  const out = [];
  for (const h of [...holds].sort((a, b) => a.start - b.start)) {
    const last = out[out.length - 1];
    if (last !== void 0 && h.start < last.end) {
      last.end = Math.max(last.end, h.end);
      last.mode = stronger(last.mode, h.mode);
    } else out.push({ ...h });
  }
  return out;
}
function blockingLocks(sightings) {
  const byTable = /* @__PURE__ */ new Map();
  for (const s of sightings) {
    if (!(s.mode in BLOCKING_MODES)) continue;
    const list = byTable.get(s.table) ?? [];
    list.push(holdOf(s));
    byTable.set(s.table, list);
  }
  const locks = [];
  const longest = (holds) => holds.reduce((max, h) => max === null || h.end - h.start > max.end - max.start ? h : max, null);
  for (const [table, holds] of byTable) {
    const reads = longest(merged(holds.filter((h) => h.mode === "AccessExclusiveLock")));
    const writes = longest(merged(holds));
    const entry = (h, blocks) => ({
      table,
      mode: BLOCKING_MODES[h.mode]?.name ?? h.mode,
      heldMs: Math.max(0, Math.round(h.end - h.start)),
      blocks
    });
    if (reads !== null) locks.push(entry(reads, "reads and writes"));
    if (writes !== null && (reads === null || writes.end - writes.start > reads.end - reads.start + 0.5)) {
      locks.push(entry(writes, "writes"));
    }
  }
  return locks.sort((a, b) => b.heldMs - a.heldMs || a.table.localeCompare(b.table));
}

// src/migration/lock-observer.ts
var INTERVAL_MS = 100;
var SAMPLE_SQL = `
SELECT (pg_catalog.date_part('epoch', pg_catalog.clock_timestamp()) OPERATOR(pg_catalog.*) 1000)::pg_catalog.float8 AS at,
  (SELECT pg_catalog.json_agg(pg_catalog.json_build_array(l.virtualtransaction, l.mode,
            pg_catalog.format('%I.%I', n.nspname, t.relname), l.pid))
     FROM pg_catalog.pg_locks l
     JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) l.relation
     LEFT JOIN pg_catalog.pg_index i ON i.indexrelid OPERATOR(pg_catalog.=) c.oid
     JOIN pg_catalog.pg_class t ON t.oid OPERATOR(pg_catalog.=) COALESCE(i.indrelid,
            (SELECT o.oid FROM pg_catalog.pg_class o WHERE c.relkind OPERATOR(pg_catalog.=) 't'
                AND o.reltoastrelid OPERATOR(pg_catalog.=) c.oid LIMIT 1), c.oid)
     JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) t.relnamespace
    WHERE l.locktype OPERATOR(pg_catalog.=) 'relation'
      AND l.database OPERATOR(pg_catalog.=) $1::pg_catalog.oid
      AND l.mode OPERATOR(pg_catalog.=) ANY ($3::pg_catalog.text[])
      AND NOT (l.pid OPERATOR(pg_catalog.=) ANY ($2::pg_catalog.int4[]))
      AND NOT EXISTS (SELECT FROM pg_catalog.pg_stat_activity v WHERE v.pid OPERATOR(pg_catalog.=) l.pid
                        AND v.backend_type OPERATOR(pg_catalog.<>) ALL ('{client backend,parallel worker}'::pg_catalog.text[]))
  ) AS locks,
  (SELECT pg_catalog.json_agg(pg_catalog.json_build_array(a.pid,
            (pg_catalog.date_part('epoch', a.query_start) OPERATOR(pg_catalog.*) 1000)::pg_catalog.float8, a.state,
            (pg_catalog.date_part('epoch', a.state_change) OPERATOR(pg_catalog.*) 1000)::pg_catalog.float8, a.query))
     FROM pg_catalog.pg_stat_activity a
    WHERE a.datid OPERATOR(pg_catalog.=) $1::pg_catalog.oid AND a.backend_type OPERATOR(pg_catalog.=) 'client backend'
      AND a.query_start IS NOT NULL AND NOT (a.pid OPERATOR(pg_catalog.=) ANY ($2::pg_catalog.int4[]))
  ) AS activity,
  (SELECT pg_catalog.json_agg(pg_catalog.json_build_array(p.index_relid::pg_catalog.int8, p.relid::pg_catalog.int8, p.command))
     FROM pg_catalog.pg_stat_progress_create_index p WHERE p.datid OPERATOR(pg_catalog.=) $1::pg_catalog.oid
  ) AS builds`;
var LockObserver = class {
  /** `ours`: our own sessions (this connection among them), never counted as the migration's. */
  constructor(client, databaseOid, ours) {
    this.client = client;
    this.databaseOid = databaseOid;
    this.ours = ours;
  }
  client;
  databaseOid;
  ours;
  open = /* @__PURE__ */ new Map();
  closed = [];
  statements = /* @__PURE__ */ new Map();
  builds = /* @__PURE__ */ new Map();
  samples = 0;
  previousAt = null;
  firstAt = null;
  maxGap = null;
  stopping = false;
  loop = null;
  error = null;
  /** Takes the first sample, then keeps sampling until stop(). */
  async start() {
    await this.sample();
    this.loop = this.run();
  }
  async run() {
    while (!this.stopping) {
      const due = (this.previousAt ?? 0) + INTERVAL_MS;
      const started = Date.now();
      await sleep(Math.max(0, Math.min(INTERVAL_MS, due - this.serverNow())));
      if (this.stopping) break;
      try {
        await this.sample();
      } catch (error) {
        this.error = error.message;
        await sleep(Math.max(0, INTERVAL_MS - (Date.now() - started)));
      }
    }
  }
  offset = 0;
  /** This process's clock brought to the server's (measured at each sample). */
  serverNow() {
    return Date.now() + this.offset;
  }
  async sample() {
    const { rows } = await this.client.query(SAMPLE_SQL, [this.databaseOid, this.ours, Object.keys(BLOCKING_MODES)]);
    const row = rows[0];
    if (!row) return;
    const at = row.at;
    this.offset = at - Date.now();
    this.samples += 1;
    if (this.previousAt !== null) this.maxGap = Math.max(this.maxGap ?? 0, at - this.previousAt);
    const sessions = new Map((row.activity ?? []).map((a) => [a[0], a]));
    this.recordLocks(at, row.locks ?? [], sessions);
    this.recordActivity(at, row.activity ?? []);
    this.firstAt ??= at;
    for (const [indexOid, tableOid, command] of row.builds ?? []) {
      const concurrently = /CONCURRENTLY/i.test(command);
      if (/^CREATE INDEX/i.test(command))
        this.builds.set(`${indexOid}:${tableOid}`, { indexOid, tableOid, concurrently });
    }
    this.previousAt = at;
  }
  recordLocks(at, locks, sessions) {
    const seen = /* @__PURE__ */ new Set();
    const before = this.previousAt;
    const inGap = (t) => t != null && before !== null && t > before && t <= at;
    for (const [vxid, mode, table, pid] of locks) {
      const key2 = `${vxid}\0${mode}\0${table}`;
      if (seen.has(key2)) continue;
      seen.add(key2);
      const known = this.open.get(key2);
      if (known) {
        known.last = at;
        continue;
      }
      const queryStart = sessions.get(pid)?.[1];
      const startedBy = inGap(queryStart) ? queryStart : null;
      this.open.set(key2, {
        table,
        mode,
        pid,
        before,
        first: at,
        last: at,
        after: null,
        startedBy,
        endedBy: null,
        endedBefore: null
      });
    }
    for (const [key2, s] of this.open) {
      if (seen.has(key2)) continue;
      s.after = at;
      const session = sessions.get(s.pid);
      if (session !== void 0) {
        const [, queryStart, state, stateChange] = session;
        if (state === "idle" && inGap(stateChange)) s.endedBy = stateChange;
        else if (inGap(queryStart)) s.endedBefore = queryStart;
      }
      const { pid: _pid, ...sighting } = s;
      this.closed.push(sighting);
      this.open.delete(key2);
    }
  }
  recordActivity(at, activity) {
    for (const [pid, queryStart, state, stateChange, query] of activity) {
      if (query === null || queryStart < (this.firstAt ?? at)) continue;
      const key2 = `${pid}:${queryStart}`;
      const finished3 = state !== "active" && stateChange !== null && stateChange >= queryStart;
      const known = this.statements.get(key2);
      const end = finished3 ? stateChange : at;
      if (known) known.end = end;
      else this.statements.set(key2, { query, start: queryStart, end });
      for (const [k, s] of this.statements) {
        if (k.startsWith(`${pid}:`) && k !== key2 && s.start < queryStart && s.end > queryStart) s.end = queryStart;
      }
    }
  }
  /** Takes a last sample (the command has ended) and stops. */
  async stop() {
    this.stopping = true;
    await this.loop;
    try {
      await this.sample();
    } catch (error) {
      this.error ??= error.message;
    }
    return {
      sightings: [...this.closed, ...[...this.open.values()].map(({ pid: _pid, ...s }) => s)],
      sampling: {
        intervalMs: INTERVAL_MS,
        resolutionMs: this.maxGap === null ? null : Math.round(this.maxGap),
        samples: this.samples
      },
      statements: [...this.statements.values()],
      builds: [...this.builds.values()],
      firstAt: this.firstAt,
      lastAt: this.previousAt,
      error: this.error
    };
  }
};

// src/inspect/critical-tables.ts
var CRITICAL_TABLES = [
  "users",
  "seasons",
  "f1_teams",
  "drivers",
  "races",
  "leagues",
  "league_members",
  "league_teams",
  "team_members",
  "race_drafts",
  "player_picks",
  "player_bans",
  "push_tokens",
  "push_notifications",
  "ops_audit_events"
];

// src/migration/migration-checks.ts
var MAX_QUOTED = 400;
var listed2 = (items, max = 5) => items.slice(0, max).join("; ") + (items.length > max ? `; and ${items.length - max} more` : "");
function quoted(lines) {
  const text = lines.slice(-3).join(" \u23CE ").trim();
  if (text === "") return "";
  return `: "${text.length > MAX_QUOTED ? `\u2026${text.slice(-MAX_QUOTED)}` : text}"`;
}
function completedCheck(ctx, m, lines, spawnError) {
  const { migrationMaxDurationMs: max, restoreTimeoutMs } = ctx.config;
  const took = formatDuration(m.durationMs ?? 0);
  const details = {
    exitCode: m.exitCode,
    signal: m.signal,
    timedOut: m.timedOut,
    durationMs: m.durationMs,
    lastLines: lines.all
  };
  const said = quoted(lines.stderr.length > 0 ? lines.stderr : lines.all);
  if (m.timedOut) {
    return check(
      "migration.completed",
      "fail",
      `migration-command was stopped at restore-timeout (${formatDuration(restoreTimeoutMs)})${said}`,
      details
    );
  }
  if (spawnError !== null) {
    return check("migration.completed", "fail", `migration-command could not run: ${spawnError}`, details);
  }
  if (m.exitCode !== 0) {
    const how = m.signal !== null ? `was killed by ${m.signal}` : `failed with exit code ${m.exitCode}`;
    return check("migration.completed", "fail", `migration-command ${how} after ${took}${said}`, details);
  }
  if (max !== null && (m.durationMs ?? 0) > max) {
    return check(
      "migration.completed",
      "fail",
      `migration-command took ${took}, over migration-max-duration (${formatDuration(max)})`,
      details
    );
  }
  const within = max === null ? "" : `, within migration-max-duration (${formatDuration(max)})`;
  return check("migration.completed", "ok", `migration-command succeeded in ${took}${within}`, details);
}
function locksCheck(ctx, m, measured) {
  const max = ctx.config.migrationMaxLockMs;
  const resolution = m.lockSampling.resolutionMs ?? m.lockSampling.intervalMs;
  const details = { maxLockMs: max, locks: m.locks, sampling: m.lockSampling };
  if (!measured) {
    return check(
      "migration.locks",
      "fail",
      `the locks could not be watched: ${m.errors[0] ?? "no sample was taken"}`,
      details
    );
  }
  const over = m.locks.filter((l) => l.heldMs > max);
  const describe = (l) => `${l.table}: ${l.mode} held ${formatDuration(l.heldMs)}, blocking PickDriver's ${l.blocks}`;
  if (over.length > 0) {
    return check(
      "migration.locks",
      "fail",
      `${listed2(over.map(describe))} (over migration-max-lock ${formatDuration(max)}; sampled to \xB1${formatDuration(resolution)})`,
      details
    );
  }
  if (m.locks.length === 0) {
    return check(
      "migration.locks",
      "ok",
      `no lock blocked PickDriver's reads or writes (sampled every ${formatDuration(m.lockSampling.intervalMs)}, to \xB1${formatDuration(resolution)})`,
      details
    );
  }
  const longest = m.locks[0];
  return check(
    "migration.locks",
    "ok",
    `longest blocking lock ${describe(longest)}, within migration-max-lock ${formatDuration(max)} (sampled to \xB1${formatDuration(resolution)})`,
    details
  );
}
function rewritesCheck(m) {
  const details = { rewrites: m.rewrites };
  if (m.rewrites.length === 0) return check("migration.rewrites", "ok", "no table or index was rewritten", details);
  const size2 = (n) => n === null ? "?" : formatBytes(n);
  const items = m.rewrites.map(
    (r) => `${r.index === null ? `table ${r.table}` : `index ${r.index}`} (${size2(r.sizeBefore)} \u2192 ${size2(r.sizeAfter)})`
  );
  return check(
    "migration.rewrites",
    "warn",
    `rewritten, every row written again under its lock: ${listed2(items)}`,
    details
  );
}
var bareName = (qualified) => qualified.replace(/^(?:public|"public")\./, "");
function dataCheck(ctx, m) {
  const threshold = ctx.config.rowDropThreshold;
  const lost = m.rowChanges.filter(
    (r) => r.before !== null && r.before > 0 && (r.after === null || r.after < r.before)
  );
  const details = { rowChanges: m.rowChanges, rowDropThreshold: threshold };
  if (lost.length === 0) {
    const written = m.rowChanges.filter((r) => r.inserted + r.updated + r.deleted > 0).length;
    return check(
      "migration.data",
      "ok",
      written === 0 ? "no rows changed" : `no table lost rows (${written} written to)`,
      details
    );
  }
  const describe = (r) => {
    const before = r.before;
    const gone = before - (r.after ?? 0);
    return `${r.table} lost ${formatCount(gone)} of ${formatCount(before)} rows (${formatPercent(gone / before)})${r.after === null ? ", dropped" : ""}`;
  };
  const critical = lost.filter(
    (r) => CRITICAL_TABLES.includes(bareName(r.table)) && (r.before - (r.after ?? 0)) / r.before > threshold
  );
  if (critical.length > 0) {
    return check(
      "migration.data",
      "fail",
      `critical ${critical.length === 1 ? "table" : "tables"} lost more than row-drop-threshold (${formatPercent(threshold)}): ${listed2(critical.map(describe))}`,
      details
    );
  }
  return check("migration.data", "warn", `rows disappeared: ${listed2(lost.map(describe))}`, details);
}

// src/migration/observer-connection.ts
var OBSERVER_APP_NAME = "pickdriver-vault-action observer";
async function connectObserver(url, lockTimeoutMs = 2e3) {
  const own = new URL(url);
  own.searchParams.set("options", `-c lock_timeout=${lockTimeoutMs}`);
  own.searchParams.set("application_name", OBSERVER_APP_NAME);
  return connectPinned(own.toString(), { statementTimeoutMs: 6e4 });
}
async function otherSessions(client, ours) {
  const { rows } = await client.query(
    `SELECT a.pid FROM pg_catalog.pg_stat_activity a
      WHERE a.datname OPERATOR(pg_catalog.=) pg_catalog.current_database()
        AND a.backend_type OPERATOR(pg_catalog.=) 'client backend'
        AND NOT (a.pid OPERATOR(pg_catalog.=) ANY ($1::pg_catalog.int4[]))`,
    [ours]
  );
  return rows.map((r) => r.pid);
}
async function endOtherSessions(client, ours, waitMs) {
  const deadline = Date.now() + waitMs;
  let left = await otherSessions(client, ours);
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(50);
    left = await otherSessions(client, ours);
  }
  if (left.length === 0) return 0;
  await client.query("SELECT pg_catalog.pg_terminate_backend(p) FROM pg_catalog.unnest($1::pg_catalog.int4[]) AS p", [
    left
  ]);
  const gone = Date.now() + 2e3;
  while ((await otherSessions(client, ours)).length > 0 && Date.now() < gone) await sleep(50);
  return left.length;
}

// src/migration/row-counts.ts
async function countRows(url, tables, jobs, timeoutMs) {
  const counts = /* @__PURE__ */ new Map();
  const plain = tables.filter((t) => t.kind === "r");
  if (plain.length === 0) return counts;
  const queue = new ConnectionQueue(
    () => pgClient(url, { statementTimeoutMs: timeoutMs }),
    Math.max(1, Math.min(jobs, plain.length))
  );
  try {
    await Promise.all(
      plain.map(
        (t) => queue.run(async (client) => {
          const { rows } = await client.query(`SELECT pg_catalog.count(*) AS n FROM ONLY ${t.name}`);
          counts.set(t.oid, Number(rows[0]?.n ?? 0));
        }, t.size ?? 0)
      )
    );
  } finally {
    await queue.close();
  }
  return counts;
}

// src/migration/snapshot-diff.ts
function rewrites(before, after) {
  const out = [];
  const tablesBefore = new Map(before.tables.map((t) => [t.oid, t]));
  const rewritten = /* @__PURE__ */ new Set();
  for (const t of after.tables) {
    const old = tablesBefore.get(t.oid);
    if (!old || old.relfilenode === 0 || old.relfilenode === t.relfilenode) continue;
    rewritten.add(t.oid);
    out.push({ table: t.name, index: null, sizeBefore: old.size, sizeAfter: t.size });
  }
  const indexesBefore = new Map(before.indexes.map((i) => [i.oid, i]));
  const byName = new Map(before.indexes.map((i) => [i.name, i]));
  const oidsAfter = new Set(after.indexes.map((i) => i.oid));
  for (const i of after.indexes) {
    if (rewritten.has(i.tableOid)) continue;
    const same = indexesBefore.get(i.oid);
    const named = byName.get(i.name);
    const rebuilt = same !== void 0 ? same.relfilenode !== 0 && same.relfilenode !== i.relfilenode : named !== void 0 && !oidsAfter.has(named.oid) && named.definition === i.definition;
    const old = same ?? named;
    if (rebuilt && old) out.push({ table: i.table, index: i.name, sizeBefore: old.size, sizeAfter: i.size });
  }
  return out;
}
function newIndexes(before, after, seen) {
  const names = new Set(before.indexes.map((i) => i.name));
  const tableOids = new Map(after.tables.map((t) => [t.name, t.oid]));
  return after.indexes.filter((i) => !names.has(i.name)).map((i) => {
    const byIndex = seen?.builds.find((b) => b.indexOid === i.oid);
    const plainOnTable = seen?.builds.some((b) => !b.concurrently && b.tableOid === tableOids.get(i.table));
    const concurrently = byIndex ? byIndex.concurrently : plainOnTable && !i.laterIndexRow ? false : i.laterIndexRow;
    return { index: i.name, table: i.table, concurrently, valid: i.valid, sizeBytes: i.size };
  });
}
function rowChanges(before, after, countsBefore, countsAfter) {
  const out = [];
  const old = new Map(before.tables.map((t) => [t.oid, t]));
  const now = new Map(after.tables.map((t) => [t.oid, t]));
  for (const t of after.tables) {
    if (t.kind !== "r") continue;
    const b = old.get(t.oid);
    const inserted = t.inserted - (b?.inserted ?? 0);
    const updated = t.updated - (b?.updated ?? 0);
    const deleted = t.deleted - (b?.deleted ?? 0);
    const rowsBefore = b ? countsBefore.get(t.oid) ?? null : null;
    const rowsAfter = countsAfter.get(t.oid) ?? rowsBefore;
    if (b && inserted === 0 && updated === 0 && deleted === 0 && rowsBefore === rowsAfter) continue;
    if (!b && rowsAfter === 0 && inserted === 0) continue;
    out.push({ table: t.name, before: rowsBefore, after: rowsAfter, inserted, updated, deleted });
  }
  for (const b of before.tables) {
    if (b.kind !== "r" || now.has(b.oid)) continue;
    out.push({
      table: b.name,
      before: countsBefore.get(b.oid) ?? null,
      after: null,
      inserted: 0,
      updated: 0,
      deleted: 0
    });
  }
  return out.sort((a, b) => a.table.localeCompare(b.table));
}
function touchedTables(before, after) {
  const old = new Map(before.tables.map((t) => [t.oid, t]));
  return after.tables.filter((t) => {
    const b = old.get(t.oid);
    return !b || b.relfilenode !== t.relfilenode || b.inserted !== t.inserted || b.updated !== t.updated || b.deleted !== t.deleted;
  });
}
var columnText = (c) => `${c.type}${c.notNull ? " NOT NULL" : ""}${c.default !== null ? ` DEFAULT ${c.default}` : ""}`;
function diffBy(kind, before, after, key2, name2, text) {
  const out = [];
  const old = new Map(before.map((x) => [key2(x), x]));
  const now = new Map(after.map((x) => [key2(x), x]));
  for (const [k, x] of now) {
    const b = old.get(k);
    if (!b) out.push({ kind, change: "added", name: name2(x), detail: text(x) });
    else if (text(b) !== text(x) || name2(b) !== name2(x)) {
      const renamed = name2(b) !== name2(x) ? `renamed from ${name2(b)}` : null;
      const changed = text(b) !== text(x) ? `${text(b)} \u2192 ${text(x)}` : null;
      out.push({ kind, change: "altered", name: name2(x), detail: [renamed, changed].filter(Boolean).join("; ") });
    }
  }
  for (const [k, b] of old) if (!now.has(k)) out.push({ kind, change: "dropped", name: name2(b), detail: text(b) });
  return out;
}
function schemaChanges(before, after) {
  const tableKind = (t) => ({ r: "table", p: "partitioned table", m: "materialized view" })[t.kind] ?? t.kind;
  return [
    ...diffBy(
      "table",
      before.tables,
      after.tables,
      (t) => String(t.oid),
      (t) => t.name,
      tableKind
    ),
    // Columns by table and position: a rename is an alteration, a drop and re-add a drop and an add.
    ...diffBy(
      "column",
      before.columns,
      after.columns,
      (c) => `${c.tableOid}:${c.num}`,
      (c) => `${c.table}.${c.name}`,
      columnText
    ),
    // Indexes by name: REINDEX CONCURRENTLY gives a rebuilt index the old one's name (and a new oid).
    ...diffBy(
      "index",
      before.indexes,
      after.indexes,
      (i) => i.name,
      (i) => i.name,
      (i) => `${i.definition}${i.valid ? "" : " (INVALID)"}`
    ),
    ...diffBy(
      "constraint",
      before.constraints,
      after.constraints,
      (c) => `${c.table}:${c.name}`,
      (c) => `${c.table}.${c.name}`,
      (c) => `${c.definition}${c.validated ? "" : " NOT VALID"}`
    )
  ];
}

// src/migration/sql-redact.ts
var MAX_LENGTH = 500;
function isIdentChar(c) {
  return c !== void 0 && /[A-Za-z0-9_$\u0080-\uffff]/.test(c);
}
function endOfString(sql, i, backslashes) {
  let j = i + 1;
  while (j < sql.length) {
    const c = sql[j];
    if (backslashes && c === "\\") j += 2;
    else if (c === "'") {
      if (sql[j + 1] === "'") j += 2;
      else return j + 1;
    } else j += 1;
  }
  return sql.length;
}
function redactSql(sql) {
  let out = "";
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    const next = sql[i + 1];
    const prev = out[out.length - 1];
    if (c === "-" && next === "-") {
      const end = sql.indexOf("\n", i);
      i = end === -1 ? sql.length : end;
      out += " ";
    } else if (c === "/" && next === "*") {
      let depth = 1;
      let j = i + 2;
      while (j < sql.length && depth > 0) {
        const pair = sql.slice(j, j + 2);
        depth += pair === "/*" ? 1 : pair === "*/" ? -1 : 0;
        j += pair === "/*" || pair === "*/" ? 2 : 1;
      }
      i = j;
      out += " ";
    } else if (c === '"') {
      const end = sql.indexOf('"', i + 1);
      const stop = end === -1 ? sql.length : end + 1;
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === "'") {
      const prefix = /(?:^|[^A-Za-z0-9_$])([EeBbXxNn]|[Uu]&)$/.exec(out);
      if (prefix?.[1]) out = out.slice(0, out.length - prefix[1].length);
      i = endOfString(sql, i, prefix?.[1]?.toLowerCase() === "e");
      out += "?";
    } else if (c === "$" && !isIdentChar(prev)) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        i = end === -1 ? sql.length : end + tag[0].length;
        out += "?";
      } else {
        const param = /^\$\d+/.exec(sql.slice(i));
        out += param ? param[0] : c;
        i += param ? param[0].length : 1;
      }
    } else if (/[0-9]/.test(c) || c === "." && /[0-9]/.test(next ?? "")) {
      if (isIdentChar(prev)) {
        out += c;
        i += 1;
      } else {
        const num2 = /^(?:0[xXoObB][0-9A-Fa-f_]+|(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][+-]?\d+)?)/.exec(sql.slice(i));
        i += num2 ? Math.max(1, num2[0].length) : 1;
        out += "?";
      }
    } else {
      out += c;
      i += 1;
    }
  }
  const flat = out.replace(/\s+/g, " ").trim();
  return flat.length > MAX_LENGTH ? `${flat.slice(0, MAX_LENGTH)}\u2026` : flat;
}

// src/migration/statements.ts
var SHOWN = 10;
async function extensionSchema(client) {
  const { rows } = await client.query(
    `SELECT pg_catalog.quote_ident(n.nspname) AS schema
       FROM pg_catalog.pg_extension e
       JOIN pg_catalog.pg_depend d ON d.refobjid OPERATOR(pg_catalog.=) e.oid AND d.deptype OPERATOR(pg_catalog.=) 'e'
            AND d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
       JOIN pg_catalog.pg_proc p ON p.oid OPERATOR(pg_catalog.=) d.objid AND p.proname OPERATOR(pg_catalog.=) 'pg_stat_statements'
       JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) p.pronamespace
      WHERE e.extname OPERATOR(pg_catalog.=) 'pg_stat_statements'
        AND p.proargtypes::pg_catalog.text OPERATOR(pg_catalog.=) 'pg_catalog.bool'::pg_catalog.regtype::pg_catalog.oid::pg_catalog.text
      LIMIT 1`
  );
  return rows[0]?.schema ?? null;
}
async function readTotals(client, schema, databaseOid, role) {
  const { rows } = await client.query(
    `SELECT s.userid::pg_catalog.text OPERATOR(pg_catalog.||) ':' OPERATOR(pg_catalog.||) s.queryid::pg_catalog.text AS id,
            s.calls::pg_catalog.int8 AS calls, s.total_exec_time::pg_catalog.float8 AS ms, s.query
       FROM ${schema}.pg_stat_statements(true) s
      WHERE s.dbid OPERATOR(pg_catalog.=) $1::pg_catalog.oid
        AND s.userid OPERATOR(pg_catalog.=) (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) $2)`,
    [databaseOid, role]
  );
  return new Map(rows.map((r) => [r.id, { calls: Number(r.calls), ms: r.ms, query: r.query ?? "" }]));
}
async function statementTotals(clients, databaseOid, role) {
  for (const client of clients) {
    try {
      const schema = await extensionSchema(client);
      if (schema === null) continue;
      return { client, schema, role, rows: await readTotals(client, schema, databaseOid, role) };
    } catch {
    }
  }
  return null;
}
async function statementsSince(before, databaseOid) {
  const after = await readTotals(before.client, before.schema, databaseOid, before.role);
  const grown = [];
  for (const [id, now] of after) {
    const was = before.rows.get(id);
    const calls = now.calls - (was?.calls ?? 0);
    if (calls <= 0) continue;
    grown.push({ query: redactSql(now.query), durationMs: Math.round(now.ms - (was?.ms ?? 0)), calls });
  }
  return slowest(grown);
}
function sampledStatements(seen) {
  return slowest(
    seen.map((s) => ({ query: redactSql(s.query), durationMs: Math.max(0, Math.round(s.end - s.start)), calls: null }))
  );
}
function slowest(list) {
  return list.filter((s) => s.query !== "").sort((a, b) => b.durationMs - a.durationMs).slice(0, SHOWN);
}

// src/migration/migration-phase.ts
var MIGRATION_IDS = ["migration.completed", "migration.locks", "migration.rewrites", "migration.data"];
function skippedMigration(why) {
  return { info: null, checks: MIGRATION_IDS.map((id) => check(id, "skip", why)) };
}
function shownCommand(ctx, command) {
  return ctx.secrets.redact(command).replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@]+@/gi, "$1***@");
}
function emptyInfo(command) {
  return {
    command,
    startedAt: (/* @__PURE__ */ new Date()).toISOString(),
    durationMs: null,
    exitCode: null,
    signal: null,
    timedOut: false,
    walBytes: null,
    databaseSizeBefore: null,
    databaseSizeAfter: null,
    locks: [],
    lockSampling: { intervalMs: INTERVAL_MS, resolutionMs: null, samples: 0 },
    rewrites: [],
    indexes: [],
    rowChanges: [],
    schemaChanges: [],
    statements: [],
    statementsSource: null,
    errors: []
  };
}
async function measureBefore(ctx, drillUrl, errors) {
  const adminUrl = drillDatabaseUrl(ctx.config.databaseUrl, ctx.config.drillDatabase);
  let client = null;
  let adminDb = null;
  try {
    client = await connectObserver(adminUrl);
    const { rows } = await client.query(
      "SELECT d.oid::pg_catalog.int8 AS oid, pg_catalog.pg_backend_pid() AS pid FROM pg_catalog.pg_database d WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database()"
    );
    const databaseOid = Number(rows[0]?.oid);
    await client.query("SET pg_stat_statements.track = 'none'").catch(() => {
    });
    const ours = [Number(rows[0]?.pid)];
    await endOtherSessions(client, ours, 3e3).catch(() => 0);
    const present = await otherSessions(client, ours);
    const snapshot = await takeSnapshot(client);
    const counts = await countRows(drillUrl, snapshot.tables, ctx.config.restoreJobs, ctx.config.restoreTimeoutMs);
    adminDb = await connectObserver(ctx.config.databaseUrl).catch(() => null);
    const role = connectionParts(drillUrl).user ?? connectionParts(ctx.config.databaseUrl).user ?? "postgres";
    const totals = await statementTotals(
      [adminDb, client].filter((c) => c !== null),
      databaseOid,
      role
    );
    return { client, adminDb, databaseOid, ours: [...ours, ...present], snapshot, counts, totals };
  } catch (error) {
    errors.push(`before the command: ${ctx.secrets.redact(error.message)}`);
    await client?.end().catch(() => {
    });
    await adminDb?.end().catch(() => {
    });
    return null;
  }
}
async function runMigration(ctx, drillUrl, onStarted = () => {
}) {
  const command = ctx.config.migrationCommand;
  if (command === null) return skippedMigration("No migration-command set.");
  const info = emptyInfo(shownCommand(ctx, command));
  const before = await measureBefore(ctx, drillUrl, info.errors);
  let observer = null;
  if (before !== null) {
    observer = new LockObserver(before.client, before.databaseOid, before.ours);
    await observer.start().catch((error) => {
      info.errors.push(`the lock observer: ${ctx.secrets.redact(error.message)}`);
      observer = null;
    });
  }
  const ours = before?.ours ?? [];
  const offCancel = before === null ? () => {
  } : onCancel(() => endOtherSessions(before.client, ours, 0).then(() => {
  }));
  info.startedAt = (/* @__PURE__ */ new Date()).toISOString();
  onStarted(info);
  let outcome;
  try {
    outcome = await runDrillCommand(ctx, {
      command,
      drillUrl,
      label: "migration-command",
      timeoutMs: ctx.config.restoreTimeoutMs
    });
  } finally {
    if (cancelledBy() === null) offCancel();
  }
  await parkIfCancelled();
  Object.assign(info, {
    durationMs: outcome.durationMs,
    exitCode: outcome.exitCode,
    signal: outcome.signal,
    timedOut: outcome.timedOut
  });
  let observation = null;
  let measured = false;
  if (before !== null) {
    try {
      observation = await measureAfter(ctx, drillUrl, before, observer, info, outcome.timedOut);
      measured = true;
    } catch (error) {
      info.errors.push(`after the command: ${ctx.secrets.redact(error.message)}`);
    } finally {
      await before.client.end().catch(() => {
      });
      await before.adminDb?.end().catch(() => {
      });
    }
  }
  logFigures(ctx, info);
  const completed = completedCheck(ctx, info, { stderr: outcome.stderrTail, all: outcome.tail }, outcome.spawnError);
  completed.durationMs = outcome.durationMs;
  const unmeasured = (id) => check(id, "fail", `could not be measured: ${info.errors[0] ?? "no snapshot"}`);
  return {
    info,
    checks: [
      completed,
      locksCheck(ctx, info, (observation?.sampling.samples ?? 0) > 1),
      measured ? rewritesCheck(info) : unmeasured("migration.rewrites"),
      measured ? dataCheck(ctx, info) : unmeasured("migration.data")
    ]
  };
}
async function measureAfter(ctx, drillUrl, before, observer, info, stopped) {
  const ended = await endOtherSessions(before.client, before.ours, stopped ? 0 : 3e3);
  if (ended > 0) ctx.log.info(`migration-command: ended ${ended} session(s) it left on the drill database`);
  const observation = observer === null ? null : await observer.stop();
  if (observation !== null) {
    info.locks = blockingLocks(observation.sightings);
    info.lockSampling = observation.sampling;
    if (observation.error !== null) info.errors.push(`a lock sample failed: ${ctx.secrets.redact(observation.error)}`);
  }
  const after = await takeSnapshot(before.client);
  const counted = await countRows(
    drillUrl,
    touchedTables(before.snapshot, after),
    ctx.config.restoreJobs,
    ctx.config.restoreTimeoutMs
  );
  info.walBytes = await walBetween(before.client, before.snapshot.walLsn, after.walLsn);
  info.databaseSizeBefore = before.snapshot.databaseSize;
  info.databaseSizeAfter = after.databaseSize;
  info.rewrites = rewrites(before.snapshot, after);
  info.indexes = newIndexes(before.snapshot, after, observation);
  info.rowChanges = rowChanges(before.snapshot, after, before.counts, counted);
  info.schemaChanges = schemaChanges(before.snapshot, after);
  if (before.totals !== null) {
    info.statements = await statementsSince(before.totals, before.databaseOid);
    info.statementsSource = "pg_stat_statements";
  } else if (observation !== null) {
    info.statements = sampledStatements(observation.statements);
    info.statementsSource = "sampled activity";
  }
  return observation;
}
function logFigures(ctx, m) {
  const lock = m.locks[0];
  ctx.log.info(
    [
      `migration-command: ${m.exitCode === 0 ? "succeeded" : "FAILED"} in ${formatDuration(m.durationMs ?? 0)}`,
      lock ? `longest blocking lock ${lock.table} ${lock.mode} ${formatDuration(lock.heldMs)}` : "no blocking lock seen",
      `${m.rewrites.length} rewritten`,
      `${m.indexes.length} new index(es)`,
      m.walBytes === null ? null : `${formatBytes(m.walBytes)} of WAL`
    ].filter(Boolean).join("; ")
  );
}

// src/inspect/fingerprint.ts
var FINGERPRINT_SQL = `'fluent-' || coalesce(pg_catalog.md5(pg_catalog.string_agg(name || ':' || batch, ',' ORDER BY name, batch)), 'empty')
  || '-b' || coalesce(pg_catalog.max(batch), 0) || '-n' || pg_catalog.count(*)`;

// src/inspect/sequences.ts
var quoteIdent = (name2) => `"${name2.replace(/"/g, '""')}"`;
async function readSequenceStates(run) {
  const { rows } = await run(
    (client) => client.query(
      `SELECT n.nspname AS schema, c.relname AS table, a.attname AS column,
            pg_catalog.concat(s.schemaname, '.', s.sequencename) AS sequence, sn.nspname AS sequence_schema, sc.relname AS sequence_name,
            s.increment_by::text AS increment_by, pg_catalog.pg_relation_size(c.oid)::text AS table_bytes
       FROM pg_catalog.pg_depend d
       JOIN pg_catalog.pg_class sc ON sc.oid = d.objid AND sc.relkind = 'S'
       JOIN pg_catalog.pg_namespace sn ON sn.oid = sc.relnamespace
       JOIN pg_catalog.pg_sequences s ON s.schemaname = sn.nspname AND s.sequencename = sc.relname
       JOIN pg_catalog.pg_class c ON c.oid = d.refobjid AND c.relkind IN ('r', 'p')
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.refobjsubid AND NOT a.attisdropped
      WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
        AND d.deptype IN ('a', 'i')
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      ORDER BY 1, 2, 3`
    ),
    Number.POSITIVE_INFINITY
  );
  const ascending = rows.filter((r) => BigInt(r.increment_by) > 0n);
  const values = await Promise.all(
    ascending.map((r) => {
      const table = `${quoteIdent(r.schema)}.${quoteIdent(r.table)}`;
      const sequence = `${quoteIdent(r.sequence_schema)}.${quoteIdent(r.sequence_name)}`;
      return run(async (client) => {
        const { rows: v } = await client.query(
          `SELECT (SELECT pg_catalog.max(${quoteIdent(r.column)})::text FROM ${table}) AS m,
                  (SELECT (CASE WHEN is_called THEN last_value ELSE last_value - ${BigInt(r.increment_by)} END)::text FROM ${sequence}) AS s`
        );
        return v[0] ?? { m: null, s: null };
      }, Number(r.table_bytes));
    })
  );
  return ascending.map((r, i) => {
    const max = values[i]?.m ?? null;
    const last = BigInt(values[i]?.s ?? "0");
    return {
      table: `${r.schema}.${r.table}`,
      column: r.column,
      sequence: r.sequence,
      lastValue: Number(last),
      maxValue: max === null ? null : Number(max),
      behind: max !== null && last < BigInt(max)
    };
  });
}

// src/inspect/inspect-database.ts
var quoteIdent2 = (name2) => `"${name2.replace(/"/g, '""')}"`;
var KIND_WORDS = {
  v: "a view",
  m: "a materialized view",
  f: "a foreign table",
  S: "a sequence",
  i: "an index",
  c: "a composite type"
};
async function readLedgerAndTables(run, counted) {
  const { rows } = await run(
    (client) => client.query(
      `SELECT c.relname::text AS name, c.relkind::text AS kind, pg_catalog.pg_relation_size(c.oid)::text AS bytes
           FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relname::text = ANY($1::text[])`,
      [["_fluent_migrations", ...CRITICAL_TABLES]]
    ),
    Number.POSITIVE_INFINITY
  );
  const kinds = new Map(rows.map((r) => [r.name, r.kind]));
  const bytes = new Map(rows.map((r) => [r.name, Number(r.bytes)]));
  const isTable = (name2) => kinds.get(name2) === "r" || kinds.get(name2) === "p";
  const ledgerPresent = isTable("_fluent_migrations");
  const presentTables = CRITICAL_TABLES.filter(isTable);
  const ledgerRow = ledgerPresent ? run(async (client) => {
    const { rows: r } = await client.query(
      `SELECT l.fingerprint, l.size::text AS size, m.name AS last_name, m.batch::text AS last_batch,
                  m.created_at AS last_created_at
             FROM (SELECT ${FINGERPRINT_SQL} AS fingerprint, pg_catalog.count(*) AS size FROM public._fluent_migrations) AS l
             LEFT JOIN LATERAL (
               SELECT name, batch, created_at FROM public._fluent_migrations
                ORDER BY created_at DESC NULLS LAST, batch DESC, name DESC LIMIT 1) AS m ON true`
    );
    return r[0] ?? {};
  }, Number.POSITIVE_INFINITY) : Promise.resolve({});
  const counting = presentTables.map(
    (t) => (
      // Counted while the restore ran (or still counting: awaited, not repeated); else counted here.
      (counted.get(t) ?? Promise.resolve(null)).then(
        (early) => early !== null ? early : run(async (client) => {
          const { rows: r } = await client.query(
            `SELECT pg_catalog.count(*)::text AS n FROM public.${quoteIdent2(t)}`
          );
          return Number(r[0]?.n);
        }, bytes.get(t) ?? 0)
      )
    )
  );
  const [row, counts] = await Promise.all([ledgerRow, Promise.all(counting)]);
  const createdAt = row.last_created_at;
  const ledger = {
    present: ledgerPresent,
    fingerprint: ledgerPresent ? String(row.fingerprint) : null,
    size: ledgerPresent ? Number(row.size) : null,
    last: ledgerPresent && row.last_name != null ? {
      name: String(row.last_name),
      batch: Number(row.last_batch),
      createdAt: createdAt instanceof Date ? createdAt.toISOString() : createdAt == null ? null : String(createdAt)
    } : null
  };
  const tables = CRITICAL_TABLES.map((name2) => {
    const i = presentTables.indexOf(name2);
    return i === -1 ? { name: name2, present: false, rows: null } : { name: name2, present: true, rows: counts[i] };
  });
  const notTables = {};
  for (const [name2, kind] of kinds) if (!isTable(name2)) notTables[name2] = KIND_WORDS[kind] ?? "not a table";
  return { ledger, tables, notTables };
}
function migrationsCheck(ledger, startedAt, notTables) {
  const details = { schemaVersion: ledger.fingerprint, ledgerSize: ledger.size, lastMigration: ledger.last };
  if (!ledger.present) {
    const instead = notTables._fluent_migrations;
    return check(
      "database.migrations",
      "fail",
      `Fluent's ledger public._fluent_migrations is missing${instead ? ` (${instead} of that name is there, not a table)` : ""}`,
      details,
      startedAt
    );
  }
  if (!ledger.size) {
    return check(
      "database.migrations",
      "fail",
      "Fluent's ledger public._fluent_migrations is empty",
      details,
      startedAt
    );
  }
  const last = ledger.last ? `; newest ${ledger.last.name} (batch ${ledger.last.batch})` : "";
  return check(
    "database.migrations",
    "ok",
    `${ledger.size} migrations applied, schema version ${ledger.fingerprint}${last}`,
    details,
    startedAt
  );
}
function criticalTablesCheck(tables, startedAt, notTables) {
  const missing = tables.filter((t) => !t.present).map((t) => t.name);
  const named = (t) => notTables[t] ? `${t} (${notTables[t]}, not a table)` : t;
  const empty = tables.filter((t) => t.present && t.rows === 0).map((t) => t.name);
  const total = tables.reduce((sum, t) => sum + (t.rows ?? 0), 0);
  const details = { missing, empty, totalRows: total, counts: Object.fromEntries(tables.map((t) => [t.name, t.rows])) };
  if (missing.length > 0) {
    return check(
      "database.critical-tables",
      "fail",
      `${missing.length} of ${tables.length} critical tables are missing: ${missing.map(named).join(", ")}`,
      { ...details, notTables },
      startedAt
    );
  }
  if (total === 0) {
    return check(
      "database.critical-tables",
      "warn",
      `all ${tables.length} critical tables are present but empty`,
      details,
      startedAt
    );
  }
  const emptyNote = empty.length > 0 ? ` (${empty.length} empty: ${empty.join(", ")})` : "";
  return check(
    "database.critical-tables",
    "ok",
    `all ${tables.length} critical tables are present, ${total} rows${emptyNote}`,
    details,
    startedAt
  );
}
async function sequencesCheck(run) {
  const startedAt = performance.now();
  const states = await readSequenceStates(run);
  const behind = states.filter((s) => s.behind).map((s) => ({
    table: s.table,
    column: s.column,
    sequence: s.sequence,
    lastValue: s.lastValue,
    maxValue: s.maxValue ?? 0
  }));
  if (behind.length === 0) {
    return {
      check: check(
        "database.sequences",
        "ok",
        `all ${states.length} serial/identity sequences are at or past their column's largest value`,
        { checked: states.length, behind: [] },
        startedAt
      ),
      behind
    };
  }
  const list = behind.map((b) => `${b.table}.${b.column} (${b.sequence} at ${b.lastValue}, max ${b.maxValue})`);
  return {
    check: check(
      "database.sequences",
      "fail",
      `${behind.length} sequence(s) behind their column, the next insert would reuse an id: ${list.slice(0, 5).join("; ")}${list.length > 5 ? "; \u2026" : ""}`,
      { checked: states.length, behind },
      startedAt
    ),
    behind
  };
}
var emptyInfo2 = () => ({
  schemaVersion: null,
  ledgerSize: null,
  lastMigration: null,
  criticalTables: CRITICAL_TABLES.map((name2) => ({ name: name2, present: false, rows: null })),
  totalCriticalRows: null,
  sequencesBehind: []
});
async function inspectDatabase(ctx, drillUrl, deadline = new Deadline(postRestoreBudgetMs(null, ctx.config.restoreTimeoutMs), "the inspection"), queue, counted = /* @__PURE__ */ new Map()) {
  ctx.secrets.addUrl(drillUrl);
  const startedAt = performance.now();
  const info = emptyInfo2();
  const q = queue ?? drillQueue(drillUrl, Math.max(2, ctx.config.restoreJobs), deadline);
  const run = (task, weight) => q.run(task, weight);
  const failAll = (what, error, ids) => {
    const message = ctx.secrets.redact(error.message ?? String(error));
    return ids.map((id) => check(id, "fail", `could not ${what}: ${message}`, null, startedAt));
  };
  const expire = () => void q.close();
  const checks = [];
  try {
    const [read, sequences] = await Promise.allSettled([
      deadline.race(readLedgerAndTables(run, counted), expire),
      deadline.race(sequencesCheck(run), expire)
    ]);
    const unreachable = [read, sequences].find(
      (r) => r.status === "rejected" && r.reason instanceof QueueConnectError
    );
    if (unreachable) {
      return {
        info,
        checks: failAll("connect to the drill database", unreachable.reason, [
          "database.migrations",
          "database.critical-tables",
          "database.sequences"
        ])
      };
    }
    if (read.status === "fulfilled") {
      const { ledger, tables, notTables } = read.value;
      info.schemaVersion = ledger.fingerprint;
      info.ledgerSize = ledger.size;
      info.lastMigration = ledger.last;
      info.criticalTables = tables;
      info.totalCriticalRows = tables.some((t) => t.present) ? tables.reduce((sum, t) => sum + (t.rows ?? 0), 0) : null;
      checks.push(migrationsCheck(ledger, startedAt, notTables), criticalTablesCheck(tables, startedAt, notTables));
    } else {
      checks.push(
        ...failAll("read the ledger and critical tables", read.reason, [
          "database.migrations",
          "database.critical-tables"
        ])
      );
    }
    if (sequences.status === "fulfilled") {
      info.sequencesBehind = sequences.value.behind;
      checks.push(sequences.value.check);
    } else {
      checks.push(...failAll("compare sequences with their columns", sequences.reason, ["database.sequences"]));
    }
  } finally {
    if (!queue) await q.close();
  }
  ctx.log.info(
    `inspect: schema ${info.schemaVersion ?? "(no ledger)"}, ${info.totalCriticalRows ?? 0} rows in critical tables, ${info.sequencesBehind.length} sequence(s) behind`
  );
  return { info, checks };
}

// src/restore/analyze.ts
async function tablesToAnalyze(client) {
  const { rows } = await client.query(
    `SELECT pg_catalog.format('%I.%I', n.nspname, c.relname) AS name,
            (CASE WHEN c.relkind = 'p'
                  THEN (SELECT COALESCE(pg_catalog.sum(pg_catalog.pg_relation_size(t.relid)), 0)
                          FROM pg_catalog.pg_partition_tree(c.oid) t)
                  ELSE pg_catalog.pg_relation_size(c.oid) END)::text AS bytes
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'm') AND NOT c.relispartition
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\\_toast%'`
  );
  return rows.map((r) => ({ name: r.name, bytes: Number(r.bytes) }));
}
async function analyzeDatabase(ctx, drillUrl, jobs, deadline = new Deadline(postRestoreBudgetMs(null, ctx.config.restoreTimeoutMs), "ANALYZE"), queue, early = /* @__PURE__ */ new Map()) {
  const started = Date.now();
  const q = queue ?? drillQueue(drillUrl, Math.max(1, jobs), deadline);
  try {
    await deadline.race(analyzeAll(ctx, q, started, early), () => void q.close());
  } catch (error) {
    ctx.log.warning(`restore: ANALYZE failed: ${ctx.secrets.redact(error.message)}`);
  } finally {
    if (!queue) await q.close();
  }
}
async function analyzeAll(ctx, q, started, early) {
  const tables = await q.run(tablesToAnalyze, Number.POSITIVE_INFINITY);
  let before = 0;
  await Promise.all(
    tables.map(async (t) => {
      if (await early.get(t.name)) {
        before += 1;
        return;
      }
      await q.run((c) => c.query(`ANALYZE ${t.name}`), t.bytes);
    })
  );
  const here = tables.length - before;
  ctx.log.info(
    `restore: ANALYZE of ${here} tables on ${Math.min(q.size, Math.max(1, here))} connection(s) took ${formatDuration(Date.now() - started)}${before > 0 ? ` (${before} more analyzed while the restore ran)` : ""}`
  );
}

// src/restore/post-restore-command.ts
async function runPostRestoreCommand(ctx, drillUrl) {
  const command = ctx.config.postRestoreCommand;
  if (!command) return check("restore.post-command", "skip", "no post-restore-command given");
  const startedAt = performance.now();
  const limitMs = ctx.config.restoreTimeoutMs;
  const outcome = await runDrillCommand(ctx, {
    command,
    drillUrl,
    label: "post-restore-command",
    timeoutMs: limitMs
  });
  const { tail } = outcome;
  const details = { exitCode: outcome.exitCode, signal: outcome.signal, lastLines: tail };
  if (outcome.exitCode === 0) {
    return check("restore.post-command", "ok", "post-restore-command succeeded", details, startedAt);
  }
  const why = whyItFailed(outcome, `restore-timeout (${formatDuration(limitMs)})`);
  const last = tail.length > 0 ? `; last output: ${tail[tail.length - 1]}` : "";
  return check("restore.post-command", "fail", `post-restore-command failed (${why})${last}`, details, startedAt);
}

// src/restore/foreign-keys.ts
import { stat as stat5 } from "node:fs/promises";
import path7 from "node:path";

// src/restore/dump-sql-names.ts
var IDENT = `(?:[a-z_][a-z0-9_$]*|"(?:[^"]|"")+")`;
var QNAME = String.raw`${IDENT}\.${IDENT}`;
var COLUMNS = `${IDENT}(?:, ${IDENT})*`;

// src/restore/foreign-keys.ts
var ACTION = String.raw`(?:CASCADE|RESTRICT|SET NULL|SET DEFAULT|NO ACTION)(?: \(${COLUMNS}\))?`;
var CLAUSE = `(?: MATCH FULL| MATCH SIMPLE| ON UPDATE ${ACTION}| ON DELETE ${ACTION}| DEFERRABLE| NOT DEFERRABLE| INITIALLY DEFERRED| INITIALLY IMMEDIATE)`;
var FOREIGN_KEY_RE = new RegExp(
  String.raw`^ALTER TABLE ONLY (${QNAME})\n    ADD CONSTRAINT (${IDENT}) FOREIGN KEY \(${COLUMNS}\) REFERENCES (${QNAME})\(${COLUMNS}\)${CLAUSE}*;\n*$`
);
var LARGE_SHARE = 0.25;
async function archiveDataBytes(toc, backup) {
  const data = toc.entries.filter((e) => e.desc === "TABLE DATA");
  const bytes = /* @__PURE__ */ new Map();
  const tableOf = (e) => e.dependencies[0];
  if (backup.format === "custom") {
    const blocks = toc.entries.filter((e) => e.hadDumper);
    if (blocks.some((e) => e.dataState !== DATA_STATE.offsetSet || e.offset === null)) return null;
    const starts = blocks.map((e) => e.offset).sort((a, b) => a - b);
    for (const e of data) {
      const next = starts.find((o) => o > e.offset) ?? backup.sizeBytes;
      const table = tableOf(e);
      if (table !== void 0) bytes.set(table, next - e.offset);
    }
    return bytes;
  }
  if (backup.format !== "directory") return null;
  for (const e of data) {
    const table = tableOf(e);
    if (e.filename === null || table === void 0) continue;
    const file = path7.join(backup.path, path7.basename(e.filename));
    const sizes = await Promise.all(
      ["", ".gz", ".lz4", ".zst"].map(
        (suffix) => stat5(`${file}${suffix}`).then(
          (st) => st.size,
          () => null
        )
      )
    );
    const size2 = sizes.find((n) => n !== null);
    if (size2 === void 0 || size2 === null) return null;
    bytes.set(table, size2);
  }
  return bytes;
}
function deferredForeignKeys(toc, leftOut, dataBytes) {
  const byId = new Map(toc.entries.map((e) => [e.dumpId, e]));
  const restored = toc.entries.filter((e) => !leftOut.has(e.dumpId));
  const dependedOn = new Set(restored.flatMap((e) => e.dependencies));
  let total = 0;
  for (const n of dataBytes.values()) total += n;
  const byReferenced = /* @__PURE__ */ new Map();
  for (const e of restored) {
    if (e.desc !== "FK CONSTRAINT" || dependedOn.has(e.dumpId) || e.defn === null) continue;
    const match = FOREIGN_KEY_RE.exec(e.defn);
    const unique = e.dependencies.map((d) => byId.get(d)).find((d) => d?.desc === "CONSTRAINT" || d?.desc === "INDEX");
    const referenced = unique?.dependencies.find((d) => byId.get(d)?.desc === "TABLE");
    if (!match || referenced === void 0 || (dataBytes.get(referenced) ?? 0) < LARGE_SHARE * total) continue;
    const [, table, name2, referencedName] = match;
    const sql = e.defn.trimEnd();
    const key2 = {
      dumpId: e.dumpId,
      table,
      name: name2,
      referencedTable: referenced,
      referenced: referencedName,
      addNotValid: `${sql.slice(0, -1)} NOT VALID;`,
      validate: `ALTER TABLE ONLY ${table} VALIDATE CONSTRAINT ${name2};`
    };
    byReferenced.set(referenced, [...byReferenced.get(referenced) ?? [], key2]);
  }
  return [...byReferenced.values()].filter((keys) => keys.length > 1).flat();
}
async function addForeignKeysAfter(ctx, keys, q, jobs, how) {
  if (keys.length === 0) return null;
  const started = Date.now();
  const failed = (key2) => (error2) => {
    const message = error2 instanceof Error ? error2.message : String(error2);
    throw new Error(`foreign key ${key2.name} of ${key2.table}: ${message}`);
  };
  let error = null;
  try {
    const sizes = await q.run(async (c) => {
      for (const key2 of keys) await c.query(key2.addNotValid).catch(failed(key2));
      const { rows } = await c.query(
        `SELECT pg_catalog.pg_relation_size(t::pg_catalog.regclass)::text AS own,
                pg_catalog.pg_relation_size(r::pg_catalog.regclass)::text AS referenced
           FROM ROWS FROM (pg_catalog.unnest($1::text[]), pg_catalog.unnest($2::text[])) WITH ORDINALITY AS u(t, r, i) ORDER BY i`,
        [keys.map((k) => k.table), keys.map((k) => k.referenced)]
      );
      return rows.map((r) => ({ own: Number(r.own), referenced: Number(r.referenced) }));
    });
    how.onAdded(keys);
    const validating = Promise.all(
      keys.map(
        (key2, i) => q.run((c) => c.query(validation(key2, sizes[i])), sizes[i]?.own ?? 0).then(() => how.onValidated(key2), failed(key2))
      )
    );
    await how.deadline.race(validating, () => void q.close());
  } catch (e) {
    error = ctx.secrets.redact(e instanceof Error ? e.message : String(e));
    how.output.errors.push(error);
    await q.close();
  }
  how.output.addItemsDone(keys.length);
  ctx.log.info(
    `restore: ${keys.length} foreign keys to a table with a large share of the data ${error === null ? "added" : "NOT all added"} after pg_restore, checked side by side on ${Math.min(jobs, keys.length)} connections (pg_restore checks them one at a time): ${formatDuration(Date.now() - started)}`
  );
  return error;
}
var PROBE_PLAN = "SELECT pg_catalog.set_config('enable_hashjoin', 'off', true), pg_catalog.set_config('random_page_cost', '1.1', true);";
function validation(key2, size2) {
  return size2 !== void 0 && size2.own < size2.referenced ? `${PROBE_PLAN} ${key2.validate}` : key2.validate;
}
function restoreRoleUrl(drillUrl, role) {
  if (role === null) return drillUrl;
  const url = new URL(drillUrl);
  url.searchParams.set("options", `-c role=${role}`);
  return url.toString();
}

// src/restore/pg-restore-lines.ts
var PREFIX_RE = /^(?:\s*(?:pg_restore|error|warning|detail):)+/;
var FINISHED_RE = /^finished item (\d+) /;
function restoreMessage(line) {
  return line.replace(PREFIX_RE, "").trimStart();
}
function finishedItem(line) {
  const match = FINISHED_RE.exec(restoreMessage(line));
  return match ? Number(match[1]) : null;
}

// src/restore/ignored-settings.ts
var CONTEXT_RE = /^(while [A-Z ]+:|from TOC entry )/;
var UNKNOWN_SETTING_RE = /^could not execute query: ERROR:\s+unrecognized configuration parameter "([a-z_]+)"$/;
var COMMAND_RE = /^Command was: SET ([a-z_]+) = 0;$/;
var IGNORED_SUMMARY_RE = /^pg_restore: warning: errors ignored on restore: (\d+)$/;
var IgnoredSettingErrors = class {
  /**
   * @param unknown the settings the server lacks
   * @param forward where every other line goes (ToolOutput)
   * @param stop called once, at the first error that is not a failed SET of such a setting
   */
  constructor(unknown, forward, stop) {
    this.unknown = unknown;
    this.forward = forward;
    this.stop = stop;
  }
  unknown;
  forward;
  stop;
  /** How many connections' SETs failed and were ignored. */
  ignored = 0;
  /** An error that was not such a SET: pg_restore is stopped and the restore fails. */
  otherError = false;
  held = [];
  /** The settings of failed SETs whose `Command was:` has not come yet. */
  pending = [];
  addStderrLine(raw) {
    const line = raw.trimEnd();
    const message = restoreMessage(line);
    const failedSet = UNKNOWN_SETTING_RE.exec(message)?.[1];
    if (failedSet !== void 0 && this.unknown.has(failedSet)) {
      this.pending.push(failedSet);
      this.held.push(line);
      return;
    }
    if (message.startsWith("Command was:") && this.pending.length > 0) {
      const setting = COMMAND_RE.exec(message)?.[1];
      const at = setting === void 0 ? -1 : this.pending.indexOf(setting);
      if (at >= 0) {
        this.pending.splice(at, 1);
        this.ignored += 1;
        this.dropHeldError(setting);
        return;
      }
      this.release();
      this.failed();
      this.forward(line);
      return;
    }
    if (CONTEXT_RE.test(message)) {
      this.held.push(line);
      return;
    }
    const summary = IGNORED_SUMMARY_RE.exec(line);
    if (summary && !this.otherError && Number(summary[1]) <= this.ignored) return;
    this.release();
    if (/\berror: /.test(line)) this.failed();
    this.forward(line);
  }
  /** At the tool's end: what is still held goes out (an error with nothing after it is a failure). */
  end() {
    if (this.pending.length > 0) this.failed();
    this.release();
  }
  /** A failed SET was ignored: its error line goes, and with the last of them their context lines. */
  dropHeldError(setting) {
    if (this.pending.length === 0) {
      this.held = [];
      return;
    }
    const at = this.held.findIndex((l) => UNKNOWN_SETTING_RE.exec(restoreMessage(l))?.[1] === setting);
    if (at >= 0) this.held.splice(at, 1);
  }
  release() {
    for (const l of this.held) this.forward(l);
    this.held = [];
  }
  failed() {
    if (this.otherError) return;
    this.otherError = true;
    this.stop();
  }
};

// src/restore/unique-key-builds.ts
var UniqueKeyBuilds = class {
  constructor(ctx, keys, queue, deadline, hooks) {
    this.ctx = ctx;
    this.keys = keys;
    this.queue = queue;
    this.deadline = deadline;
    this.hooks = hooks;
  }
  ctx;
  keys;
  queue;
  deadline;
  hooks;
  startedTables = /* @__PURE__ */ new Set();
  builds = [];
  startedAt = Date.now();
  built = 0;
  error = null;
  building = 0;
  restoreEnded = false;
  endRestore = () => {
  };
  /** Resolves when pg_restore has exited: a build waiting for its idle slot waits no more. */
  restoreEnd = new Promise((resolve) => {
    this.endRestore = resolve;
  });
  slotWaiters = [];
  /** One line of pg_restore's stderr: a TABLE DATA item that finished starts its table's keys. */
  addStderrLine(line) {
    if (this.keys.length === 0) return;
    const item = finishedItem(line);
    if (item !== null) this.dataLoaded(item);
  }
  dataLoaded(dataId) {
    const keys = this.keys.filter((k) => k.dataId === dataId);
    if (keys.length === 0 || this.error !== null || this.startedTables.has(dataId)) return;
    this.startedTables.add(dataId);
    this.builds.push(this.buildTable(keys).catch((e) => this.fail(e)));
  }
  async buildTable(keys) {
    const queue = this.queue;
    const failed = (key2) => (error) => {
      const message = error instanceof Error ? error.message : String(error);
      const detail = error?.detail;
      throw new Error(
        `unique key ${key2.name} of ${key2.table}: ${message}${typeof detail === "string" ? ` (${detail})` : ""}`
      );
    };
    await Promise.all(
      keys.map(async (key2) => {
        await this.slot();
        try {
          await queue.run((c) => c.query(key2.createIndex)).catch(failed(key2));
        } finally {
          this.releaseSlot();
        }
      })
    );
    await queue.run(async (c) => {
      for (const key2 of keys) await c.query(key2.addConstraint).catch(failed(key2));
    });
    this.built += keys.length;
    for (const key2 of keys) this.hooks.onBuilt(key2);
  }
  /** A build may start: one at a time in pg_restore's idle slot while it runs, then up to the queue's size. */
  async slot() {
    for (; ; ) {
      if (!this.restoreEnded) await Promise.race([this.hooks.whenRestoreIdle(), this.restoreEnd]);
      if (this.building < (this.restoreEnded ? this.queue.size : 1)) {
        this.building += 1;
        return;
      }
      await new Promise((resolve) => this.slotWaiters.push(resolve));
    }
  }
  releaseSlot() {
    this.building -= 1;
    this.wakeSlotWaiters();
  }
  wakeSlotWaiters() {
    const waiters = this.slotWaiters;
    this.slotWaiters = [];
    for (const resolve of waiters) resolve();
  }
  fail(error) {
    if (this.error !== null) return;
    this.error = this.ctx.secrets.redact(error instanceof Error ? error.message : String(error));
    this.hooks.onFailed();
  }
  /**
   * pg_restore has exited. When it completed, any key whose table's end it did not report is built
   * now, then every build is waited for (by the deadline); when it did not, the builds end where
   * they are. Returns the failure of a key (which stops pg_restore), or null. Never throws.
   */
  async finish(restoreCompleted) {
    if (this.keys.length === 0) return null;
    const queue = this.queue;
    if (!restoreCompleted) {
      const own = this.error;
      await queue.close();
      if (own !== null) this.hooks.output.errors.unshift(own);
      return own;
    }
    this.restoreEnded = true;
    this.endRestore();
    this.wakeSlotWaiters();
    for (const key2 of this.keys) this.dataLoaded(key2.dataId);
    try {
      await this.deadline.race(Promise.all(this.builds), () => void queue.close());
    } catch (e) {
      this.fail(e);
    }
    if (this.error !== null) await queue.close();
    if (this.error !== null) this.hooks.output.errors.push(this.error);
    this.hooks.output.addItemsDone(this.built);
    this.ctx.log.info(
      `restore: ${this.keys.length} unique keys of a table with a large share of the data ${this.error === null ? "built" : "NOT all built"} beside pg_restore, side by side on up to ${Math.min(this.queue.size, this.keys.length)} connections (pg_restore builds them one at a time): ${formatDuration(Date.now() - this.startedAt)}`
    );
    return this.error;
  }
};

// src/restore/keys-beside-restore.ts
var KeysBesideRestore = class {
  constructor(ctx, keys, restoreUrl, jobs, limitMs, hooks) {
    this.ctx = ctx;
    this.keys = keys;
    this.jobs = jobs;
    this.limitMs = limitMs;
    this.hooks = hooks;
    const deadline = new Deadline(limitMs, "the unique keys");
    this.queue = drillQueue(restoreUrl, Math.max(1, jobs), deadline, { leaveIn: hooks.spare });
    this.unique = new UniqueKeyBuilds(ctx, keys.uniqueKeys, this.queue, deadline, {
      onBuilt: (key2) => hooks.readiness?.itemFinished(key2.dumpId),
      onFailed: hooks.stop,
      whenRestoreIdle: () => hooks.readiness?.whenRestoreIdle() ?? Promise.resolve(),
      output: hooks.output
    });
  }
  ctx;
  keys;
  jobs;
  limitMs;
  hooks;
  unique;
  /** One queue for both: the foreign keys start on the sessions the unique keys opened. */
  queue;
  startedAt = Date.now();
  /** The keys' work once pg_restore's parallel phase has ended cleanly (null: not begun). */
  afterParallelPhase = null;
  /** One line of pg_restore's stderr. */
  addStderrLine(line) {
    this.unique.addStderrLine(line);
    if (this.afterParallelPhase === null && this.hooks.output.errors.length === 0 && restoreMessage(line) === "finished main parallel loop") {
      this.afterParallelPhase = this.addKeys(true);
      this.afterParallelPhase.catch(() => {
      });
    }
  }
  /**
   * pg_restore has exited (`completed`: it restored all it was given): the unique keys are waited
   * for, then the foreign keys added (begun already when its parallel phase ended cleanly).
   * Returns what went wrong, said after the tool's name ("was stopped: …", "restored the rest;
   * then …"), or null. Never throws.
   */
  async finish(completed) {
    try {
      const early = this.afterParallelPhase;
      const error = await (early ?? this.addKeys(completed));
      return early !== null && !completed ? null : error;
    } finally {
      await this.queue.close();
    }
  }
  async addKeys(completed) {
    const uniqueError = await this.unique.finish(completed);
    if (uniqueError !== null) return `was stopped: ${uniqueError}`;
    if (!completed) return null;
    const left = Math.max(1, this.limitMs - (Date.now() - this.startedAt));
    const keysError = await addForeignKeysAfter(this.ctx, this.keys.foreignKeys, this.queue, this.jobs, {
      deadline: new Deadline(left, "the foreign keys"),
      onAdded: (keys) => {
        for (const key2 of keys) this.hooks.readiness?.itemFinished(key2.dumpId, key2.referencedTable);
      },
      onValidated: (key2) => this.hooks.readiness?.itemFinished(key2.dumpId),
      output: this.hooks.output
    });
    return keysError === null ? null : `restored the rest; then ${keysError}`;
  }
};

// src/restore/left-out.ts
function describeLeftOut(items, max = 6) {
  const shown = items.slice(0, max).map((i) => `${i.what} (${i.why})`);
  const more = items.length > max ? `; and ${items.length - max} more (see the details)` : "";
  return `${shown.join("; ")}${more}`;
}
function leftOutDetails(items, cap = 200) {
  return { leftOut: items.slice(0, cap), leftOutCount: items.length };
}

// src/restore/extensions.ts
function archiveExtensions(toc) {
  return toc.entries.filter((e) => e.desc === "EXTENSION").map((e) => {
    if (e.namespace) return { name: e.tag, schema: e.namespace };
    const schema = CREATE_EXTENSION.exec(e.defn ?? "")?.[2];
    return { name: e.tag, schema: schema ? unquoteQualifiedName(schema)[0] ?? null : null };
  });
}
function notCreatedWhy(found, allowed) {
  if (found === void 0 || !found.superuser || found.trusted || allowed.has(found.name)) return null;
  return `not a trusted extension: only a superuser may create it, and its script would run with the database-url role's rights (name it in allowed-extensions to have it created)`;
}
async function createExtensions(ctx, database, wanted, restoreUrl, restoreAs, restorer) {
  const skipped = /* @__PURE__ */ new Map();
  if (wanted.length === 0) return { extensions: [], schemas: [], skipped };
  const client = await connectPinned(drillDatabaseUrl(ctx.config.databaseUrl, database), {
    statementTimeoutMs: ADMIN_STATEMENT_TIMEOUT_MS
  });
  try {
    const { rows } = await client.query(
      `SELECT a.name, v.superuser, v.trusted
         FROM pg_catalog.pg_available_extensions a
         JOIN pg_catalog.pg_available_extension_versions v ON v.name OPERATOR(pg_catalog.=) a.name
                                                         AND v.version OPERATOR(pg_catalog.=) a.default_version
        WHERE a.name OPERATOR(pg_catalog.=) ANY ($1::pg_catalog.text[])`,
      [wanted.map((e) => e.name)]
    );
    const allowed = new Set(ctx.config.allowedExtensions);
    const created = [];
    for (const e of wanted) {
      const why = notCreatedWhy(
        rows.find((r) => r.name === e.name),
        allowed
      );
      if (why === null) created.push(e);
      else skipped.set(e.name, why);
    }
    const schemas = [...new Set(created.map((e) => e.schema).filter((s) => s !== null))];
    const made = await makeSchemas(client, restoreUrl, restoreAs, schemas);
    for (const e of created) {
      const target = e.schema ?? await fixedSchema(client, e.name) ?? "public";
      const schema = ` WITH SCHEMA ${client.escapeIdentifier(target)}`;
      try {
        await client.query(`CREATE EXTENSION IF NOT EXISTS ${client.escapeIdentifier(e.name)}${schema}`);
      } catch (error) {
        throw new Error(
          `the backup needs the extension ${e.name}, which could not be created: ${error.message}`
        );
      }
    }
    await grantWrapperUsage(client, created, restorer);
    return { extensions: created.map((e) => e.name), schemas: made, skipped };
  } finally {
    await client.end().catch(() => {
    });
  }
}
async function fixedSchema(client, name2) {
  const { rows } = await client.query(
    `SELECT schema::text FROM pg_catalog.pg_available_extension_versions
      WHERE name = $1 AND schema IS NOT NULL LIMIT 1`,
    [name2]
  );
  return rows[0]?.schema ?? null;
}
async function grantWrapperUsage(client, created, role) {
  if (created.length === 0) return;
  const { rows } = await client.query(
    `SELECT w.fdwname FROM pg_catalog.pg_foreign_data_wrapper w
       JOIN pg_catalog.pg_depend d ON d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_foreign_data_wrapper'::pg_catalog.regclass
                                  AND d.objid OPERATOR(pg_catalog.=) w.oid AND d.deptype OPERATOR(pg_catalog.=) 'e'
       JOIN pg_catalog.pg_extension e ON e.oid OPERATOR(pg_catalog.=) d.refobjid
      WHERE e.extname OPERATOR(pg_catalog.=) ANY ($1::pg_catalog.text[])`,
    [created.map((e) => e.name)]
  );
  for (const { fdwname } of rows) {
    await client.query(
      `GRANT USAGE ON FOREIGN DATA WRAPPER ${client.escapeIdentifier(fdwname)} TO ${client.escapeIdentifier(role)}`
    );
  }
}
async function makeSchemas(admin, restoreUrl, restoreAs, schemas) {
  if (schemas.length === 0) return [];
  const { rows } = await admin.query(
    "SELECT nspname::pg_catalog.text FROM pg_catalog.pg_namespace WHERE nspname OPERATOR(pg_catalog.=) ANY ($1::pg_catalog.text[])",
    [schemas]
  );
  const present = new Set(rows.map((r) => r.nspname));
  const missing = schemas.filter((s) => !present.has(s));
  if (missing.length === 0) return [];
  const client = await connectPinned(restoreUrl, { statementTimeoutMs: ADMIN_STATEMENT_TIMEOUT_MS });
  try {
    if (restoreAs !== null) await client.query(`SET ROLE ${client.escapeIdentifier(restoreAs)}`);
    for (const schema of missing) {
      try {
        await client.query(`CREATE SCHEMA ${client.escapeIdentifier(schema)}`);
      } catch (error) {
        throw new Error(
          `the schema ${schema}, for an extension of the backup, could not be made: ${error.message}`
        );
      }
    }
    return missing;
  } finally {
    await client.end().catch(() => {
    });
  }
}
function commentedExtension(tag) {
  if (!tag.startsWith("EXTENSION ")) return null;
  const parts = unquoteQualifiedName(tag.slice("EXTENSION ".length));
  return parts.length === 1 ? parts[0] : null;
}
async function restoreList(toc, leave, env, first = []) {
  const moved = new Set(first.filter((id) => !leave.has(id)));
  if (leave.size === 0 && moved.size === 0) return null;
  const rest = toc.entries.filter((e) => !leave.has(e.dumpId) && !moved.has(e.dumpId)).map((e) => e.dumpId);
  const ids = [...moved, ...rest];
  return writePrivateTempFile("restore-list", "restore.list", ids.map((id) => `${id};
`).join(""), env);
}

// src/restore/privileged-entries.ts
var C_LANGUAGE = /\n\s*LANGUAGE (c|internal)\b/i;
function privilegedWhy(entry, restoredTypes) {
  const byKind = BY_KIND[entry.desc];
  if (byKind) return byKind;
  const defn = entry.defn ?? "";
  switch (entry.desc) {
    case "PUBLICATION":
      return /\bFOR ALL TABLES\b/.test(defn) ? ALL_TABLES : null;
    case "FUNCTION":
    case "PROCEDURE": {
      const language = C_LANGUAGE.exec(defn)?.[1];
      return language ? cLanguage(language) : null;
    }
    case "CAST": {
      if (/\bWITHOUT FUNCTION\b/.test(defn)) return BINARY_CAST;
      const types = castTypes(entry.tag);
      if (types === null || types.some((t) => restoredTypes.has(t))) return null;
      return CAST_TYPES;
    }
    default:
      return null;
  }
}
function castTypes(tag) {
  const m = /^CAST \((.+) AS (.+)\)$/s.exec(tag);
  if (!m) return null;
  const key2 = (text) => {
    const parts = unquoteQualifiedName(text.replace(/(\[\])+$/, ""));
    return parts.length === 2 ? typeKey(parts[0], parts[1]) : typeKey("pg_catalog", text);
  };
  return [key2(m[1]), key2(m[2])];
}
function policyRoles(sql) {
  const roles = [];
  let i = 0;
  let depth = 0;
  let afterTo = false;
  const word = () => {
    const m = /^[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*/.exec(sql.slice(i));
    return m ? m[0] : null;
  };
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'") {
      const end = sql.indexOf("'", i + 1);
      i = end === -1 ? sql.length : end + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let name2 = "";
      while (j < sql.length) {
        if (sql[j] === '"' && sql[j + 1] === '"') {
          name2 += '"';
          j += 2;
        } else if (sql[j] === '"') break;
        else name2 += sql[j++];
      }
      if (afterTo && depth === 0) roles.push(name2);
      i = j + 1;
      continue;
    }
    if (c === "(") depth += 1;
    else if (c === ")") depth = Math.max(0, depth - 1);
    const w = depth === 0 ? word() : null;
    if (w !== null && (i === 0 || !/[\w$"]/.test(sql[i - 1]))) {
      const upper = w.toUpperCase();
      if (afterTo && (upper === "USING" || upper === "WITH")) return roles;
      if (upper === "TO") afterTo = true;
      else if (afterTo) roles.push(w.toLowerCase());
      i += w.length;
      continue;
    }
    if (c === ";" && depth === 0) break;
    i += 1;
  }
  return roles;
}

// src/restore/archive-plan.ts
function entryName(entry) {
  if (entry.desc === "COMMENT" || entry.desc === "SECURITY LABEL") return `${entry.desc} ON ${entry.tag}`;
  if (entry.tag.startsWith(`${entry.desc} `)) return entry.tag;
  return `${entry.desc} ${entry.namespace ? `${entry.namespace}.` : ""}${entry.tag}`;
}
var DATA_KINDS2 = /* @__PURE__ */ new Set([
  "TABLE",
  "TABLE DATA",
  "MATERIALIZED VIEW",
  "MATERIALIZED VIEW DATA",
  "SEQUENCE",
  "SEQUENCE SET",
  "BLOB",
  "BLOB METADATA",
  "BLOBS"
]);
function planArchive(toc, input) {
  const leave = /* @__PURE__ */ new Set();
  const leftOut = [];
  const roots = /* @__PURE__ */ new Map();
  const restoredTypes = new Set(
    toc.entries.filter((e) => ["TYPE", "DOMAIN", "TABLE", "VIEW", "MATERIALIZED VIEW", "FOREIGN TABLE"].includes(e.desc)).map((e) => typeKey(e.namespace ?? "", e.tag))
  );
  const add = (entry, why, root) => {
    leave.add(entry.dumpId);
    leftOut.push({ what: entryName(entry), why, data: DATA_KINDS2.has(entry.desc) });
    if (root) roots.set(entry.dumpId, entry);
  };
  for (const entry of toc.entries) {
    const commented = entry.desc === "COMMENT" ? commentedExtension(entry.tag) : null;
    if (entry.desc === "EXTENSION" && input.created.has(entry.tag)) leave.add(entry.dumpId);
    else if (commented !== null && input.created.has(commented)) leave.add(entry.dumpId);
    else if (entry.desc === "SCHEMA" && input.madeSchemas.has(entry.tag)) leave.add(entry.dumpId);
    else if (entry.desc === "EXTENSION" && input.skipped.has(entry.tag)) {
      add(entry, input.skipped.get(entry.tag), true);
    } else if (input.privileged) {
      const why = privilegedWhy(entry, restoredTypes) ?? missingRolesWhy(entry, input.roles);
      if (why !== null) add(entry, why, true);
    }
  }
  const dependents = /* @__PURE__ */ new Map();
  for (const entry of toc.entries) {
    for (const dep of entry.dependencies) {
      const list = dependents.get(dep);
      if (list) list.push(entry);
      else dependents.set(dep, [entry]);
    }
  }
  const queue = [...roots.values()];
  for (let i = 0; i < queue.length; i++) {
    const parent = queue[i];
    for (const child of dependents.get(parent.dumpId) ?? []) {
      if (leave.has(child.dumpId)) continue;
      add(child, `depends on ${entryName(parent)}, which is left out`, false);
      queue.push(child);
    }
  }
  return { leave, leftOut };
}
function missingRolesWhy(entry, roles) {
  if (entry.desc !== "POLICY" || roles === null) return null;
  const missing = policyRoles(entry.defn ?? "").filter((r) => !roles.has(r));
  if (missing.length === 0) return null;
  return missingRoles(missing);
}

// src/restore/extensions-by-restore.ts
var PG_DUMP_SEARCH_PATH = "SELECT pg_catalog.set_config('search_path', '', false);\n";
var EXTENSION_SQL = new RegExp(`^CREATE EXTENSION IF NOT EXISTS (${IDENT}) WITH SCHEMA (${IDENT});\\n*$`);
var SCHEMA_SQL = new RegExp(`^CREATE SCHEMA (${IDENT});\\n*$`);
var unquoted = (sql) => unquoteQualifiedName(sql)[0];
function extensionsByRestore(toc, creatable) {
  const none = { names: [], first: [] };
  if (creatable.size === 0) return none;
  const searchPath = toc.entries.find((e) => e.desc === "SEARCHPATH");
  if (searchPath !== void 0 && searchPath.defn !== PG_DUMP_SEARCH_PATH) return none;
  const schemas = new Map(toc.entries.filter((e) => e.desc === "SCHEMA").map((e) => [e.tag, e]));
  const names = [];
  const schemasFirst = /* @__PURE__ */ new Set();
  const extensionsFirst = [];
  for (const entry of toc.entries) {
    if (entry.desc !== "EXTENSION" || !creatable.has(entry.tag)) continue;
    const sql = EXTENSION_SQL.exec(entry.defn ?? "");
    if (!sql?.[1] || !sql[2] || unquoted(sql[1]) !== entry.tag) continue;
    const schema = unquoted(sql[2]);
    if (schema !== "public") {
      const made = schema === void 0 ? void 0 : schemas.get(schema);
      const schemaSql = SCHEMA_SQL.exec(made?.defn ?? "");
      if (made === void 0 || !schemaSql?.[1] || unquoted(schemaSql[1]) !== schema) continue;
      schemasFirst.add(made.dumpId);
    }
    names.push(entry.tag);
    extensionsFirst.push(entry.dumpId);
  }
  return { names, first: [...schemasFirst, ...extensionsFirst] };
}

// src/restore/public-schema.ts
var PUBLIC_OWNED_BY_DATABASE_OWNER = 15;
async function givePublicSchema(ctx, database, serverMajor, restoreAs) {
  if (serverMajor >= PUBLIC_OWNED_BY_DATABASE_OWNER) return;
  const adminUrl = drillDatabaseUrl(ctx.config.databaseUrl, database);
  await withPinnedClient(adminUrl, { statementTimeoutMs: ADMIN_STATEMENT_TIMEOUT_MS }, async (client) => {
    const { rows } = await client.query(
      `SELECT pg_catalog.pg_get_userbyid(nspowner) AS owner FROM pg_catalog.pg_namespace
        WHERE nspname OPERATOR(pg_catalog.=) 'public'`
    );
    const owner = rows[0]?.owner;
    if (owner === void 0 || owner === restoreAs) return;
    try {
      await client.query(`ALTER SCHEMA public OWNER TO ${client.escapeIdentifier(restoreAs)}`);
      ctx.log.info(
        `restore: PostgreSQL ${serverMajor}: the drill database's public schema now belongs to ${restoreAs}, the role the restore acts as, as PostgreSQL 15 and newer arrange it`
      );
    } catch (e) {
      ctx.log.debug(`restore: the public schema stays ${owner}'s: ${ctx.secrets.redact(e.message)}`);
    }
  });
}

// src/restore/unique-keys.ts
var UNIQUE_KEY_RE = new RegExp(
  String.raw`^ALTER TABLE ONLY (${QNAME})\n    ADD CONSTRAINT (${IDENT}) (PRIMARY KEY|UNIQUE) \((${COLUMNS})\);\n*$`
);
var LARGE_SHARE2 = 0.25;
function deferredUniqueKeys(toc, leftOut, dataBytes, keysAfter) {
  const byId = new Map(toc.entries.map((e) => [e.dumpId, e]));
  const restored = toc.entries.filter((e) => !leftOut.has(e.dumpId));
  const dependents = /* @__PURE__ */ new Map();
  for (const e of restored) for (const d of e.dependencies) dependents.set(d, [...dependents.get(d) ?? [], e]);
  const dataOf = /* @__PURE__ */ new Map();
  for (const e of restored) {
    if (e.desc === "TABLE DATA" && e.dependencies[0] !== void 0) dataOf.set(e.dependencies[0], e.dumpId);
  }
  let total = 0;
  for (const n of dataBytes.values()) total += n;
  const builds = /* @__PURE__ */ new Map();
  const byTable = /* @__PURE__ */ new Map();
  for (const e of restored) {
    if (e.desc !== "CONSTRAINT" && e.desc !== "INDEX") continue;
    const tableId = e.dependencies.find((d) => byId.get(d)?.desc === "TABLE");
    if (tableId === void 0) continue;
    builds.set(tableId, (builds.get(tableId) ?? 0) + 1);
    const match = e.desc === "CONSTRAINT" && e.defn !== null ? UNIQUE_KEY_RE.exec(e.defn) : null;
    const table = byId.get(tableId);
    const dataId = dataOf.get(tableId);
    if (!match || !table || dataId === void 0 || (e.tablespace ?? "") !== "") continue;
    if (/\bPARTITION BY\b/.test(table.defn ?? "") || (dataBytes.get(tableId) ?? 0) < LARGE_SHARE2 * total) continue;
    if ((dependents.get(e.dumpId) ?? []).some((d) => !keysAfter.has(d.dumpId))) continue;
    const [, qname, name2, kind, columns] = match;
    const key2 = {
      dumpId: e.dumpId,
      table: qname,
      name: name2,
      tableId,
      dataId,
      createIndex: `CREATE UNIQUE INDEX ${name2} ON ${qname} USING btree (${columns});`,
      addConstraint: `ALTER TABLE ONLY ${qname} ADD CONSTRAINT ${name2} ${kind} USING INDEX ${name2};`
    };
    byTable.set(tableId, [...byTable.get(tableId) ?? [], key2]);
  }
  return [...byTable].filter(([tableId]) => (builds.get(tableId) ?? 0) > 1).flatMap(([, keys]) => keys);
}

// src/restore/prepare-restore.ts
async function extensionObjects(drillUrl, skipped, wanted) {
  const schemas = /* @__PURE__ */ new Map();
  for (const name2 of skipped.keys()) {
    const schema = wanted.find((w) => w.name === name2)?.schema ?? "public";
    schemas.set(schema, [...schemas.get(schema) ?? [], name2]);
  }
  if (schemas.size === 0) return void 0;
  const rows = await withPinnedClient(drillUrl, { statementTimeoutMs: ADMIN_STATEMENT_TIMEOUT_MS }, async (client) => {
    const { rows: rows2 } = await client.query(
      `SELECT n.nspname, x.name FROM pg_catalog.pg_namespace n,
         LATERAL (SELECT c.relname::pg_catalog.text AS name FROM pg_catalog.pg_class c WHERE c.relnamespace OPERATOR(pg_catalog.=) n.oid
                  UNION ALL SELECT p.proname::pg_catalog.text FROM pg_catalog.pg_proc p WHERE p.pronamespace OPERATOR(pg_catalog.=) n.oid
                  UNION ALL SELECT t.typname::pg_catalog.text FROM pg_catalog.pg_type t WHERE t.typnamespace OPERATOR(pg_catalog.=) n.oid
                  UNION ALL SELECT f.cfgname::pg_catalog.text FROM pg_catalog.pg_ts_config f WHERE f.cfgnamespace OPERATOR(pg_catalog.=) n.oid
                  UNION ALL SELECT d.dictname::pg_catalog.text FROM pg_catalog.pg_ts_dict d WHERE d.dictnamespace OPERATOR(pg_catalog.=) n.oid
                  UNION ALL SELECT l.collname::pg_catalog.text FROM pg_catalog.pg_collation l WHERE l.collnamespace OPERATOR(pg_catalog.=) n.oid) x
        WHERE n.nspname::pg_catalog.text OPERATOR(pg_catalog.=) ANY ($1::pg_catalog.text[])`,
      [[...schemas.keys()]]
    );
    return rows2;
  });
  return { schemas, existing: new Set(rows.map((r) => typeKey(r.nspname, r.name))) };
}
async function readRoles(drillUrl) {
  return withPinnedClient(drillUrl, { statementTimeoutMs: ADMIN_STATEMENT_TIMEOUT_MS }, async (client) => {
    const { rows } = await client.query(
      `SELECT pg_catalog.pg_get_userbyid(d.datdba) AS owner, current_user AS me,
              pg_catalog.pg_has_role(current_user, d.datdba, 'MEMBER') AS member,
              pg_catalog.current_setting('server_version') AS v,
              pg_catalog.current_setting('server_version_num') AS n
         FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database()`
    );
    const all = await client.query("SELECT rolname FROM pg_catalog.pg_roles");
    const row = rows[0];
    return {
      role: row && row.owner !== row.me && row.member ? row.owner : null,
      creatable: /* @__PURE__ */ new Set(),
      me: row?.me ?? "",
      roles: new Set(all.rows.map((r) => r.rolname)),
      // The server's version, read in the same query: picking the client adds no round trip.
      server: serverVersionFrom(row?.v ?? "", Number(row?.n))
    };
  });
}
async function prepareRestore(ctx, backup, database, drillUrl, archive, parallel = false, facts = null) {
  const { role, me, roles, server, creatable } = facts ? { role: null, ...facts } : await readRoles(drillUrl);
  await givePublicSchema(ctx, database, server.major, role ?? me);
  const byRestore = archive && backup.toc ? extensionsByRestore(backup.toc, creatable) : { names: [], first: [] };
  const made = await createExtensions(
    ctx,
    database,
    backup.toc ? archiveExtensions(backup.toc).filter((e) => !byRestore.names.includes(e.name)) : backup.extensions ?? [],
    drillUrl,
    role,
    role ?? me
  );
  if (made.schemas.length > 0)
    ctx.log.info(`restore: schemas made first for the extensions in them: ${made.schemas.join(", ")}`);
  if (made.extensions.length > 0)
    ctx.log.info(`restore: extensions created first as the database-url role: ${made.extensions.join(", ")}`);
  if (byRestore.names.length > 0)
    ctx.log.info(`restore: trusted extensions pg_restore creates itself: ${byRestore.names.join(", ")}`);
  if (made.skipped.size > 0)
    ctx.log.warning(
      `restore: extensions left out (not trusted, not in allowed-extensions): ${[...made.skipped.keys()].join(", ")}`
    );
  if (!backup.toc || !archive) {
    const objects = made.skipped.size > 0 ? await extensionObjects(drillUrl, made.skipped, backup.extensions ?? []) : void 0;
    return {
      role,
      made,
      roles,
      list: null,
      leftOut: [],
      leave: /* @__PURE__ */ new Set(),
      foreignKeys: [],
      uniqueKeys: [],
      server,
      extensionObjects: objects
    };
  }
  const plan = planArchive(backup.toc, {
    created: new Set(made.extensions),
    skipped: made.skipped,
    madeSchemas: new Set(made.schemas),
    roles,
    privileged: ctx.config.restoreRole === "drill"
  });
  const dataBytes = parallel ? await archiveDataBytes(backup.toc, backup) : null;
  const foreignKeys = dataBytes ? deferredForeignKeys(backup.toc, plan.leave, dataBytes) : [];
  const keysAfter = new Set(foreignKeys.map((k) => k.dumpId));
  const uniqueKeys = dataBytes ? deferredUniqueKeys(backup.toc, plan.leave, dataBytes, keysAfter) : [];
  const listed3 = /* @__PURE__ */ new Set([...plan.leave, ...keysAfter, ...uniqueKeys.map((k) => k.dumpId)]);
  const list = await restoreList(backup.toc, listed3, ctx.env, byRestore.first);
  return { role, made, roles, list, leftOut: plan.leftOut, leave: plan.leave, foreignKeys, uniqueKeys, server };
}

// src/restore/restore-checks.ts
function durationCheck(completed, durationMs, maxRestoreTimeMs, stoppedAtRto = false) {
  const rtoTargetSeconds = maxRestoreTimeMs === null ? null : maxRestoreTimeMs / 1e3;
  const took = formatDuration(durationMs);
  const details = { durationMs, rtoTargetMs: maxRestoreTimeMs };
  if (stoppedAtRto && maxRestoreTimeMs !== null) {
    return {
      check: check(
        "restore.duration",
        "fail",
        `not restored within the RTO target of ${formatDuration(maxRestoreTimeMs)}: stopped after ${took}`,
        details
      ),
      rtoTargetSeconds,
      rtoMet: false
    };
  }
  if (!completed) {
    return {
      check: check("restore.duration", "skip", `the restore did not complete (stopped after ${took})`, details),
      rtoTargetSeconds,
      rtoMet: null
    };
  }
  if (maxRestoreTimeMs === null) {
    return {
      check: check("restore.duration", "ok", `restored in ${took}; no RTO target (max-restore-time) set`, details),
      rtoTargetSeconds,
      rtoMet: null
    };
  }
  const rtoMet = durationMs <= maxRestoreTimeMs;
  const target = formatDuration(maxRestoreTimeMs);
  return {
    check: rtoMet ? check("restore.duration", "ok", `restored in ${took}, within the RTO target of ${target}`, details) : check("restore.duration", "fail", `restored in ${took}, over the RTO target of ${target}`, details),
    rtoTargetSeconds,
    rtoMet
  };
}
function sqlName(name2) {
  if (/^[a-z_][a-z0-9_$]*$/.test(name2)) return name2;
  const quoted2 = `"${name2.replaceAll('"', '""')}"`;
  return Array.from(quoted2, (c) => {
    const code = c.charCodeAt(0);
    if (c === "\n") return "\\n";
    return code < 32 || code === 127 ? `\\x${code.toString(16).padStart(2, "0")}` : c;
  }).join("");
}
var tableLabel = (t) => `${sqlName(t.schema)}.${sqlName(t.name)}`;
async function missingTables(url, tables) {
  return withPinnedClient(url, { statementTimeoutMs: ADMIN_STATEMENT_TIMEOUT_MS }, async (client) => {
    const { rows } = await client.query(
      `SELECT u.i FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(s, t, i)
        WHERE NOT EXISTS (
          SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = u.s AND c.relname = u.t AND c.relkind IN ('r', 'p'))
        ORDER BY u.i`,
      [tables.map((t) => t.schema), tables.map((t) => t.name)]
    );
    return rows.map((r) => tables[Number(r.i) - 1]);
  });
}
async function tocCompleteCheck(url, tocTables2, redact) {
  const startedAt = performance.now();
  if (tocTables2.length === 0) {
    return check(
      "restore.toc-complete",
      "skip",
      "the backup has no table list to compare with (plain SQL or empty archive)"
    );
  }
  try {
    const missing = await missingTables(url, tocTables2);
    if (missing.length === 0) {
      return check(
        "restore.toc-complete",
        "ok",
        `all ${tocTables2.length} tables of the archive exist after the restore`,
        { expected: tocTables2.length, missing: [] },
        startedAt
      );
    }
    const shown = missing.slice(0, 10).map(tableLabel).join(", ") + (missing.length > 10 ? ", \u2026" : "");
    return check(
      "restore.toc-complete",
      "fail",
      `${missing.length} of ${tocTables2.length} tables of the archive are missing after the restore: ${shown}`,
      { expected: tocTables2.length, missing: missing.map((t) => ({ schema: t.schema, name: t.name })) },
      startedAt
    );
  } catch (error) {
    return check(
      "restore.toc-complete",
      "fail",
      `could not compare the restored tables with the archive: ${redact(error.message)}`,
      null,
      startedAt
    );
  }
}
function restoreLimit(restoreTimeoutMs, maxRestoreTimeMs) {
  if (maxRestoreTimeMs !== null && maxRestoreTimeMs < restoreTimeoutMs) {
    return {
      ms: maxRestoreTimeMs,
      byRto: true,
      why: `the RTO target (max-restore-time: ${formatDuration(maxRestoreTimeMs)}) was reached, so the restore was stopped`
    };
  }
  return {
    ms: restoreTimeoutMs,
    byRto: false,
    why: `restore-timeout (${formatDuration(restoreTimeoutMs)}) was reached, so the restore was stopped`
  };
}
function notRestored2(ctx, message, why, startedAtMs = null, startedAt) {
  return {
    info: {
      startedAt: startedAtMs === null ? null : new Date(startedAtMs).toISOString(),
      finishedAt: startedAtMs === null ? null : (/* @__PURE__ */ new Date()).toISOString(),
      durationMs: null,
      rtoTargetSeconds: ctx.config.maxRestoreTimeMs === null ? null : ctx.config.maxRestoreTimeMs / 1e3,
      rtoMet: null,
      jobs: null,
      tool: null,
      toolVersion: null,
      server: null,
      client: null,
      warnings: [],
      errors: [message]
    },
    checks: [
      check("restore.completed", "fail", `${why}: ${message}`, null, startedAt),
      check("restore.duration", "skip", "Nothing was restored."),
      check("restore.toc-complete", "skip", "Nothing was restored.")
    ]
  };
}
var PRIVILEGE_RE = /must be superuser|permission denied|must be owner|must be member|must have privileges|privileges of the/i;
function permissionHint(ctx, drillUrl, errors) {
  if (ctx.config.restoreRole !== "drill" || !errors.some((e) => PRIVILEGE_RE.test(e))) return "";
  const role = connectionParts(drillUrl).user;
  return ` \u2014 permission: the restore runs as the drill role ${role}, without superuser rights, and the backup did something only a privileged role may do (restore-role: admin would allow it, with that risk)`;
}

// src/restore/restore-invocation.ts
import { randomBytes } from "node:crypto";
import { createReadStream as createReadStream3 } from "node:fs";
import path8 from "node:path";
import { pipeline as pipeline2, Transform as Transform3 } from "node:stream";
import { createGunzip as createGunzip3 } from "node:zlib";

// src/restore/plain-dump-filter.ts
import { Transform as Transform2 } from "node:stream";
var SKIPPED = Buffer.from("-- (skipped by pickdriver-vault-action)\n");
var PlainDumpRefused = class extends Error {
  constructor(line, what) {
    super(`the plain dump was refused at line ${line}: ${what}; psql was stopped before that line`);
    this.line = line;
    this.what = what;
    this.name = "PlainDumpRefused";
  }
  line;
  what;
};
var PlainDumpFilter = class extends Transform2 {
  skippedStatements = 0;
  lexer;
  held = [];
  out = [];
  /** Start of the run of bytes passed through unchanged, and the end of the last line seen, in `buf`. */
  passStart = 0;
  lastEnd = 0;
  /** The buffer the lines come from: a chunk, or a line joined from several (the lexer switches). */
  buf = Buffer.alloc(0);
  onLine = (buf, start, end, action) => {
    if (buf !== this.buf) {
      this.flushPassed();
      this.buf = buf;
      this.passStart = start;
      this.lastEnd = start;
    }
    const next = end < buf.length ? end + 1 : end;
    if (action === PASS) {
      if (this.held.length > 0) {
        for (const line of this.held) this.out.push(line);
        this.held = [];
        this.passStart = start;
      }
    } else {
      this.out.push(buf.subarray(this.passStart, start));
      this.passStart = next;
      if (action === HOLD) this.held.push(Buffer.from(buf.subarray(start, next)));
      else if (action === SKIP) {
        for (let i = 0; i <= this.held.length; i++) this.out.push(SKIPPED);
        this.held = [];
        this.skippedStatements += 1;
      }
    }
    this.lastEnd = next;
  };
  flushPassed() {
    if (this.lastEnd > this.passStart) this.out.push(this.buf.subarray(this.passStart, this.lastEnd));
    this.passStart = 0;
    this.lastEnd = 0;
  }
  /** `facts`: what the restore knows: schemas made and extensions left out (extensions.ts), the server's roles. */
  constructor(facts = NO_FACTS) {
    super();
    this.lexer = new PlainDumpLexer(facts);
  }
  /** What was left out that the dump meant to run (known once the dump has streamed past). */
  get leftOut() {
    return this.lexer.leftOut.map((l) => ({ ...l, data: l.data ?? false }));
  }
  _transform(chunk, _encoding, callback) {
    this.begin();
    this.lexer.write(chunk, this.onLine);
    this.done(callback);
  }
  _flush(callback) {
    this.begin();
    this.lexer.end(this.onLine);
    this.done(callback);
  }
  begin() {
    this.buf = Buffer.alloc(0);
    this.passStart = 0;
    this.lastEnd = 0;
    this.out = [];
  }
  done(callback) {
    const refusal = this.lexer.refusal;
    if (refusal) {
      callback(new PlainDumpRefused(refusal.line, refusal.what));
      return;
    }
    this.flushPassed();
    this.buf = Buffer.alloc(0);
    if (this.out.length === 0) callback();
    else callback(null, this.out.length === 1 ? this.out[0] : Buffer.concat(this.out));
  }
};

// src/restore/restore-invocation.ts
var PG_RESTORE_FORMAT = { custom: "c", directory: "d", tar: "t" };
var PARALLEL_FORMATS = /* @__PURE__ */ new Set(["custom", "directory"]);
var isArchive = (format) => PG_RESTORE_FORMAT[format] !== void 0;
var pgRestoreJobs = (format, restoreJobs) => PARALLEL_FORMATS.has(format) ? Math.max(1, restoreJobs) : 1;
function restrictKeyFile(env) {
  return writePrivateTempFile("restrict", "restrict.psql", `\\restrict ${randomBytes(24).toString("hex")}
`, env);
}
function filtered(source, filter, gunzip) {
  filter.on("error", () => {
  });
  const release = memoryReleaser();
  const releasing = new Transform3({
    transform(chunk, _encoding, done) {
      release(chunk.length);
      done(null, chunk);
    }
  });
  const stages = [...gunzip ? [createGunzip3()] : [], filter, releasing];
  return pipeline2(source, ...stages, () => {
  });
}
async function invocation(ctx, backup, database, output, listFile, facts, chosen) {
  const { client } = chosen;
  const archiveFormat = PG_RESTORE_FORMAT[backup.format];
  const pgRestore = path8.join(client.dir, "pg_restore");
  const common = ["--no-owner", "--no-privileges", `--format=${archiveFormat}`];
  if (archiveFormat) {
    const jobs = pgRestoreJobs(backup.format, ctx.config.restoreJobs);
    const args2 = ["--verbose", ...common, ...chosen.route === "direct" ? ["--exit-on-error"] : []];
    if (jobs > 1) args2.push(`--jobs=${jobs}`);
    if (listFile !== null) args2.push(`--use-list=${listFile}`);
    args2.push(`--dbname=${database}`, backup.path);
    const total = backup.tocEntries;
    const describeProgress2 = () => total === null ? `${output.tocItemsDone} TOC items` : `${Math.min(output.tocItemsDone, total)}/${total} TOC items`;
    const tool2 = { name: "pg_restore", path: pgRestore, version: client.version };
    return { tool: tool2, args: args2, jobs, describeProgress: describeProgress2 };
  }
  const key2 = await restrictKeyFile(ctx.env);
  let bytesRead = 0;
  const filter = new PlainDumpFilter(facts);
  const file = backup.open ? await backup.open() : createReadStream3(backup.path);
  file.on("data", (chunk) => {
    bytesRead += chunk.length;
  });
  const input = filtered(file, filter, backup.format === "plain-gzip");
  const args = ["-v", "ON_ERROR_STOP=1", "-X", "-q", `--dbname=${database}`, "-f", key2.file, "-f", "-"];
  const describeProgress = () => {
    const pct = backup.sizeBytes > 0 ? ` (${Math.min(100, Math.round(bytesRead / backup.sizeBytes * 100))}%)` : "";
    return `${formatBytes(bytesRead)} of the dump's ${formatBytes(backup.sizeBytes)} read${pct}`;
  };
  const tool = { name: "psql", path: path8.join(client.dir, "psql"), version: client.version };
  return { tool, args, jobs: 1, input, describeProgress, dispose: key2.dispose, filter };
}

// src/restore/run-tool.ts
import { spawn as spawn5 } from "node:child_process";
import { createInterface as createInterface2 } from "node:readline";
function runTool(options) {
  return new Promise((resolve) => {
    const child = spawn5(options.command, options.args, {
      env: options.env,
      detached: true,
      stdio: [options.input ? "pipe" : "ignore", "pipe", "pipe"]
    });
    const pid = child.pid;
    if (pid !== void 0) trackGroup(pid);
    const result = { exitCode: null, signal: null, inputError: null, spawnError: null, timedOut: false };
    const timer = options.timeoutMs === void 0 || pid === void 0 ? void 0 : setTimeout(() => {
      result.timedOut = true;
      void stopProcessTree(pid, 3e3);
    }, options.timeoutMs);
    if (pid !== void 0)
      options.signal?.addEventListener("abort", () => void stopProcessTree(pid, 1e3), { once: true });
    const readers = ["stdout", "stderr"].map((name2) => {
      const rl = createInterface2({ input: child[name2], crlfDelay: Number.POSITIVE_INFINITY });
      rl.on("line", (line) => options.onLine(name2, line));
      return new Promise((done) => rl.on("close", done));
    });
    if (options.input && child.stdin) {
      const stdin = child.stdin;
      stdin.on("error", () => {
      });
      options.input.on("error", (error) => {
        result.inputError = error.message;
        if (pid !== void 0) {
          try {
            process.kill(-pid, "SIGKILL");
          } catch {
          }
        }
        stdin.destroy();
      });
      options.input.pipe(stdin);
    }
    child.on("error", (error) => {
      result.spawnError = error.message;
    });
    child.on("close", async (code, signal) => {
      clearTimeout(timer);
      await Promise.all(readers);
      if (pid !== void 0) {
        await stopProcessTree(pid, 1e3);
        untrackGroup(pid);
      }
      result.exitCode = code;
      result.signal = signal;
      options.input?.unpipe();
      options.input?.destroy();
      resolve(result);
    });
  });
}

// src/restore/table-readiness.ts
var LAUNCHING_RE = /^launching item \d+ /;
var NOT_WAITED_FOR = /* @__PURE__ */ new Set(["MATERIALIZED VIEW DATA"]);
var TableReadiness = class {
  constructor(toc, leftOut, jobs, onReady) {
    this.jobs = jobs;
    this.onReady = onReady;
    const restored = toc.entries.filter((e) => !leftOut.has(e.dumpId));
    const dataOf = /* @__PURE__ */ new Map();
    const tableOfData = /* @__PURE__ */ new Map();
    const tableIds = new Set(restored.filter((e) => e.desc === "TABLE").map((e) => e.dumpId));
    for (const e of restored) {
      if (e.desc !== "TABLE DATA") continue;
      for (const dep of e.dependencies.filter((d) => tableIds.has(d))) {
        dataOf.set(dep, e.dumpId);
        tableOfData.set(e.dumpId, dep);
      }
    }
    for (const e of restored) {
      if (e.desc !== "TABLE" || e.namespace === null) continue;
      const data = dataOf.get(e.dumpId);
      if (data === void 0) continue;
      this.tables.set(e.dumpId, { schema: e.namespace, name: e.tag });
      this.waiting.set(e.dumpId, /* @__PURE__ */ new Set([data]));
    }
    for (const e of restored) {
      if (e.section !== SECTION.data && e.section !== SECTION.postData) continue;
      if (NOT_WAITED_FOR.has(e.desc) || e.desc === "TABLE DATA") continue;
      for (const dep of e.dependencies) {
        const table = this.waiting.has(dep) ? dep : tableOfData.get(dep);
        if (table === void 0 || !this.waiting.has(table)) continue;
        this.waiting.get(table)?.add(e.dumpId);
      }
    }
    for (const [table, items] of this.waiting) {
      for (const item of items) this.waitedBy.set(item, [...this.waitedBy.get(item) ?? [], table]);
    }
  }
  jobs;
  onReady;
  /** Per table (its TABLE entry's dumpId): the items still to finish. */
  waiting = /* @__PURE__ */ new Map();
  /** Per item: the tables waiting for it. */
  waitedBy = /* @__PURE__ */ new Map();
  tables = /* @__PURE__ */ new Map();
  running = 0;
  ended = false;
  idleWaiters = [];
  /** Tables that become ready once their items finish. */
  get tracked() {
    return this.tables.size;
  }
  /** pg_restore has exited: nothing waits for an idle moment any more. */
  end() {
    this.ended = true;
    this.releaseIfIdle();
  }
  /** Resolves once pg_restore runs fewer items than it has jobs, or has exited. */
  whenRestoreIdle = () => {
    if (this.ended || this.running < this.jobs) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  };
  releaseIfIdle() {
    if (!this.ended && this.running >= this.jobs) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
  /** One line of pg_restore's stderr. */
  addStderrLine(line) {
    if (LAUNCHING_RE.test(restoreMessage(line))) {
      this.running += 1;
      return;
    }
    const item = finishedItem(line);
    if (item === null) return;
    this.running = Math.max(0, this.running - 1);
    setImmediate(() => this.releaseIfIdle());
    this.itemFinished(item);
  }
  /**
   * An item of the archive is in the database (pg_restore's, or one the drill adds after it); with
   * `forTable`, only as far as that table is concerned (a foreign key added NOT VALID, whose
   * validation still reads its own table but only shares the one it references).
   */
  itemFinished(item, forTable) {
    const tables = this.waitedBy.get(item) ?? [];
    const released = forTable === void 0 ? tables : tables.filter((t) => t === forTable);
    for (const table of released) {
      const items = this.waiting.get(table);
      if (!items?.delete(item) || items.size > 0) continue;
      this.waiting.delete(table);
      const ready = this.tables.get(table);
      if (ready) this.onReady({ ...ready, whenRestoreIdle: this.whenRestoreIdle });
    }
    const left = tables.filter((t) => !released.includes(t));
    if (left.length > 0) this.waitedBy.set(item, left);
    else this.waitedBy.delete(item);
  }
};

// src/restore/tool-output.ts
var MAX_LINES_KEPT = 50;
var MAX_LINE_LENGTH = 500;
var NUMBERED_ITEM_RE = /^(processing item|finished item) /;
var ITEM_ACTION_RE = /^pg_restore: (creating |processing data for |executing )/;
var PROGRESS_RE = /^pg_restore: (creating|processing|executing|launching|entering|finished|connecting|disabling|enabling|implied)/;
var ERROR_RE = /\b(error|ERROR|FATAL|PANIC):/;
var WARNING_RE = /\b(warning|WARNING):/;
var CONTEXT_RE2 = /^(pg_restore: (while PROCESSING TOC|from TOC entry)|Command was:|(psql:\S+ )?(DETAIL|HINT|LINE \d+|CONTEXT):)/;
var ToolOutput = class {
  constructor(redact) {
    this.redact = redact;
  }
  redact;
  warnings = [];
  errors = [];
  numberedItems = 0;
  itemActions = 0;
  lastKind = null;
  droppedLines = 0;
  /** TOC items restored so far (bookkeeping items such as ENCODING print nothing without --jobs). */
  get tocItemsDone() {
    return this.numberedItems > 0 ? this.numberedItems : this.itemActions;
  }
  /** Items of the archive restored after the tool, by the drill itself (foreign-keys.ts). */
  addItemsDone(count) {
    this.numberedItems += count;
  }
  addStderrLine(raw) {
    const line = raw.trimEnd();
    if (line === "") return;
    if (NUMBERED_ITEM_RE.test(restoreMessage(line))) this.numberedItems += 1;
    else if (ITEM_ACTION_RE.test(line)) this.itemActions += 1;
    if (PROGRESS_RE.test(line) && !ERROR_RE.test(line)) {
      this.lastKind = null;
      return;
    }
    if (ERROR_RE.test(line)) this.lastKind = "error";
    else if (WARNING_RE.test(line)) this.lastKind = "warning";
    else if (!CONTEXT_RE2.test(line)) return;
    if (this.lastKind === null) return;
    const list = this.lastKind === "error" ? this.errors : this.warnings;
    if (list.length >= MAX_LINES_KEPT) {
      this.droppedLines += 1;
      return;
    }
    const clean = this.redact(line);
    list.push(clean.length > MAX_LINE_LENGTH ? `${clean.slice(0, MAX_LINE_LENGTH)}\u2026` : clean);
  }
};
function startProgressReports(log, describe, everyMs = 5e3) {
  const started = Date.now();
  const timer = setInterval(() => {
    log.info(`restore: ${describe()}, ${formatDuration(Date.now() - started)} elapsed`);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

// src/restore/restore-backup.ts
var APP_NAME = "pickdriver-vault-action";
async function endRestoreSessions(drillUrl) {
  await withPinnedClient(
    drillUrl,
    { statementTimeoutMs: ADMIN_STATEMENT_TIMEOUT_MS },
    (client) => client.query(
      `SELECT pg_catalog.pg_terminate_backend(pid) FROM pg_catalog.pg_stat_activity
        WHERE datname = pg_catalog.current_database() AND application_name = $1 AND pid <> pg_catalog.pg_backend_pid()`,
      [APP_NAME]
    )
  );
}
function backupVersions(backup) {
  return {
    pgDumpVersion: backup.pgDumpVersion ?? backup.toc?.pgDumpVersion ?? null,
    serverVersion: backup.serverVersion ?? backup.toc?.serverVersion ?? null
  };
}
function minClientMajor(backup) {
  if (backup.toc) return minPgMajorForArchiveMinor(backup.toc.version.minor);
  return isArchive(backup.format) ? null : majorOf(backupVersions(backup).pgDumpVersion);
}
function clientInfo(chosen, tool) {
  const { client } = chosen;
  return {
    path: `${client.dir}/${tool}`,
    version: client.version,
    major: client.major,
    reason: chosen.reason,
    route: chosen.route
  };
}
async function restoreBackup(ctx, backup, drillUrl, options = {}) {
  const { onTableReady, facts = null } = options;
  ctx.secrets.addUrl(drillUrl);
  const redact = (text) => ctx.secrets.redact(text);
  const output = new ToolOutput(redact);
  const database = connectionParts(drillUrl).database;
  const startedAtMs = Date.now();
  const startedAt = performance.now();
  let run;
  const parallel = isArchive(backup.format) && pgRestoreJobs(backup.format, ctx.config.restoreJobs) > 1;
  let prepared = null;
  let versions = null;
  let resolved = null;
  const toolName = isArchive(backup.format) ? "pg_restore" : "psql";
  const notStarted = (message) => {
    const failed = notRestored2(ctx, redact(message), "the restore could not start", startedAtMs, startedAt);
    const client = resolved && !(resolved instanceof Error) ? clientInfo(resolved, toolName) : null;
    const info = { ...failed.info, server: prepared?.server ?? null, client };
    const skipped = check("restore.versions", "skip", "The server could not be asked its version.");
    return { info, checks: [versions ?? skipped, ...failed.checks] };
  };
  try {
    prepared = await prepareRestore(ctx, backup, database, drillUrl, isArchive(backup.format), parallel, facts);
    const server = prepared.server;
    const versionsStarted = performance.now();
    const need = { tool: toolName, minMajor: minClientMajor(backup), serverMajor: server.major };
    resolved = await resolveClient(ctx, need).catch((e) => e);
    versions = versionsCheck(backupVersions(backup), server, toolName, resolved, versionsStarted);
    versions.summary = redact(versions.summary);
    ctx.log.info(`restore.versions: ${versions.status}: ${versions.summary}`);
    if (resolved instanceof Error) {
      await prepared.list?.dispose();
      return notStarted(`not restored: ${resolved.message}`);
    }
    run = await invocation(
      ctx,
      backup,
      database,
      output,
      prepared.list?.file ?? null,
      {
        madeSchemas: new Set(prepared.made.schemas),
        skippedExtensions: prepared.made.skipped,
        roles: prepared.roles,
        privileged: ctx.config.restoreRole === "drill",
        unknownSettings: settingsUnknownTo(server.major),
        extensionObjects: prepared.extensionObjects
      },
      resolved
    );
  } catch (error) {
    await prepared?.list?.dispose();
    return notStarted(error.message);
  }
  const chosen = resolved;
  const { role, list } = prepared;
  const env = childEnv(ctx.env, { ...libpqEnv(drillUrl), PGAPPNAME: APP_NAME });
  const pgOptions = [env.PGOPTIONS, role && `-c role=${role}`, run.jobs > 1 && "-c max_parallel_maintenance_workers=0"].filter(Boolean).join(" ");
  if (pgOptions) env.PGOPTIONS = pgOptions;
  const how = run.jobs > 1 ? ` with ${run.jobs} jobs` : "";
  const stopAtError = new AbortController();
  const ignoring = chosen.route === "settings-ignored" ? new IgnoredSettingErrors(
    settingsUnknownTo(prepared.server.major),
    (line) => output.addStderrLine(line),
    () => stopAtError.abort()
  ) : null;
  if (ignoring)
    ctx.log.info(
      `restore: pg_restore ${run.tool.version} sets transaction_timeout on each connection, which PostgreSQL ${prepared.server.version} lacks: that error is ignored, any other stops the restore`
    );
  ctx.log.info(
    `restore: ${backup.name} (${backup.format}) into ${database} (PostgreSQL ${prepared.server.version}) with ${run.tool.name} ${run.tool.version}${how}${role ? ` as role ${role}` : ""}`
  );
  const readiness = onTableReady && backup.toc && run.tool.name === "pg_restore" && run.jobs > 1 ? new TableReadiness(backup.toc, prepared.leave, run.jobs, onTableReady) : null;
  const stopReports = startProgressReports(ctx.log, run.describeProgress);
  const limit = restoreLimit(ctx.config.restoreTimeoutMs, ctx.config.maxRestoreTimeMs);
  const keys = new KeysBesideRestore(
    ctx,
    prepared,
    restoreRoleUrl(drillUrl, role),
    run.jobs,
    limit.ms - (Date.now() - startedAtMs),
    { readiness, output, stop: () => stopAtError.abort(), spare: options.spare }
  );
  const result = await runTool({
    command: run.tool.path,
    args: run.args,
    env,
    input: run.input,
    timeoutMs: limit.ms,
    signal: stopAtError.signal,
    onLine: (stream, line) => {
      if (stream === "stderr") {
        readiness?.addStderrLine(line);
        keys.addStderrLine(line);
        (ignoring ?? output).addStderrLine(line);
      } else ctx.log.debug(`${run.tool.name}: ${redact(line)}`);
    }
  }).finally(() => {
    ignoring?.end();
    stopReports();
    return Promise.all([list?.dispose(), run.dispose?.()]);
  });
  const onlyIgnored = ignoring !== null && ignoring.ignored > 0 && result.exitCode === 1;
  let completed = !result.timedOut && !stopAtError.signal.aborted && (result.exitCode === 0 || onlyIgnored) && result.inputError === null && result.spawnError === null;
  const tocChecked = tocCompleteCheck(drillUrl, backup.tocTables, redact);
  const keysError = await keys.finish(completed);
  if (keysError !== null) completed = false;
  readiness?.end();
  const durationMs = Date.now() - startedAtMs;
  const finishedAt = (/* @__PURE__ */ new Date()).toISOString();
  if (result.timedOut || stopAtError.signal.aborted) await endRestoreSessions(drillUrl).catch(() => {
  });
  if (result.timedOut) output.errors.unshift(`stopped after ${formatDuration(durationMs)}: ${limit.why}`);
  for (const problem of [result.spawnError, result.inputError]) {
    if (problem) output.errors.push(redact(problem));
  }
  if (!completed && output.errors.length === 0) {
    output.errors.push(
      `${run.tool.name} exited with ${result.signal ? `signal ${result.signal}` : `code ${result.exitCode}`}`
    );
  }
  const toolLabel = `${run.tool.name} ${run.tool.version}`;
  const ignoredNote = ignoring && ignoring.ignored > 0 ? `; its SET transaction_timeout, which PostgreSQL ${prepared.server.major} lacks, failed on ${ignoring.ignored} connection(s) and was ignored` : "";
  const leftOut = [...prepared.leftOut, ...run.filter?.leftOut ?? []];
  for (const [name2, why] of prepared.made.skipped) {
    if (!leftOut.some((l) => l.what === `EXTENSION ${name2}`))
      leftOut.push({ what: `EXTENSION ${name2}`, why, data: false });
  }
  if (leftOut.length > 0) ctx.log.warning(`restore: left out: ${redact(describeLeftOut(leftOut))}`);
  const completedCheck2 = completed ? check(
    "restore.completed",
    leftOut.some((l) => l.data) ? "fail" : leftOut.length > 0 ? "warn" : "ok",
    `restored ${backup.name} (${backup.format}) with ${toolLabel}${how}${ignoredNote}${leftOut.length > 0 ? `; ${leftOut.some((l) => l.data) ? "not all its data (the restore does not equal the backup): " : ""}left out: ${redact(describeLeftOut(leftOut))}` : ""}`,
    {
      exitCode: result.exitCode,
      warnings: output.warnings.length,
      ...ignoring ? { ignoredSettingErrors: ignoring.ignored } : {},
      ...prepared.foreignKeys.length > 0 ? { foreignKeysAfterPgRestore: prepared.foreignKeys.length } : {},
      ...prepared.uniqueKeys.length > 0 ? { uniqueKeysBesidePgRestore: prepared.uniqueKeys.length } : {},
      ...leftOutDetails(leftOut)
    },
    startedAt
  ) : check(
    "restore.completed",
    "fail",
    result.timedOut ? `${run.tool.name} ${output.errors[0]}` : keysError !== null ? `${toolLabel} ${keysError}` : `${run.tool.name} failed (${stopAtError.signal.aborted ? "stopped at its first error" : result.signal ? `signal ${result.signal}` : `exit code ${result.exitCode}`}): ${output.errors[0] ?? "no error text"}${permissionHint(ctx, drillUrl, output.errors)}${leftOut.length > 0 ? ` (left out before it, which may be what it needed: ${redact(describeLeftOut(leftOut, 3))})` : ""}`,
    {
      exitCode: result.exitCode,
      signal: result.signal,
      timedOut: result.timedOut,
      errors: output.errors.slice(0, 10),
      ...leftOutDetails(leftOut)
    },
    startedAt
  );
  ctx.log.info(
    `restore: ${completed ? "finished" : "FAILED"} after ${formatDuration(durationMs)} (${run.describeProgress()})`
  );
  const duration = durationCheck(completed, durationMs, ctx.config.maxRestoreTimeMs, result.timedOut && limit.byRto);
  const tocCheck = await tocChecked;
  return {
    info: {
      startedAt: new Date(startedAtMs).toISOString(),
      finishedAt,
      durationMs,
      rtoTargetSeconds: duration.rtoTargetSeconds,
      rtoMet: duration.rtoMet,
      jobs: run.jobs,
      tool: run.tool.name,
      toolVersion: run.tool.version,
      server: prepared.server,
      client: clientInfo(chosen, toolName),
      warnings: output.warnings,
      errors: output.errors
    },
    checks: [versions, completedCheck2, duration.check, tocCheck]
  };
}

// src/util/spare-sessions.ts
var SpareSessions = class {
  clients = [];
  closed = false;
  /** Keeps an idle session; false once closed (the caller then ends it). */
  put(client) {
    if (this.closed) return false;
    this.clients.push(client);
    return true;
  }
  /** An idle session to take over, if one is left. */
  take() {
    return this.closed ? void 0 : this.clients.pop();
  }
  /** Ends the sessions nobody took; later ones are refused. Never throws. */
  async close() {
    this.closed = true;
    await Promise.all(this.clients.splice(0).map((c) => c.end().catch(() => {
    })));
  }
};

// src/drill/early-inspection.ts
var CRITICAL = new Set(CRITICAL_TABLES);
var key = (schema, name2) => JSON.stringify([schema, name2]);
async function plainTables(client) {
  const { rows } = await client.query(
    `SELECT n.nspname::text AS schema, c.relname::text AS name,
            pg_catalog.format('%I.%I', n.nspname, c.relname) AS sql
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND NOT c.relispartition AND NOT c.relhassubclass
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')`
  );
  return new Map(rows.map((r) => [key(r.schema, r.name), r.sql]));
}
var EarlyInspection = class {
  constructor(ctx, drillUrl) {
    this.ctx = ctx;
    this.drillUrl = drillUrl;
    this.deadline = new Deadline(ctx.config.restoreTimeoutMs, "ANALYZE during the restore");
  }
  ctx;
  drillUrl;
  analyzed = /* @__PURE__ */ new Map();
  counted = /* @__PURE__ */ new Map();
  deadline;
  queue = null;
  // Read at the first ready table: by then pg_restore has made every table (pre-data comes first).
  plain = null;
  work = Promise.resolve();
  stopped = false;
  closed = null;
  startedAt = Date.now();
  /** What was started, for the inspection (see EarlyResults). */
  get results() {
    return { analyzed: this.analyzed, counted: this.counted };
  }
  /** A table pg_restore has finished with: its turn comes after the tables ready before it. */
  tableReady = (table) => {
    if (this.stopped) return;
    this.work = this.work.then(() => this.inspect(table));
  };
  async inspect(table) {
    if (this.stopped) return;
    let name2 = `${table.schema}.${table.name}`;
    const leftToTheEnd = (failed) => (error) => {
      this.ctx.log.debug(`restore: early ${name2} left to the end: ${this.ctx.secrets.redact(String(error))}`);
      return failed;
    };
    try {
      this.queue ??= drillQueue(this.drillUrl, 1, this.deadline);
      const q = this.queue;
      this.plain ??= q.run(plainTables);
      const sql = (await this.plain).get(key(table.schema, table.name));
      if (sql === void 0) return;
      name2 = sql;
      await table.whenRestoreIdle();
      if (this.stopped) return;
      const analyzing = q.run((c) => c.query(`ANALYZE ${sql}`)).then(() => true, leftToTheEnd(false));
      this.analyzed.set(sql, analyzing);
      if (!await analyzing || table.schema !== "public" || !CRITICAL.has(table.name)) return;
      await table.whenRestoreIdle();
      if (this.stopped) return;
      const counting = q.run((c) => c.query(`SELECT pg_catalog.count(*)::text AS n FROM ${sql}`)).then(({ rows }) => Number(rows[0]?.n), leftToTheEnd(null));
      this.counted.set(table.name, counting);
      await counting;
    } catch (error) {
      leftToTheEnd(void 0)(error);
    }
  }
  /** The restore has ended: no statement starts any more; the one under way goes on. */
  stop() {
    if (this.stopped) return;
    this.stopped = true;
    this.ctx.log.info(
      `restore: ${this.analyzed.size} table(s) analyzed and ${this.counted.size} critical table(s) counted while the restore ran (${formatDuration(Date.now() - this.startedAt)})`
    );
  }
  /**
   * Closes the connection; a statement still under way (the inspection, which awaited what it
   * needed, has ended, or the restore failed) has its session ended. Never throws.
   */
  close() {
    this.stopped = true;
    this.closed ??= (this.queue?.close() ?? Promise.resolve()).catch(() => {
    });
    return this.closed;
  }
};

// src/drill/stages.ts
async function restoreStage(ctx, state, timings, backup, preparing = null) {
  const { config, log } = ctx;
  return timed(
    timings,
    "restore",
    () => log.group("Restore", async () => {
      const warnings = [];
      let early = null;
      let spare = null;
      if (config.maintenanceMode) {
        state.save({ maintenanceOn: true });
        const on = await setMaintenance(ctx, true, `restore drill of ${backup.name}`);
        if (on.ok) log.info(`Maintenance mode: ${on.message}`);
        else {
          warnings.push(`maintenance could not be enabled: ${on.message}`);
          log.warning(`Maintenance mode could not be enabled: ${on.message}`);
        }
      }
      try {
        const making = preparing ?? startPreparing(ctx, state);
        making.log.release(log);
        const prepared = await making.result;
        const earlyOk = config.postRestoreCommand === null && config.migrationCommand === null;
        early = earlyOk ? new EarlyInspection(ctx, prepared.url) : null;
        spare = earlyOk ? new SpareSessions() : null;
        const restored = await restoreBackup(ctx, backup, prepared.url, {
          onTableReady: early?.tableReady,
          facts: prepared.facts,
          spare: spare ?? void 0
        });
        const ok = restored.checks.every((c) => c.id !== "restore.completed" || c.status === "ok");
        early?.stop();
        if (!ok) await Promise.all([early?.close(), spare?.close()]);
        return {
          info: {
            database: config.drillDatabase,
            databaseOrigin: prepared.origin,
            role: prepared.role,
            ...restored.info,
            warnings: [...warnings, ...restored.info.warnings]
          },
          checks: restored.checks,
          ok,
          url: prepared.url,
          early: ok ? early : null,
          spare: ok ? spare : null
        };
      } catch (error) {
        await Promise.all([early?.close(), spare?.close()]);
        const failed = notRestored2(ctx, errorMessage(ctx, error), "The drill database could not be prepared");
        const info = { database: config.drillDatabase, databaseOrigin: null, role: null, ...failed.info, warnings };
        const versions = check("restore.versions", "skip", "The drill database could not be prepared.");
        return { info, checks: [versions, ...failed.checks], ok: false, url: null, early: null, spare: null };
      } finally {
        if (config.maintenanceMode) {
          const off = await setMaintenance(ctx, false, `restore drill of ${backup.name} finished`);
          if (off.ok) {
            state.save({ maintenanceOn: false });
            log.info(`Maintenance mode: ${off.message}`);
          } else log.warning(`Maintenance mode could not be disabled; the post step will try again: ${off.message}`);
        }
      }
    })
  );
}
async function inspectStage(ctx, timings, url, customChecks, restoreDurationMs, early = null, spare = null) {
  const { config, log } = ctx;
  const budgetMs = postRestoreBudgetMs(restoreDurationMs, config.restoreTimeoutMs);
  const checks = [
    config.postRestoreCommand === null ? check("restore.post-command", "skip", "No post-restore-command set.") : await timed(
      timings,
      "postRestore",
      () => log.group("post-restore-command", () => runPostRestoreCommand(ctx, url))
    )
  ];
  return timed(
    timings,
    "inspect",
    () => log.group("Inspect", async () => {
      const analyzeBy = new Deadline(budgetMs, "ANALYZE");
      const inspectBy = new Deadline(budgetMs, "the inspection");
      const size2 = Math.max(2, config.restoreJobs);
      const queue = drillQueue(url, size2, inspectBy, { takeFrom: spare ?? void 0 });
      const analyzing = timed(
        timings,
        "analyze",
        () => analyzeDatabase(ctx, url, config.restoreJobs, analyzeBy, queue, early?.results.analyzed)
      );
      try {
        const direct = await inspectDatabase(ctx, url, inspectBy, queue, early?.results.counted);
        const custom = await runCustomChecks(ctx, url, customChecks, new Deadline(budgetMs, "the checks-file checks"));
        return { database: direct.info, checks: [...checks, ...direct.checks, ...custom] };
      } finally {
        await analyzing;
        await Promise.all([queue.close(), early?.close(), spare?.close()]);
      }
    })
  );
}

// src/drill/run.ts
var RESTORE_IDS = ["restore.completed", "restore.duration", "restore.toc-complete"];
var DATABASE_IDS = ["database.migrations", "database.critical-tables", "database.sequences"];
async function runDrill(ctx, state, progress = newProgress(), started) {
  const { config, log } = ctx;
  const { customChecks, preflight, preparing } = await (started ?? startDrill(ctx, state, progress));
  const startedAt = progress.startedAt;
  const timings = progress.timings;
  const checks = progress.checks;
  const backupPhase = preflight.ok ? await timed(timings, "backup", () => log.group("Backup", () => runBackupPhase(ctx, preflight.serverMajor))) : untouchedBackupPhase(ctx, "not read: the database server failed its checks first (see restore.completed)");
  progress.backup = backupPhase.info;
  await parkIfCancelled();
  checks.push(...backupPhase.checks);
  const backup = backupPhase.backup;
  if (backup === null && preparing !== null) await abandonPreparing(ctx, state, preparing, log);
  const restored = backup === null ? null : await restoreStage(ctx, state, timings, backup, preparing);
  await backupPhase.dispose?.().catch((e) => log.warning(`Could not remove the downloaded backup: ${errorMessage(ctx, e)}`));
  await parkIfCancelled();
  const restore = restored?.info ?? null;
  progress.restore = restore;
  const drillUrl = restored?.ok ? restored.url : null;
  const restoreOk = drillUrl !== null;
  if (preflight.failure) {
    checks.push(preflight.failure);
    checks.push(check("restore.versions", "skip", "The database server failed its checks."));
    for (const id of RESTORE_IDS.slice(1)) checks.push(check(id, "skip", "The database server failed its checks."));
  } else if (restored === null && backupPhase.noClient) {
    const info = backupPhase.info;
    const tool = info.format === "plain" || info.format === "plain-gzip" ? "psql" : "pg_restore";
    const versions = { pgDumpVersion: info.pgDumpVersion, serverVersion: info.serverVersion };
    const redact = (t) => ctx.secrets.redact(t);
    checks.push(await noClientCheck(config.databaseUrl, versions, tool, backupPhase.noClient, redact));
    for (const id of RESTORE_IDS) checks.push(check(id, "skip", "No client here reads the backup."));
  } else if (restored === null) {
    for (const id of ["restore.versions", ...RESTORE_IDS])
      checks.push(check(id, "skip", "No verified backup to restore."));
  } else {
    checks.push(...restored.checks);
  }
  let database = null;
  let migration = null;
  if (drillUrl === null) {
    const why = preflight.failure ? "The database server failed its checks." : restored === null ? "No verified backup to restore." : "The restore did not complete.";
    checks.push(...skippedMigration(why).checks);
    checks.push(check("restore.post-command", "skip", why));
    for (const id of DATABASE_IDS) checks.push(check(id, "skip", why));
    for (const c of customChecks) checks.push(check(`custom.${c.name}`, "skip", why));
  } else {
    const migrated = config.migrationCommand === null ? skippedMigration("No migration-command set.") : await timed(
      timings,
      "migration",
      () => log.group(
        "migration-command",
        () => runMigration(ctx, drillUrl, (started2) => {
          progress.migration = started2;
        })
      )
    );
    await parkIfCancelled();
    migration = migrated.info;
    progress.migration = migration;
    checks.push(...migrated.checks);
    const inspected = await inspectStage(
      ctx,
      timings,
      drillUrl,
      customChecks,
      restore?.durationMs ?? null,
      restored?.early,
      restored?.spare
    );
    await parkIfCancelled();
    database = inspected.database;
    progress.database = database;
    checks.push(...inspected.checks);
  }
  const apiPhase = await timed(
    timings,
    "api",
    () => log.group(
      "PickDriver",
      () => runApiPhase(ctx, {
        database,
        backupId: backup?.name ?? null,
        drillDatabaseUrl: drillUrl,
        restoreOk,
        onApiStarted: (pid, startTime) => state.save({ apiPid: pid, apiStartTime: startTime })
      })
    )
  );
  await parkIfCancelled();
  progress.api = apiPhase.info;
  checks.push(...apiPhase.checks);
  const report = assembleReport(ctx, startedAt, {
    backup: backupPhase.info,
    inventory: backupPhase.inventory,
    restore,
    database,
    migration,
    api: apiPhase.info,
    apiSkippedReason: apiPhase.skippedReason,
    checks,
    timings
  });
  const compared = await timed(
    timings,
    "compare",
    () => log.group("Compare with earlier drills", () => runComparePhase(ctx, report))
  );
  report.baseline = compared.baseline;
  report.regressions = compared.regressions;
  checks.push(compared.check);
  attachRegressions(checks, compared.regressions);
  finishReport(report);
  await parkIfCancelled();
  const paths = await writeReportFiles(report, config, ctx.secrets);
  return { report, paths };
}

export {
  runDrill
};
