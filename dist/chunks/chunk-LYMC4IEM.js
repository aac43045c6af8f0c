import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  readReportFile
} from "./chunk-SKOUYL5F.js";
import {
  pingHeartbeat,
  sendNotification,
  shouldNotify
} from "./chunk-24LXJ7HI.js";
import {
  RESULT_MARK,
  TOOL_VERSION,
  cell,
  code,
  codeCell,
  formatDuration,
  inline,
  listSome,
  matchesGlob,
  plural,
  redactDeep,
  runInfoFromEnv,
  table
} from "./chunk-ROEGHXHL.js";
import {
  markdownLinkUrl
} from "./chunk-ZOEOBCSS.js";
import {
  shouldFail
} from "./chunk-VUQJBVW6.js";
import {
  SIGNATURE_FILE,
  parseSignature,
  sha256Of,
  verifyReportSignature
} from "./chunk-GOQBBC7E.js";
import {
  makeTempDir
} from "./chunk-4W44TVMQ.js";
import {
  sanitizeName
} from "./chunk-CN4I7IFA.js";
import {
  ConfigError,
  DRILL_NAME_RE,
  heartbeatUrlInput,
  notifyOnInput,
  notifyWebhookInput,
  retention
} from "./chunk-6NM6FAV3.js";
import {
  NEVER,
  _enum,
  array,
  number,
  object,
  string,
  unknown
} from "./chunk-PSHNSFM7.js";
import {
  secretKindOf
} from "./chunk-C4EZGGVE.js";

// src/fleet/fleet-announcement.ts
var SUMMARY_LIMIT = 300;
function fleetAnnouncement(fleet) {
  const one = (text) => text.length > SUMMARY_LIMIT ? `${text.slice(0, SUMMARY_LIMIT - 1)}\u2026` : text;
  return {
    subject: "fleet",
    title: `PickDriver backup fleet (${fleet.drills.length} drill${fleet.drills.length === 1 ? "" : "s"})`,
    result: fleet.result,
    drillName: null,
    repository: fleet.run.repository,
    workflow: fleet.run.workflow,
    trigger: fleet.run.trigger,
    ref: fleet.run.ref,
    runUrl: fleet.run.runUrl,
    backup: null,
    // A custom check's summary may quote what its query returned: ids only for those.
    failedChecks: fleet.drills.flatMap(
      (d) => d.failedChecks.map((c) => ({
        drill: d.name,
        id: c.id,
        summary: c.id.startsWith("custom.") ? null : one(c.summary.replace(/\s+/g, " "))
      }))
    ),
    regressions: fleet.drills.flatMap((d) => d.regressions.map((r) => ({ drill: d.name, message: one(r.message) }))),
    drills: fleet.drills.map((d) => ({ name: d.name, result: d.reported ? d.result : "missing" }))
  };
}
async function announceFleet(fleet, config, log) {
  const sends = [];
  if (config.notifyWebhook !== null) {
    if (shouldNotify(fleet.result, config.notifyOn)) {
      sends.push(sendNotification(config.notifyWebhook, fleetAnnouncement(fleet), log));
    } else {
      log.info(`notify-webhook: no message for a ${fleet.result} fleet (notify-on: ${config.notifyOn}).`);
    }
  }
  if (config.heartbeatUrl !== null) {
    sends.push(pingHeartbeat(config.heartbeatUrl, !shouldFail(fleet.result, config.failOn), log));
  }
  await Promise.all(sends);
}

// src/fleet/fleet-markdown.ts
function fleetVerdictLine(fleet) {
  const names = (pred) => fleet.drills.filter(pred).map((d) => d.name);
  const failed = names((d) => d.result === "failed");
  const regressed = names((d) => d.result === "regressed");
  const warned = names((d) => d.result === "warned");
  const parts = [];
  if (failed.length > 0) parts.push(`${failed.length} failed (${listSome(failed)})`);
  if (regressed.length > 0) parts.push(`${regressed.length} regressed (${listSome(regressed)})`);
  if (warned.length > 0) parts.push(`${warned.length} warned (${listSome(warned)})`);
  const total = plural(fleet.drills.length, "drill");
  const why = parts.length === 0 ? `all ${total} passed` : `${total}: ${parts.join(", ")}`;
  return `${RESULT_MARK[fleet.result]} **${fleet.result}** \u2014 ${inline(why)}`;
}
function age(seconds) {
  return seconds === null ? "\u2014" : formatDuration(seconds * 1e3);
}
function reportLink(d) {
  const artifactUrl = markdownLinkUrl(d.artifact?.url);
  if (d.artifact && artifactUrl) return `[${cell(d.artifact.name)}](${artifactUrl})`;
  if (d.artifact) return codeCell(d.artifact.name);
  const runUrl = markdownLinkUrl(d.runUrl);
  if (runUrl) return `[run](${runUrl})`;
  return d.source === null ? "\u2014" : codeCell(d.source);
}
function row(d) {
  const failed = d.reported ? d.failedChecks.map((c) => c.id) : [];
  return [
    codeCell(d.name),
    `${RESULT_MARK[d.result]} ${d.reported ? d.result : "failed (no report)"}`,
    d.reported ? age(d.backupAgeSeconds) : "\u2014",
    d.restoreDurationMs === null ? "\u2014" : formatDuration(d.restoreDurationMs),
    String(d.regressions.length),
    failed.length === 0 ? d.reported ? "\u2014" : cell(d.reason) : failed.map((id) => codeCell(id)).join(", "),
    reportLink(d)
  ];
}
function renderFleetMarkdown(fleet) {
  const facts = [`PickDriver backup fleet of ${plural(fleet.drills.length, "drill")}`];
  if (fleet.run.runUrl !== null) facts.push(`[workflow run](${fleet.run.runUrl})`);
  if (fleet.run.repository !== null) facts.push(inline(fleet.run.repository));
  facts.push(`fail-on ${code(fleet.failOn)}`);
  facts.push(`${fleet.tool.name} ${fleet.tool.version}`);
  const sections = [
    `### PickDriver backup fleet

${fleetVerdictLine(fleet)}

<sub>${facts.join(" \xB7 ")}</sub>`,
    fleet.drills.length === 0 ? "" : table(
      ["drill", "result", "backup age", "restore time", "regressions", "failed checks", "report"],
      fleet.drills.map(row)
    )
  ];
  const regressions = fleet.drills.flatMap((d) => d.regressions.map((r) => `- ${code(d.name)}: ${inline(r.message)}`));
  if (regressions.length > 0) sections.push(`#### Regressions

${regressions.join("\n")}`);
  const failures = fleet.drills.flatMap(
    (d) => d.reported ? d.failedChecks.map((c) => `- ${code(d.name)} ${code(c.id)}: ${inline(c.summary)}`) : [`- ${code(d.name)}: ${inline(d.reason ?? "no report")}`]
  );
  if (failures.length > 0) sections.push(`#### Failures

${failures.join("\n")}`);
  if (fleet.notes.length > 0) sections.push(`#### Notes

${fleet.notes.map((n) => `- ${inline(n)}`).join("\n")}`);
  return `${sections.map((s) => s.trim()).filter((s) => s !== "").join("\n\n")}
`;
}

// src/fleet/merge.ts
import { mkdir, writeFile } from "node:fs/promises";
import path3 from "node:path";

// src/fleet/leg-schema.ts
var TEXT_LIMIT = 2e4;
var finite = number().finite();
var legReportSchema = object({
  drillName: string().regex(DRILL_NAME_RE, "not a drill-name").nullish(),
  result: unknown(),
  run: object({
    runUrl: string().max(2e3).nullish(),
    startedAt: string().max(64).refine((s) => !Number.isNaN(Date.parse(s)), "not a time")
  }),
  backup: object({ id: string().max(TEXT_LIMIT).nullish(), ageSeconds: finite.nullish() }),
  restore: object({ durationMs: finite.nullish() }).nullish(),
  checks: array(
    object({
      id: string().min(1).max(200),
      status: _enum(["ok", "warn", "fail", "skip"]),
      summary: string().max(TEXT_LIMIT)
    })
  ).max(1e4),
  regressions: array(object({ checkId: string().max(200), message: string().max(TEXT_LIMIT) })).max(1e4)
});
var RESULTS = ["passed", "warned", "regressed", "failed"];
function resultFromChecks(leg) {
  if (leg.checks.some((c) => c.status === "fail")) return "failed";
  if (leg.regressions.length > 0) return "regressed";
  if (leg.checks.some((c) => c.status === "warn")) return "warned";
  return "passed";
}
function knownResult(value) {
  return typeof value === "string" && RESULTS.includes(value) ? value : null;
}
function schemaProblems(error) {
  return error.issues.slice(0, 3).map((i) => `${i.path.join(".") || "(the report)"}: ${i.message}`).join("; ");
}

// src/fleet/types.ts
var FLEET_REPORT_VERSION = 1;

// src/fleet/fleet-report.ts
var SEVERITY = { passed: 0, warned: 1, regressed: 2, failed: 3 };
function worstResult(results) {
  return results.reduce((worst, r) => SEVERITY[r] > SEVERITY[worst] ? r : worst, "passed");
}
function badLegRow(leg, reason2) {
  return {
    ...missingRow(leg.fallbackName),
    reported: true,
    reason: reason2,
    source: leg.source,
    artifact: leg.artifact,
    failedChecks: [{ id: "leg.report", summary: reason2 }]
  };
}
function legRow(leg, notes) {
  if (leg.problem !== void 0) return badLegRow(leg, `the report of ${leg.source} ${leg.problem}`);
  const parsed = legReportSchema.safeParse(leg.report);
  if (!parsed.success) {
    return badLegRow(leg, `the report of ${leg.source} is not a valid drill report: ${schemaProblems(parsed.error)}`);
  }
  const r = parsed.data;
  const name = r.drillName ?? leg.fallbackName;
  const stated = knownResult(r.result);
  const computed = resultFromChecks(r);
  const result = stated === null ? "failed" : worstResult([stated, computed]);
  if (stated === null)
    notes.push(`drill ${name}: its report's result ${JSON.stringify(r.result)} is unknown, counted as failed`);
  else if (stated !== computed)
    notes.push(`drill ${name}: its report says ${stated} but its checks say ${computed}; counted as ${result}`);
  return {
    name,
    reported: true,
    result,
    reason: stated === null ? `unknown result ${JSON.stringify(r.result)}` : null,
    source: leg.source,
    artifact: leg.artifact,
    runUrl: r.run.runUrl ?? null,
    backupId: r.backup.id ?? null,
    backupAgeSeconds: r.backup.ageSeconds ?? null,
    restoreDurationMs: r.restore?.durationMs ?? null,
    failedChecks: r.checks.filter((c) => c.status === "fail").map((c) => ({ id: c.id, summary: c.summary })),
    regressions: r.regressions.map((g) => ({ checkId: g.checkId, message: g.message })),
    startedAt: r.run.startedAt
  };
}
function missingRow(name) {
  return {
    name,
    reported: false,
    result: "failed",
    reason: `no report from leg ${name}: the job failed before writing one (or did not upload it)`,
    source: null,
    artifact: null,
    runUrl: null,
    backupId: null,
    backupAgeSeconds: null,
    restoreDurationMs: null,
    failedChecks: [],
    regressions: [],
    startedAt: null
  };
}
function buildFleetReport(opts) {
  const notes = [...opts.notes ?? []];
  const byName = /* @__PURE__ */ new Map();
  for (const leg of opts.legs) {
    let row2;
    try {
      row2 = legRow(leg, notes);
    } catch (error) {
      row2 = badLegRow(
        leg,
        `the report of ${leg.source} could not be read: ${error instanceof Error ? error.message : String(error)}`
      );
    }
    const name = row2.name;
    const earlier = byName.get(name);
    if (earlier !== void 0) {
      const newer = Date.parse(row2.startedAt ?? "") >= Date.parse(earlier.startedAt ?? "") ? row2 : earlier;
      const older = newer === row2 ? earlier : row2;
      notes.push(`two reports of drill ${name}: ${newer.source} is newer than ${older.source}, which was left out`);
      byName.set(name, newer);
    } else {
      byName.set(name, row2);
    }
  }
  const drills = [...byName.values()];
  for (const name of opts.expectedDrills ?? []) {
    if (!byName.has(name)) drills.push(missingRow(name));
  }
  drills.sort((a, b) => a.name.localeCompare(b.name));
  if (opts.expectedDrills !== null) {
    const expected = new Set(opts.expectedDrills);
    const unexpected = drills.filter((d) => !expected.has(d.name)).map((d) => d.name);
    if (unexpected.length > 0) notes.push(`reports of drills that were not expected: ${unexpected.join(", ")}`);
  }
  const result = drills.length === 0 ? "failed" : worstResult(drills.map((d) => d.result));
  if (drills.length === 0) notes.push("no leg report was found: nothing to merge");
  const count = (r) => drills.filter((d) => d.reported && d.result === r).length;
  return {
    fleetReportVersion: FLEET_REPORT_VERSION,
    tool: { name: "pickdriver-vault-action", version: TOOL_VERSION },
    result,
    failOn: opts.failOn,
    run: opts.run,
    expectedDrills: opts.expectedDrills,
    drills,
    counts: {
      drills: drills.length,
      passed: count("passed"),
      warned: count("warned"),
      regressed: count("regressed"),
      failed: count("failed") + drills.filter((d) => !d.reported).length,
      missing: drills.filter((d) => !d.reported).length
    },
    notes
  };
}

// src/fleet/read-legs.ts
import { readdir as readdir2, stat } from "node:fs/promises";
import path2 from "node:path";

// src/report/verify-command.ts
import { lstat, readdir, readFile } from "node:fs/promises";
import path from "node:path";
async function entriesUnder(dir, rel = "") {
  const out = [];
  for (const entry of await readdir(path.join(dir, rel), { withFileTypes: true })) {
    const name = rel === "" ? entry.name : `${rel}/${entry.name}`;
    if (entry.isDirectory()) out.push(...await entriesUnder(dir, name));
    else if (name !== SIGNATURE_FILE) out.push(name);
  }
  return out.sort();
}
async function verifyReportFile(reportPath, key) {
  const given = await lstat(reportPath).catch(() => null);
  if (given === null) return { ok: false, message: `cannot read ${reportPath}: no such file` };
  const dir = given.isDirectory() ? reportPath : path.dirname(reportPath);
  const signaturePath = path.join(dir, SIGNATURE_FILE);
  let text;
  try {
    text = await readFile(signaturePath, "utf8");
  } catch (error) {
    return { ok: false, message: `cannot read the signature ${signaturePath}: ${reason(error)}` };
  }
  const parsed = parseSignature(text, key);
  if (parsed.kind === "malformed") return { ok: false, message: `${signaturePath}: ${parsed.why}` };
  if (parsed.kind === "legacy") return verifyLegacy(path.join(dir, "report.json"), parsed.signature, key);
  if (!parsed.valid) {
    return {
      ok: false,
      message: `${signaturePath}: signature INVALID \u2014 the manifest was modified after signing, or was signed with another key`
    };
  }
  const problems = [];
  const listed = new Set(parsed.entries.map((e) => e.name));
  for (const entry of parsed.entries) {
    const file = path.join(dir, ...entry.name.split("/"));
    const stats = await lstat(file).catch(() => null);
    if (stats === null) problems.push(`${entry.name}: missing (the signed manifest lists it)`);
    else if (!stats.isFile()) problems.push(`${entry.name}: changed after signing (no longer a regular file)`);
    else if (sha256Of(await readFile(file)) !== entry.sha256) {
      problems.push(`${entry.name}: changed after signing (its SHA-256 differs from the signed one)`);
    }
  }
  for (const name of await entriesUnder(dir)) {
    if (!listed.has(name)) problems.push(`${sanitizeName(name)}: added after signing (not in the signed manifest)`);
  }
  if (problems.length > 0) {
    return {
      ok: false,
      message: `${dir}: signature valid, but the files do not match it:
  ${problems.join("\n  ")}`
    };
  }
  return {
    ok: true,
    message: `${dir}: signature valid (HMAC-SHA256 over ${SIGNATURE_FILE}); ${listed.size} file(s) match it: ${[...listed].join(", ")}`
  };
}
async function verifyLegacy(reportPath, signature, key) {
  let json;
  try {
    json = await readFile(reportPath);
  } catch (error) {
    return { ok: false, message: `cannot read ${reportPath}: ${reason(error)}` };
  }
  if (verifyReportSignature(json, signature, key)) {
    return { ok: true, message: `${reportPath}: signature valid (an older signature: it covers report.json only)` };
  }
  return {
    ok: false,
    message: `${reportPath}: signature INVALID \u2014 the report was modified after signing, or was signed with another key`
  };
}
function reason(error) {
  const code2 = error.code;
  return code2 === "ENOENT" ? "no such file" : error instanceof Error ? error.message : String(error);
}

// src/fleet/read-legs.ts
var MergeInputError = class extends Error {
  name = "MergeInputError";
};
var MAX_DEPTH = 4;
async function reportFilesUnder(dir, depth = 0) {
  const out = [];
  const entries = await readdir2(dir, { withFileTypes: true });
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path2.join(dir, e.name);
    if (e.isFile() && e.name === "report.json") out.push(full);
    else if (e.isDirectory() && depth < MAX_DEPTH) out.push(...await reportFilesUnder(full, depth + 1));
  }
  return out;
}
function unreadable(source, fallbackName, artifact) {
  return { report: {}, source, fallbackName, artifact };
}
async function signatureProblem(file, source, key) {
  if (key === null) return null;
  const dir = path2.dirname(file);
  const verified = await verifyReportFile(file, key).catch((error) => ({ ok: false, message: error.message }));
  if (verified.ok) return null;
  const message = verified.message.split(dir).join(source === file ? dir : source);
  return `fails its signature check (report-signing-key): ${message}`;
}
function nameFromPath(file) {
  const base = path2.basename(file);
  return base === "report.json" ? path2.basename(path2.dirname(path2.resolve(file))) : base.replace(/\.json$/i, "");
}
async function legsFromPaths(inputs, notes, key) {
  const legs = [];
  for (const input of inputs) {
    const info = await stat(input).catch(() => null);
    if (info === null)
      throw new MergeInputError(`'${input}' does not exist (expected a report.json or a folder of reports)`);
    const files = info.isDirectory() ? await reportFilesUnder(input) : [input];
    if (info.isDirectory() && files.length === 0) notes.push(`no report.json under ${input}`);
    for (const file of files) {
      const parsed = await readReportFile(file).catch(
        (error) => ({ ok: false, kind: "not-a-report", reason: error.message })
      );
      if (!parsed.ok) {
        legs.push({
          ...unreadable(file, nameFromPath(file), null),
          problem: `is not a drill report: ${parsed.reason}`
        });
        continue;
      }
      const forged = await signatureProblem(file, file, key);
      if (forged !== null) {
        legs.push({ ...unreadable(file, nameFromPath(file), null), problem: forged });
        continue;
      }
      legs.push({ report: parsed.report, source: file, fallbackName: nameFromPath(file), artifact: null });
    }
  }
  return legs;
}
async function legsFromArtifacts(pattern, runUrl, log, notes, key) {
  if (!process.env["ACTIONS_RUNTIME_TOKEN"]) {
    throw new MergeInputError(
      "reading the legs from artifacts needs a GitHub Actions job (ACTIONS_RUNTIME_TOKEN is not set); pass report paths instead"
    );
  }
  const { DefaultArtifactClient } = await import("./artifact-OCU6AEMU.js");
  const client = new DefaultArtifactClient();
  const { artifacts } = await client.listArtifacts({ latest: true });
  const matching = artifacts.filter((a) => matchesGlob(a.name, pattern)).sort((a, b) => a.name.localeCompare(b.name));
  log.info(`${matching.length} of this run's ${artifacts.length} artifact(s) match '${pattern}'.`);
  if (matching.length === 0) notes.push(`no artifact of this run matches '${pattern}'`);
  const temp = await makeTempDir("merge");
  const tmp = temp.dir;
  const legs = [];
  try {
    for (const artifact of matching) {
      const dir = path2.join(tmp, String(artifact.id));
      try {
        await client.downloadArtifact(artifact.id, { path: dir });
      } catch (error) {
        const message = `artifact ${artifact.name}: download failed (${error instanceof Error ? error.message : String(error)}), left out`;
        log.warning(message);
        notes.push(message);
        continue;
      }
      const [file, ...more] = await reportFilesUnder(dir);
      if (file === void 0) {
        notes.push(`artifact ${artifact.name} holds no report.json, left out`);
        continue;
      }
      if (more.length > 0)
        notes.push(`artifact ${artifact.name} holds ${more.length + 1} report.json files; the first was read`);
      const parsed = await readReportFile(file).catch(
        (error) => ({ ok: false, kind: "not-a-report", reason: error.message })
      );
      if (!parsed.ok) {
        legs.push({
          ...unreadable(`artifact ${artifact.name}`, artifact.name, null),
          problem: `is not a drill report: ${parsed.reason}`
        });
        continue;
      }
      const forged = await signatureProblem(file, `artifact ${artifact.name}`, key);
      if (forged !== null) {
        legs.push({ ...unreadable(`artifact ${artifact.name}`, artifact.name, null), problem: forged });
        continue;
      }
      legs.push({
        report: parsed.report,
        source: `artifact ${artifact.name}`,
        fallbackName: artifact.name,
        artifact: {
          name: artifact.name,
          id: artifact.id,
          url: runUrl === null ? null : `${runUrl}/artifacts/${artifact.id}`
        }
      });
    }
  } finally {
    await temp.dispose();
  }
  return legs;
}

// src/fleet/merge.ts
var FLEET_JSON = "fleet.json";
var FLEET_MARKDOWN = "fleet.md";
async function runMerge(config, opts) {
  const startedAt = /* @__PURE__ */ new Date();
  const run = runInfoFromEnv(opts.env, startedAt);
  const notes = [];
  let legs;
  const key = config.reportSigningKey;
  if (config.reports.length > 0) legs = await legsFromPaths(config.reports, notes, key);
  else if (opts.artifactsAllowed)
    legs = await legsFromArtifacts(config.artifactPattern, run.runUrl, opts.log, notes, key);
  else throw new MergeInputError("name at least one report.json or folder of reports");
  if (key !== null) notes.push("each leg's report.json.sig checked with report-signing-key");
  run.finishedAt = (/* @__PURE__ */ new Date()).toISOString();
  const fleet = redactDeep(
    buildFleetReport({ legs, expectedDrills: config.expectedDrills, failOn: config.failOn, run, notes }),
    opts.secrets
  );
  for (const d of fleet.drills) {
    opts.log.info(`${d.name}: ${d.reported ? d.result : `failed, ${d.reason}`}`);
  }
  const dir = path3.resolve(config.reportDir);
  await mkdir(dir, { recursive: true });
  const jsonPath = path3.join(dir, FLEET_JSON);
  const markdownPath = path3.join(dir, FLEET_MARKDOWN);
  await writeFile(jsonPath, opts.secrets.redact(`${JSON.stringify(fleet, null, 2)}
`), "utf8");
  await writeFile(markdownPath, opts.secrets.redact(renderFleetMarkdown(fleet)), "utf8");
  return { fleet, jsonPath, markdownPath };
}

// src/fleet/merge-config.ts
var MERGE_INPUTS = [
  {
    name: "reports",
    default: "",
    description: "Paths of leg reports (report.json files or folders of them), one per line; empty: this run's artifacts matching artifact-pattern."
  },
  {
    name: "artifact-pattern",
    default: "pickdriver-vault-report*",
    description: "Glob on the names of this run's artifacts that hold the legs' reports."
  },
  {
    name: "expected-drills",
    default: "",
    description: "The drill-names the matrix runs, separated by commas or new lines; a leg without a report is named and counts as failed."
  },
  {
    name: "fail-on",
    default: "regression",
    description: "failure, regression (failures and regressions), warning (also warnings), never; on the fleet's result."
  },
  {
    name: "report-dir",
    default: "pickdriver-vault-fleet-report",
    description: "Where fleet.json and fleet.md are written."
  },
  {
    name: "artifact-name",
    default: "pickdriver-vault-fleet-report",
    description: "The name of the artifact fleet.json and fleet.md are uploaded as; empty: no upload."
  },
  {
    name: "artifact-retention-days",
    default: "",
    description: "Retention of the fleet report artifact in days; empty: the repository default."
  },
  { name: "job-summary", default: "true", description: "Write the fleet report to the job summary." },
  {
    name: "pr-comment",
    default: "auto",
    description: "auto: one comment for the whole fleet on the pull request, updated in place on every run; off."
  },
  {
    name: "github-token",
    secret: secretKindOf("github-token"),
    default: "${{ github.token }}",
    description: "For the pull request comment."
  },
  {
    name: "notify-webhook",
    secret: secretKindOf("notify-webhook"),
    default: "",
    description: "A URL (a secret) that gets one message for the whole fleet when notify-on says so: Slack, Microsoft Teams workflow, or any URL (JSON)."
  },
  { name: "notify-on", default: "problems", description: "problems (failed or regressed), failure, always." },
  {
    name: "heartbeat-url",
    secret: secretKindOf("heartbeat-url"),
    default: "",
    description: "A dead-man switch for the whole fleet: requested when the fleet passes under fail-on, <heartbeat-url>/fail when it does not."
  },
  {
    name: "report-signing-key",
    secret: secretKindOf("report-signing-key"),
    default: "",
    description: "The legs' report-signing-key: each leg's report.json.sig must be a valid signature of its files, or the leg counts as failed; empty: signatures are not checked."
  }
];
var str = string().transform((s) => s.trim());
var list = (s) => s.split(/[,\r\n]+/).map((x) => x.trim()).filter((x) => x !== "");
var oneOf = (input, values) => str.transform((s, ctx) => {
  const v = s.toLowerCase();
  if (values.includes(v)) return v;
  ctx.addIssue({ code: "custom", message: `${input}: expected one of ${values.join(", ")}, got '${s}'` });
  return NEVER;
});
var schema = object({
  reports: str.transform(
    (s) => s.split(/\r?\n/).map((x) => x.trim()).filter((x) => x !== "")
  ),
  "artifact-pattern": str.transform((s) => s || "pickdriver-vault-report*"),
  "expected-drills": str.transform((s, ctx) => {
    const names = list(s);
    if (names.length === 0) return null;
    const bad = names.filter((n) => !DRILL_NAME_RE.test(n));
    if (bad.length > 0) {
      ctx.addIssue({
        code: "custom",
        message: `expected-drills: expected drill-names (letters, digits, '.', '-' or '_', at most 64) separated by commas or new lines, got '${bad[0]}'`
      });
      return NEVER;
    }
    return [...new Set(names)];
  }),
  "fail-on": oneOf("fail-on", ["failure", "regression", "warning", "never"]),
  "report-dir": str.transform((s) => s || "pickdriver-vault-fleet-report"),
  "artifact-name": str.transform((s) => s === "" ? null : s),
  "artifact-retention-days": retention,
  "job-summary": oneOf("job-summary", ["true", "false"]).transform((v) => v === "true"),
  "pr-comment": oneOf("pr-comment", ["auto", "off"]),
  "github-token": str.transform((s) => s === "" ? null : s),
  "notify-webhook": notifyWebhookInput,
  "notify-on": notifyOnInput,
  "heartbeat-url": heartbeatUrlInput,
  // Trimmed as the drill trims the key it signs with.
  "report-signing-key": str.transform((s) => s === "" ? null : s)
});
function loadMergeConfig(raw) {
  const filled = {};
  for (const spec of MERGE_INPUTS) {
    const given = raw[spec.name];
    const fallback = spec.default.startsWith("${{") ? "" : spec.default;
    const emptyIsValue = spec.name === "github-token" || spec.name === "artifact-name";
    filled[spec.name] = given === void 0 || given.trim() === "" && !emptyIsValue ? fallback : given;
  }
  const parsed = schema.safeParse(filled);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => i.message));
  const v = parsed.data;
  return {
    reports: v.reports,
    artifactPattern: v["artifact-pattern"],
    expectedDrills: v["expected-drills"],
    failOn: v["fail-on"],
    reportDir: v["report-dir"],
    artifactName: v["artifact-name"],
    artifactRetentionDays: v["artifact-retention-days"],
    jobSummary: v["job-summary"],
    prComment: v["pr-comment"],
    githubToken: v["github-token"],
    notifyWebhook: v["notify-webhook"],
    notifyOn: v["notify-on"],
    heartbeatUrl: v["heartbeat-url"],
    reportSigningKey: v["report-signing-key"]
  };
}

export {
  announceFleet,
  fleetVerdictLine,
  verifyReportFile,
  MergeInputError,
  runMerge,
  MERGE_INPUTS,
  loadMergeConfig
};
