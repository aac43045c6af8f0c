import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  parseDuration,
  parsePercent
} from "./chunk-CN5VJVNZ.js";
import {
  NEVER,
  object,
  string
} from "./chunk-PSHNSFM7.js";
import {
  RESTRICTED_NAMES,
  drillDatabaseProblem,
  isPostgresUrl,
  parseBooleanWord,
  remoteHostProblem,
  withDefaults
} from "./chunk-C4EZGGVE.js";

// src/config/fleet-inputs.ts
var DRILL_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
var str = string().transform((s) => s.trim());
var drillNameInput = str.transform((s, ctx) => {
  if (s === "") return null;
  if (!DRILL_NAME_RE.test(s)) {
    const shown = s.length > 80 ? `${s.slice(0, 80)}\u2026` : s;
    ctx.addIssue({
      code: "custom",
      message: `drill-name: expected 1 to 64 letters, digits, '.', '-' or '_' starting with a letter or digit (it becomes part of the artifact name), got '${shown.replace(/[\r\n]/g, " ")}'`
    });
    return NEVER;
  }
  return s;
});
function kindOfHost(host) {
  if (host === "hooks.slack.com" || host.endsWith(".hooks.slack.com")) return "slack";
  if (/(^|\.)(logic\.azure\.com|api\.powerplatform\.com|webhook\.office\.com)$/.test(host)) return "teams";
  return "json";
}
function parseSecretUrl(input, value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    return { problem: `${input}: expected an https:// URL (the value is a secret and is not shown)` };
  }
  if (url.protocol === "https:") return { url };
  if (url.protocol === "http:" && isThisMachine(url)) return { url };
  return {
    problem: `${input}: expected an https:// URL (plain http only to a loopback host; the value is a secret and is not shown)`
  };
}
var notifyWebhookInput = str.transform((s, ctx) => {
  if (s === "") return null;
  const prefixed = /^(slack|teams|json):(?!\/\/)(.*)$/i.exec(s);
  const parsed = parseSecretUrl("notify-webhook", prefixed ? prefixed[2].trim() : s);
  if ("problem" in parsed) {
    ctx.addIssue({
      code: "custom",
      message: `${parsed.problem}; prefix slack:, teams: or json: to choose the message kind`
    });
    return NEVER;
  }
  const kind = prefixed ? prefixed[1].toLowerCase() : kindOfHost(parsed.url.hostname.toLowerCase());
  return { kind, url: parsed.url.toString() };
});
var heartbeatUrlInput = str.transform((s, ctx) => {
  if (s === "") return null;
  const parsed = parseSecretUrl("heartbeat-url", s);
  if ("problem" in parsed) {
    ctx.addIssue({ code: "custom", message: parsed.problem });
    return NEVER;
  }
  return parsed.url.toString();
});
var notifyOnInput = str.transform((s, ctx) => {
  const v = s.toLowerCase() || "problems";
  if (v === "problems" || v === "failure" || v === "always") return v;
  ctx.addIssue({ code: "custom", message: `notify-on: expected one of problems, failure, always, got '${s}'` });
  return NEVER;
});
function isThisMachine(url) {
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}
var DEFAULT_ARTIFACT_NAME = "pickdriver-vault-report";
function artifactNameFor(artifactName, drillName) {
  if (drillName !== null && artifactName === DEFAULT_ARTIFACT_NAME) return `${DEFAULT_ARTIFACT_NAME}-${drillName}`;
  return artifactName;
}

// src/config/schema.ts
import os from "node:os";
var DB_NAME_RE = /^[a-z_][a-z0-9_]{0,62}$/;
var str2 = string().transform((s) => s.trim());
var optional = str2.transform((s) => s === "" ? null : s);
var bool = (input) => str2.transform((s, ctx) => {
  const v = parseBooleanWord(s);
  if (v !== null) return v;
  ctx.addIssue({ code: "custom", message: `${input}: expected true or false, got '${s}'` });
  return NEVER;
});
var duration = (input) => str2.transform((s, ctx) => {
  if (s === "") return null;
  const ms = parseDuration(s);
  if (ms === null) {
    ctx.addIssue({
      code: "custom",
      message: `${input}: expected a duration such as 90s, 10m, 26h or 2d, got '${s}'`
    });
    return NEVER;
  }
  return ms;
});
var durationOrZero = (input) => str2.transform((s, ctx) => {
  if (/^0+(?:\.0+)?(?:ms|s|m|h|d)?$/i.test(s)) return 0;
  const ms = parseDuration(s);
  if (ms === null) {
    ctx.addIssue({
      code: "custom",
      message: `${input}: expected a duration such as 30s, 1m or 5m (0s: none), got '${s}'`
    });
    return NEVER;
  }
  return ms;
});
var percent = (input) => str2.transform((s, ctx) => {
  const f = parsePercent(s);
  if (f === null || f < 0) {
    ctx.addIssue({
      code: "custom",
      message: `${input}: expected a percentage: 10% or 10 (both ten percent), got '${s}'`
    });
    return NEVER;
  }
  return f;
});
var oneOf = (input, values) => str2.transform((s, ctx) => {
  const v = s.toLowerCase();
  if (values.includes(v)) return v;
  ctx.addIssue({ code: "custom", message: `${input}: expected one of ${values.join(", ")}, got '${s}'` });
  return NEVER;
});
var positiveInt = (input, allowAuto) => str2.transform((s, ctx) => {
  if (allowAuto && (s === "" || s.toLowerCase() === "auto")) return Math.max(1, os.availableParallelism());
  if (!/^\d+$/.test(s) || Number(s) < 1) {
    ctx.addIssue({
      code: "custom",
      message: `${input}: expected a whole number of at least 1${allowAuto ? " or 'auto'" : ""}, got '${s}'`
    });
    return NEVER;
  }
  return Number(s);
});
var checksum = str2.transform((s, ctx) => {
  const v = s.toLowerCase();
  if (v === "" || v === "auto") return { mode: "auto" };
  if (v === "required" || v === "off") return { mode: v };
  if (/^[0-9a-f]{64}$/.test(v)) return { mode: "value", sha256: v };
  ctx.addIssue({
    code: "custom",
    message: `backup-checksum: expected auto, required, off or 64 hex characters, got '${s.length > 80 ? `${s.slice(0, 80)}\u2026` : s}'`
  });
  return NEVER;
});
var NOT_SHOWN = "(the value is not shown: it may carry a password)";
var databaseUrl = str2.transform((s, ctx) => {
  if (isPostgresUrl(s)) return s;
  ctx.addIssue({
    code: "custom",
    message: `database-url: expected postgresql://user:password@host:port/database, with special characters in the password percent-encoded ${NOT_SHOWN}`
  });
  return NEVER;
});
var backupSource = str2.transform((s, ctx) => {
  if (s === "") {
    ctx.addIssue({
      code: "custom",
      message: "backup-source: required; a path, glob, folder, s3://, artifact: or https:// source"
    });
    return NEVER;
  }
  if (/^https?:\/\//i.test(s) && !URL.canParse(s)) {
    ctx.addIssue({
      code: "custom",
      message: `backup-source: expected an https:// URL such as https://host/backups/nightly.dump ${NOT_SHOWN}`
    });
    return NEVER;
  }
  return s;
});
var s3Endpoint = optional.transform((s, ctx) => {
  if (s === null) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : `https://${s}`;
  if (!URL.canParse(withScheme)) {
    ctx.addIssue({
      code: "custom",
      message: `s3-endpoint: expected a host or URL such as https://s3.example.com or minio:9000 ${NOT_SHOWN}`
    });
    return NEVER;
  }
  return s;
});
var drillDatabase = str2.transform((s, ctx) => {
  if (!DB_NAME_RE.test(s)) {
    ctx.addIssue({
      code: "custom",
      message: `drill-database: expected a lower-case name matching ^[a-z_][a-z0-9_]{0,62}$, got '${s}'`
    });
    return NEVER;
  }
  if (RESTRICTED_NAMES.includes(s.toLowerCase())) {
    ctx.addIssue({
      code: "custom",
      message: `drill-database: '${s}' is a restricted name (${RESTRICTED_NAMES.join(", ")}); name a dedicated drill database such as pickdriver_drill`
    });
    return NEVER;
  }
  return s;
});
var apiTarget = str2.transform((s, ctx) => {
  const v = s.toLowerCase() || "drill";
  if (RESTRICTED_NAMES.includes(v)) {
    ctx.addIssue({
      code: "custom",
      message: `api-target: '${s}' is restricted for drill operations; expected drill or staging`
    });
    return NEVER;
  }
  if (v !== "drill" && v !== "staging") {
    ctx.addIssue({ code: "custom", message: `api-target: expected drill or staging, got '${s}'` });
    return NEVER;
  }
  return v;
});
var apiUrl = optional.transform((s, ctx) => {
  if (s === null) return null;
  try {
    const url = new URL(s);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("protocol");
    return s.replace(/\/+$/, "");
  } catch {
    ctx.addIssue({
      code: "custom",
      message: `api-url: expected an http:// or https:// URL such as https://pickdriver.example.com ${NOT_SHOWN}`
    });
    return NEVER;
  }
});
var retention = optional.transform((s, ctx) => {
  if (s === null) return null;
  if (!/^\d+$/.test(s) || Number(s) < 1 || Number(s) > 90) {
    ctx.addIssue({
      code: "custom",
      message: `artifact-retention-days: expected a whole number from 1 to 90, got '${s}'`
    });
    return NEVER;
  }
  return Number(s);
});
var extensionList = str2.transform((s, ctx) => {
  const names = s.split(/[,\n]/).map((n) => n.trim()).filter((n) => n !== "");
  const bad = names.find((n) => !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}$/.test(n));
  if (bad !== void 0) {
    ctx.addIssue({
      code: "custom",
      message: `allowed-extensions: expected extension names such as dblink, postgres_fdw (comma- or newline-separated), got '${bad.slice(0, 64)}'`
    });
    return NEVER;
  }
  return [...new Set(names)];
});
var rawInputsSchema = object({
  "backup-source": backupSource,
  "backup-pattern": str2.transform((s) => s || "*"),
  "backup-checksum": checksum,
  "max-backup-age": duration("max-backup-age"),
  "backup-select": oneOf("backup-select", ["newest", "random", "oldest"]),
  "backup-artifact-branch": optional,
  "backup-artifact-workflow": optional,
  "backup-interval": duration("backup-interval"),
  "backup-retention": duration("backup-retention"),
  // A key is taken as given (an armored key's lines and blanks matter); only surrounding blank lines go.
  "backup-decryption-key": string().transform((s) => s.trim() === "" ? null : s.replace(/^\s*\n|\n\s*$/g, "")),
  "s3-endpoint": s3Endpoint,
  "s3-region": optional,
  "s3-force-path-style": bool("s3-force-path-style"),
  "database-url": databaseUrl,
  "drill-database": drillDatabase,
  "restore-jobs": positiveInt("restore-jobs", true),
  "max-restore-time": duration("max-restore-time"),
  "restore-timeout": duration("restore-timeout"),
  "pg-bin-dir": optional,
  "pg-client-install": oneOf("pg-client-install", ["auto", "never"]),
  "keep-database": bool("keep-database"),
  "restore-role": oneOf("restore-role", ["drill", "admin"]),
  "allowed-extensions": extensionList,
  "allow-remote-database": bool("allow-remote-database"),
  "post-restore-command": optional,
  "migration-command": optional,
  "migration-max-lock": durationOrZero("migration-max-lock"),
  "migration-max-duration": duration("migration-max-duration"),
  "checks-file": optional,
  "api-url": apiUrl,
  "internal-token": str2.transform(
    (s) => s.split(/\r?\n/).map((t) => t.trim()).filter((t) => t !== "")
  ),
  "api-target": apiTarget,
  "checks-profile": oneOf("checks-profile", ["quick", "full"]),
  "api-start-command": optional,
  "api-ready-timeout": duration("api-ready-timeout"),
  "maintenance-mode": bool("maintenance-mode"),
  "allow-insecure-http": bool("allow-insecure-http"),
  baseline: str2.transform((s) => s || "auto"),
  "baseline-window": positiveInt("baseline-window", false),
  "row-drop-threshold": percent("row-drop-threshold"),
  "duration-threshold": percent("duration-threshold"),
  "duration-min-delta": durationOrZero("duration-min-delta"),
  "fail-on": oneOf("fail-on", ["failure", "regression", "warning", "never"]),
  "report-dir": str2.transform((s) => s || "pickdriver-vault-report"),
  "artifact-name": optional,
  "artifact-retention-days": retention,
  "job-summary": bool("job-summary"),
  "pr-comment": oneOf("pr-comment", ["auto", "off"]),
  "github-token": optional,
  "report-signing-key": optional,
  "prometheus-textfile": optional,
  "drill-name": drillNameInput,
  "notify-webhook": notifyWebhookInput,
  "notify-on": notifyOnInput,
  "heartbeat-url": heartbeatUrlInput
});

// src/config/config.ts
var ConfigError = class extends Error {
  constructor(problems) {
    super(problems.join("\n"));
    this.problems = problems;
    this.name = "ConfigError";
  }
  problems;
};
function loadConfig(raw) {
  const parsed = rawInputsSchema.safeParse(withDefaults(raw));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => i.message));
  }
  const v = parsed.data;
  const config2 = {
    backupSource: v["backup-source"],
    backupPattern: v["backup-pattern"],
    backupChecksum: v["backup-checksum"],
    maxBackupAgeMs: v["max-backup-age"],
    backupSelect: v["backup-select"],
    backupArtifactBranch: v["backup-artifact-branch"],
    backupArtifactWorkflow: v["backup-artifact-workflow"],
    backupIntervalMs: v["backup-interval"],
    backupRetentionMs: v["backup-retention"],
    backupDecryptionKey: v["backup-decryption-key"],
    s3: { endpoint: v["s3-endpoint"], region: v["s3-region"], forcePathStyle: v["s3-force-path-style"] },
    databaseUrl: v["database-url"],
    drillDatabase: v["drill-database"],
    restoreJobs: v["restore-jobs"],
    maxRestoreTimeMs: v["max-restore-time"],
    restoreTimeoutMs: v["restore-timeout"] ?? 6 * 36e5,
    pgBinDir: v["pg-bin-dir"],
    pgClientInstall: v["pg-client-install"],
    keepDatabase: v["keep-database"],
    restoreRole: v["restore-role"],
    allowedExtensions: v["allowed-extensions"],
    allowRemoteDatabase: v["allow-remote-database"],
    postRestoreCommand: v["post-restore-command"],
    migrationCommand: v["migration-command"],
    migrationMaxLockMs: v["migration-max-lock"],
    migrationMaxDurationMs: v["migration-max-duration"],
    checksFile: v["checks-file"],
    apiUrl: v["api-url"],
    internalTokens: v["internal-token"],
    apiTarget: v["api-target"],
    checksProfile: v["checks-profile"],
    apiStartCommand: v["api-start-command"],
    apiReadyTimeoutMs: v["api-ready-timeout"] ?? 12e4,
    maintenanceMode: v["maintenance-mode"],
    allowInsecureHttp: v["allow-insecure-http"],
    baseline: v.baseline,
    baselineWindow: v["baseline-window"],
    rowDropThreshold: v["row-drop-threshold"],
    durationThreshold: v["duration-threshold"],
    durationMinDeltaMs: v["duration-min-delta"],
    failOn: v["fail-on"],
    reportDir: v["report-dir"],
    artifactName: artifactNameFor(v["artifact-name"], v["drill-name"]),
    artifactRetentionDays: v["artifact-retention-days"],
    jobSummary: v["job-summary"],
    prComment: v["pr-comment"],
    githubToken: v["github-token"],
    reportSigningKey: v["report-signing-key"],
    prometheusTextfile: v["prometheus-textfile"],
    drillName: v["drill-name"],
    notifyWebhook: v["notify-webhook"],
    notifyOn: v["notify-on"],
    heartbeatUrl: v["heartbeat-url"]
  };
  checkCrossFieldRules(config2);
  return config2;
}
function checkCrossFieldRules(c) {
  const problems = [];
  const remote = remoteHostProblem(c.databaseUrl, c.allowRemoteDatabase);
  if (remote !== null) problems.push(remote);
  const drillDb = drillDatabaseProblem(c.drillDatabase, c.databaseUrl);
  if (drillDb !== null) problems.push(drillDb);
  if (c.apiUrl !== null && c.internalTokens.length === 0) {
    problems.push("internal-token: required when api-url is set (the value of X-Internal-Token)");
  }
  if (c.maintenanceMode && c.apiUrl === null) {
    problems.push("maintenance-mode: true needs api-url (maintenance is switched through the PickDriver API)");
  }
  if (c.maintenanceMode && c.apiStartCommand !== null) {
    problems.push(
      "maintenance-mode: true switches maintenance on an instance that is already running before the restore; it cannot be combined with api-start-command, which starts the instance after the restore"
    );
  }
  if (c.apiStartCommand !== null && c.apiUrl === null) {
    problems.push("api-start-command: needs api-url (the drill waits for <api-url>/api/health/ready)");
  }
  if (c.migrationMaxDurationMs !== null && c.migrationCommand === null) {
    problems.push("migration-max-duration: needs migration-command (the command whose duration it limits)");
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

export {
  DRILL_NAME_RE,
  notifyWebhookInput,
  heartbeatUrlInput,
  notifyOnInput,
  retention,
  ConfigError,
  loadConfig
};
