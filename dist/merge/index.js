import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  uploadReportArtifact,
  writeJobSummary
} from "../chunks/chunk-SEHZSHG7.js";
import {
  commentOnPullRequest
} from "../chunks/chunk-4QUAKN2P.js";
import {
  coreLogger
} from "../chunks/chunk-PVELB2JC.js";
import {
  MERGE_INPUTS,
  announceFleet,
  fleetVerdictLine,
  loadMergeConfig,
  runMerge
} from "../chunks/chunk-LYMC4IEM.js";
import "../chunks/chunk-SKOUYL5F.js";
import "../chunks/chunk-24LXJ7HI.js";
import "../chunks/chunk-ROEGHXHL.js";
import "../chunks/chunk-ERDHK7FH.js";
import "../chunks/chunk-ZOEOBCSS.js";
import "../chunks/chunk-R7EDQP7H.js";
import {
  shouldFail
} from "../chunks/chunk-VUQJBVW6.js";
import "../chunks/chunk-GOQBBC7E.js";
import {
  readInputs,
  registerInputSecrets
} from "../chunks/chunk-C77EPDCS.js";
import "../chunks/chunk-4W44TVMQ.js";
import {
  SecretRegistry
} from "../chunks/chunk-JBTATGD6.js";
import "../chunks/chunk-KTT63NWK.js";
import "../chunks/chunk-WFPRG6TS.js";
import "../chunks/chunk-CN4I7IFA.js";
import {
  ConfigError
} from "../chunks/chunk-6NM6FAV3.js";
import "../chunks/chunk-CN5VJVNZ.js";
import "../chunks/chunk-PSHNSFM7.js";
import "../chunks/chunk-C4EZGGVE.js";
import "../chunks/chunk-V6E6NHID.js";
import "../chunks/chunk-LIWSDS64.js";
import {
  error,
  info,
  setFailed,
  setOutput,
  setSecret,
  warning
} from "../chunks/chunk-X36LIMJ5.js";
import "../chunks/chunk-TZ6PIJFA.js";

// src/action/merge.ts
import { readFile } from "node:fs/promises";
import path from "node:path";
async function run() {
  const secrets = new SecretRegistry((value) => setSecret(value));
  try {
    const raw = readInputs(MERGE_INPUTS, process.env);
    registerInputSecrets(raw, secrets, MERGE_INPUTS);
    const config = loadMergeConfig(raw);
    const { fleet, jsonPath, markdownPath } = await runMerge(config, {
      log: coreLogger,
      secrets,
      env: process.env,
      artifactsAllowed: true
    });
    const outputs = {
      result: fleet.result,
      drills: String(fleet.counts.drills),
      failed: String(fleet.counts.failed),
      regressed: String(fleet.counts.regressed),
      "report-json": jsonPath,
      "report-markdown": markdownPath
    };
    const artifactId = config.artifactName === null ? null : await uploadReportArtifact(
      path.dirname(jsonPath),
      [jsonPath, markdownPath],
      config.artifactName,
      config.artifactRetentionDays,
      coreLogger
    );
    outputs["artifact-id"] = artifactId === null ? "" : String(artifactId);
    for (const [name, value] of Object.entries(outputs)) setOutput(name, value);
    const markdown = await readFile(markdownPath, "utf8");
    if (config.jobSummary && process.env["GITHUB_STEP_SUMMARY"]) {
      await writeJobSummary(markdown, `The full fleet report is \`${markdownPath}\` on the runner.`).catch(
        (error2) => coreLogger.warning(`Writing the job summary failed: ${String(error2)}`)
      );
    }
    for (const d of fleet.drills) {
      if (d.result === "failed") error(d.reason ?? `drill ${d.name} failed`, { title: `drill ${d.name}` });
      else if (d.result === "regressed") warning(`drill ${d.name} regressed`, { title: `drill ${d.name}` });
    }
    await commentOnPullRequest({
      prComment: config.prComment,
      token: config.githubToken,
      markdownPath,
      runUrl: fleet.run.runUrl,
      artifactUrl: null,
      whose: "fleet",
      log: coreLogger
    });
    await announceFleet(fleet, config, coreLogger);
    const verdict = `Fleet ${fleet.result}: ${fleetVerdictLine(fleet).replace(/\*\*/g, "")}. Report: ${jsonPath}`;
    if (shouldFail(fleet.result, config.failOn)) setFailed(verdict);
    else info(verdict);
  } catch (error2) {
    const message = error2 instanceof ConfigError ? `Invalid input:
${error2.message}` : String(error2?.message ?? error2);
    setFailed(secrets.redact(message));
  }
}

// src/entry/merge.ts
await run();
