import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  Deadline,
  postRestoreBudgetMs
} from "./chunk-JJMZJDTI.js";
import {
  madeWords
} from "./chunk-KJ4R23QH.js";
import {
  PostgresUnreachable,
  RESTRICT_RELEASES,
  childEnv,
  connectWhenReady,
  connected,
  connectionParts,
  dropDrillDatabase,
  newRunIdentity,
  pgClient,
  prepareDrillDatabase,
  psqlHasRestrict
} from "./chunk-MFMXUWMA.js";
import {
  checkReportDir
} from "./chunk-GOQBBC7E.js";
import {
  removeLeftoverTempDirs,
  writePrivateTempFile
} from "./chunk-4W44TVMQ.js";
import {
  addDecryptionKey,
  check
} from "./chunk-JBTATGD6.js";
import {
  ConfigError
} from "./chunk-6NM6FAV3.js";
import {
  parseDuration
} from "./chunk-CN5VJVNZ.js";
import {
  NEVER,
  _enum,
  boolean,
  number,
  strictObject,
  string,
  union
} from "./chunk-PSHNSFM7.js";
import {
  DEFAULT_DATABASE_URL
} from "./chunk-C4EZGGVE.js";
import {
  formatDuration
} from "./chunk-LIWSDS64.js";

// src/drill/progress.ts
function newProgress() {
  return {
    startedAt: /* @__PURE__ */ new Date(),
    checks: [],
    timings: {},
    backup: null,
    restore: null,
    database: null,
    migration: null,
    api: null,
    customCheckNames: []
  };
}
async function timed(timings, phase, fn) {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    timings[phase] = Math.round(performance.now() - started);
  }
}
function errorMessage(ctx, error) {
  return ctx.secrets.redact(error instanceof Error ? error.message : String(error));
}

// src/util/logger.ts
var HeldLogger = class {
  held = [];
  target = null;
  info(message) {
    this.add((to) => to.info(message));
  }
  debug(message) {
    this.add((to) => to.debug(message));
  }
  warning(message, props) {
    this.add((to) => to.warning(message, props));
  }
  error(message, props) {
    this.add((to) => to.error(message, props));
  }
  group(_name, fn) {
    return fn();
  }
  /** Writes the lines held to `to`, in order; later lines go straight there. */
  release(to) {
    this.target = to;
    for (const line of this.held.splice(0)) line(to);
  }
  add(line) {
    if (this.target) line(this.target);
    else this.held.push(line);
  }
};

// src/drill/drill-database-stage.ts
function startPreparing(ctx, state, session = null) {
  const log = new HeldLogger();
  const run2 = newRunIdentity(ctx.env);
  state.save({ runNonce: run2.nonce });
  const onRole = (role) => state.save({ drillRole: role });
  let onCreating = () => {
  };
  const creating = new Promise((resolve) => {
    onCreating = resolve;
  });
  const result = prepareDrillDatabase({ ...ctx, log }, { run: run2, onRole, session, onCreating }).then((prepared) => {
    if (prepared.origin !== "reused") {
      state.save({ createdDatabase: ctx.config.drillDatabase, databaseOid: prepared.databaseOid });
    }
    return prepared;
  });
  result.catch(() => {
  });
  const ended = result.then(
    () => {
    },
    () => {
    }
  );
  return { result, begun: Promise.race([creating, ended]), log };
}
async function abandonPreparing(ctx, state, preparing, log) {
  await preparing.result.catch(() => {
  });
  preparing.log.release(log);
  const made = state.get();
  const { createdDatabase, drillRole, databaseOid, runNonce } = made;
  if (createdDatabase === null && drillRole === null) return;
  const what = madeWords(made);
  try {
    await dropDrillDatabase(ctx.config.databaseUrl, createdDatabase, { nonce: runNonce, role: drillRole, databaseOid });
    state.save({ createdDatabase: null, databaseOid: null, drillRole: null });
    log.info(`Dropped ${what} again: made while the backup was read, but there is no verified backup to restore.`);
  } catch (error) {
    log.warning(`Could not drop ${what} yet; the cleanup will try again: ${errorMessage(ctx, error)}`);
  }
}

// src/clients/resolve.ts
import { existsSync } from "node:fs";
import { appendFile } from "node:fs/promises";
import path2 from "node:path";

// src/clients/apt-install.ts
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";

// src/clients/pgdg-key.ts
import { createHash } from "node:crypto";
var PGDG_KEY_FINGERPRINT = "B97B0AFCAA1A47F044F244A07FCC7D46ACCC4CF8";
var PGDG_KEY_URL = "https://www.postgresql.org/media/keys/ACCC4CF8.asc";
var PGDG_KEY_PATH = "/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc";
var PUBLIC_KEY = 6;
function dearmor(text) {
  if (text.split("-----BEGIN PGP PUBLIC KEY BLOCK-----").length > 2) throw new Error("more than one key block");
  const match = /-----BEGIN PGP PUBLIC KEY BLOCK-----\r?\n([\s\S]*?)-----END PGP PUBLIC KEY BLOCK-----/.exec(text);
  if (!match?.[1]) throw new Error("not an ASCII-armored OpenPGP public key");
  const lines = match[1].split(/\r?\n/);
  const blank = lines.findIndex((l) => l.trim() === "");
  const body = (lines.slice(0, Math.max(blank, 0)).some((l) => l.includes(":")) ? lines.slice(blank + 1) : lines).filter((l) => l.trim() !== "" && !l.startsWith("=")).join("");
  return Buffer.from(body, "base64");
}
function packets(data) {
  const out = [];
  let i = 0;
  while (i < data.length) {
    const head = data[i];
    if ((head & 128) === 0) throw new Error("not an OpenPGP packet");
    let tag;
    let length;
    if (head & 64) {
      tag = head & 63;
      const first = data[i + 1];
      if (first < 192) [length, i] = [first, i + 2];
      else if (first < 224) [length, i] = [(first - 192 << 8) + data[i + 2] + 192, i + 3];
      else if (first === 255) [length, i] = [data.readUInt32BE(i + 2), i + 6];
      else throw new Error("partial-length packets do not occur in a key");
    } else {
      tag = head >> 2 & 15;
      const type = head & 3;
      if (type === 0) [length, i] = [data[i + 1], i + 2];
      else if (type === 1) [length, i] = [data.readUInt16BE(i + 1), i + 3];
      else if (type === 2) [length, i] = [data.readUInt32BE(i + 1), i + 5];
      else throw new Error("indeterminate-length packets do not occur in a key");
    }
    if (i + length > data.length) throw new Error("the key is cut short");
    out.push({ tag, body: data.subarray(i, i + length) });
    i += length;
  }
  return out;
}
function primaryKeyFingerprints(armored) {
  return packets(dearmor(armored)).filter((p) => p.tag === PUBLIC_KEY).map((p) => {
    if (p.body[0] !== 4) throw new Error(`a version ${p.body[0]} key (only v4 is pinned here)`);
    const head = Buffer.from([153, p.body.length >> 8, p.body.length & 255]);
    return createHash("sha1").update(head).update(p.body).digest("hex").toUpperCase();
  });
}
function assertPgdgKey(armored, where) {
  let found;
  try {
    found = primaryKeyFingerprints(armored);
  } catch (e) {
    throw new Error(`${where} is not the PostgreSQL apt signing key: ${e.message}`);
  }
  if (found.length !== 1 || found[0] !== PGDG_KEY_FINGERPRINT) {
    throw new Error(
      `${where} is not the PostgreSQL apt signing key: it holds ${found.join(", ") || "no key"}, expected exactly ${PGDG_KEY_FINGERPRINT}`
    );
  }
}

// src/clients/apt-install.ts
var PGDG_LIST_PATH = "/etc/apt/sources.list.d/pgdg.list";
var COMMAND_DEADLINE_MS = 5 * 6e4;
var KEY_DEADLINE_MS = 3e4;
var IMAGE_CODENAMES = { ubuntu20: "focal", ubuntu22: "jammy", ubuntu24: "noble" };
function githubHostedUbuntu(env) {
  if (env.GITHUB_ACTIONS !== "true" || env.RUNNER_ENVIRONMENT !== "github-hosted" || env.RUNNER_OS !== "Linux") {
    return null;
  }
  return IMAGE_CODENAMES[env.ImageOS ?? ""] ?? null;
}
function installCommands(major, files, asRoot) {
  const sudo = (command, args) => asRoot ? { command, args } : { command: "sudo", args: ["-n", command, ...args] };
  return [
    ...files.key ? [sudo("install", ["-D", "-m", "0644", files.key, PGDG_KEY_PATH])] : [],
    sudo("install", ["-D", "-m", "0644", files.list, PGDG_LIST_PATH]),
    // Only the PostgreSQL list is read again: the runner's other lists need no update for this.
    sudo("apt-get", [
      "update",
      "-qq",
      "-o",
      `Dir::Etc::sourcelist=${PGDG_LIST_PATH}`,
      "-o",
      "Dir::Etc::sourceparts=-",
      "-o",
      "APT::Get::List-Cleanup=0"
    ]),
    sudo("env", [
      "DEBIAN_FRONTEND=noninteractive",
      "apt-get",
      "install",
      "-y",
      "-qq",
      "--no-install-recommends",
      `postgresql-client-${major}`
    ])
  ];
}
function sourcesLine(codename) {
  return `deb [signed-by=${PGDG_KEY_PATH}] https://apt.postgresql.org/pub/repos/apt ${codename}-pgdg main
`;
}
async function pgdgKey() {
  const local = await readFile(PGDG_KEY_PATH, "utf8").catch(() => null);
  if (local !== null) {
    try {
      assertPgdgKey(local, PGDG_KEY_PATH);
      return { text: local, present: true };
    } catch {
    }
  }
  const response = await fetch(PGDG_KEY_URL, { signal: AbortSignal.timeout(KEY_DEADLINE_MS) });
  if (!response.ok) throw new Error(`${PGDG_KEY_URL} answered ${response.status}`);
  const text = await response.text();
  assertPgdgKey(text, PGDG_KEY_URL);
  return { text, present: false };
}
function run(command, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command.command, command.args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (d) => {
      output = (output + d.toString()).slice(-2e3);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    const timer = setTimeout(() => child.kill("SIGKILL"), COMMAND_DEADLINE_MS);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`${command.command} could not run: ${e.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `${[command.command, ...command.args].join(" ")} failed (${signal ?? `exit ${code}`}): ${output.trim()}`
          )
        );
    });
  });
}
async function aptInstallClient(major, codename, env, log) {
  const key = await pgdgKey();
  const keyFile = key.present ? null : await writePrivateTempFile("pgdg", "pgdg.asc", key.text, env);
  const listFile = await writePrivateTempFile("pgdg", "pgdg.list", sourcesLine(codename), env);
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const commands = installCommands(major, { key: keyFile?.file ?? null, list: listFile.file }, asRoot);
  const childEnvironment = childEnv(env);
  try {
    for (const command of commands) {
      log.info(`pg-client-install: ${[command.command, ...command.args].join(" ")}`);
      await run(command, childEnvironment);
    }
  } finally {
    await Promise.all([keyFile?.dispose(), listFile.dispose()]);
  }
}

// src/clients/installed.ts
import { execFile } from "node:child_process";
import { access, constants, readdir, realpath } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
var execFileAsync = promisify(execFile);
function usualFolders() {
  return [
    { root: "/usr/lib/postgresql", pattern: /^\d+$/, bin: "bin" },
    { root: "/usr", pattern: /^pgsql-\d+$/, bin: "bin" },
    { root: "/opt/homebrew/opt", pattern: /^(libpq|postgresql@\d+)$/, bin: "bin" },
    { root: "/usr/local/opt", pattern: /^(libpq|postgresql@\d+)$/, bin: "bin" }
  ];
}
function parseClientVersion(stdout) {
  const match = /\)\s+(\d+)(?:\.(\d+))?/.exec(stdout) ?? /(\d+)(?:\.(\d+))?/.exec(stdout);
  if (!match) return null;
  const major = Number(match[1]);
  return { version: match[2] ? `${match[1]}.${match[2]}` : String(major), major };
}
async function executable(file) {
  return access(file, constants.X_OK).then(
    () => true,
    () => false
  );
}
async function clientIn(dir, source) {
  const file = path.join(dir, "pg_restore");
  if (!await executable(file)) return null;
  try {
    const { stdout } = await execFileAsync(file, ["--version"], { env: childEnv(process.env), timeout: 2e4 });
    const parsed = parseClientVersion(stdout);
    return parsed ? { dir, ...parsed, source } : null;
  } catch {
    return null;
  }
}
async function candidateFolders(env, extra) {
  const found = extra.map((dir) => [dir, "installed"]);
  for (const { root, pattern, bin } of usualFolders()) {
    const names = await readdir(root).catch(() => []);
    for (const name of names.filter((n) => pattern.test(n)).sort())
      found.push([path.join(root, name, bin), "install folder"]);
  }
  for (const dir of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) found.push([dir, "PATH"]);
  return found;
}
var cache = /* @__PURE__ */ new Map();
function installedClients(pgBinDir, env = process.env, extra = []) {
  const key = `${pgBinDir ?? ""}\0${env.PATH ?? ""}\0${extra.join("\0")}`;
  let found = cache.get(key);
  if (!found) {
    found = discover(pgBinDir, env, extra);
    cache.set(key, found);
  }
  return found;
}
async function discover(pgBinDir, env, extra) {
  if (pgBinDir) {
    const one = await clientIn(pgBinDir, "pg-bin-dir");
    return one ? [one] : [];
  }
  const folders = await candidateFolders(env, extra);
  const real = await Promise.all(
    folders.map(async ([dir]) => {
      const tool = await realpath(path.join(dir, "pg_restore")).catch(() => null);
      return tool !== null && path.basename(tool) === "pg_wrapper" ? null : realpath(dir).catch(() => null);
    })
  );
  const seen = /* @__PURE__ */ new Set();
  const unique = [];
  folders.forEach((folder, i) => {
    const id = real[i];
    if (!id || seen.has(id)) return;
    seen.add(id);
    unique.push(folder);
  });
  const clients = await Promise.all(unique.map(([dir, source]) => clientIn(dir, source)));
  const versions = /* @__PURE__ */ new Set();
  return clients.filter((c) => {
    if (c === null || versions.has(c.version)) return false;
    versions.add(c.version);
    return true;
  });
}
function forgetInstalledClients() {
  cache.clear();
}

// src/clients/pick.ts
function routeFor(tool, clientMajor, serverMajor) {
  return tool === "pg_restore" && clientMajor >= 17 && serverMajor < 17 ? "settings-ignored" : "direct";
}
var minor = (c) => Number(c.version.split(".")[1] ?? 0);
var byPreference = (a, b) => a.major - b.major || minor(b) - minor(a);
function pickClient(clients, need) {
  const fits = (c) => (need.minMajor === null || c.major >= need.minMajor) && (need.tool !== "psql" || psqlHasRestrict(c));
  const readers = clients.filter(fits).sort(byPreference);
  const server = need.serverMajor ?? Number.POSITIVE_INFINITY;
  const within = readers.filter((c) => c.major <= server);
  const chosen = within[0] ?? readers[0];
  const needs = need.minMajor === null ? "" : ` (${need.minMajor} or newer)`;
  if (chosen) {
    const route = routeFor(need.tool, chosen.major, server);
    const reason = chosen.source === "pg-bin-dir" ? "pg-bin-dir" : within[0] ? `the lowest installed client that reads this backup${needs} and is not newer than the server (${need.serverMajor})` : `only newer clients than the server (${need.serverMajor}) read this backup${needs}: the lowest of them`;
    return { client: chosen, reason, route };
  }
  const neededMajor = need.serverMajor === null || need.minMajor !== null && need.minMajor > need.serverMajor ? need.minMajor : need.serverMajor;
  const installed = clients.map((c) => c.version).join(", ") || "none";
  const restrict = need.tool === "psql" && clients.some((c) => need.minMajor === null || c.major >= need.minMajor) ? ` with \\restrict (psql ${RESTRICT_RELEASES})` : "";
  return {
    client: null,
    neededMajor,
    why: `no installed ${need.tool}${restrict} reads this backup${needs} (installed: ${installed})`
  };
}

// src/clients/resolve.ts
var NoClientError = class extends Error {
  constructor(message, neededMajor) {
    super(message);
    this.neededMajor = neededMajor;
    this.name = "NoClientError";
  }
  neededMajor;
};
var installedHere = /* @__PURE__ */ new Set();
function clientRemedy(major, ctx) {
  const m = major ?? "<major>";
  if (ctx.config.pgBinDir) {
    return `set pg-bin-dir to the bin folder of a PostgreSQL ${m} client (or leave it empty so the drill picks one)`;
  }
  if (githubHostedUbuntu(ctx.env)) {
    return `set pg-client-install: auto, which installs postgresql-client-${m} on this runner`;
  }
  if (process.platform === "darwin") return `brew install postgresql@${m} (or set pg-bin-dir to its bin folder)`;
  if (existsSync("/etc/redhat-release")) {
    return `install postgresql${m} from https://yum.postgresql.org (or set pg-bin-dir to /usr/pgsql-${m}/bin)`;
  }
  if (existsSync("/etc/debian_version")) {
    return `install postgresql-client-${m} from the PostgreSQL apt repository (https://wiki.postgresql.org/wiki/Apt), or set pg-bin-dir to the bin folder of a PostgreSQL ${m} client`;
  }
  return `install the PostgreSQL ${m} client tools, or set pg-bin-dir to their bin folder`;
}
function lookForClients(ctx) {
  installedClients(ctx.config.pgBinDir, ctx.env).catch(() => {
  });
}
async function resolveClient(ctx, need) {
  const choice = pickClient(await installedClients(ctx.config.pgBinDir, ctx.env), need);
  if (choice.client) {
    const reason = installedHere.has(choice.client.version) ? "installed" : choice.reason;
    return { client: choice.client, reason, route: choice.route };
  }
  const major = choice.neededMajor;
  const codename = githubHostedUbuntu(ctx.env);
  if (ctx.config.pgClientInstall !== "auto" || ctx.config.pgBinDir || codename === null || major === null) {
    throw new NoClientError(`${choice.why}: ${clientRemedy(major, ctx)}`, major);
  }
  ctx.log.info(
    `pg-client-install: ${choice.why}; installing postgresql-client-${major} from the PostgreSQL apt repository`
  );
  try {
    await aptInstallClient(major, codename, ctx.env, ctx.log);
  } catch (e) {
    throw new NoClientError(
      `${choice.why}; pg-client-install could not install postgresql-client-${major}: ${e.message}`,
      major
    );
  }
  forgetInstalledClients();
  const after = pickClient(await installedClients(null, ctx.env, [`/usr/lib/postgresql/${major}/bin`]), need);
  if (!after.client || after.client.major !== major) {
    throw new NoClientError(
      `pg-client-install installed postgresql-client-${major}, but no PostgreSQL ${major} client was found afterwards`,
      major
    );
  }
  installedHere.add(after.client.version);
  await addToPath(ctx, after.client.dir);
  ctx.log.info(`pg-client-install: installed PostgreSQL ${after.client.version} client in ${after.client.dir}`);
  return { client: after.client, reason: "installed", route: after.route };
}
async function addToPath(ctx, dir) {
  const parts = (ctx.env.PATH ?? "").split(path2.delimiter);
  if (!parts.includes(dir)) ctx.env.PATH = [dir, ...parts].filter(Boolean).join(path2.delimiter);
  if (ctx.env.GITHUB_PATH) await appendFile(ctx.env.GITHUB_PATH, `${dir}
`);
}
async function toolForVerify(ctx, tool, minMajor, serverMajor = null) {
  const as = (client) => ({
    name: tool,
    path: path2.join(client.dir, tool),
    version: client.version,
    major: client.major
  });
  try {
    return as((await resolveClient(ctx, { tool, minMajor, serverMajor })).client);
  } catch (error) {
    const newest = [...await installedClients(ctx.config.pgBinDir, ctx.env)].sort((a, b) => b.major - a.major)[0];
    if (newest) return as(newest);
    throw error;
  }
}

// src/inspect/custom-checks.ts
import path3 from "node:path";

// src/util/connection-queue.ts
var CONTROL_TIMEOUT_MS = 1e4;
var QueueConnectError = class extends Error {
  constructor(cause) {
    super(cause?.message ?? String(cause), { cause });
    this.name = "QueueConnectError";
  }
};
var ConnectionQueue = class {
  /**
   * `size` connections at most, each a client `connect` makes (not yet connected);
   * `makeControlClient` makes the one that ends sessions still busy when the queue is closed.
   */
  constructor(makeClient, size, makeControlClient = makeClient, handover = {}) {
    this.makeClient = makeClient;
    this.size = size;
    this.makeControlClient = makeControlClient;
    this.handover = handover;
  }
  makeClient;
  size;
  makeControlClient;
  handover;
  idle = [];
  all = /* @__PURE__ */ new Set();
  pending = [];
  opening = 0;
  order = 0;
  closed = false;
  /** Runs `task` on a free connection; a higher `weight` (a table's bytes, say) goes first. */
  run(task, weight = 0) {
    if (this.closed) return Promise.reject(new Error("the connection queue is closed"));
    return new Promise((resolve, reject) => {
      this.pending.push({ weight, order: this.order++, task, resolve, reject });
      this.dispatch();
    });
  }
  /**
   * Ends every connection; tasks still waiting are refused. A connection still busy (the phase's
   * deadline passed) has its server session ended first: a statement of the backup's making may
   * set statement_timeout to 0 for itself or swallow the cancel it sends, and a server busy in
   * it never reads the client's goodbye, so it would run on (and the client wait on it) for good.
   */
  async close() {
    this.closed = true;
    for (const p of this.pending.splice(0)) p.reject(new Error("the connection queue was closed"));
    const busy = [...this.all].filter((c) => !this.idle.includes(c));
    if (busy.length > 0) await this.terminate(busy);
    const left = [...this.all].filter((c) => !this.idle.includes(c) || !this.handover.leaveIn?.put(c));
    await Promise.all(left.map((c) => c.end().catch(() => {
    })));
    this.all.clear();
    this.idle.length = 0;
  }
  terminate(busy) {
    return terminateSessions(this.makeControlClient, busy);
  }
  next() {
    let best = -1;
    for (let i = 0; i < this.pending.length; i++) {
      const p = this.pending[i];
      const b = this.pending[best];
      if (!b || p.weight > b.weight || p.weight === b.weight && p.order < b.order) best = i;
    }
    return best === -1 ? void 0 : this.pending.splice(best, 1)[0];
  }
  dispatch() {
    while (this.pending.length > 0 && this.idle.length > 0) {
      this.start(this.idle.pop(), this.next());
    }
    while (this.pending.length > this.opening && this.all.size + this.opening < this.size && !this.closed) {
      this.open();
    }
  }
  /** A session another phase left (fitted to this queue), else a new one. */
  async connectOne() {
    const spare = this.handover.takeFrom?.take();
    if (spare) {
      try {
        await this.handover.ready?.(spare);
        return spare;
      } catch {
        await spare.end().catch(() => {
        });
      }
    }
    const client = this.makeClient();
    client.on("error", () => {
    });
    return connected(client);
  }
  open() {
    this.opening += 1;
    this.connectOne().then(
      (client) => {
        this.opening -= 1;
        if (this.closed) {
          void client.end().catch(() => {
          });
          return;
        }
        this.all.add(client);
        this.idle.push(client);
        this.dispatch();
      },
      (cause) => {
        const error = new QueueConnectError(cause);
        this.opening -= 1;
        this.next()?.reject(error);
        if (this.all.size === 0 && this.opening === 0) {
          for (const p of this.pending.splice(0)) p.reject(error);
        }
        this.dispatch();
      }
    );
  }
  start(client, p) {
    const release = () => {
      if (!this.closed) this.idle.push(client);
      this.dispatch();
    };
    p.task(client).then(
      (value) => {
        release();
        p.resolve(value);
      },
      (error) => {
        release();
        p.reject(error);
      }
    );
  }
};
function drillQueue(drillUrl, size, deadline, spare = {}) {
  return new ConnectionQueue(
    () => pgClient(drillUrl, { statementTimeoutMs: deadline.statementTimeoutMs }),
    size,
    // Its own bounds: it is made when the phase's time is up.
    () => controlClient(drillUrl),
    {
      ...spare,
      // As a fresh session would be: what the last phase's statements set (a function of the
      // backup's making, run by a check, may set anything for the session) back to the pinned
      // settings, then this queue's user and deadline.
      ready: async (client) => {
        await client.query("DISCARD ALL");
        await client.query(
          "SELECT pg_catalog.set_config('role', 'none', false), pg_catalog.set_config('statement_timeout', $1, false)",
          [String(Math.ceil(deadline.statementTimeoutMs))]
        );
      }
    }
  );
}
async function terminateSessions(makeControlClient, clients) {
  const pids = clients.map((c) => c.processID).filter(Number.isInteger);
  if (pids.length === 0) return;
  const control = makeControlClient();
  control.on("error", () => {
  });
  try {
    await control.connect();
    await control.query(
      "SELECT pg_catalog.pg_terminate_backend(p) FROM pg_catalog.unnest($1::pg_catalog.int4[]) AS p",
      [pids]
    );
  } catch {
  } finally {
    await control.end().catch(() => {
    });
  }
}
function controlClient(drillUrl) {
  return pgClient(drillUrl, { statementTimeoutMs: CONTROL_TIMEOUT_MS, connectionTimeoutMillis: CONTROL_TIMEOUT_MS });
}

// src/inspect/checks-file.ts
import { readFile as readFile2 } from "node:fs/promises";
var DEFAULT_TIMEOUT_MS = 6e4;
var EXPECT_RE = /^(=|==|!=|<>|>=|>|<=|<)?\s*(-?\d+(?:\.\d+)?)$/;
function parseExpectation(text) {
  const t = text.trim().toLowerCase();
  if (t === "true" || t === "false") return { kind: "boolean", value: t === "true" };
  const m = EXPECT_RE.exec(t);
  if (!m) return null;
  const raw = m[1] ?? "=";
  const op = raw === "==" ? "=" : raw === "<>" ? "!=" : raw;
  return { kind: "number", op, value: Number(m[2]) };
}
var durationText = union([string(), number()]).transform((v, ctx) => {
  const ms = parseDuration(String(v));
  if (ms === null) {
    ctx.addIssue({ code: "custom", message: `expected a duration such as 30s, 12h or 2d, got '${v}'` });
    return NEVER;
  }
  return ms;
});
var identifier = /[A-Za-z_][A-Za-z0-9_$]*/.source;
var tableName = string().regex(new RegExp(`^${identifier}(\\.${identifier})?$`), "expected a table name such as users or public.users");
var base = {
  name: string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "expected letters, digits, _ . - (the check id is custom.<name>)"),
  severity: _enum(["fail", "warn"]).default("fail"),
  description: string().optional(),
  timeout: durationText.optional()
};
var expectText = union([string(), number(), boolean()]).transform((v, ctx) => {
  const parsed = parseExpectation(String(v));
  if (!parsed) {
    ctx.addIssue({
      code: "custom",
      message: `expected '= n', '!= n', '>= n', '> n', '<= n', '< n', true or false, got '${v}'`
    });
    return NEVER;
  }
  return { text: String(v), parsed };
});
var sqlSchema = strictObject({
  ...base,
  sql: string().trim().min(1),
  expect: expectText.default({ text: "true", parsed: { kind: "boolean", value: true } })
});
var minRowsSchema = strictObject({ ...base, table: tableName, "min-rows": number().int().min(0) });
var freshnessSchema = strictObject({
  ...base,
  table: tableName,
  "timestamp-column": string().regex(new RegExp(`^${identifier}$`), "expected a column name"),
  "max-age": durationText
});
function issuePath(path5) {
  return path5.map((p) => typeof p === "number" ? `[${p}]` : `.${String(p)}`).join("");
}
function toCheck(entry, index, problems) {
  const where = `checks[${index}]`;
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
    problems.push(`${where}: expected a mapping with a name and one of sql, min-rows or timestamp-column + max-age`);
    return null;
  }
  const keys = Object.keys(entry);
  const schema = keys.includes("sql") ? sqlSchema : keys.includes("min-rows") ? minRowsSchema : keys.includes("max-age") || keys.includes("timestamp-column") ? freshnessSchema : null;
  if (schema === null) {
    problems.push(
      `${where}: expected one of sql (with expect), table + min-rows, or table + timestamp-column + max-age`
    );
    return null;
  }
  const parsed = schema.safeParse(entry);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${where}${issuePath(issue.path)}: ${issue.message}`);
    return null;
  }
  const v = parsed.data;
  const common = {
    name: v.name,
    severity: v.severity,
    description: v.description ?? null,
    timeoutMs: v.timeout ?? DEFAULT_TIMEOUT_MS
  };
  if ("sql" in v) return { ...common, kind: "sql", sql: v.sql, expect: v.expect.parsed, expectText: v.expect.text };
  if ("min-rows" in v) return { ...common, kind: "min-rows", table: v.table, minRows: v["min-rows"] };
  return {
    ...common,
    kind: "freshness",
    table: v.table,
    timestampColumn: v["timestamp-column"],
    maxAgeMs: v["max-age"]
  };
}
async function parseChecksFile(text, file) {
  const yaml = await import("./dist-WKCQXHJ2.js");
  const parseYaml = yaml.parse ?? yaml.default?.parse;
  const fail = (problems2) => new ConfigError(problems2.map((p) => `checks-file (${file}): ${p}`));
  let doc;
  try {
    doc = parseYaml(text);
  } catch (error) {
    throw fail([`not valid YAML or JSON: ${error.message.split("\n")[0]}`]);
  }
  const checks = doc?.checks;
  if (typeof doc !== "object" || doc === null || !Array.isArray(checks)) {
    throw fail(["expected a top-level 'checks' list"]);
  }
  const extraKeys = Object.keys(doc).filter((k) => k !== "checks");
  const problems = extraKeys.map((k) => `unknown top-level key '${k}' (only 'checks' is read)`);
  if (checks.length === 0) problems.push("'checks' is empty");
  const parsed = checks.map((entry, i) => toCheck(entry, i, problems));
  const seen = /* @__PURE__ */ new Set();
  for (const c of parsed) {
    if (c === null) continue;
    if (seen.has(c.name)) problems.push(`the name '${c.name}' is used twice (check ids must be unique)`);
    seen.add(c.name);
  }
  if (problems.length > 0) throw fail(problems);
  return parsed;
}
async function loadChecksFile(file) {
  let text;
  try {
    text = await readFile2(file, "utf8");
  } catch (error) {
    throw new ConfigError([
      `checks-file (${file}): cannot be read: ${error.code ?? error.message}`
    ]);
  }
  return parseChecksFile(text, file);
}

// src/inspect/custom-checks.ts
var quoteQualified = (name) => name.split(".").map((part) => `"${part.replace(/"/g, '""')}"`).join(".");
async function readOnly(client, timeoutMs, sql) {
  await client.query("BEGIN READ ONLY");
  try {
    await client.query(`SET LOCAL statement_timeout = ${Math.round(timeoutMs)}`);
    const result = await client.query({ text: sql, rowMode: "array", queryMode: "extended" });
    return result.rows;
  } finally {
    await client.query("ROLLBACK").catch(() => {
    });
  }
}
function compare(value, expect) {
  if (expect.kind === "boolean") {
    const b = value === true || value === "t" || value === "true" ? true : value === false || value === "f" || value === "false" ? false : null;
    return b === expect.value;
  }
  if (value === null || value === void 0 || value === "" || typeof value === "object") return false;
  const n = Number(value);
  if (Number.isNaN(n)) return false;
  switch (expect.op) {
    case "=":
      return n === expect.value;
    case "!=":
      return n !== expect.value;
    case ">=":
      return n >= expect.value;
    case ">":
      return n > expect.value;
    case "<=":
      return n <= expect.value;
    case "<":
      return n < expect.value;
  }
}
async function evaluate(client, c) {
  if (c.kind === "sql") {
    const rows2 = await readOnly(client, c.timeoutMs, c.sql);
    const first = rows2[0];
    if (first === void 0 || first.length === 0) {
      return {
        passed: false,
        summary: `the query returned no rows (expected ${c.expectText})`,
        details: { value: null }
      };
    }
    const value = first[0] instanceof Date ? first[0].toISOString() : first[0];
    const passed = compare(value, c.expect);
    return {
      passed,
      summary: `returned ${JSON.stringify(value)}, expected ${c.expectText}`,
      details: { value, expect: c.expectText }
    };
  }
  if (c.kind === "min-rows") {
    const rows2 = await readOnly(
      client,
      c.timeoutMs,
      `SELECT pg_catalog.count(*)::text FROM ${quoteQualified(c.table)}`
    );
    const count = Number(rows2[0]?.[0] ?? 0);
    return {
      passed: count >= c.minRows,
      summary: `${c.table} has ${count} rows (minimum ${c.minRows})`,
      details: { table: c.table, rows: count, minRows: c.minRows }
    };
  }
  const column = quoteQualified(c.timestampColumn);
  const rows = await readOnly(
    client,
    c.timeoutMs,
    `SELECT pg_catalog.max(${column})::text,
            extract(epoch FROM pg_catalog.now() OPERATOR(pg_catalog.-) pg_catalog.max(${column}))::float8
       FROM ${quoteQualified(c.table)}`
  );
  const [newest, ageSeconds] = rows[0] ?? [null, null];
  const limit = formatDuration(c.maxAgeMs);
  if (newest === null || ageSeconds === null) {
    return {
      passed: false,
      summary: `${c.table} has no rows with ${c.timestampColumn} (max age ${limit})`,
      details: { newest: null }
    };
  }
  const ageMs = ageSeconds * 1e3;
  return {
    passed: ageMs <= c.maxAgeMs,
    summary: `newest ${c.table}.${c.timestampColumn} is ${formatDuration(Math.max(0, ageMs))} old (max ${limit})`,
    details: {
      table: c.table,
      column: c.timestampColumn,
      newest,
      ageSeconds: Math.round(ageSeconds),
      maxAgeSeconds: c.maxAgeMs / 1e3
    }
  };
}
async function loadCustomChecks(ctx) {
  const file = ctx.config.checksFile;
  return file ? loadChecksFile(path3.resolve(file)) : [];
}
async function runCustomChecks(ctx, drillUrl, preloaded, deadline = new Deadline(postRestoreBudgetMs(null, ctx.config.restoreTimeoutMs), "the checks-file checks")) {
  const checks = preloaded ?? await loadCustomChecks(ctx);
  if (checks.length === 0) return [];
  ctx.secrets.addUrl(drillUrl);
  const redact = (text) => ctx.secrets.redact(text);
  const client = pgClient(drillUrl, { statementTimeoutMs: deadline.statementTimeoutMs, searchPath: "public" });
  const connectStarted = performance.now();
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {
    });
    const message = redact(error.message);
    return checks.map(
      (c) => check(
        `custom.${c.name}`,
        c.severity,
        `could not connect to the drill database: ${message}`,
        null,
        connectStarted
      )
    );
  }
  const results = [];
  try {
    for (const c of checks) {
      const startedAt = performance.now();
      const id = `custom.${c.name}`;
      if (deadline.remainingMs === 0) {
        const why = `not run: ${deadline.what} did not finish within ${formatDuration(deadline.totalMs)}`;
        results.push(check(id, c.severity, why, { description: c.description }, startedAt));
        continue;
      }
      try {
        const timeoutMs = Math.max(1, Math.min(c.timeoutMs, deadline.remainingMs));
        const expire = () => void terminateSessions(() => controlClient(drillUrl), [client]).finally(() => client.end().catch(() => {
        }));
        const verdict = await deadline.race(evaluate(client, { ...c, timeoutMs }), expire);
        const details = { ...verdict.details, description: c.description, severity: c.severity };
        results.push(check(id, verdict.passed ? "ok" : c.severity, verdict.summary, details, startedAt));
      } catch (error) {
        const message = redact(error.message);
        results.push(
          check(id, c.severity, `the check's query failed: ${message}`, { description: c.description }, startedAt)
        );
      }
    }
  } finally {
    await client.end().catch(() => {
    });
  }
  const failed = results.filter((r) => r.status !== "ok").length;
  ctx.log.info(`custom checks: ${results.length - failed}/${results.length} passed (${ctx.config.checksFile})`);
  return results;
}

// src/restore/preflight.ts
import { existsSync as existsSync2 } from "node:fs";
import os from "node:os";
import path4 from "node:path";
import { performance as performance2 } from "node:perf_hooks";
var OLDEST_SERVER_MAJOR = 13;
function passwordOrigin(databaseUrl, env, defaultUrl) {
  const url = new URL(databaseUrl);
  if (url.password) {
    return databaseUrl === defaultUrl ? "database-url's default (postgresql://postgres:postgres@localhost:5432/postgres): set database-url to your server's credentials" : "the password in database-url (the input, --database-url or INPUT_DATABASE_URL)";
  }
  if (env.PGPASSWORD) return "PGPASSWORD in the environment (database-url has no password)";
  const passfile = env.PGPASSFILE || path4.join(env.HOME || os.homedir(), ".pgpass");
  if (existsSync2(passfile))
    return `the password file ${passfile} (database-url has no password and PGPASSWORD is not set)`;
  return "nowhere: database-url has no password, PGPASSWORD is not set and there is no ~/.pgpass";
}
function refusalHint(ctx, error, defaultUrl) {
  const { host, port, user, database } = connectionParts(ctx.config.databaseUrl);
  const who = `user ${user ?? "(the login name)"} at ${host}:${port}`;
  const said = ctx.secrets.redact(error.message ?? String(error));
  switch (error.code) {
    case "28P01":
      return `the server refused the password of ${who}: ${said}. The password came from ${passwordOrigin(ctx.config.databaseUrl, ctx.env, defaultUrl)}; it must match the server's (a service container's POSTGRES_PASSWORD)`;
    case "28000":
      return `the server refused ${who}: ${said}. Check the user name in database-url and the server's pg_hba.conf`;
    case "3D000":
      return `database ${database} does not exist on ${host}:${port}: ${said}. database-url must name a database that exists (postgres usually does)`;
    default:
      return `${who} could not connect: ${said}`;
  }
}
async function checkDatabaseServer(ctx, defaultUrl, wait = {}, keep = false) {
  const kept = { session: null };
  const result = await judgeServer(ctx, defaultUrl, wait, keep ? kept : null);
  if (kept.session && !result.ok) await kept.session.end().catch(() => {
  });
  return { ...result, session: result.ok ? kept.session : null };
}
async function judgeServer(ctx, defaultUrl, wait, keep) {
  const started = performance2.now();
  const { host, port } = connectionParts(ctx.config.databaseUrl);
  const fail = (summary, details2 = {}) => ({
    ok: false,
    serverVersion: details2.serverVersion ?? null,
    serverMajor: null,
    failure: check(
      "restore.completed",
      "fail",
      ctx.secrets.redact(`the database server was checked before the backup was touched: ${summary}`),
      { phase: "preflight", host, port, ...details2 },
      started
    )
  });
  let facts;
  try {
    const client = await connectWhenReady(ctx.config.databaseUrl, { redact: (t) => ctx.secrets.redact(t), ...wait });
    try {
      const { rows } = await client.query(
        `SELECT pg_catalog.current_setting('server_version') AS version,
                pg_catalog.current_setting('server_version_num') AS num,
                r.rolname AS user, r.rolsuper AS superuser, r.rolcreatedb AS createdb, r.rolcreaterole AS createrole,
                EXISTS (SELECT FROM pg_catalog.pg_database d WHERE d.datname OPERATOR(pg_catalog.=) $1) AS exists
           FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) CURRENT_USER`,
        [ctx.config.drillDatabase]
      );
      const row = rows[0];
      if (!row) return fail("the database-url role is not in pg_roles");
      facts = {
        version: row.version.split(" ")[0] ?? row.version,
        versionNum: Number(row.num),
        user: row.user,
        superuser: row.superuser,
        createDb: row.createdb,
        createRole: row.createrole,
        drillDatabaseExists: row.exists
      };
    } finally {
      if (keep) keep.session = client;
      else await client.end().catch(() => {
      });
    }
  } catch (error) {
    if (error instanceof PostgresUnreachable) {
      const cause = error.cause;
      const summary = cause?.code ? refusalHint(ctx, cause, defaultUrl) : error.message;
      return fail(summary, { reachable: cause?.code !== void 0, code: cause?.code ?? null });
    }
    return fail(refusalHint(ctx, error, defaultUrl), { code: error.code ?? null });
  }
  const major = Math.floor(facts.versionNum / 1e4);
  const details = { serverVersion: facts.version, user: facts.user };
  if (major < OLDEST_SERVER_MAJOR) {
    return fail(
      `PostgreSQL ${facts.version} at ${host}:${port} is older than ${OLDEST_SERVER_MAJOR}, the oldest major the drill restores into; use a server of ${OLDEST_SERVER_MAJOR} or newer (the production major)`,
      details
    );
  }
  const privileged = facts.superuser;
  if (!facts.drillDatabaseExists && !privileged && !facts.createDb) {
    return fail(
      `the database-url role ${facts.user} may not create the drill database ${ctx.config.drillDatabase} (it has neither SUPERUSER nor CREATEDB): grant it CREATEDB, or pre-provision the database`,
      details
    );
  }
  if (ctx.config.restoreRole === "drill" && !privileged && !facts.createRole) {
    return fail(
      `the database-url role ${facts.user} may not create roles (it has neither SUPERUSER nor CREATEROLE), so the drill cannot restore as a role of its own: grant it CREATEROLE (ALTER ROLE ${facts.user} CREATEROLE), or set restore-role: admin`,
      details
    );
  }
  ctx.log.info(
    `Database server: PostgreSQL ${facts.version} at ${host}:${port}, connected as ${facts.user}${privileged ? " (superuser)" : ""}`
  );
  return { ok: true, failure: null, serverVersion: facts.version, serverMajor: major };
}

// src/drill/start.ts
function registerSecrets(ctx) {
  const { config, secrets } = ctx;
  secrets.addUrl(config.databaseUrl);
  for (const token of config.internalTokens) secrets.add(token);
  secrets.add(config.githubToken);
  secrets.add(config.reportSigningKey);
  addDecryptionKey(secrets, config.backupDecryptionKey);
  secrets.add(ctx.env.AWS_SECRET_ACCESS_KEY);
  secrets.add(ctx.env.AWS_SESSION_TOKEN);
  secrets.addUrl(config.backupSource);
  secrets.add(config.notifyWebhook?.url);
  secrets.add(config.heartbeatUrl);
}
async function startDrill(ctx, state, progress) {
  const { config, log } = ctx;
  registerSecrets(ctx);
  lookForClients(ctx);
  const early = !config.maintenanceMode;
  const checking = timed(
    progress.timings,
    "preflight",
    () => log.group("Database server", () => checkDatabaseServer(ctx, DEFAULT_DATABASE_URL, {}, early))
  );
  let customChecks;
  try {
    for (const dir of await removeLeftoverTempDirs(ctx.env))
      log.info(`Removed ${dir}: a temporary folder left by a drill that was killed before it could remove it.`);
    await checkReportDir(config, ctx.env);
    customChecks = await loadCustomChecks(ctx);
  } catch (error) {
    await checking.then((p) => p.session?.end()).catch(() => {
    });
    throw error;
  }
  progress.customCheckNames = customChecks.map((c) => c.name);
  const preflight = await checking;
  const preparing = preflight.ok && preflight.session ? startPreparing(ctx, state, preflight.session) : null;
  return { customChecks, preflight, preparing };
}

export {
  newProgress,
  timed,
  errorMessage,
  resolveClient,
  toolForVerify,
  QueueConnectError,
  ConnectionQueue,
  drillQueue,
  runCustomChecks,
  startPreparing,
  abandonPreparing,
  startDrill
};
