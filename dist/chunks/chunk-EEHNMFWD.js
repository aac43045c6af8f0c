import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  DeadlineError,
  DownloadTooLargeError,
  HttpStatusError,
  S3Error,
  isConnectionError,
  parseS3Source,
  refusedKeyReason
} from "./chunk-33GF2NK2.js";
import {
  Deadline,
  DeadlineExceeded
} from "./chunk-JJMZJDTI.js";
import {
  TOOL_VERSION,
  durationAsWritten,
  expandGlob,
  isGlob,
  matchesGlob,
  runInfoFromEnv
} from "./chunk-ROEGHXHL.js";
import {
  REPORT_VERSION
} from "./chunk-ERDHK7FH.js";
import {
  undiciAgent
} from "./chunk-R7EDQP7H.js";
import {
  computeResult
} from "./chunk-VUQJBVW6.js";
import {
  makeTempDir
} from "./chunk-4W44TVMQ.js";
import {
  check,
  withoutPassword
} from "./chunk-JBTATGD6.js";
import {
  retrying
} from "./chunk-WFPRG6TS.js";
import {
  sanitizeName
} from "./chunk-CN4I7IFA.js";
import {
  addressClass,
  canonicalHost,
  isLoopbackHost
} from "./chunk-V6E6NHID.js";
import {
  formatBytes
} from "./chunk-LIWSDS64.js";

// src/backup/phase-parts.ts
function describeFormat(format, wrapping) {
  if (wrapping.length === 0 || format === "plain-gzip") return format ?? "unknown";
  return `${format ?? "pg_dump"} in ${wrapping.join(" \u2192 ")}`;
}
function emptyBackupInfo(source) {
  return {
    id: null,
    source,
    resolved: null,
    candidates: [],
    selection: null,
    format: null,
    wrapping: [],
    sizeBytes: null,
    sha256: null,
    checksumVerified: null,
    checksumSource: null,
    checksumStatus: null,
    checksumUnverifiedReason: null,
    createdAt: null,
    createdAtSource: null,
    ageSeconds: null,
    rpoTargetSeconds: null,
    rpoMet: null,
    archiveVersion: null,
    pgDumpVersion: null,
    serverVersion: null,
    tocEntries: null
  };
}
var skipRest = (reason) => [
  check("backup.checksum", "skip", reason),
  check("backup.archive", "skip", reason),
  check("backup.age", "skip", reason)
];
function failureDetails(error, source, kind) {
  const details = { source, kind };
  if (error instanceof S3Error) Object.assign(details, { status: error.status, code: error.code });
  else if (error instanceof HttpStatusError) details.status = error.status;
  return details;
}
function newestOf(chosen, info) {
  const id = info.selection?.newestId;
  const at = info.selection?.newestCreatedAt;
  if (!id || !at || id === chosen.name) return chosen;
  return { name: id, createdAt: new Date(at), createdAtSource: chosen.createdAtSource, timeOrigin: "listing" };
}
function sizeFromDownload(chosen, info, bytes) {
  chosen.sizeBytes = bytes;
  info.sizeBytes = bytes;
  for (const c of info.candidates) if (c.verdict === "chosen") c.sizeBytes = bytes;
}
async function verifyWithin(ms, work) {
  const deadline = new Deadline(ms, "the verification pass");
  const controller = new AbortController();
  return deadline.race(
    work(controller.signal),
    () => controller.abort(new DeadlineExceeded(deadline.what, deadline.totalMs))
  );
}

// src/source/artifact-source.ts
import { mkdir as mkdir2, readdir as readdir3, rm } from "node:fs/promises";
import path5 from "node:path";

// src/source/pick.ts
import { createHash } from "node:crypto";
var NEWEST = { mode: "newest", retentionMs: null, seed: null, now: /* @__PURE__ */ new Date(0) };
function backupPick(config, env, now = /* @__PURE__ */ new Date()) {
  const runId = env.GITHUB_RUN_ID?.trim();
  const seed = runId ? `${runId}-${env.GITHUB_RUN_ATTEMPT?.trim() || "1"}` : null;
  return { mode: config.backupSelect, retentionMs: config.backupRetentionMs, seed, now };
}
function seededIndex(seed, n) {
  const digest = createHash("sha256").update(`pickdriver-vault backup-select ${seed}`).digest();
  return digest.readUIntBE(0, 6) % n;
}
function pickBackup(createdAt, names, pick) {
  if (createdAt.length === 0) return null;
  const expired = /* @__PURE__ */ new Set();
  if (pick.retentionMs !== null) {
    createdAt.forEach((t, i) => {
      if (pick.now.getTime() - t.getTime() > pick.retentionMs) expired.add(i);
    });
  }
  const pool = createdAt.map((_, i) => i).filter((i) => !expired.has(i));
  const window = pick.retentionMs === null ? "at the source" : `within backup-retention ${durationAsWritten(pick.retentionMs)}`;
  const newest = { newestId: names[0] ?? null, newestCreatedAt: createdAt[0]?.toISOString() ?? null };
  const base = { mode: pick.mode, seed: null, poolSize: pool.length, ...newest };
  if (pick.mode === "newest" || pool.length === 0) {
    const why = pick.mode === "newest" ? `newest of ${createdAt.length} backup(s) (backup-select: newest)` : `backup-select: ${pick.mode}, but none of the ${createdAt.length} backup(s) is within backup-retention: the newest is drilled`;
    return { index: 0, expired, selection: { ...base, reason: why } };
  }
  if (pick.mode === "oldest") {
    const index2 = pool[pool.length - 1];
    return {
      index: index2,
      expired,
      selection: { ...base, reason: `oldest of ${pool.length} backup(s) ${window} (backup-select: oldest)` }
    };
  }
  const seed = pick.seed ?? `clock-${pick.now.getTime()}`;
  const drawn = seededIndex(seed, pool.length);
  const index = pool[drawn];
  const seededBy = pick.seed ? `seeded by run ${pick.seed} (run id-attempt), so a re-run drills the same backup` : "seeded by the clock (no GITHUB_RUN_ID)";
  return {
    index,
    expired,
    selection: {
      ...base,
      seed,
      reason: `random: number ${drawn + 1} (newest first) of ${pool.length} backup(s) ${window}, ${seededBy} (backup-select: random)`
    }
  };
}

// src/source/remote-http.ts
import { createWriteStream } from "node:fs";
import { statfs } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";

// src/source/redirect-guard.ts
import { lookup as dnsLookup } from "node:dns";
import { promisify } from "node:util";
var GUARDED = ["loopback", "link-local", "private", "unspecified"];
var lookupAll = promisify(dnsLookup);
var RedirectRefusedError = class extends Error {
  code = "PDV_REDIRECT_REFUSED";
  /** `resolved`: the address came from resolving the name in `to` (not written in it). */
  constructor(to, address, kind, resolved = true) {
    super(
      `refusing the redirect to ${to}: ${resolved ? `it resolves to ${address},` : `it is ${address},`} a ${kind} address and the backup URL is not on one`
    );
    this.name = "RedirectRefusedError";
  }
};
var RedirectGuard = class {
  /** Names reached by a redirect, with the kinds of address the original URL was on. */
  rules = /* @__PURE__ */ new Map();
  /** The kinds of address the original URL is on (a literal, or what its name resolves to). */
  async start(url) {
    const host = canonicalHost(url.hostname);
    const literal = addressClass(host);
    if (literal !== null) return /* @__PURE__ */ new Set([literal]);
    const found = await lookupAll(host, { all: true }).catch(() => []);
    return new Set(found.map((a) => addressClass(a.address) ?? "public"));
  }
  /** Throws when `url` (a redirect target) is a guarded address of a kind the original was not on. */
  async allow(url, origin) {
    const host = canonicalHost(url.hostname);
    const shown = `${url.protocol}//${url.host}`;
    const kind = addressClass(host);
    if (kind !== null) {
      if (GUARDED.includes(kind) && !origin.has(kind)) throw new RedirectRefusedError(shown, host, kind, false);
      return;
    }
    this.rules.set(host, origin);
    const found = await lookupAll(host, { all: true }).catch(() => []);
    const bad = found.find((a) => this.refused(a.address, origin));
    if (bad) throw new RedirectRefusedError(shown, bad.address, addressClass(bad.address) ?? "public");
  }
  refused(address, origin) {
    const kind = addressClass(address) ?? "public";
    return GUARDED.includes(kind) && !origin.has(kind);
  }
  /** The connections' DNS lookup: a name a redirect led to connects only to addresses it may. */
  lookup = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, found) => {
      if (error) return callback(error, []);
      const rule = this.rules.get(canonicalHost(hostname));
      const allowed = rule ? found.filter((a) => !this.refused(a.address, rule)) : found;
      const first = allowed[0];
      if (!first) {
        const bad = found[0];
        const kind = addressClass(bad.address) ?? "public";
        return callback(new RedirectRefusedError(hostname, bad.address, kind), []);
      }
      if (options.all) callback(null, allowed);
      else callback(null, first.address, first.family);
    });
  };
};

// src/source/remote-http.ts
function displayUrl(url) {
  try {
    const u = new URL(String(url));
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return String(url).replace(/[?#].*$/s, "");
  }
}
function insecureUrlProblem(url) {
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && isLoopbackHost(url.hostname)) return null;
  return `refusing ${url.protocol}//${url.host}: backups are only fetched over https (plain http only from a loopback host)`;
}
async function readStart(body, max = 8192) {
  const chunks = [];
  let size = 0;
  for await (const chunk of body) {
    if (size < max) chunks.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(chunks).toString("utf8").slice(0, max);
}
var RemoteHttp = class {
  /** Made on the first request: undici is loaded only by a drill that fetches something. */
  agent = null;
  /** Where redirects may lead: never to loopback, link-local or private addresses the URL was not on. */
  guard = new RedirectGuard();
  timeoutMs;
  delays;
  maxRedirects;
  totalTimeoutMs;
  downloadTimeoutMs;
  maxDownloadBytes;
  constructor(options = {}) {
    this.timeoutMs = options.timeoutMs ?? 6e4;
    this.totalTimeoutMs = options.totalTimeoutMs ?? 5 * 6e4;
    this.downloadTimeoutMs = options.downloadTimeoutMs ?? 6 * 36e5;
    this.maxDownloadBytes = options.maxDownloadBytes ?? null;
    this.delays = options.retryDelaysMs ?? [500, 2e3];
    this.maxRedirects = options.maxRedirects ?? 5;
  }
  connectionPool() {
    this.agent ??= undiciAgent({ connect: { timeout: 15e3, lookup: this.guard.lookup }, keepAliveTimeout: 1e3 });
    return this.agent;
  }
  async close() {
    if (this.agent) await (await this.agent).close();
  }
  /** One GET, redirects followed; the answer's body is still to be read (or dumped). */
  async follow(spec, signal) {
    let url = spec.url;
    const origin = this.guard.start(spec.url);
    for (let hop = 0; ; hop++) {
      const problem = insecureUrlProblem(url);
      if (problem) throw new Error(problem);
      const sameOrigin = url.origin === spec.url.origin;
      const base = sameOrigin ? { ...spec.headers } : {};
      const signed = sameOrigin && spec.sign ? spec.sign(url, base) : base;
      const headers = spec.range ? { ...signed, range: spec.range } : signed;
      const res = await (await this.connectionPool()).request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: "GET",
        headers,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
        signal
      });
      const header = (name) => {
        const v = res.headers[name];
        return Array.isArray(v) ? v[0] ?? null : v ?? null;
      };
      const location = header("location");
      if ([301, 302, 303, 307, 308].includes(res.statusCode) && location) {
        await res.body.dump();
        if (hop >= this.maxRedirects)
          throw new Error(`more than ${this.maxRedirects} redirects from ${displayUrl(spec.url)}`);
        url = new URL(location, url);
        spec.onRedirect?.(url);
        await this.guard.allow(url, await origin);
        continue;
      }
      return { status: res.statusCode, url, header, body: res.body };
    }
  }
  /** Retries fn on connection errors and 5xx answers (HttpStatusError), never on a 4xx. */
  async retrying(fn) {
    const result = await retrying(
      async () => {
        try {
          return { ok: true, value: await fn() };
        } catch (error) {
          return { ok: false, error };
        }
      },
      (tried, attempt) => {
        if (tried.ok) return { done: tried };
        const error = tried.error;
        const retryable = error instanceof HttpStatusError ? error.status >= 500 && error.status <= 599 : isConnectionError(error);
        const delay = this.delays[attempt - 1];
        return !retryable || delay === void 0 ? { done: tried } : { waitMs: delay };
      }
    );
    if (!result.ok) throw result.error;
    return result.value;
  }
  /** A successful answer (2xx) whose body is read by `use`; other statuses throw HttpStatusError. */
  get(spec, use, totalMs = this.totalTimeoutMs) {
    return this.retrying(async () => {
      const signal = AbortSignal.timeout(totalMs);
      try {
        const answer = await this.follow(spec, signal);
        if (answer.status < 200 || answer.status > 299) {
          throw new HttpStatusError(answer.status, displayUrl(answer.url), await readStart(answer.body));
        }
        return await use(answer);
      } catch (error) {
        if (signal.aborted) throw new DeadlineError(displayUrl(spec.url), totalMs);
        throw error;
      }
    });
  }
  /** The body as text (listings); bounded so a wrong URL cannot fill memory. */
  getText(spec, max = 16 * 1024 * 1024) {
    return this.get(spec, async (answer) => ({ text: await readStart(answer.body, max), answer }));
  }
  /**
   * The body as a stream that the verification pass reads as it arrives (and writes where it
   * needs a copy), within the download's total deadline and the room in `dir`. `firstBytes` asks
   * for a prefix only (a 206); a server that ignores Range sends it all, and the reader stops.
   * Retried like get() until the body starts; a body that breaks is the drill's failure.
   */
  open(spec, opts = {}) {
    const totalMs = opts.firstBytes ? Math.min(this.totalTimeoutMs, this.downloadTimeoutMs) : this.downloadTimeoutMs;
    const ranged = opts.firstBytes ? { ...spec, range: `bytes=0-${opts.firstBytes - 1}` } : spec;
    return this.retrying(async () => {
      const signal = AbortSignal.timeout(totalMs);
      let answer;
      try {
        answer = await this.follow(ranged, signal);
        if (answer.status < 200 || answer.status > 299) {
          throw new HttpStatusError(answer.status, displayUrl(answer.url), await readStart(answer.body));
        }
      } catch (error) {
        if (signal.aborted) throw new DeadlineError(displayUrl(spec.url), totalMs);
        throw error;
      }
      const where = displayUrl(answer.url);
      const dir = opts.dir ?? null;
      const free = dir === null ? null : await freeBytes(dir);
      const cap = Math.min(free ?? Number.POSITIVE_INFINITY, this.maxDownloadBytes ?? Number.POSITIVE_INFINITY);
      const total = /\/(\d+)$/.exec(answer.header("content-range") ?? "")?.[1];
      const announced = Number(total ?? (answer.status === 200 ? answer.header("content-length") : null) ?? Number.NaN);
      if (Number.isFinite(announced) && announced > cap) {
        answer.body.destroy();
        throw new DownloadTooLargeError(where, announced, cap, free, dir ?? "");
      }
      const source = answer.body;
      const body = async function* () {
        let bytes = 0;
        try {
          for await (const chunk of source) {
            bytes += chunk.length;
            if (!opts.firstBytes && bytes > cap)
              throw new DownloadTooLargeError(where, bytes, cap, free, dir ?? "", true);
            yield chunk;
          }
        } catch (error) {
          if (signal.aborted) throw new DeadlineError(where, totalMs);
          throw error;
        } finally {
          source.destroy();
        }
      };
      return { answer, body: body() };
    });
  }
  /** Streams the body to `file` (never held in memory); a broken download starts over. */
  download(spec, file) {
    return this.get(
      spec,
      async (answer) => {
        const where = path.dirname(file);
        const free = await freeBytes(where);
        const cap = Math.min(free ?? Number.POSITIVE_INFINITY, this.maxDownloadBytes ?? Number.POSITIVE_INFINITY);
        const announced = Number(answer.header("content-length") ?? Number.NaN);
        if (Number.isFinite(announced) && announced > cap) {
          answer.body.destroy();
          throw new DownloadTooLargeError(displayUrl(answer.url), announced, cap, free, where);
        }
        let bytes = 0;
        const url = displayUrl(answer.url);
        const count = async function* (source) {
          for await (const chunk of source) {
            bytes += chunk.length;
            if (bytes > cap) throw new DownloadTooLargeError(url, bytes, cap, free, where, true);
            yield chunk;
          }
        };
        await pipeline(answer.body, count, createWriteStream(file));
        return { bytes, answer };
      },
      this.downloadTimeoutMs
    );
  }
};
async function freeBytes(dir) {
  try {
    const s = await statfs(dir);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return null;
  }
}

// src/source/select.ts
import { readdir as readdir2, stat as stat2 } from "node:fs/promises";
import path3 from "node:path";

// src/dump/detect.ts
import { open, readdir, stat } from "node:fs/promises";
import path2 from "node:path";
import { gunzipSync, constants as zlibConstants } from "node:zlib";

// src/dump/archive-reader.ts
var ArchiveEndsEarly = class extends Error {
  constructor() {
    super("the archive ends early");
    this.name = "ArchiveEndsEarly";
  }
};
var ArchiveReader = class {
  constructor(buf, pos, intSize, maxString = Number.POSITIVE_INFINITY) {
    this.buf = buf;
    this.pos = pos;
    this.intSize = intSize;
    this.maxString = maxString;
  }
  buf;
  pos;
  intSize;
  maxString;
  byte() {
    const b = this.buf[this.pos];
    if (b === void 0) throw new ArchiveEndsEarly();
    this.pos += 1;
    return b;
  }
  int() {
    const negative = this.byte() !== 0;
    let value = 0;
    for (let i = 0; i < this.intSize; i++) value += this.byte() * 2 ** (8 * i);
    return negative ? -value : value;
  }
  str() {
    const length = this.int();
    if (length < 0) return null;
    if (length > this.maxString) throw new RangeError("implausible string length");
    if (this.pos + length > this.buf.length) throw new ArchiveEndsEarly();
    const text = this.buf.toString("utf8", this.pos, this.pos + length);
    this.pos += length;
    return text;
  }
};

// src/dump/archive-toc.ts
var TocDamaged = class extends Error {
  constructor(message) {
    super(message);
    this.name = "TocDamaged";
  }
};
var FORMATS = { 1: "custom", 3: "tar", 5: "directory" };
var COMPRESSION = { 0: "none", 1: "gzip", 2: "lz4", 3: "zstd" };
var NEWEST_ARCHIVE_MINOR = 16;
var OLDEST_READ_MINOR = 10;
var MAX_TOC_STRING = 64 * 1024 * 1024;
var SECTION = { none: 1, preData: 2, data: 3, postData: 4 };
var DATA_STATE = { offsetNotSet: 1, offsetSet: 2, noData: 3 };
function knownArchiveVersion(major, minor) {
  return major === 1 && minor >= OLDEST_READ_MINOR && minor <= NEWEST_ARCHIVE_MINOR;
}
function readHead(r, major, minor) {
  r.byte();
  r.intSize = r.byte();
  const offSize = r.byte();
  if (r.intSize < 1 || r.intSize > 8 || offSize < 1 || offSize > 8) {
    throw new TocDamaged(`the header is damaged: integer size ${r.intSize}, offset size ${offSize}`);
  }
  const formatCode = r.byte();
  const format = FORMATS[formatCode];
  if (!format) throw new TocDamaged(`the header is damaged: format code ${formatCode} is not an archive format`);
  let compression;
  if (minor >= 15) {
    const code = r.byte();
    compression = COMPRESSION[code] ?? "";
    if (!compression) throw new TocDamaged(`the header is damaged: compression code ${code} is unknown`);
  } else {
    compression = r.int() === 0 ? "none" : "gzip";
  }
  const [sec, min, hour, mday, mon, year, isdst] = Array.from({ length: 7 }, () => r.int());
  const timeOk = sec <= 61 && min < 60 && hour < 24 && mday >= 1 && mday <= 31 && mon < 12 && year >= 70 && year < 1100 && Math.abs(isdst) <= 1 && [sec, min, hour, mon].every((v) => v >= 0);
  if (!timeOk) throw new TocDamaged("the header is damaged: its creation time is not a time");
  const dbname = r.str();
  const serverVersion = r.str();
  const pgDumpVersion = r.str();
  if (pgDumpVersion !== null && !/^\d+(\.\d+)*/.test(pgDumpVersion)) {
    throw new TocDamaged("the header is damaged: its pg_dump version is not a version");
  }
  return {
    format,
    version: { major, minor, rev: 0 },
    intSize: r.intSize,
    offSize,
    compression,
    dbname,
    serverVersion,
    pgDumpVersion
  };
}
function readEntry(r, minor, format, offSize, index) {
  const dumpId = r.int();
  if (dumpId <= 0) throw new TocDamaged(`TOC entry ${index + 1} has dump id ${dumpId}: the TOC is damaged`);
  const hadDumper = r.int();
  if (hadDumper !== 0 && hadDumper !== 1) {
    throw new TocDamaged(`TOC entry ${dumpId} has a data-dumper flag of ${hadDumper}: the TOC is damaged`);
  }
  r.str();
  r.str();
  const tag = r.str() ?? "";
  const desc = r.str() ?? "";
  if (!/^[A-Z][A-Z ]*$/.test(desc))
    throw new TocDamaged(`TOC entry ${dumpId} has no valid object type: the TOC is damaged`);
  const section = minor >= 11 ? r.int() : null;
  if (section !== null && (section < 1 || section > 4)) {
    throw new TocDamaged(`TOC entry ${dumpId} (${desc} ${tag}) names section ${section}: the TOC is damaged`);
  }
  const defn = r.str();
  r.str();
  r.str();
  const namespace = r.str();
  const tablespace = r.str();
  if (minor >= 14) r.str();
  if (minor >= 16) r.int();
  const owner = r.str();
  const withOids = r.str();
  if (withOids !== "false" && withOids !== "true") {
    throw new TocDamaged(
      `TOC entry ${dumpId} (${desc} ${tag}) does not read as archive version 1.${minor}: the TOC is damaged`
    );
  }
  const dependencies = [];
  for (let dep = r.str(); dep !== null; dep = r.str()) dependencies.push(Number(dep));
  let dataState = null;
  let offset = null;
  let filename = null;
  if (format === "custom") {
    dataState = r.byte();
    if (dataState < 1 || dataState > 3) {
      throw new TocDamaged(`TOC entry ${dumpId} (${desc} ${tag}) has data state ${dataState}: the TOC is damaged`);
    }
    offset = 0;
    for (let b = 0; b < offSize; b++) offset += r.byte() * 2 ** (8 * b);
  } else {
    filename = r.str() || null;
  }
  return {
    dumpId,
    hadDumper: hadDumper === 1,
    desc,
    tag,
    namespace,
    tablespace,
    owner,
    section,
    defn,
    dependencies,
    dataState,
    offset,
    filename
  };
}
function startReading(buf, layout) {
  if (buf.length < 5) throw new ArchiveEndsEarly();
  if (buf.toString("latin1", 0, 5) !== "PGDMP") throw new TocDamaged("it does not start with the PGDMP header");
  const r = new ArchiveReader(buf, 5, 4, MAX_TOC_STRING);
  const major = r.byte();
  const minor = r.byte();
  const read = layout ? { major: 1, minor: layout.minor } : { major, minor };
  if (!knownArchiveVersion(read.major, read.minor)) throw new UnknownArchiveVersion(major, minor);
  try {
    return { r, head: readHead(r, read.major, read.minor) };
  } catch (error) {
    if (error instanceof RangeError) throw new TocDamaged("the header is damaged (implausible string length)");
    throw error;
  }
}
function readArchiveHeader(buf, layout) {
  return startReading(buf, layout).head;
}
function readArchiveToc(buf, container, layout) {
  const { r, head } = startReading(buf, layout);
  if (container === "directory" && head.format === "tar") head.format = "directory";
  const { minor } = head.version;
  try {
    const count = r.int();
    if (count < 0 || count > 1e7) throw new TocDamaged(`the TOC claims ${count} entries: it is damaged`);
    const entries = [];
    for (let i = 0; i < count; i++) entries.push(readEntry(r, minor, head.format, head.offSize, i));
    return { ...head, entries, end: r.pos };
  } catch (error) {
    if (error instanceof RangeError)
      throw new TocDamaged("a length field in the TOC is damaged (implausible string length)");
    throw error;
  }
}
var UnknownArchiveVersion = class extends Error {
  constructor(major, minor) {
    super(`archive version ${major}.${minor}`);
    this.major = major;
    this.minor = minor;
    this.name = "UnknownArchiveVersion";
  }
  major;
  minor;
};
function tocTables(toc) {
  return toc.entries.filter((e) => e.desc === "TABLE").map((e) => ({ schema: e.namespace ?? "public", name: e.tag, owner: e.owner }));
}
function entryLabel(entry) {
  const name = entry.namespace ? `${entry.namespace}.${entry.tag}` : entry.tag;
  return `${entry.desc} ${name}`;
}

// src/dump/layer-magic.ts
var AGE_BINARY = "age-encryption.org/v1\n";
var AGE_ARMOR = "-----BEGIN AGE ENCRYPTED FILE-----";
var PGP_ARMOR = "-----BEGIN PGP MESSAGE-----";
function sniffLayer(head) {
  if (head.length < 4) return null;
  if (head[0] === 31 && head[1] === 139) return "gzip";
  if (head.readUInt32LE(0) === 4247762216) return "zstd";
  if (head.length >= 6 && head.subarray(0, 6).equals(Buffer.from([253, 55, 122, 88, 90, 0]))) return "xz";
  if (head.readUInt32LE(0) === 407708164) return "lz4";
  if (head.toString("latin1", 0, 3) === "BZh" && head[3] >= 49 && head[3] <= 57)
    return "bzip2";
  const text = head.toString("latin1", 0, 40);
  if (text.startsWith(AGE_BINARY) || text.startsWith(AGE_ARMOR)) return "age";
  if (text.startsWith(PGP_ARMOR)) return "gpg";
  return openPgpFirstPacket(head) ? "gpg" : null;
}
function openPgpFirstPacket(head) {
  const b = head[0];
  if ((b & 128) === 0) return null;
  let tag;
  let offset;
  let length;
  if (b & 64) {
    tag = b & 63;
    const l1 = head[1];
    if (l1 < 192) [offset, length] = [2, l1];
    else if (l1 < 224) [offset, length] = [3, (l1 - 192 << 8) + head[2] + 192];
    else if (l1 === 255) [offset, length] = [6, head.readUInt32BE(2)];
    else return null;
  } else {
    tag = b >> 2 & 15;
    const type = b & 3;
    if (type === 0) [offset, length] = [2, head[1]];
    else if (type === 1) [offset, length] = [3, head.readUInt16BE(1)];
    else if (type === 2) [offset, length] = [5, head.readUInt32BE(1)];
    else return null;
  }
  if (tag !== 1 && tag !== 3) return null;
  const version = head[offset];
  if (tag === 1 && version !== 3 && version !== 6) return null;
  if (tag === 3 && version !== 4 && version !== 5 && version !== 6) return null;
  return { tag, body: head.subarray(offset, offset + length) };
}
function expectedKey(layer, head) {
  if (layer === "age") {
    const text = head.toString("latin1", 0, Math.min(head.length, 4096));
    if (text.startsWith(AGE_ARMOR))
      return "an age identity (AGE-SECRET-KEY-1\u2026) or passphrase (the backup is ASCII-armored)";
    const stanzas = [...text.matchAll(/^-> (\S+)/gm)].map((m) => m[1]);
    if (stanzas.includes("scrypt")) return "an age passphrase: the backup is encrypted with a passphrase (scrypt)";
    const x = stanzas.filter((s) => s === "X25519").length;
    if (x > 0)
      return `an age identity (AGE-SECRET-KEY-1\u2026): the backup is encrypted to ${x === 1 ? "an X25519 recipient" : `${x} X25519 recipients`} (age1\u2026)`;
    return `an age identity for the recipient type(s) ${stanzas.join(", ") || "unknown"}`;
  }
  const packet = openPgpFirstPacket(head);
  if (packet?.tag === 3) return "an OpenPGP passphrase: the backup is encrypted with gpg --symmetric";
  if (packet?.tag === 1 && packet.body[0] === 3 && packet.body.length >= 9)
    return `an armored OpenPGP private key (its passphrase, if it has one, on the line after its END line): the backup is encrypted to key ID ${packet.body.subarray(1, 9).toString("hex").toUpperCase()}`;
  return "an OpenPGP passphrase or armored private key (its passphrase, if it has one, on the line after its END line)";
}

// src/dump/pgdmp-header.ts
var PGDMP_MAGIC = Buffer.from("PGDMP", "latin1");
var FORMAT_NAMES = { 1: "custom", 2: "files", 3: "tar", 4: "null", 5: "directory" };
function parsePgdmpHeader(buf) {
  if (buf.length < 8 || !buf.subarray(0, 5).equals(PGDMP_MAGIC)) return null;
  const major = buf[5] ?? 0;
  const minor = buf[6] ?? 0;
  const hasRev = major > 1 || major === 1 && minor > 0;
  const rev = hasRev ? buf[7] ?? 0 : 0;
  const header = {
    archiveVersion: `${major}.${minor}-${rev}`,
    major,
    minor,
    rev,
    format: "unknown",
    createdAt: null,
    dbname: null,
    serverVersion: null,
    pgDumpVersion: null
  };
  if (major !== 1 || minor < 10) return header;
  try {
    const start = hasRev ? 8 : 7;
    const intSize = buf[start] ?? 0;
    if (intSize < 1 || intSize > 8) return header;
    const c = new ArchiveReader(buf, start + 1, intSize, 1024);
    c.byte();
    header.format = FORMAT_NAMES[c.byte()] ?? "unknown";
    if (minor >= 15) c.byte();
    else c.int();
    const [sec, min, hour, mday, mon, year] = [c.int(), c.int(), c.int(), c.int(), c.int(), c.int()];
    c.int();
    const created = new Date(year + 1900, mon, mday, hour, min, sec);
    const plausible = mon >= 0 && mon < 12 && mday >= 1 && mday <= 31 && hour < 24 && min < 60 && sec <= 61;
    header.createdAt = plausible && year >= 70 && !Number.isNaN(created.getTime()) ? created : null;
    const text = () => {
      const value = c.str();
      return value === null ? null : sanitizeName(value);
    };
    header.dbname = text();
    header.serverVersion = text();
    header.pgDumpVersion = text();
  } catch {
  }
  return header;
}
function maxArchiveMinorFor(pgMajor) {
  if (pgMajor >= 17) return 16;
  if (pgMajor === 16) return 15;
  if (pgMajor >= 12) return 14;
  if (pgMajor >= 11) return 13;
  return 12;
}
function archiveClientMajor(version) {
  const minor = /^1\.(\d+)/.exec(version ?? "")?.[1];
  return minor === void 0 ? null : minPgMajorForArchiveMinor(Number(minor));
}
function minPgMajorForArchiveMinor(minor) {
  if (minor > 16) return null;
  if (minor === 16) return 17;
  if (minor === 15) return 16;
  if (minor === 14) return 12;
  if (minor === 13) return 11;
  return 9;
}

// src/dump/detect.ts
var PEEK_BYTES = 16 * 1024;
var PLAIN_START = /^(?:\uFEFF)?--\r?\n-- PostgreSQL database dump\r?\n/;
async function peek(file, bytes = PEEK_BYTES) {
  const handle = await open(file, "r");
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
function fromHeader(format, header) {
  return {
    format,
    wrapping: [],
    header,
    createdAt: header.createdAt,
    pgDumpVersion: header.pgDumpVersion,
    serverVersion: header.serverVersion
  };
}
function plainDumpFacts(text) {
  const server = /^-- Dumped from database version (.+)$/m.exec(text)?.[1]?.trim() ?? null;
  const dumper = /^-- Dumped by pg_dump version (.+)$/m.exec(text)?.[1]?.trim() ?? null;
  const started = /^-- Started on (.+)$/m.exec(text)?.[1]?.trim();
  const createdAt = started ? new Date(started) : null;
  return {
    createdAt: createdAt && !Number.isNaN(createdAt.getTime()) ? createdAt : null,
    pgDumpVersion: dumper,
    serverVersion: server
  };
}
function plainDetected(format, text) {
  return { format, wrapping: format === "plain-gzip" ? ["gzip"] : [], header: null, ...plainDumpFacts(text) };
}
function tarFirstMember(buf) {
  if (buf.length < 512 || buf.toString("latin1", 257, 262) !== "ustar") return null;
  return buf.toString("latin1", 0, 100).replace(/\0.*$/s, "");
}
function damagedSignature(buf) {
  const same = [...PGDMP_MAGIC].filter((b, i) => buf[i] === b).length;
  if (same < 3 || same === PGDMP_MAGIC.length) return false;
  try {
    readArchiveHeader(Buffer.concat([PGDMP_MAGIC, buf.subarray(PGDMP_MAGIC.length)]));
    return true;
  } catch {
    return false;
  }
}
var DAMAGED_SIGNATURE = "its header is damaged: the PGDMP signature is altered, the rest reads as a pg_dump archive header";
async function detectBackup(target) {
  const info = await stat(target);
  if (info.isDirectory()) {
    const entries = await readdir(target);
    if (!entries.includes("toc.dat")) return { ok: false, reason: "a directory without toc.dat" };
    const toc = await peek(path2.join(target, "toc.dat"));
    const header = parsePgdmpHeader(toc);
    if (!header && damagedSignature(toc)) return { ok: false, reason: `toc.dat: ${DAMAGED_SIGNATURE}` };
    if (!header) return { ok: false, reason: "a directory whose toc.dat does not start with PGDMP" };
    return { ok: true, detected: fromHeader("directory", header) };
  }
  if (!info.isFile()) return { ok: false, reason: "neither a file nor a directory" };
  const buf = await peek(target);
  if (buf.length === 0) return { ok: false, reason: "an empty file" };
  return detectContent(buf, true);
}
function wrapped(layer) {
  return {
    ok: true,
    detected: {
      format: null,
      wrapping: [layer],
      header: null,
      createdAt: null,
      pgDumpVersion: null,
      serverVersion: null
    }
  };
}
function detectContent(buf, allowWrapped = false) {
  const custom = parsePgdmpHeader(buf);
  if (custom) return { ok: true, detected: fromHeader("custom", custom) };
  const member = tarFirstMember(buf);
  if (member !== null) {
    const header = member === "toc.dat" ? parsePgdmpHeader(buf.subarray(512)) : null;
    if (!header && member === "toc.dat" && damagedSignature(buf.subarray(512))) {
      return { ok: false, reason: `its toc.dat: ${DAMAGED_SIGNATURE}` };
    }
    if (!header) return { ok: false, reason: `a tar archive whose first member is '${member}', not a pg_dump toc.dat` };
    return { ok: true, detected: fromHeader("tar", header) };
  }
  if (buf[0] === 31 && buf[1] === 139) {
    let start;
    try {
      start = gunzipSync(buf, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    } catch {
      return { ok: false, reason: "gzip data that does not inflate" };
    }
    const text2 = start.toString("utf8");
    if (PLAIN_START.test(text2)) return { ok: true, detected: plainDetected("plain-gzip", text2) };
    if (!allowWrapped) return { ok: false, reason: "gzip data inside the other layers" };
    const inside = detectContent(start, true);
    if (inside.ok || sniffLayer(start) !== null) return wrapped("gzip");
    return { ok: false, reason: "gzip data that is not a pg_dump backup" };
  }
  const layer = sniffLayer(buf);
  if (layer !== null) {
    return allowWrapped ? wrapped(layer) : { ok: false, reason: `${layer} data where a pg_dump format was expected` };
  }
  const text = buf.toString("utf8");
  if (PLAIN_START.test(text)) return { ok: true, detected: plainDetected("plain", text) };
  if (damagedSignature(buf)) return { ok: false, reason: DAMAGED_SIGNATURE };
  return { ok: false, reason: "not a pg_dump archive or plain dump by its header" };
}

// src/source/select.ts
async function dirSize(dir) {
  let total = 0;
  for (const name of await readdir2(dir)) {
    const s = await stat2(path3.join(dir, name)).catch(() => null);
    if (s?.isFile()) total += s.size;
  }
  return total;
}
async function listEntries(source) {
  if (isGlob(source)) {
    const { matches } = await expandGlob(source);
    return { searched: `paths matching the glob '${source}'`, entries: matches };
  }
  const info = await stat2(source).catch(() => null);
  if (!info) return { searched: `'${source}' (no such file or directory)`, entries: [] };
  if (info.isDirectory()) {
    const inside = await readdir2(source, { withFileTypes: true });
    if (inside.some((e) => e.name === "toc.dat")) {
      return { searched: `the directory-format backup '${source}'`, entries: [{ path: source, isDirectory: true }] };
    }
    const entries = inside.map((e) => ({ path: path3.join(source, e.name), isDirectory: e.isDirectory() })).sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
    return { searched: `the entries of the directory '${source}'`, entries };
  }
  return { searched: `the file '${source}'`, entries: [{ path: source, isDirectory: false }] };
}
function rankBackups(backups, pick = NEWEST) {
  backups.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.name < b.name ? 1 : -1));
  const picked = pickBackup(
    backups.map((b) => b.createdAt),
    backups.map((b) => b.name),
    pick
  );
  const chosen = picked ? backups[picked.index] : void 0;
  if (!picked || !chosen) return null;
  backups.forEach((b, i) => {
    if (i === picked.index) return;
    const created = b.createdAt.toISOString();
    if (picked.expired.has(i)) {
      b.candidate.verdict = "expired";
      b.candidate.reason = `older than backup-retention (created ${created})`;
    } else if (i > picked.index) {
      b.candidate.verdict = "older";
      b.candidate.reason = `older than the one chosen (created ${created})`;
    } else {
      b.candidate.verdict = "newer";
      b.candidate.reason = `newer than the one chosen (created ${created})`;
    }
  });
  chosen.candidate.verdict = "chosen";
  chosen.candidate.reason = `${picked.selection.reason}: ${chosen.detected.format ?? "wrapped"} backup created ${chosen.createdAt.toISOString()}, from the ${chosen.timeOrigin}`;
  const { candidate: _candidate, ...rest } = chosen;
  return { chosen: rest, selection: picked.selection };
}
function nameVerdict(candidate, name, pattern, isDirectory = false) {
  if (!isDirectory && name.toLowerCase().endsWith(".sha256")) {
    candidate.verdict = "checksum-sidecar";
    candidate.reason = "a checksum sidecar (*.sha256)";
    return false;
  }
  if (!matchesGlob(name, pattern)) {
    candidate.verdict = "pattern-mismatch";
    candidate.reason = `did not match backup-pattern '${pattern}'`;
    return false;
  }
  return true;
}
async function selectLocalBackup(source, pattern, options = {}, pick = NEWEST) {
  const { searched, entries } = await listEntries(source);
  const candidates = [];
  const backups = [];
  for (const entry of entries) {
    const name = path3.basename(entry.path);
    const info = await stat2(entry.path).catch(() => null);
    const sizeBytes = info ? entry.isDirectory ? await dirSize(entry.path) : info.size : null;
    const candidate = { name, verdict: "not-a-backup", reason: "", createdAt: null, sizeBytes };
    candidates.push(candidate);
    if (!nameVerdict(candidate, name, pattern, entry.isDirectory)) continue;
    if (!info) {
      candidate.reason = "could not be read";
      continue;
    }
    const detection = await detectBackup(entry.path).catch((e) => ({ ok: false, reason: e.message }));
    if (!detection.ok) {
      candidate.reason = `not a backup by its header: ${detection.reason}`;
      continue;
    }
    const fromArchive = detection.detected.createdAt;
    const createdAt = fromArchive ?? options.modifiedAt ?? info.mtime;
    candidate.createdAt = createdAt.toISOString();
    backups.push({
      candidate,
      path: path3.resolve(entry.path),
      name,
      sizeBytes: sizeBytes ?? 0,
      createdAt,
      createdAtSource: fromArchive ? "archive" : "mtime",
      timeOrigin: fromArchive ? "archive header" : options.modifiedAtOrigin ?? "file modification time",
      detected: detection.detected
    });
  }
  const ranked = rankBackups(backups, pick);
  return { searched, candidates, chosen: ranked?.chosen ?? null, selection: ranked?.selection ?? null };
}

// src/source/zip-extract.ts
import { createReadStream, createWriteStream as createWriteStream2 } from "node:fs";
import { mkdir, open as open2, statfs as statfs2 } from "node:fs/promises";
import path4 from "node:path";
import { Transform } from "node:stream";
import { pipeline as pipeline2 } from "node:stream/promises";
import { createInflateRaw } from "node:zlib";
var EXTRACT_RESERVE_BYTES = 64 * 1024 * 1024;
var ZipLimitError = class extends Error {
  name = "ZipLimitError";
};
async function freeBytes2(dir) {
  const s = await statfs2(dir);
  return Number(s.bavail) * Number(s.bsize);
}
async function readAt(file, position, length) {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}
async function readEntries(zipPath) {
  const file = await open2(zipPath, "r");
  try {
    const size = (await file.stat()).size;
    const tailLength = Math.min(size, 65557);
    const tail = await readAt(file, size - tailLength, tailLength);
    const at = tail.lastIndexOf(Buffer.from([80, 75, 5, 6]));
    if (at < 0) throw new Error("not a zip file (no end of central directory)");
    let count = tail.readUInt16LE(at + 10);
    let cdSize = tail.readUInt32LE(at + 12);
    let cdOffset = tail.readUInt32LE(at + 16);
    if (count === 65535 || cdSize === 4294967295 || cdOffset === 4294967295) {
      const locator = tail.subarray(Math.max(0, at - 20), at);
      if (locator.readUInt32LE(0) !== 117853008) throw new Error("a ZIP64 archive without its locator");
      const record = await readAt(file, Number(locator.readBigUInt64LE(8)), 56);
      if (record.readUInt32LE(0) !== 101075792) throw new Error("a ZIP64 archive without its end record");
      count = Number(record.readBigUInt64LE(32));
      cdSize = Number(record.readBigUInt64LE(40));
      cdOffset = Number(record.readBigUInt64LE(48));
    }
    if (cdOffset + cdSize > size) throw new Error("the central directory lies past the end of the file");
    const cd = await readAt(file, cdOffset, cdSize);
    const entries = [];
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== 33639248) throw new Error("a damaged central directory");
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      let compressedSize = cd.readUInt32LE(p + 20);
      let entrySize = cd.readUInt32LE(p + 24);
      let offset = cd.readUInt32LE(p + 42);
      const extra = cd.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength);
      for (let e = 0; e + 4 <= extra.length; ) {
        const id = extra.readUInt16LE(e);
        const length = extra.readUInt16LE(e + 2);
        if (id === 1) {
          let q = e + 4;
          const next = () => {
            const v = Number(extra.readBigUInt64LE(q));
            q += 8;
            return v;
          };
          if (entrySize === 4294967295) entrySize = next();
          if (compressedSize === 4294967295) compressedSize = next();
          if (offset === 4294967295) offset = next();
        }
        e += 4 + length;
      }
      const name = cd.toString("utf8", p + 46, p + 46 + nameLength);
      const mode = cd.readUInt32LE(p + 38) >>> 16;
      entries.push({
        name,
        method: cd.readUInt16LE(p + 10),
        compressedSize,
        size: entrySize,
        offset,
        isDirectory: name.endsWith("/"),
        isLink: (mode & 61440) === 40960
      });
      p += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    await file.close();
  }
}
function nameProblem(name) {
  if (name === "" || name.includes("\0") || name.includes("\\")) return "a name with a backslash or NUL";
  if (name.startsWith("/") || /^[a-z]:/i.test(name)) return "an absolute path";
  if (name.split("/").some((segment) => segment === "..")) return "a '..' segment";
  return null;
}
async function extractZipBounded(zipPath, dir, reserve = EXTRACT_RESERVE_BYTES) {
  const entries = await readEntries(zipPath);
  const free = await freeBytes2(dir);
  const cap = Math.max(0, free - reserve);
  const where = `the temporary folder ${dir}`;
  const declared = entries.reduce((sum, e) => sum + e.size, 0);
  if (declared > cap) {
    throw new ZipLimitError(
      `the artifact's zip declares ${formatBytes(declared)} of files but ${where} has ${formatBytes(free)} free (${formatBytes(reserve)} kept free); nothing was extracted`
    );
  }
  let written = 0;
  for (const entry of entries) {
    const problem = nameProblem(entry.name);
    if (problem)
      throw new Error(`the artifact's zip holds ${entry.name.slice(0, 80)}: ${problem}; nothing of it is used`);
    if (entry.isLink) throw new Error(`the artifact's zip holds a link (${entry.name}); backups are files`);
    const target = path4.join(dir, entry.name);
    if (entry.isDirectory) {
      await mkdir(target, { recursive: true });
      continue;
    }
    if (entry.method !== 0 && entry.method !== 8)
      throw new Error(
        `the artifact's zip stores ${entry.name} with compression method ${entry.method} (only stored and deflate)`
      );
    await mkdir(path4.dirname(target), { recursive: true });
    const file = await open2(zipPath, "r");
    const local = await readAt(file, entry.offset, 30);
    await file.close();
    if (local.length < 30 || local.readUInt32LE(0) !== 67324752) throw new Error(`a damaged entry: ${entry.name}`);
    const start = entry.offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    const count = new Transform({
      transform(chunk, _enc, done) {
        written += chunk.length;
        if (written > cap) {
          done(
            new ZipLimitError(
              `the artifact's zip inflated past the space for it: stopped after ${formatBytes(written)} in ${entry.name}, ${where} had ${formatBytes(free)} free (${formatBytes(reserve)} kept free)`
            )
          );
          return;
        }
        done(null, chunk);
      }
    });
    const out = createWriteStream2(target, { mode: 384 });
    if (entry.compressedSize === 0) {
      await new Promise((resolve, reject) => {
        out.once("error", reject);
        out.end(() => resolve());
      });
      continue;
    }
    const raw = createReadStream(zipPath, { start, end: start + entry.compressedSize - 1 });
    if (entry.method === 8) await pipeline2(raw, createInflateRaw(), count, out);
    else await pipeline2(raw, count, out);
  }
}

// src/source/artifact-source.ts
var SourceError = class extends Error {
  name = "SourceError";
};
function parseArtifactSource(source, env) {
  const rest = source.trim().replace(/^artifact:/i, "");
  const parts = rest.split("/");
  if (parts.length === 3 && parts.every((p) => p !== "")) {
    return { owner: parts[0], repo: parts[1], name: parts[2] };
  }
  if (parts.length !== 1 || rest === "") {
    throw new SourceError(`'${source}' is not of the form artifact:NAME or artifact:OWNER/REPO/NAME`);
  }
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? "").split("/");
  if (!owner || !repo) {
    throw new SourceError(
      `'${source}' names no repository and GITHUB_REPOSITORY is not set (not a workflow run): use artifact:OWNER/REPO/NAME`
    );
  }
  return { owner, repo, name: rest };
}
function httpStatus(error) {
  const status = error?.status;
  return typeof status === "number" ? status : void 0;
}
function explain(error, ref, what, ctx) {
  const status = httpStatus(error);
  const repo = `${ref.owner}/${ref.repo}`;
  if (status === 403 || status === 401) {
    return new SourceError(
      `GitHub refused to ${what} of ${repo} (HTTP ${status}): give github-token access to the repository's artifacts (the job needs \`permissions: actions: read\`)`
    );
  }
  const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return new SourceError(ctx.secrets.redact(`could not ${what} of ${repo}: ${message}`));
}
async function wantedBranch(ctx, octokit, ref) {
  if (ctx.config.backupArtifactBranch) return ctx.config.backupArtifactBranch;
  try {
    const { data } = await octokit.rest.repos.get({ owner: ref.owner, repo: ref.repo });
    return data.default_branch;
  } catch (error) {
    throw explain(
      error,
      ref,
      "read the default branch (set backup-artifact-branch to name the branch whose runs' artifacts count)",
      ctx
    );
  }
}
function provenanceProblem(a, branch) {
  const run = a.workflow_run;
  if (!run?.id) return "names no workflow run";
  if (run.repository_id == null || run.head_repository_id == null)
    return "the listing does not say which repository the run's code came from";
  if (run.head_repository_id !== run.repository_id) return "from a fork's run (a pull request from another repository)";
  if (branch !== "*" && run.head_branch !== branch) return `from branch ${run.head_branch ?? "(none)"}, not ${branch}`;
  return null;
}
async function newestArtifact(ctx, ref, token) {
  const github = await import("./github-MFJLF2JF.js");
  const baseUrl = (ctx.env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, "");
  const octokit = github.getOctokit(token, { baseUrl });
  let listed;
  try {
    const { data } = await octokit.rest.actions.listArtifactsForRepo({
      owner: ref.owner,
      repo: ref.repo,
      name: ref.name,
      per_page: 100
    });
    listed = data.artifacts.filter((a) => a.name === ref.name);
  } catch (error) {
    throw explain(error, ref, "list the workflow artifacts", ctx);
  }
  const time = (a) => Date.parse(a.created_at ?? "") || 0;
  const live = listed.filter((a) => !a.expired).sort((a, b) => time(b) - time(a) || b.id - a.id);
  if (live.length === 0) {
    const expired = listed.length > 0 ? ` (${listed.length} expired)` : "";
    throw new SourceError(`no unexpired artifact named '${ref.name}' in ${ref.owner}/${ref.repo}${expired}`);
  }
  const branch = await wantedBranch(ctx, octokit, ref);
  const workflow = ctx.config.backupArtifactWorkflow;
  const turnedAway = /* @__PURE__ */ new Map();
  const refuse = (why2) => turnedAway.set(why2, (turnedAway.get(why2) ?? 0) + 1);
  let asked = 0;
  for (const artifact of live) {
    const problem = provenanceProblem(artifact, branch);
    if (problem) {
      refuse(problem);
      continue;
    }
    const id = artifact.workflow_run?.id;
    let workflowName = null;
    if (workflow !== null) {
      if (asked++ >= 20) break;
      try {
        const { data } = await octokit.rest.actions.getWorkflowRun({ owner: ref.owner, repo: ref.repo, run_id: id });
        const file = (data.path ?? "").replace(/@.*$/, "").split("/").pop() ?? "";
        workflowName = file || data.name || null;
        if (file !== workflow && data.name !== workflow && data.path !== workflow) {
          refuse(`from workflow ${file || data.name || "(unknown)"}, not ${workflow}`);
          continue;
        }
      } catch (error) {
        throw explain(error, ref, `read workflow run ${id}`, ctx);
      }
    }
    const run = artifact.workflow_run;
    return {
      artifact,
      run: { id, branch: run?.head_branch ?? branch, sha: run?.head_sha ?? null, workflow: workflowName }
    };
  }
  const why = [...turnedAway].map(([reason, n]) => `${n} ${reason}`).join("; ");
  const wanted = `${branch === "*" ? "any branch" : `branch ${branch}`} of ${ref.owner}/${ref.repo} itself${workflow ? `, workflow ${workflow}` : ""}`;
  throw new SourceError(
    `no artifact named '${ref.name}' from a run on ${wanted} (${live.length} unexpired: ${why}); artifacts of forks' runs never count; set backup-artifact-branch or backup-artifact-workflow to accept others`
  );
}
async function selectArtifactBackup(ctx, dir) {
  const ref = parseArtifactSource(ctx.config.backupSource, ctx.env);
  const token = ctx.config.githubToken;
  if (!token) {
    throw new SourceError(
      "an artifact: source needs github-token (the default `${{ github.token }}` works within this repository)"
    );
  }
  ctx.secrets.add(token);
  const { artifact, run } = await newestArtifact(ctx, ref, token);
  const runId = run.id;
  const from = [
    `on ${run.branch}`,
    run.sha ? `at ${run.sha.slice(0, 12)}` : null,
    run.workflow ? `workflow ${run.workflow}` : null
  ];
  const label = `artifact:${ref.owner}/${ref.repo}/${ref.name} (id ${artifact.id}, run ${runId} ${from.filter(Boolean).join(", ")})`;
  ctx.log.info(`Artifact: downloading ${label}, created ${artifact.created_at ?? "at an unknown time"}`);
  const folder = path5.join(dir, "artifact");
  await mkdir2(folder, { recursive: true });
  const listedSize = artifact.size_in_bytes ?? 0;
  const room = await freeBytes(dir) ?? Number.POSITIVE_INFINITY;
  if (listedSize + EXTRACT_RESERVE_BYTES > room) {
    throw new SourceError(
      `artifact ${artifact.id} is ${formatBytes(listedSize)} but the temporary folder ${dir} has ${formatBytes(room)} free; nothing was downloaded`
    );
  }
  const zipFolder = path5.join(dir, "zip");
  await mkdir2(zipFolder, { recursive: true });
  try {
    const { DefaultArtifactClient } = await import("./artifact-OCU6AEMU.js");
    const result = await new DefaultArtifactClient().downloadArtifact(artifact.id, {
      path: zipFolder,
      skipDecompress: true,
      ...artifact.digest ? { expectedHash: artifact.digest } : {},
      findBy: { token, workflowRunId: runId, repositoryOwner: ref.owner, repositoryName: ref.repo }
    });
    if (result.digestMismatch)
      throw new Error(`the downloaded zip does not match the artifact's digest ${artifact.digest}`);
  } catch (error) {
    throw explain(error, ref, `download artifact ${artifact.id}`, ctx);
  }
  const [zipName] = await readdir3(zipFolder);
  if (!zipName) throw new SourceError(`artifact ${artifact.id} downloaded nothing`);
  const zipPath = path5.join(zipFolder, zipName);
  try {
    await extractZipBounded(zipPath, folder);
  } catch (error) {
    throw new SourceError(ctx.secrets.redact(`artifact ${artifact.id}: ${error.message}`));
  } finally {
    await rm(zipFolder, { recursive: true, force: true });
  }
  const created = artifact.created_at ? new Date(artifact.created_at) : null;
  const selection = await selectLocalBackup(
    folder,
    ctx.config.backupPattern,
    created && !Number.isNaN(created.getTime()) ? { modifiedAt: created, modifiedAtOrigin: "remote modification time (artifact created_at)" } : {},
    backupPick(ctx.config, ctx.env)
  );
  const inside = selection.chosen ? path5.relative(folder, selection.chosen.path) : null;
  return {
    ...selection,
    searched: `the files of ${label}`,
    resolved: inside === null ? null : inside === "" ? label : `${label}/${inside.split(path5.sep).join("/")}`
  };
}

// src/source/https-source.ts
import { rm as rm3, writeFile } from "node:fs/promises";
import path8 from "node:path";

// src/source/remote-select.ts
import { mkdir as mkdir3, rm as rm2, stat as stat3, utimes } from "node:fs/promises";
import path7 from "node:path";

// src/dump/checksum.ts
import { createHash as createHash2 } from "node:crypto";
import { readFile } from "node:fs/promises";
import path6 from "node:path";
function parseSidecar(text) {
  const lines = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([0-9a-fA-F]{64})(?:\s+\*?(.+))?$/.exec(line);
    if (!match?.[1]) return null;
    lines.push({ sha256: match[1].toLowerCase(), name: match[2]?.trim() ?? null });
  }
  return lines.length > 0 ? lines : null;
}
function sidecarPathFor(backupPath) {
  return `${backupPath.replace(/[/\\]+$/, "")}.sha256`;
}
async function expectedChecksum(mode, backupPath) {
  if (mode.mode === "off") return { kind: "off" };
  if (mode.mode === "value") {
    return {
      kind: "expected",
      expected: { source: "input", origin: "the backup-checksum input", lines: [{ sha256: mode.sha256, name: null }] }
    };
  }
  const sidecar = sidecarPathFor(backupPath);
  let text;
  try {
    text = await readFile(sidecar, "utf8");
  } catch {
    return { kind: "none", sidecar };
  }
  const lines = parseSidecar(text);
  if (!lines) return { kind: "invalid", sidecar, problem: "it holds no line of the form <64 hex>  <file name>" };
  return { kind: "expected", expected: { source: "sidecar", origin: path6.basename(sidecar), lines } };
}
function manifestDigest(manifest) {
  const names = [...manifest.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return createHash2("sha256").update(names.map((n) => `${manifest.get(n)}  ${n}
`).join("")).digest("hex");
}
function compareChecksum(expected, backupName, actualSha256, manifest) {
  const named = expected.lines.filter((l) => l.name !== null);
  if (manifest && named.length > 1) {
    const mismatches = [];
    const listed = /* @__PURE__ */ new Set();
    for (const line2 of named) {
      const name = path6.basename(line2.name);
      listed.add(name);
      const actual = manifest.get(name);
      if (actual === void 0) mismatches.push(`${name}: listed in the sidecar but missing from the backup`);
      else if (actual !== line2.sha256) mismatches.push(`${name}: expected ${line2.sha256}, got ${actual}`);
    }
    for (const name of manifest.keys()) {
      if (!listed.has(name)) mismatches.push(`${name}: in the backup but not in the sidecar`);
    }
    return { ok: mismatches.length === 0, mismatches, expected: null };
  }
  const line = expected.lines.find((l) => l.name !== null && path6.basename(l.name) === backupName) ?? (expected.lines.length === 1 ? expected.lines[0] : void 0);
  if (!line) return { ok: false, mismatches: [`no line for ${backupName}`], expected: null };
  if (line.name !== null && path6.basename(line.name) !== backupName) {
    return { ok: false, mismatches: [`the sidecar names '${line.name}', not '${backupName}'`], expected: line.sha256 };
  }
  const ok = line.sha256 === actualSha256;
  return { ok, mismatches: ok ? [] : [`expected ${line.sha256}, got ${actualSha256}`], expected: line.sha256 };
}

// src/source/remote-select.ts
function makeTempFolder() {
  return makeTempDir("backup");
}
function safeFileName(name) {
  const cleaned = name.replace(/[/\\\0]/g, "_").replace(/^\.+$/, "_");
  return cleaned === "" ? "backup" : cleaned;
}
async function selectRemoteBackup(opts) {
  const { fetcher, dir } = opts;
  const peekDir = path7.join(dir, ".peek");
  await mkdir3(peekDir, { recursive: true });
  const candidates = [];
  const backups = [];
  for (const [index, entry2] of opts.entries.entries()) {
    const candidate = {
      name: entry2.name,
      verdict: "not-a-backup",
      reason: "",
      createdAt: null,
      sizeBytes: entry2.sizeBytes
    };
    candidates.push(candidate);
    if (entry2.refused) {
      candidate.reason = entry2.refused;
      continue;
    }
    if (!nameVerdict(candidate, entry2.baseName, opts.pattern)) continue;
    if (entry2.sizeBytes === 0) {
      candidate.reason = "not a backup by its header: an empty object";
      continue;
    }
    const target = path7.join(dir, String(index), safeFileName(entry2.baseName));
    await mkdir3(path7.dirname(target), { recursive: true });
    const probe = path7.join(peekDir, String(index));
    await fetcher.peek(entry2, probe, PEEK_BYTES);
    candidate.sizeBytes = entry2.sizeBytes;
    const detection = await detectBackup(probe).catch((e) => ({ ok: false, reason: e.message }));
    if (!detection.ok) {
      candidate.reason = `not a backup by its header: ${detection.reason}`;
      continue;
    }
    const fromArchive = detection.detected.createdAt;
    const createdAt = fromArchive ?? entry2.modifiedAt ?? /* @__PURE__ */ new Date();
    candidate.createdAt = createdAt.toISOString();
    backups.push({
      candidate,
      entry: entry2,
      path: target,
      name: path7.basename(target),
      sizeBytes: entry2.sizeBytes ?? 0,
      createdAt,
      createdAtSource: fromArchive ? "archive" : "mtime",
      timeOrigin: fromArchive ? "archive header" : entry2.modifiedAt ? fetcher.timeOrigin : "download time (the server gave no modification time)",
      detected: detection.detected
    });
  }
  await rm2(peekDir, { recursive: true, force: true });
  const byPath = new Map(backups.map((b) => [b.path, b]));
  const ranked = rankBackups(backups, opts.pick);
  if (!ranked) return { searched: opts.searched, candidates, chosen: null, selection: null, resolved: null };
  const chosen = ranked.chosen;
  const { entry } = byPath.get(chosen.path);
  const peeked = chosen.detected.format;
  const finish = async () => {
    if (entry.modifiedAt) await utimes(chosen.path, entry.modifiedAt, entry.modifiedAt);
    const detection = await detectBackup(chosen.path);
    if (!detection.ok) throw new Error(`${entry.name} changed while it was downloaded: ${detection.reason}`);
    if (detection.detected.format !== peeked) {
      throw new Error(`${entry.name} changed while it was downloaded: now a ${detection.detected.format} backup`);
    }
    chosen.detected = detection.detected;
    chosen.sizeBytes = (await stat3(chosen.path)).size;
  };
  if (opts.wantSidecar) await fetcher.downloadSidecar(entry, sidecarPathFor(chosen.path));
  const open3 = fetcher.open;
  if (open3) {
    const pending = { open: () => open3(entry), finish };
    return {
      searched: opts.searched,
      candidates,
      chosen,
      selection: ranked.selection,
      resolved: fetcher.describe(entry),
      pending
    };
  }
  await fetcher.download(entry, chosen.path);
  await finish();
  return {
    searched: opts.searched,
    candidates,
    chosen,
    selection: ranked.selection,
    resolved: fetcher.describe(entry)
  };
}

// src/source/https-source.ts
var SECRET_PARAM = /sig|signature|credential|token|key|secret|password|auth/i;
function registerUrlSecrets(ctx, url) {
  ctx.secrets.addUrl(url.toString());
  if (url.password) ctx.secrets.addPassword(decodeURIComponent(url.password), decodeURIComponent(url.username));
  if (url.search.length > 1) ctx.secrets.add(url.search.slice(1));
  for (const [key, value] of url.searchParams) if (SECRET_PARAM.test(key)) ctx.secrets.add(value);
}
function basicAuth(url) {
  if (!url.username && !url.password) return {};
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  return { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` };
}
async function selectHttpsBackup(ctx, http, dir) {
  const given = new URL(ctx.config.backupSource.trim());
  registerUrlSecrets(ctx, given);
  const problem = insecureUrlProblem(given);
  if (problem) throw new Error(problem);
  const headers = basicAuth(given);
  const url = new URL(given);
  url.username = "";
  url.password = "";
  const where = displayUrl(url);
  const baseName = decodeURIComponent(path8.posix.basename(url.pathname)) || "backup";
  const onRedirect = (to) => registerUrlSecrets(ctx, to);
  const mode = ctx.config.backupChecksum.mode;
  const spec = { url, headers, onRedirect };
  const describeAnswer = (entry, answer, whole) => {
    const lastModified = answer.header("last-modified");
    const date = lastModified ? new Date(lastModified) : null;
    entry.modifiedAt = date && !Number.isNaN(date.getTime()) ? date : null;
    const total = /\/(\d+)$/.exec(answer.header("content-range") ?? "")?.[1];
    entry.sizeBytes = total !== void 0 ? Number(total) : whole;
  };
  return selectRemoteBackup({
    entries: [{ ref: url.toString(), name: baseName, baseName, sizeBytes: null, modifiedAt: null }],
    pattern: ctx.config.backupPattern,
    searched: `the URL ${where}`,
    dir,
    wantSidecar: mode === "auto" || mode === "required",
    fetcher: {
      timeOrigin: "remote modification time (Last-Modified)",
      describe: () => where,
      // The first bytes only (a Range request): the backup itself is read once, by the
      // verification pass, which peels any layers from the download as it arrives.
      peek: async (entry, file, bytes) => {
        ctx.log.info(`HTTPS: reading the first ${bytes / 1024} KiB of ${where}`);
        const opened = await http.open(spec, { firstBytes: bytes, dir }).catch((error) => {
          if (error instanceof HttpStatusError && error.status === 416) return null;
          throw error;
        });
        if (!opened) {
          entry.sizeBytes = 0;
          return writeFile(file, "");
        }
        const { answer, body } = opened;
        const length = Number(answer.header("content-length") ?? Number.NaN);
        describeAnswer(entry, answer, answer.status === 200 && Number.isFinite(length) ? length : null);
        const chunks = [];
        let got = 0;
        for await (const chunk of body) {
          chunks.push(chunk);
          got += chunk.length;
          if (got >= bytes) break;
        }
        await writeFile(file, Buffer.concat(chunks).subarray(0, bytes));
      },
      download: async (entry, file) => {
        ctx.log.info(`HTTPS: downloading ${where}`);
        const { answer, bytes } = await http.download(spec, file);
        describeAnswer(entry, answer, bytes);
      },
      open: async () => {
        ctx.log.info(`HTTPS: downloading ${where}`);
        return (await http.open(spec, { dir })).body;
      },
      downloadSidecar: async (_entry, file) => {
        const sidecar = new URL(url);
        sidecar.search = "";
        sidecar.hash = "";
        sidecar.pathname = `${sidecar.pathname}.sha256`;
        try {
          await http.download({ ...spec, url: sidecar }, file);
          return true;
        } catch (error) {
          if (error instanceof HttpStatusError && error.status >= 400 && error.status < 500) {
            ctx.log.info(`HTTPS: no checksum sidecar at ${displayUrl(sidecar)} (HTTP ${error.status})`);
            return false;
          }
          await rm3(file, { force: true });
          ctx.log.warning(
            ctx.secrets.redact(
              `HTTPS: could not fetch the checksum sidecar ${displayUrl(sidecar)}: ${error.message}`
            )
          );
          return false;
        }
      }
    }
  });
}

// src/source/s3-source.ts
import { createWriteStream as createWriteStream3 } from "node:fs";
import { pipeline as pipeline3 } from "node:stream/promises";
function s3Settings(s3, env) {
  const raw = s3.endpoint?.trim() || null;
  const endpoint = raw ? new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`) : null;
  const given = [
    [s3.region?.trim(), "s3-region"],
    [env.AWS_REGION?.trim(), "AWS_REGION"],
    [env.AWS_DEFAULT_REGION?.trim(), "AWS_DEFAULT_REGION"]
  ];
  const [region, regionFrom] = given.find(([value]) => value) ?? ["us-east-1", "the default"];
  return { endpoint, region, regionFrom, forcePathStyle: s3.forcePathStyle };
}
async function spaceIn(dir, options) {
  const free = await freeBytes(dir);
  const cap = Math.min(free ?? Number.POSITIVE_INFINITY, options.maxDownloadBytes ?? Number.POSITIVE_INFINITY);
  return { dir, free, cap };
}
async function selectS3Backup(ctx, dir, options = {}) {
  const requestMs = options.totalTimeoutMs ?? 5 * 6e4;
  const downloadMs = options.downloadTimeoutMs ?? ctx.config.restoreTimeoutMs;
  const location = parseS3Source(ctx.config.backupSource);
  const settings = s3Settings(ctx.config.s3, ctx.env);
  if (settings.endpoint) {
    const problem = insecureUrlProblem(settings.endpoint);
    if (problem) throw new Error(`s3-endpoint: ${problem}`);
  }
  const { openS3, LIST_LIMITS } = await import("./s3-sdk-GCNVMMNK.js");
  const s3 = await openS3(settings, ctx.secrets, ctx.log);
  const where = `s3://${location.bucket}/${sanitizeName(location.prefix)}`;
  const listLimits = {
    pageMs: requestMs,
    totalMs: Math.min(options.listTimeoutMs ?? LIST_LIMITS.totalMs, ctx.config.restoreTimeoutMs),
    maxPages: options.maxListPages ?? LIST_LIMITS.maxPages,
    maxKeys: options.maxListKeys ?? LIST_LIMITS.maxKeys
  };
  const objects = (await s3.list(location, listLimits)).filter((o) => !o.key.endsWith("/"));
  ctx.log.info(`S3: ${objects.length} object(s) under ${where} (region ${s3.region}${s3.signed ? "" : ", unsigned"})`);
  const keys = new Set(objects.map((o) => o.key));
  const folder = location.prefix.slice(0, location.prefix.lastIndexOf("/") + 1);
  const entries = objects.map((o) => ({
    ref: o.key,
    name: sanitizeName(o.key.slice(folder.length)),
    baseName: sanitizeName(o.key.slice(o.key.lastIndexOf("/") + 1)),
    sizeBytes: o.size,
    modifiedAt: o.lastModified,
    refused: refusedKeyReason(o.key)
  }));
  const save = async (key, file, limits) => {
    await pipeline3(await s3.get(location.bucket, key, limits), createWriteStream3(file));
  };
  const mode = ctx.config.backupChecksum.mode;
  const selection = await selectRemoteBackup({
    entries,
    pattern: ctx.config.backupPattern,
    searched: `the objects under ${where}`,
    dir,
    pick: backupPick(ctx.config, ctx.env),
    wantSidecar: mode === "auto" || mode === "required",
    fetcher: {
      timeOrigin: "remote modification time (S3 LastModified)",
      describe: (entry) => `s3://${location.bucket}/${sanitizeName(entry.ref)}`,
      peek: (entry, file, bytes) => save(entry.ref, file, { firstBytes: bytes, totalMs: requestMs }),
      download: async (entry, file) => save(entry.ref, file, { totalMs: downloadMs, space: await spaceIn(dir, options) }),
      open: async (entry) => {
        ctx.log.info(`S3: downloading s3://${location.bucket}/${sanitizeName(entry.ref)}`);
        return s3.get(location.bucket, entry.ref, { totalMs: downloadMs, space: await spaceIn(dir, options) });
      },
      downloadSidecar: async (entry, file) => {
        const key = `${entry.ref}.sha256`;
        if (!keys.has(key)) return false;
        await save(key, file, { totalMs: requestMs, space: await spaceIn(dir, options) });
        return true;
      }
    }
  });
  const chosen = selection.chosen;
  if (chosen && selection.pending) {
    const space = await spaceIn(dir, options);
    if (chosen.sizeBytes > space.cap) {
      throw new DownloadTooLargeError(selection.resolved ?? chosen.name, chosen.sizeBytes, space.cap, space.free, dir);
    }
  }
  return selection;
}

// src/source/source-kind.ts
function sourceKind(source) {
  const lower = source.trim().toLowerCase();
  if (lower.startsWith("s3://")) return "s3";
  if (lower.startsWith("artifact:")) return "artifact";
  if (lower.startsWith("https://")) return "https";
  if (lower.startsWith("http://")) return "http";
  return "local";
}

// src/source/locate.ts
function displaySource(source) {
  const kind = sourceKind(source);
  if (kind === "local" || kind === "artifact") return withoutPassword(source.trim());
  if (kind === "https" || kind === "http") return displayUrl(source.trim());
  return withoutPassword(source.trim().replace(/[?#].*$/s, ""));
}
var remoteHttpOptions = {};
async function locateBackup(ctx) {
  const source = ctx.config.backupSource;
  const kind = sourceKind(source);
  if (kind === "local") {
    const selection = await selectLocalBackup(source, ctx.config.backupPattern, {}, backupPick(ctx.config, ctx.env));
    return { ...selection, resolved: selection.chosen?.path ?? null, dispose: null };
  }
  const temp = await makeTempFolder();
  const http = new RemoteHttp({ downloadTimeoutMs: ctx.config.restoreTimeoutMs, ...remoteHttpOptions });
  let keepHttp = false;
  try {
    const selection = kind === "s3" ? await selectS3Backup(ctx, temp.dir, remoteHttpOptions) : kind === "artifact" ? await selectArtifactBackup(ctx, temp.dir) : await selectHttpsBackup(ctx, http, temp.dir);
    if (!selection.chosen) {
      await temp.dispose();
      return { ...selection, dispose: null };
    }
    keepHttp = Boolean(selection.pending) && kind !== "s3" && kind !== "artifact";
    const dispose = async () => {
      if (keepHttp) await http.close().catch(() => {
      });
      keepHttp = false;
      await temp.dispose();
    };
    return { ...selection, dispose };
  } catch (error) {
    await temp.dispose();
    throw error;
  } finally {
    if (!keepHttp) await http.close();
  }
}

// src/drill/report.ts
function assembleReport(ctx, startedAt, findings) {
  return {
    reportVersion: REPORT_VERSION,
    tool: { name: "pickdriver-vault-action", version: TOOL_VERSION },
    drillName: ctx.config.drillName,
    result: "passed",
    failOn: ctx.config.failOn,
    run: runInfoFromEnv(ctx.env, startedAt),
    backup: findings.backup,
    inventory: findings.inventory,
    restore: findings.restore,
    database: findings.database,
    migration: findings.migration,
    api: findings.api,
    apiSkippedReason: findings.apiSkippedReason,
    checks: findings.checks,
    baseline: null,
    regressions: [],
    timings: findings.timings
  };
}
function finishReport(report) {
  report.result = computeResult(report.checks, report.regressions);
  report.run.finishedAt = (/* @__PURE__ */ new Date()).toISOString();
  return report;
}

export {
  describeFormat,
  emptyBackupInfo,
  skipRest,
  failureDetails,
  newestOf,
  sizeFromDownload,
  verifyWithin,
  ArchiveEndsEarly,
  TocDamaged,
  NEWEST_ARCHIVE_MINOR,
  SECTION,
  DATA_STATE,
  knownArchiveVersion,
  readArchiveHeader,
  readArchiveToc,
  UnknownArchiveVersion,
  tocTables,
  entryLabel,
  AGE_ARMOR,
  sniffLayer,
  expectedKey,
  maxArchiveMinorFor,
  archiveClientMajor,
  minPgMajorForArchiveMinor,
  PEEK_BYTES,
  detectContent,
  expectedChecksum,
  manifestDigest,
  compareChecksum,
  makeTempFolder,
  safeFileName,
  sourceKind,
  displaySource,
  locateBackup,
  assembleReport,
  finishReport
};
