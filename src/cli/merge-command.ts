// `pickdriver-vault merge <report.json | folder>...`: the fleet report from leg reports on disk
// (for example the folders `actions/download-artifact` made). Exit status as for `drill`:
// 0 the fleet passes under --fail-on, 1 it does not, 2 usage or configuration error.
import { ConfigError } from '../config/config.js';
import { registerInputSecrets } from '../config/input-secrets.js';
import { readInputs } from '../config/input-spec.js';
import { announceFleet } from '../fleet/fleet-announcement.js';
import { fleetVerdictLine } from '../fleet/fleet-markdown.js';
import { runMerge } from '../fleet/merge.js';
import { loadMergeConfig, MERGE_INPUTS } from '../fleet/merge-config.js';
import { MergeInputError } from '../fleet/read-legs.js';
import { shouldFail } from '../model/result.js';
import { cliLogger } from '../util/cli-logger.js';
import { SecretRegistry } from '../util/secrets.js';
import { type OptionSpecs, optionSecret, UsageError } from './args.js';
import type { CliCommand } from './command.js';

// Off GitHub the legs are paths: the artifact inputs, the summary and the comment do not apply.
const OFF_GITHUB = new Set([
  'reports',
  'artifact-pattern',
  'artifact-name',
  'artifact-retention-days',
  'pr-comment',
  'github-token',
  'job-summary',
]);
const FLAGS = MERGE_INPUTS.filter((i) => !OFF_GITHUB.has(i.name));

function mergeOptions(): OptionSpecs {
  const specs: OptionSpecs = {};
  for (const input of FLAGS) {
    specs[input.name] = {
      type: 'string',
      description: input.description,
      ...(input.default === '' ? {} : { default: input.default }),
      ...(input.secret === undefined ? {} : { secret: optionSecret(input.secret) }),
    };
  }
  return specs;
}

export const mergeCommand: CliCommand = {
  name: 'merge',
  summary: 'Merge the reports of several drills (the legs of a job matrix) into one fleet verdict.',
  usage: 'merge <report.json | folder>... [--expected-drills <a,b,...>] [--fail-on <level>]',
  notes:
    'Writes fleet.json and fleet.md into --report-dir. A folder is searched for report.json files (a folder per leg, as actions/download-artifact leaves them).',
  exitStatus: 'Exit status: 0 the fleet passes (per --fail-on), 1 it does not, 2 usage or configuration error.',
  options: {
    ...mergeOptions(),
    verbose: { type: 'boolean', description: 'Print debug lines.' },
  },
  async run({ positionals, values }, env) {
    if (positionals.length === 0) throw new UsageError('merge needs at least one report.json or folder of reports');
    const raw = { reports: positionals.join('\n'), 'job-summary': 'false', ...readInputs(FLAGS, env, values) };
    const secrets = new SecretRegistry();
    registerInputSecrets(raw, secrets, MERGE_INPUTS);
    const log = cliLogger({ verbose: values.verbose === 'true', redact: (t) => secrets.redact(t) });
    try {
      const config = loadMergeConfig(raw);
      const { fleet, jsonPath, markdownPath } = await runMerge(config, { log, secrets, env, artifactsAllowed: false });
      await announceFleet(fleet, config, log);
      process.stdout.write(
        `${fleetVerdictLine(fleet).replace(/\*\*/g, '')}\nfleet report written to ${jsonPath} and ${markdownPath}\n`,
      );
      return shouldFail(fleet.result, config.failOn) ? 1 : 0;
    } catch (error) {
      if (error instanceof ConfigError) {
        process.stderr.write(secrets.redact(`pickdriver-vault: invalid input:\n  ${error.problems.join('\n  ')}\n`));
        return 2;
      }
      if (error instanceof MergeInputError) {
        process.stderr.write(secrets.redact(`pickdriver-vault merge: ${error.message}\n`));
        return 2;
      }
      throw error;
    }
  },
};
