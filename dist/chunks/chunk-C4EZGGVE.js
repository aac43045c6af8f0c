import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  canonicalHost,
  isLoopbackHost
} from "./chunk-V6E6NHID.js";

// src/config/inputs.ts
var DEFAULT_DATABASE_URL = "postgresql://postgres:postgres@localhost:5432/postgres";
var INPUTS = [
  {
    name: "backup-source",
    secret: "url-credentials",
    default: "",
    required: true,
    description: "Where backups live: a path, a glob (backups/*.dump, backups/**/*.{dump,sql.gz}) or a directory; s3://bucket/prefix/; artifact:NAME or artifact:OWNER/REPO/NAME; an https:// URL."
  },
  {
    name: "backup-pattern",
    default: "*",
    description: "Glob on file, object and artifact-entry names, to pick backups among other files: braces, classes and extglobs (*.{dump,sql.gz})."
  },
  {
    name: "backup-checksum",
    default: "auto",
    description: "auto (verify when a <name>.sha256 sidecar exists), required, off, or 64 hex characters."
  },
  {
    name: "max-backup-age",
    default: "",
    description: "RPO target such as 26h or 2d; the drill fails when the newest backup is older."
  },
  {
    name: "backup-select",
    default: "newest",
    description: "Which backup is drilled: newest, random (one of those within backup-retention, the same on a re-run of the same run), oldest (within backup-retention)."
  },
  {
    name: "backup-interval",
    default: "",
    description: "How often backups are made, such as 24h; a gap longer than 1.5 x this among the backups within backup-retention fails backup.cadence."
  },
  {
    name: "backup-retention",
    default: "",
    description: "How long backups are kept, such as 30d: the inventory window; backups older than it are reported as still stored (a warning)."
  },
  {
    name: "backup-artifact-branch",
    default: "",
    description: "artifact: sources: only artifacts of runs on this branch of the repository itself count (never a fork's run); empty: the repository's default branch; *: any branch of the repository."
  },
  {
    name: "backup-artifact-workflow",
    default: "",
    description: "artifact: sources: only artifacts of runs of this workflow count (its file name such as backup.yml, or its name); empty: any workflow."
  },
  {
    name: "backup-decryption-key",
    secret: "key",
    default: "",
    description: "Key for encrypted backups (a secret): an age identity (AGE-SECRET-KEY-1...) for age, a passphrase or an armored private key for OpenPGP (a passphrase-protected key: the key, then its passphrase on the line after its END line)."
  },
  {
    name: "s3-endpoint",
    secret: "url-credentials",
    default: "",
    description: "Endpoint of S3-compatible storage (R2, MinIO); empty: AWS."
  },
  {
    name: "s3-region",
    default: "",
    description: "S3 region; empty: AWS_REGION, AWS_DEFAULT_REGION or us-east-1 (a wrong one is corrected from the bucket's answer)."
  },
  { name: "s3-force-path-style", default: "false", description: "Use path-style S3 addressing (MinIO)." },
  {
    name: "database-url",
    secret: "url-credentials",
    default: DEFAULT_DATABASE_URL,
    description: "Administrative connection to the Postgres server the drill restores into."
  },
  { name: "drill-database", default: "pickdriver_drill", description: "The database the backup is restored into." },
  { name: "restore-jobs", default: "auto", description: "Parallel restore jobs; auto = CPU count." },
  {
    name: "max-restore-time",
    default: "",
    description: "RTO target such as 10m; the drill fails when the restore takes longer."
  },
  {
    name: "restore-timeout",
    default: "6h",
    description: "The restore is stopped (its processes killed) when it runs this long; restore.completed fails."
  },
  {
    name: "pg-bin-dir",
    default: "",
    description: "Folder holding pg_restore and psql of the client to use; empty: the drill picks one among the usual install folders (/usr/lib/postgresql/<major>/bin, /usr/pgsql-<major>/bin, Homebrew) and PATH."
  },
  {
    name: "pg-client-install",
    default: "auto",
    description: "auto: when no installed client can restore this backup into this server and the runner is a GitHub-hosted Ubuntu runner, install postgresql-client-<major> from the PostgreSQL project's apt repository (signing key pinned) and add it to PATH for later steps; never: fail with the exact remedy instead."
  },
  {
    name: "keep-database",
    default: "false",
    description: "false: the post step drops the drill database the action created."
  },
  {
    name: "restore-role",
    default: "drill",
    description: "drill: a role of the drill's own (no superuser, createdb, createrole, replication or bypassrls) owns the drill database and runs the restore, post-restore-command's connection, the inspection and the checks; admin: all of it runs as the database-url role (the report names the risk)."
  },
  {
    name: "allowed-extensions",
    default: "",
    description: "Extensions the database-url role may create for the backup although they are not trusted (comma- or newline-separated, such as dblink, postgres_fdw): only trusted extensions are created otherwise; the others, and what depends on them, are left out and the report names them."
  },
  {
    name: "allow-remote-database",
    default: "false",
    description: "database-url must name a loopback host or a single-label service-container host (postgres) unless this is true."
  },
  {
    name: "post-restore-command",
    default: "",
    description: "Shell command run after the restore; gets DRILL_DATABASE_URL and PickDriver's DATABASE_HOST/PORT/NAME/USERNAME/PASSWORD."
  },
  {
    name: "migration-command",
    default: "",
    description: "The pull request's migrations (or any schema change), run against the restored database after the restore and before post-restore-command, with the same environment, and observed: duration, locks that block PickDriver's reads or writes, tables rewritten, indexes built, rows changed, schema changes, WAL written."
  },
  {
    name: "migration-max-lock",
    default: "5s",
    description: "A lock taken by migration-command that blocks reads or writes of a table for longer than this fails migration.locks (0s: any such lock fails)."
  },
  {
    name: "migration-max-duration",
    default: "",
    description: "migration-command taking longer than this fails migration.completed (it is stopped at restore-timeout); empty: no limit of its own."
  },
  {
    name: "checks-file",
    default: "",
    description: "YAML or JSON file of extra checks: SQL assertions, minimum rows per table, data freshness."
  },
  {
    name: "api-url",
    secret: "url-credentials",
    default: "",
    description: "Base URL of the PickDriver instance; empty: API checks are skipped."
  },
  {
    name: "internal-token",
    secret: "lines",
    default: "",
    description: "Value of X-Internal-Token; one per line to allow a rotation (the first is tried first)."
  },
  {
    name: "api-target",
    default: "drill",
    description: "drill or staging; restricted names are refused before any request."
  },
  { name: "checks-profile", default: "full", description: "quick or full." },
  {
    name: "api-start-command",
    default: "",
    description: "Starts the PickDriver instance in the background after the restore; the drill waits for /api/health/ready."
  },
  { name: "api-ready-timeout", default: "120s", description: "How long to wait for readiness." },
  {
    name: "maintenance-mode",
    default: "false",
    description: "true: enable maintenance before the restore and disable it after, always."
  },
  {
    name: "allow-insecure-http",
    default: "false",
    description: "The token is only sent over HTTPS or to a loopback / single-label host unless this is true."
  },
  {
    name: "baseline",
    default: "auto",
    description: "Reports of earlier runs to compare with: auto, a path to a report or a folder of reports, or none."
  },
  { name: "baseline-window", default: "5", description: "How many earlier runs the timing baseline is the median of." },
  {
    name: "row-drop-threshold",
    default: "10%",
    description: "A critical table losing more rows than this against the baseline is a regression."
  },
  {
    name: "duration-threshold",
    default: "50%",
    description: "A restore slower than the baseline median by more than this is a regression."
  },
  {
    name: "duration-min-delta",
    default: "1m",
    description: "...and slower by at least this much, so small restores on shared runners do not flap (0s: no floor)."
  },
  {
    name: "fail-on",
    default: "regression",
    description: "failure, regression (failures and regressions), warning (also warnings), never."
  },
  {
    name: "report-dir",
    default: "pickdriver-vault-report",
    description: "Where the reports are written: a folder of the drill's own (not the workspace nor a folder above it, holding nothing but an earlier drill's report files)."
  },
  {
    name: "artifact-name",
    default: "pickdriver-vault-report",
    description: "The uploaded artifact's name; empty: no upload."
  },
  {
    name: "artifact-retention-days",
    default: "",
    description: "Retention of the report artifact in days; empty: the repository default."
  },
  { name: "job-summary", default: "true", description: "Write the Markdown report to the job summary." },
  {
    name: "pr-comment",
    default: "auto",
    description: "auto: one comment on the pull request, updated in place on every run; off."
  },
  {
    name: "github-token",
    secret: "value",
    default: "${{ github.token }}",
    description: "For artifacts of earlier runs and the pull request comment."
  },
  {
    name: "report-signing-key",
    secret: "value",
    default: "",
    description: "HMAC-SHA256 key; writes report.json.sig next to the report: the SHA-256 of every file the drill wrote in report-dir, signed."
  },
  {
    name: "prometheus-textfile",
    default: "",
    description: "Path of a node_exporter textfile with the drill's metrics."
  },
  {
    name: "drill-name",
    default: "",
    description: "Names this drill among several (a job matrix over databases or shards): in the report, the summary, the pull-request comment (one per drill-name), the artifact name (pickdriver-vault-report-<drill-name>), metric labels and baseline: auto. Letters, digits, dot, dash and underscore, at most 64."
  },
  {
    name: "notify-webhook",
    secret: "url",
    default: "",
    description: "A URL (a secret) that gets a message when notify-on says so: Slack incoming webhook, Microsoft Teams workflow webhook, or any URL (a JSON summary). Prefix slack:, teams: or json: when the host does not tell."
  },
  { name: "notify-on", default: "problems", description: "problems (failed or regressed), failure, always." },
  {
    name: "heartbeat-url",
    secret: "url",
    default: "",
    description: "A dead-man switch (healthchecks.io, Better Stack, Cronitor): requested after a drill that passes under fail-on, <heartbeat-url>/fail after one that does not. A secret; never echoed."
  }
];
function secretKindOf(name) {
  return INPUTS.find((i) => i.name === name)?.secret;
}

// src/config/plain-values.ts
var RESTRICTED_NAMES = ["prod", "production", "main", "live"];
function parseBooleanWord(s) {
  const v = s.trim().toLowerCase();
  if (["true", "yes", "1", "on"].includes(v)) return true;
  if (["false", "no", "0", "off", ""].includes(v)) return false;
  return null;
}
function isPostgresUrl(s) {
  try {
    const url = new URL(s);
    return url.protocol === "postgres:" || url.protocol === "postgresql:";
  } catch {
    return false;
  }
}
var EMPTY_IS_A_VALUE = /* @__PURE__ */ new Set(["artifact-name", "github-token"]);
function withDefaults(raw) {
  const out = {};
  for (const spec of INPUTS) {
    const given = raw[spec.name];
    const fallback = spec.default.startsWith("${{") ? "" : spec.default;
    const useDefault = given === void 0 || given.trim() === "" && !EMPTY_IS_A_VALUE.has(spec.name);
    out[spec.name] = useDefault ? fallback : given;
  }
  return out;
}

// src/config/host-policy.ts
import { isIP } from "node:net";
function hostOf(url) {
  return canonicalHost(url.hostname);
}
function isSingleLabelHost(host) {
  const canonical = canonicalHost(host);
  return isIP(canonical) === 0 && canonical !== "" && !canonical.includes(".") && !canonical.includes(":");
}
function tokenPolicy(apiUrl, allowInsecureHttp) {
  let url;
  try {
    url = new URL(apiUrl);
  } catch {
    return { allowed: false, reason: "api-url is not a valid URL" };
  }
  const host = hostOf(url);
  if (url.protocol === "https:") return { allowed: true, reason: "https" };
  if (url.protocol !== "http:") return { allowed: false, reason: `api-url uses ${url.protocol}, not http or https` };
  if (isLoopbackHost(host)) return { allowed: true, reason: `loopback host ${host}` };
  if (isSingleLabelHost(host)) return { allowed: true, reason: `single-label host ${host}` };
  if (allowInsecureHttp) return { allowed: true, reason: "allow-insecure-http is true" };
  return {
    allowed: false,
    reason: `the internal token is never sent over plain HTTP to ${host}: use https, a loopback or service-container host, or set allow-insecure-http: true`
  };
}
function targetProblem(target) {
  const v = target.trim().toLowerCase();
  if (RESTRICTED_NAMES.includes(v)) {
    return `api-target '${target}' is restricted for drill operations; expected drill or staging`;
  }
  if (v !== "drill" && v !== "staging") return `api-target '${target}' is not drill or staging`;
  return null;
}
function displayUrl(apiUrl) {
  try {
    const url = new URL(apiUrl);
    url.username = "";
    url.password = "";
    url.search = "";
    url.hash = "";
    return url.toString().replace(/\/+$/, "");
  } catch {
    return "(invalid api-url)";
  }
}

// src/config/database-target.ts
var SYSTEM_DATABASES = ["postgres", "template0", "template1"];
function adminDatabaseOf(databaseUrl) {
  const url = new URL(databaseUrl);
  const user = decodeURIComponent(url.username);
  return decodeURIComponent(url.pathname.replace(/^\//, "")) || url.searchParams.get("dbname") || user || "postgres";
}
function hostsOf(url) {
  const param = url.searchParams.get("host");
  const written = param ? param.split(",").map((h) => h.trim()) : [url.hostname];
  return written.map((h) => ({ written: h, host: h.startsWith("/") ? h : canonicalHost(h) }));
}
function remoteHostProblem(databaseUrl, allowRemote) {
  if (allowRemote) return null;
  const url = new URL(databaseUrl);
  for (const { written, host } of hostsOf(url)) {
    if (host === "" || host.startsWith("/") || isLoopbackHost(host) || isSingleLabelHost(host)) continue;
    const shown = written.replace(/^\[|\]$/g, "").toLowerCase() === host ? host : `${written} (that is ${host})`;
    return `database-url: the host ${shown} is neither loopback nor a single-label service-container name (such as postgres); the drill restores untrusted backups, so it only touches the job\u2019s own Postgres unless allow-remote-database is true`;
  }
  return null;
}
function drillDatabaseProblem(name, databaseUrl) {
  if (SYSTEM_DATABASES.includes(name)) {
    return `drill-database: '${name}' is one of the server's own databases (${SYSTEM_DATABASES.join(", ")}); name a dedicated drill database such as pickdriver_drill`;
  }
  if (name === adminDatabaseOf(databaseUrl)) {
    return `drill-database: '${name}' is the database database-url connects to; name a separate drill database`;
  }
  return null;
}

export {
  DEFAULT_DATABASE_URL,
  INPUTS,
  secretKindOf,
  RESTRICTED_NAMES,
  parseBooleanWord,
  isPostgresUrl,
  withDefaults,
  tokenPolicy,
  targetProblem,
  displayUrl,
  remoteHostProblem,
  drillDatabaseProblem
};
