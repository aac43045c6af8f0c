// The merge engine, shared by the merge action and `pickdriver-vault merge`: the legs' reports
// in, fleet.json and fleet.md out (through the secret redactor, like report.json).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runInfoFromEnv } from '../model/run-info.js';
import { redactDeep } from '../report/write-report.js';
import type { Logger } from '../util/logger.js';
import type { SecretRegistry } from '../util/secrets.js';
import { renderFleetMarkdown } from './fleet-markdown.js';
import { buildFleetReport } from './fleet-report.js';
import type { MergeConfig } from './merge-config.js';
import { legsFromArtifacts, legsFromPaths, MergeInputError } from './read-legs.js';
import type { FleetReport } from './types.js';

const FLEET_JSON = 'fleet.json';
const FLEET_MARKDOWN = 'fleet.md';

interface MergeOutcome {
  fleet: FleetReport;
  jsonPath: string;
  markdownPath: string;
}

export async function runMerge(
  config: MergeConfig,
  opts: { log: Logger; secrets: SecretRegistry; env: NodeJS.ProcessEnv; artifactsAllowed: boolean },
): Promise<MergeOutcome> {
  const startedAt = new Date();
  const run = runInfoFromEnv(opts.env, startedAt);
  const notes: string[] = [];
  let legs: Awaited<ReturnType<typeof legsFromPaths>>;
  const key = config.reportSigningKey;
  if (config.reports.length > 0) legs = await legsFromPaths(config.reports, notes, key);
  else if (opts.artifactsAllowed)
    legs = await legsFromArtifacts(config.artifactPattern, run.runUrl, opts.log, notes, key);
  else throw new MergeInputError('name at least one report.json or folder of reports');
  if (key !== null) notes.push("each leg's report.json.sig checked with report-signing-key");
  run.finishedAt = new Date().toISOString();
  const fleet = redactDeep(
    buildFleetReport({ legs, expectedDrills: config.expectedDrills, failOn: config.failOn, run, notes }),
    opts.secrets,
  );
  for (const d of fleet.drills) {
    opts.log.info(`${d.name}: ${d.reported ? d.result : `failed, ${d.reason}`}`);
  }
  const dir = path.resolve(config.reportDir);
  await mkdir(dir, { recursive: true });
  const jsonPath = path.join(dir, FLEET_JSON);
  const markdownPath = path.join(dir, FLEET_MARKDOWN);
  await writeFile(jsonPath, opts.secrets.redact(`${JSON.stringify(fleet, null, 2)}\n`), 'utf8');
  await writeFile(markdownPath, opts.secrets.redact(renderFleetMarkdown(fleet)), 'utf8');
  return { fleet, jsonPath, markdownPath };
}
