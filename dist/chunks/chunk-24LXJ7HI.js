import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  slackText,
  teamsText
} from "./chunk-ZOEOBCSS.js";
import {
  createHttp
} from "./chunk-R7EDQP7H.js";
import {
  formatDuration
} from "./chunk-LIWSDS64.js";

// src/notify/announcement.ts
var SUMMARY_LIMIT = 300;
function shortened(text) {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > SUMMARY_LIMIT ? `${one.slice(0, SUMMARY_LIMIT - 1)}\u2026` : one;
}
function failedChecksOf(report, drill) {
  return report.checks.filter((c) => c.status === "fail").map((c) => ({ drill, id: c.id, summary: c.id.startsWith("custom.") ? null : shortened(c.summary) }));
}
function drillAnnouncement(report) {
  return {
    subject: "drill",
    title: report.drillName === null ? "PickDriver backup drill" : `PickDriver backup drill ${report.drillName}`,
    result: report.result,
    drillName: report.drillName,
    repository: report.run.repository,
    workflow: report.run.workflow,
    trigger: report.run.trigger,
    ref: report.run.ref,
    runUrl: report.run.runUrl,
    backup: { id: report.backup.id, ageSeconds: report.backup.ageSeconds, sizeBytes: report.backup.sizeBytes },
    failedChecks: failedChecksOf(report, null),
    regressions: report.regressions.map((r) => ({ drill: null, message: shortened(r.message) })),
    drills: null
  };
}
function shouldNotify(result, notifyOn) {
  if (notifyOn === "always") return true;
  if (notifyOn === "failure") return result === "failed";
  return result === "failed" || result === "regressed";
}

// src/notify/deliver.ts
function retryable(status) {
  return status === 429 || status === 408 || status >= 500;
}
function problemOf(outcome) {
  if (outcome.kind === "answer") return `HTTP ${outcome.answer.status}`;
  if (outcome.code === "PDV_TOTAL_DEADLINE" || outcome.code === "UND_ERR_HEADERS_TIMEOUT" || outcome.code === "UND_ERR_BODY_TIMEOUT")
    return "timed out";
  return outcome.code ?? "request failed";
}
async function deliver(url, options) {
  const deadline = Date.now() + options.deadlineMs;
  const deadlineName = `the ${formatDuration(options.deadlineMs)} deadline`;
  const http = createHttp({
    deadline,
    deadlineName,
    retryDelaysMs: Array.from({ length: Math.max(1, options.attempts) }, (_, i) => options.backoffMs * 2 ** i)
  });
  try {
    const outcome = await http.send({
      method: options.method,
      url,
      body: options.body,
      timeoutMs: options.attemptTimeoutMs,
      attempts: options.attempts,
      retryStatuses: retryable,
      userAgent: "pickdriver-vault-action"
    });
    if (outcome.kind === "answer" && outcome.answer.status >= 200 && outcome.answer.status < 300) {
      return { delivered: true, status: outcome.answer.status, attempts: outcome.attempts };
    }
    const problem = outcome.kind === "error" && outcome.code === "PDV_PHASE_DEADLINE" ? `gave up at ${deadlineName}` : problemOf(outcome);
    return {
      delivered: false,
      attempts: outcome.attempts,
      problem: outcome.gaveUp ? `${problem}; ${outcome.gaveUp}` : problem
    };
  } catch (error) {
    return { delivered: false, attempts: 0, problem: error instanceof Error ? error.name : "request failed" };
  } finally {
    await http.close().catch(() => {
    });
  }
}

// src/notify/heartbeat.ts
var HEARTBEAT_DELIVERY = {
  deadlineMs: 2e4,
  attemptTimeoutMs: 8e3,
  attempts: 3,
  backoffMs: 1e3
};
function heartbeatTarget(base, passed) {
  const url = new URL(base);
  if (url.hostname === "cronitor.link" || url.hostname.endsWith(".cronitor.link")) {
    url.searchParams.set("state", passed ? "complete" : "fail");
    return url.toString();
  }
  if (passed) return url.toString();
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/fail`;
  return url.toString();
}
async function pingHeartbeat(base, passed, log, options = {}) {
  const what = passed ? "heartbeat-url (success ping)" : "heartbeat-url (failure ping, /fail)";
  const outcome = await deliver(heartbeatTarget(base, passed), { ...HEARTBEAT_DELIVERY, ...options, method: "GET" });
  if (outcome.delivered) {
    log.info(`Pinged ${what}.`);
    return true;
  }
  log.warning(
    `${what}: the monitor could not be reached after ${outcome.attempts} attempt(s): ${outcome.problem}. It will alert if no ping arrives in time.`
  );
  return false;
}

// src/notify/webhook-bodies.ts
var NOTIFICATION_SCHEMA_ID = "urn:pickdriver-vault-action:notification:v1";
var LIST_LIMIT = 10;
var MARK = { passed: "\u2705", warned: "\u26A0\uFE0F", regressed: "\u{1F4C9}", failed: "\u274C" };
function headline(a) {
  return `${MARK[a.result] ?? ""} ${a.title}: ${a.result}`.trim();
}
function backupLine(a) {
  if (a.backup === null || a.backup.id === null) return a.backup === null ? null : "no backup found";
  const age = a.backup.ageSeconds === null ? "" : ` (${formatDuration(a.backup.ageSeconds * 1e3)} old)`;
  return `${a.backup.id}${age}`;
}
function checkLine(c) {
  const where = c.drill === null ? "" : `${c.drill}: `;
  return `${where}${c.id}${c.summary === null ? "" : ` \u2014 ${c.summary}`}`;
}
function limited(lines) {
  if (lines.length <= LIST_LIMIT) return lines;
  return [...lines.slice(0, LIST_LIMIT), `\u2026 and ${lines.length - LIST_LIMIT} more (see the report)`];
}
function facts(a) {
  const out = [["Result", a.result]];
  if (a.drillName !== null) out.push(["Drill", a.drillName]);
  if (a.drills !== null) {
    out.push(["Drills", a.drills.map((d) => `${d.name}: ${d.result}`).join(", ") || "none"]);
  }
  if (a.repository !== null) out.push(["Repository", a.repository]);
  const backup = backupLine(a);
  if (backup !== null) out.push(["Backup", backup]);
  if (a.trigger !== null) out.push(["Trigger", a.trigger + (a.ref === null ? "" : ` on ${a.ref}`)]);
  return out;
}
function mrkdwn(text) {
  return { type: "mrkdwn", text, verbatim: true };
}
function cut(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}\u2026` : text;
}
function slackBody(a) {
  const blocks = [
    { type: "header", text: { type: "plain_text", text: cut(headline(a), 150), emoji: true } },
    {
      type: "section",
      fields: facts(a).map(([k, v]) => mrkdwn(cut(`*${k}*
${slackText(v)}`, 2e3)))
    }
  ];
  const lists = [
    ["Failed checks", a.failedChecks.map(checkLine)],
    ["Regressions", a.regressions.map((r) => r.drill === null ? r.message : `${r.drill}: ${r.message}`)]
  ];
  for (const [name, lines] of lists) {
    if (lines.length === 0) continue;
    const text = `*${name}*
${limited(lines).map((l) => `\u2022 ${slackText(l)}`).join("\n")}`;
    blocks.push({ type: "section", text: mrkdwn(cut(text, 3e3)) });
  }
  if (a.runUrl !== null) {
    blocks.push({
      type: "actions",
      elements: [{ type: "button", text: { type: "plain_text", text: "Open the workflow run" }, url: a.runUrl }]
    });
  }
  return { text: slackText(`${headline(a)}${a.repository === null ? "" : ` (${a.repository})`}`), blocks };
}
var TEAMS_COLOR = {
  passed: "Good",
  warned: "Warning",
  regressed: "Warning",
  failed: "Attention"
};
function teamsBody(a) {
  const body = [
    {
      type: "TextBlock",
      text: teamsText(headline(a)),
      size: "Large",
      weight: "Bolder",
      wrap: true,
      color: TEAMS_COLOR[a.result]
    },
    { type: "FactSet", facts: facts(a).map(([title, value]) => ({ title, value: teamsText(value) })) }
  ];
  const lists = [
    ["Failed checks", a.failedChecks.map(checkLine)],
    ["Regressions", a.regressions.map((r) => r.drill === null ? r.message : `${r.drill}: ${r.message}`)]
  ];
  for (const [name, lines] of lists) {
    if (lines.length === 0) continue;
    body.push({ type: "TextBlock", text: name, weight: "Bolder", wrap: true, spacing: "Medium" });
    body.push({
      type: "TextBlock",
      text: limited(lines).map((l) => `- ${teamsText(l)}`).join("\n"),
      wrap: true
    });
  }
  const card = {
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    type: "AdaptiveCard",
    version: "1.4",
    body,
    actions: a.runUrl === null ? [] : [{ type: "Action.OpenUrl", title: "Open the workflow run", url: a.runUrl }]
  };
  return {
    type: "message",
    attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null, content: card }]
  };
}
function jsonBody(a) {
  return {
    schema: NOTIFICATION_SCHEMA_ID,
    subject: a.subject,
    title: a.title,
    result: a.result,
    drillName: a.drillName,
    repository: a.repository,
    workflow: a.workflow,
    trigger: a.trigger,
    ref: a.ref,
    runUrl: a.runUrl,
    backup: a.backup,
    failedChecks: a.failedChecks,
    regressions: a.regressions,
    drills: a.drills
  };
}
function webhookBody(kind, a) {
  if (kind === "slack") return slackBody(a);
  if (kind === "teams") return teamsBody(a);
  return jsonBody(a);
}

// src/notify/notify.ts
var KIND_NAME = { slack: "Slack", teams: "Microsoft Teams", json: "JSON" };
var NOTIFY_DELIVERY = {
  deadlineMs: 3e4,
  attemptTimeoutMs: 1e4,
  attempts: 4,
  backoffMs: 1e3
};
async function sendNotification(target, announcement, log, options = {}) {
  const what = `notify-webhook (${KIND_NAME[target.kind]})`;
  const outcome = await deliver(target.url, {
    ...NOTIFY_DELIVERY,
    ...options,
    method: "POST",
    body: webhookBody(target.kind, announcement)
  });
  if (outcome.delivered) {
    log.info(`Notified ${what} of the ${announcement.subject} result ${announcement.result}.`);
    return true;
  }
  log.warning(
    `${what}: the notification could not be delivered after ${outcome.attempts} attempt(s): ${outcome.problem}. The drill's result is unaffected.`
  );
  return false;
}

export {
  drillAnnouncement,
  shouldNotify,
  pingHeartbeat,
  sendNotification
};
