import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  createHttp
} from "./chunk-R7EDQP7H.js";
import {
  check
} from "./chunk-JBTATGD6.js";
import {
  _enum,
  array,
  boolean,
  literal,
  looseObject,
  number,
  record,
  string
} from "./chunk-PSHNSFM7.js";
import {
  tokenPolicy
} from "./chunk-C4EZGGVE.js";
import {
  roundMs
} from "./chunk-LIWSDS64.js";

// src/api/schemas.ts
var isoDate = string();
var ms = number().transform(roundMs);
var seconds = number().transform(Math.round);
var nil = (schema) => schema.nullable().default(null);
var vaporErrorSchema = looseObject({ error: literal(true), reason: string() });
var readySchema = looseObject({
  status: _enum(["ok", "fail"]),
  timestamp: isoDate,
  checks: array(
    looseObject({
      name: string(),
      status: string(),
      latencyMs: nil(ms),
      reason: nil(string())
    })
  )
});
var migrationSchema = looseObject({
  name: string(),
  batch: number(),
  createdAt: nil(isoDate)
});
var infoSchema = looseObject({
  status: string(),
  service: string(),
  version: string(),
  environment: string(),
  timestamp: isoDate,
  uptimeSeconds: seconds,
  recentMigrations: array(migrationSchema)
});
var smokeSchema = looseObject({
  status: _enum(["ok", "fail"]),
  timestamp: isoDate,
  checks: array(looseObject({ name: string(), status: string(), details: string() }))
});
var dbInfoSchema = looseObject({
  schemaVersion: nil(string()),
  lastMigrationAt: nil(isoDate),
  appliedMigrations: array(migrationSchema),
  expectedCriticalTables: array(string()),
  criticalTableCounts: nil(record(string(), number()))
});
var validateSchema = looseObject({
  success: boolean(),
  checks: array(
    looseObject({
      name: string(),
      status: string(),
      details: string(),
      latencyMs: nil(ms)
    })
  ),
  summary: looseObject({ passed: number(), failed: number(), warnings: number() }),
  validatedAtUtc: isoDate
});
var maintenanceSchema = looseObject({
  status: string(),
  maintenanceMode: boolean(),
  changed: boolean(),
  eventType: string(),
  auditLogged: boolean(),
  timestamp: isoDate
});

// src/api/client.ts
var INVALID_TOKEN = "Invalid internal service token.";
var QUOTE_LIMIT = 200;
var PickDriverClient = class {
  constructor(ctx, http, baseUrl) {
    this.ctx = ctx;
    this.http = http;
    this.baseUrl = baseUrl;
    this.tokens = ctx.config.internalTokens;
    for (const token of this.tokens) ctx.secrets.add(token);
  }
  ctx;
  http;
  baseUrl;
  /** Index into config.internalTokens of the token the API accepted; null until one was. */
  tokenIndex = null;
  tokensRefused = null;
  tokens;
  get tokenCount() {
    return this.tokens.length;
  }
  /** Why no internal route can be called: no token configured, or every one refused; null otherwise. */
  get tokenProblem() {
    if (this.tokens.length === 0) return "no internal-token is configured";
    if (this.tokensRefused !== null) {
      return `the API refused ${this.tokens.length === 1 ? "the internal-token" : `all ${this.tokens.length} internal tokens`} (HTTP 401: ${INVALID_TOKEN})`;
    }
    return null;
  }
  get(path, schema, options) {
    return this.call("GET", path, void 0, schema, options);
  }
  post(path, body, schema, options) {
    return this.call("POST", path, body, schema, options);
  }
  async call(method, path, body, schema, options) {
    if (!options.token)
      return this.interpret(await this.send(method, path, body, schema, options, null), schema, options);
    const policy = tokenPolicy(this.baseUrl, this.ctx.config.allowInsecureHttp);
    if (!policy.allowed) return { ok: false, status: null, problem: policy.reason, reason: null, quoted: null };
    if (this.tokens.length === 0) {
      return { ok: false, status: null, problem: "no internal-token is configured", reason: null, quoted: null };
    }
    if (this.tokensRefused !== null) {
      return { ok: false, status: 401, problem: this.tokensRefused, reason: INVALID_TOKEN, quoted: null };
    }
    const order = this.tokens.map((_, i) => i);
    if (this.tokenIndex !== null) order.unshift(...order.splice(this.tokenIndex, 1));
    let result = null;
    for (const index of order) {
      const token = this.tokens[index] ?? "";
      result = this.interpret(await this.send(method, path, body, schema, options, token), schema, options);
      const refused = !result.ok && result.status === 401 && result.reason === INVALID_TOKEN;
      if (!refused) {
        if (result.ok || result.status !== null) this.tokenIndex = index;
        return result;
      }
      this.ctx.log.info(`PickDriver refused internal token #${index + 1} of ${this.tokens.length}`);
    }
    this.tokenIndex = null;
    this.tokensRefused = `HTTP 401: ${INVALID_TOKEN} (all ${this.tokens.length} configured internal tokens were refused)`;
    return { ok: false, status: 401, problem: this.tokensRefused, reason: INVALID_TOKEN, quoted: null };
  }
  async send(method, path, body, schema, options, token) {
    const outcome = await this.http.send({
      method,
      url: `${this.baseUrl}${path}`,
      headers: token === null ? {} : { "x-internal-token": token },
      body,
      timeoutMs: options.timeoutMs ?? 1e4,
      attempts: options.attempts ?? 3,
      // A JSON answer PickDriver itself produced (its own shape, or a Vapor error) is final.
      isFinal: (answer) => parsesAs(answer, schema) || parsesAs(answer, vaporErrorSchema)
    });
    const status = outcome.kind === "answer" ? `HTTP ${outcome.answer.status}` : outcome.problem;
    this.ctx.log.debug(this.ctx.secrets.redact(`${method} ${path} -> ${status} (${outcome.attempts} attempt(s))`));
    return outcome;
  }
  interpret(outcome, schema, options) {
    const retried = outcome.attempts > 1 ? ` after ${outcome.attempts} attempts` : "";
    if (outcome.kind === "error") {
      return { ok: false, status: null, problem: this.redact(outcome.problem + retried), reason: null, quoted: null };
    }
    const { answer } = outcome;
    const quoted = quote(this.ctx, answer.text);
    const bodyExpected = answer.status >= 200 && answer.status < 300 || (options.bodyStatuses ?? []).includes(answer.status);
    const json = parseJson(answer.text);
    if (bodyExpected) {
      if (json === void 0) {
        if (answer.status >= 200 && answer.status < 300) {
          const kind = /html/i.test(answer.contentType) || /^\s*</.test(answer.text) ? "HTML" : "something";
          const problem2 = `HTTP ${answer.status} answered with ${kind} that is not JSON: ${quoted}`;
          return { ok: false, status: answer.status, problem: problem2, reason: null, quoted };
        }
      } else {
        const parsed = schema.safeParse(json);
        if (parsed.success) return { ok: true, status: answer.status, data: parsed.data };
        if (answer.status >= 200 && answer.status < 300) {
          const issue = parsed.error.issues[0];
          const where = issue ? `${issue.path.join(".") || "(body)"}: ${issue.message}` : "unexpected shape";
          const problem2 = `HTTP ${answer.status} answered JSON of an unexpected shape (${where}): ${quoted}`;
          return { ok: false, status: answer.status, problem: problem2, reason: null, quoted };
        }
      }
    }
    if (answer.status >= 300 && answer.status < 400) {
      const to = answer.location ? ` to ${this.redact(answer.location)}` : "";
      const problem2 = `HTTP ${answer.status} redirect${to} (not followed)`;
      return { ok: false, status: answer.status, problem: problem2, reason: null, quoted };
    }
    const vapor = vaporErrorSchema.safeParse(json);
    if (vapor.success) {
      const reason = this.redact(vapor.data.reason);
      return {
        ok: false,
        status: answer.status,
        problem: `HTTP ${answer.status}: ${reason}${retried}`,
        reason,
        quoted
      };
    }
    const problem = `HTTP ${answer.status}${retried}: ${quoted}`;
    return { ok: false, status: answer.status, problem, reason: null, quoted };
  }
  redact(text) {
    return this.ctx.secrets.redact(text);
  }
};
function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return void 0;
  }
}
function parsesAs(answer, schema) {
  const json = parseJson(answer.text);
  return json !== void 0 && schema.safeParse(json).success;
}
function quote(ctx, text) {
  const flat = ctx.secrets.redact(text).replace(/\s+/g, " ").trim();
  if (flat === "") return "(empty body)";
  const cut = flat.length > QUOTE_LIMIT ? `${flat.slice(0, QUOTE_LIMIT)}\u2026` : flat;
  return JSON.stringify(cut);
}

// src/api/internal-checks.ts
async function infoCheck(client) {
  const t0 = performance.now();
  const result = await client.get("/api/internal/system/info", infoSchema, { token: true });
  if (!result.ok) {
    return { check: check("api.info", "fail", result.problem, failureDetails(result), t0), body: null };
  }
  const body = result.data;
  const token = tokenLabel(client);
  return {
    check: check(
      "api.info",
      "ok",
      `${body.service} ${body.version} (${body.environment}); ${token}`,
      {
        version: body.version,
        environment: body.environment,
        recentMigrations: body.recentMigrations.length,
        tokenIndex: client.tokenIndex,
        tokensConfigured: client.tokenCount
      },
      t0
    ),
    body
  };
}
async function smokeCheck(client) {
  const t0 = performance.now();
  const result = await client.get("/api/internal/system/smoke", smokeSchema, { token: true, bodyStatuses: [503] });
  if (!result.ok) {
    return { check: check("api.smoke", "fail", result.problem, failureDetails(result), t0), body: null };
  }
  const body = result.data;
  const failed = body.checks.filter((c) => c.status !== "ok");
  const details = { httpStatus: result.status, checks: body.checks };
  if (result.status === 200 && body.status === "ok" && failed.length === 0) {
    return { check: check("api.smoke", "ok", `all ${body.checks.length} smoke checks passed`, details, t0), body };
  }
  const listed = failed.map((c) => `${c.name}: ${c.details}`).join("; ") || `status ${body.status}`;
  return {
    check: check("api.smoke", "fail", `HTTP ${result.status}, smoke failed: ${listed}`, details, t0),
    body
  };
}
function tokenLabel(client) {
  return client.tokenIndex === null ? "no token accepted yet" : `internal token #${client.tokenIndex + 1} of ${client.tokenCount} accepted`;
}
function failureDetails(result) {
  return { httpStatus: result.status, reason: result.reason, answer: result.quoted };
}

// src/api/validate-check.ts
var ACTION_SOURCE = "pickdriver-vault-action";
async function validateCheck(ctx, client, target, backupId) {
  const t0 = performance.now();
  const request = {
    target,
    backupId,
    checksProfile: ctx.config.checksProfile,
    source: ACTION_SOURCE,
    reason: `restore drill ${ctx.env.GITHUB_RUN_ID || "manual"}`
  };
  const result = await client.post("/api/internal/ops/backup/validate", request, validateSchema, {
    token: true,
    timeoutMs: 6e4
  });
  if (!result.ok) {
    return { check: check("api.validate", "fail", result.problem, failureDetails(result), t0), body: null };
  }
  const body = result.data;
  const { passed, failed, warnings } = body.summary;
  const details = { target, checksProfile: request.checksProfile, summary: body.summary, checks: body.checks };
  const counts = `${passed} passed, ${failed} failed, ${warnings} warnings`;
  const listOf = (pick) => body.checks.filter((c) => pick(c.status)).map((c) => `${c.name}: ${c.details}`).join("; ");
  if (!body.success) {
    const failures = listOf((s) => s === "fail") || "no failed check listed";
    return { check: check("api.validate", "fail", `validation failed (${counts}): ${failures}`, details, t0), body };
  }
  if (warnings > 0) {
    const warned = listOf((s) => s !== "ok" && s !== "fail");
    return {
      check: check("api.validate", "warn", `validation passed with warnings (${counts}): ${warned}`, details, t0),
      body
    };
  }
  return {
    check: check("api.validate", "ok", `validation passed (${counts}, profile ${request.checksProfile})`, details, t0),
    body
  };
}

// src/api/maintenance.ts
async function setMaintenance(ctx, on, reason) {
  const verb = on ? "enable" : "disable";
  const apiUrl = ctx.config.apiUrl;
  if (apiUrl === null)
    return { ok: false, message: `cannot ${verb} maintenance mode: api-url is empty`, changed: null };
  const http = createHttp();
  try {
    const client = new PickDriverClient(ctx, http, apiUrl);
    const result = await client.post(
      `/api/internal/system/maintenance/${verb}`,
      { source: ACTION_SOURCE, reason },
      maintenanceSchema,
      { token: true }
    );
    if (!result.ok) {
      return { ok: false, message: `could not ${verb} maintenance mode: ${result.problem}`, changed: null };
    }
    const body = result.data;
    if (body.maintenanceMode !== on) {
      const message = `asked to ${verb} maintenance mode, but the API reports maintenanceMode=${body.maintenanceMode}`;
      return { ok: false, message, changed: body.changed };
    }
    const audit = body.auditLogged ? "" : " (the API could not write its audit row)";
    const what = body.changed ? `maintenance mode ${on ? "enabled" : "disabled"}` : `maintenance mode was already ${on ? "on" : "off"}`;
    return { ok: true, message: `${what} (${body.eventType})${audit}`, changed: body.changed };
  } catch (error) {
    const message = ctx.secrets.redact(error instanceof Error ? error.message : String(error));
    return { ok: false, message: `could not ${verb} maintenance mode: ${message}`, changed: null };
  } finally {
    await http.close().catch(() => {
    });
  }
}

export {
  readySchema,
  dbInfoSchema,
  PickDriverClient,
  infoCheck,
  smokeCheck,
  failureDetails,
  validateCheck,
  setMaintenance
};
