import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  hasControlCharacters,
  retrying,
  sanitizeName
} from "./chunk-4OFAY5JI.js";
import {
  addressClass,
  canonicalHost,
  formatBytes,
  formatDuration,
  isLoopbackHost
} from "./chunk-HJGOI4A4.js";
import {
  require_undici
} from "./chunk-FA3P4WUT.js";
import {
  __toESM
} from "./chunk-TZ6PIJFA.js";

// src/source/remote-http.ts
var import_undici = __toESM(require_undici(), 1);
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
var HttpStatusError = class extends Error {
  constructor(status, where, bodyText) {
    super(`HTTP ${status} from ${where}`);
    this.status = status;
    this.where = where;
    this.bodyText = bodyText;
    this.name = "HttpStatusError";
  }
  status;
  where;
  bodyText;
};
var CONNECTION_CODES = /* @__PURE__ */ new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED"
]);
function isConnectionError(error) {
  const e = error;
  return CONNECTION_CODES.has(e?.code ?? "") || CONNECTION_CODES.has(e?.cause?.code ?? "");
}
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
  agent;
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
    this.agent = new import_undici.Agent({
      connect: { timeout: 15e3, lookup: this.guard.lookup },
      keepAliveTimeout: 1e3
    });
  }
  close() {
    return this.agent.close();
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
      const res = await this.agent.request({
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
function sizes(a, b) {
  const [fa, fb] = [formatBytes(a), formatBytes(b)];
  return fa === fb ? [`${fa} (${a} bytes)`, `${fb} (${b} bytes)`] : [fa, fb];
}
var DownloadTooLargeError = class extends Error {
  constructor(where, size, cap, free, dir, partial = false) {
    const [got, most] = sizes(size, cap);
    const limit = free !== null && cap === free ? `the temporary folder ${dir} has ${most} free` : `the download cap is ${most}`;
    super(
      partial ? `${where}: stopped after ${got}: ${limit}` : `${where} is ${got} but ${limit}; nothing was downloaded`
    );
    this.name = "DownloadTooLargeError";
  }
};
var DeadlineError = class extends Error {
  constructor(where, ms) {
    super(`${where}: no complete answer within ${formatDuration(ms)} (the request's total deadline)`);
    this.name = "DeadlineError";
  }
};

// src/source/s3-location.ts
var S3Error = class extends Error {
  constructor(status, code, message, bucketRegion = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.bucketRegion = bucketRegion;
    this.name = "S3Error";
  }
  status;
  code;
  bucketRegion;
};
function refusedKeyReason(key) {
  return key.split("/").some((segment) => segment === "." || segment === "..") ? "refused: the key has a '.' or '..' segment (it could name an object outside the prefix)" : null;
}
function parseS3Source(source) {
  const match = /^s3:\/\/([^/?#]+)\/?([^?#]*)/i.exec(source.trim());
  if (!match?.[1])
    throw new Error(`'${sanitizeName(source.replace(/[?#].*$/s, ""))}' is not of the form s3://bucket/prefix/`);
  const location = { bucket: match[1], prefix: match[2] ?? "" };
  if (refusedKeyReason(location.prefix) || hasControlCharacters(location.prefix)) {
    throw new Error(
      `backup-source: the prefix '${sanitizeName(location.prefix)}' has a '.' or '..' segment or a control character; name the folder itself`
    );
  }
  return location;
}

export {
  HttpStatusError,
  displayUrl,
  insecureUrlProblem,
  RemoteHttp,
  freeBytes,
  DownloadTooLargeError,
  DeadlineError,
  S3Error,
  refusedKeyReason,
  parseS3Source
};
