// The merge action's main step: the legs' reports of this run (or the paths given) into one
// fleet verdict: fleet.json and fleet.md, outputs, job summary, one pull-request comment for
// the fleet, one notification, one heartbeat; the job fails per fail-on.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { ConfigError } from '../config/config.js';
import { registerInputSecrets } from '../config/input-secrets.js';
import { readInputs } from '../config/input-spec.js';
import { announceFleet } from '../fleet/fleet-announcement.js';
import { fleetVerdictLine } from '../fleet/fleet-markdown.js';
import { runMerge } from '../fleet/merge.js';
import { loadMergeConfig, MERGE_INPUTS } from '../fleet/merge-config.js';
import { shouldFail } from '../model/result.js';
import { uploadReportArtifact } from '../report/artifact-upload.js';
import { writeJobSummary } from '../report/job-summary.js';
import { coreLogger } from '../util/core-logger.js';
import { SecretRegistry } from '../util/secrets.js';
import { commentOnPullRequest } from './pr-comment.js';

export async function run(): Promise<void> {
  const secrets = new SecretRegistry((value) => core.setSecret(value));
  try {
    const raw = readInputs(MERGE_INPUTS, process.env);
    registerInputSecrets(raw, secrets, MERGE_INPUTS);
    const config = loadMergeConfig(raw);
    const { fleet, jsonPath, markdownPath } = await runMerge(config, {
      log: coreLogger,
      secrets,
      env: process.env,
      artifactsAllowed: true,
    });
    const outputs: Record<string, string> = {
      result: fleet.result,
      drills: String(fleet.counts.drills),
      failed: String(fleet.counts.failed),
      regressed: String(fleet.counts.regressed),
      'report-json': jsonPath,
      'report-markdown': markdownPath,
    };
    // fleet.json and fleet.md as an artifact of their own, as each leg's report is: what the
    // summary and the comment point to, kept after the runner is gone.
    const artifactId =
      config.artifactName === null
        ? null
        : await uploadReportArtifact(
            path.dirname(jsonPath),
            [jsonPath, markdownPath],
            config.artifactName,
            config.artifactRetentionDays,
            coreLogger,
          );
    outputs['artifact-id'] = artifactId === null ? '' : String(artifactId);
    for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);

    const markdown = await readFile(markdownPath, 'utf8');
    if (config.jobSummary && process.env['GITHUB_STEP_SUMMARY']) {
      await writeJobSummary(markdown, `The full fleet report is \`${markdownPath}\` on the runner.`).catch(
        (error: unknown) => coreLogger.warning(`Writing the job summary failed: ${String(error)}`),
      );
    }
    for (const d of fleet.drills) {
      if (d.result === 'failed') core.error(d.reason ?? `drill ${d.name} failed`, { title: `drill ${d.name}` });
      else if (d.result === 'regressed') core.warning(`drill ${d.name} regressed`, { title: `drill ${d.name}` });
    }
    await commentOnPullRequest({
      prComment: config.prComment,
      token: config.githubToken,
      markdownPath,
      runUrl: fleet.run.runUrl,
      artifactUrl: null,
      whose: 'fleet',
      log: coreLogger,
    });
    await announceFleet(fleet, config, coreLogger);

    const verdict = `Fleet ${fleet.result}: ${fleetVerdictLine(fleet).replace(/\*\*/g, '')}. Report: ${jsonPath}`;
    if (shouldFail(fleet.result, config.failOn)) core.setFailed(verdict);
    else core.info(verdict);
  } catch (error) {
    const message =
      error instanceof ConfigError ? `Invalid input:\n${error.message}` : String((error as Error)?.message ?? error);
    core.setFailed(secrets.redact(message));
  }
}
