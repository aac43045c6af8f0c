import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  retrying
} from "./chunk-WFPRG6TS.js";
import {
  formatDuration
} from "./chunk-LIWSDS64.js";

// src/util/undici-agent.ts
async function undiciAgent(options) {
  const undici = await import("./undici-CVNTYYWO.js");
  const { Agent: AgentClass } = "Agent" in undici ? undici : undici.default;
  return new AgentClass(options);
}

// src/api/http.ts
var MAX_BODY_BYTES = 1024 * 1024;
var RETRY_STATUSES = /* @__PURE__ */ new Set([502, 503, 504]);
var CONNECT_CODES = /* @__PURE__ */ new Set([
  "ECONNREFUSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT"
]);
var BROKEN_CODES = /* @__PURE__ */ new Set(["ECONNRESET", "UND_ERR_SOCKET", "EPIPE"]);
function createHttp(options = {}) {
  let agent;
  const getAgent = () => agent ??= undiciAgent({ connect: { timeout: options.connectTimeoutMs ?? 1e4 }, keepAliveTimeout: 1e3 });
  const delays = options.retryDelaysMs ?? [300, 1e3];
  function totalMs(spec) {
    const left = options.deadline === void 0 ? Number.POSITIVE_INFINITY : options.deadline - Date.now();
    return Math.max(0, Math.min(spec.timeoutMs, left));
  }
  async function once(spec) {
    const total = totalMs(spec);
    if (total <= 0) throw new PhaseDeadlineError(options.deadlineName);
    const signal = AbortSignal.timeout(total);
    try {
      return await attempt(spec, signal);
    } catch (error) {
      if (signal.aborted) {
        throw options.deadline !== void 0 && Date.now() >= options.deadline ? new PhaseDeadlineError(options.deadlineName) : new TotalDeadlineError(total);
      }
      throw error;
    }
  }
  async function attempt(spec, signal) {
    const headers = { accept: "application/json", ...spec.headers };
    if (spec.userAgent) headers["user-agent"] = spec.userAgent;
    let body;
    if (spec.body !== void 0) {
      body = JSON.stringify(spec.body);
      headers["content-type"] = "application/json";
    }
    const res = await (await getAgent()).request({
      origin: new URL(spec.url).origin,
      path: pathOf(spec.url),
      method: spec.method,
      headers,
      body,
      headersTimeout: spec.timeoutMs,
      bodyTimeout: spec.timeoutMs,
      signal
    });
    const text = await readBounded(res.body);
    const header = (name) => {
      const v = res.headers[name];
      return Array.isArray(v) ? v[0] ?? null : v ?? null;
    };
    return {
      status: res.statusCode,
      contentType: header("content-type") ?? "",
      location: header("location"),
      retryAfter: header("retry-after"),
      text
    };
  }
  async function send(spec) {
    const retryStatus = spec.retryStatuses ?? ((status) => RETRY_STATUSES.has(status));
    return retrying(
      async (attempt2) => {
        try {
          return { kind: "answer", answer: await once(spec), attempts: attempt2 };
        } catch (error) {
          return {
            kind: "error",
            problem: describeError(error, spec.timeoutMs),
            code: errorCode(error),
            attempts: attempt2
          };
        }
      },
      (outcome, attempt2) => {
        const last = attempt2 >= spec.attempts;
        let wait = delays[Math.min(attempt2 - 1, delays.length - 1)] ?? 500;
        if (outcome.kind === "answer") {
          const retry = retryStatus(outcome.answer.status) && !(spec.isFinal?.(outcome.answer) ?? false);
          if (!retry || last) return { done: outcome };
          const after = retryAfterMs(outcome.answer.retryAfter ?? null);
          if (after !== null) wait = options.deadline === void 0 ? Math.min(after, 6e4) : after;
        } else {
          const code = outcome.code;
          const retry = code !== null && (CONNECT_CODES.has(code) || spec.method === "GET" && BROKEN_CODES.has(code));
          if (!retry || last) return { done: outcome };
        }
        if (options.deadline !== void 0 && Date.now() + wait >= options.deadline) {
          const gaveUp = `the next attempt (in ${formatDuration(wait)}) would pass ${options.deadlineName ?? "the API phase's deadline"}`;
          return { done: { ...outcome, gaveUp } };
        }
        return { waitMs: wait };
      }
    );
  }
  return { send, close: async () => agent ? (await agent).close() : void 0 };
}
var TotalDeadlineError = class extends Error {
  code = "PDV_TOTAL_DEADLINE";
  constructor(ms) {
    super(`no complete answer within ${formatDuration(ms)} (the request's total deadline)`);
    this.name = "TotalDeadlineError";
  }
};
var PhaseDeadlineError = class extends Error {
  code = "PDV_PHASE_DEADLINE";
  constructor(name = "the API phase's deadline (api-ready-timeout plus 5 minutes for the checks)") {
    super(`${name} passed`);
    this.name = "PhaseDeadlineError";
  }
};
function pathOf(url) {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}
async function readBounded(body) {
  const chunks = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = Buffer.from(chunk);
    chunks.push(buf);
    size += buf.length;
    if (size > MAX_BODY_BYTES) {
      body.destroy?.();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString("utf8");
}
function errorCode(error) {
  let current = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const e = current;
    if (typeof e.code === "string") return e.code;
    current = Array.isArray(e.errors) && e.errors.length > 0 ? e.errors[0] : e.cause;
  }
  return null;
}
function describeError(error, timeoutMs) {
  const code = errorCode(error);
  const seconds = formatDuration(timeoutMs);
  switch (code) {
    case "ECONNREFUSED":
      return "connection refused (ECONNREFUSED)";
    case "UND_ERR_CONNECT_TIMEOUT":
      return "no connection within the connect timeout (UND_ERR_CONNECT_TIMEOUT)";
    case "UND_ERR_HEADERS_TIMEOUT":
      return `no answer within ${seconds} (UND_ERR_HEADERS_TIMEOUT)`;
    case "UND_ERR_BODY_TIMEOUT":
      return `the answer's body stalled for ${seconds} (UND_ERR_BODY_TIMEOUT)`;
    case "ENOTFOUND":
      return "host not found (ENOTFOUND)";
    case "EAI_AGAIN":
      return "host name lookup failed temporarily (EAI_AGAIN)";
    case "ECONNRESET":
    case "UND_ERR_SOCKET":
      return `the connection was closed by the other side (${code})`;
    case "PDV_TOTAL_DEADLINE":
    case "PDV_PHASE_DEADLINE":
      return error.message;
    default: {
      const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
      return code ? `${message || "request failed"} (${code})` : message || "request failed";
    }
  }
}
function retryAfterMs(value, now = Date.now()) {
  if (value === null || value.trim() === "") return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1e3);
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export {
  undiciAgent,
  createHttp
};
