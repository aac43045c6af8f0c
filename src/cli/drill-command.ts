// `pickdriver-vault drill`: the action's engine on this machine; every action input is a flag.

import { ConfigError, loadConfig } from '../config/config.js';
import { registerInputSecrets } from '../config/input-secrets.js';
import { readInputs } from '../config/input-spec.js';
import { INPUTS } from '../config/inputs.js';
import { drillCrashed, handleCancellation } from '../drill/cancel-signals.js';
import { cleanup } from '../drill/cleanup.js';
import { newProgress } from '../drill/progress.js';
import { runDrill } from '../drill/run.js';
import { shouldFail } from '../model/result.js';
import { announceDrill } from '../notify/announce-drill.js';
import { cliLogger } from '../util/cli-logger.js';
import { SecretRegistry } from '../util/secrets.js';
import { MemoryState } from '../util/state.js';
import { removeTempDirs } from '../util/temp-files.js';
import { inputOptions, unexpectedArgument } from './args.js';
import type { CliCommand } from './command.js';

export const drillCommand: CliCommand = {
  name: 'drill',
  summary: 'Restore the newest backup, check it, compare with earlier drills and write the report.',
  usage: 'drill --backup-source <path|glob|folder|s3://…|artifact:…|https://…> [--<input> <value> ...]',
  notes: 'Every action input is a flag of the same name; INPUT_<NAME> variables work too (flags win).',
  exitStatus:
    'Exit status: 0 the job would pass (per --fail-on), 1 it would fail, 2 usage or configuration error (nothing ran).',
  options: {
    ...inputOptions(),
    verbose: { type: 'boolean', description: 'Print debug lines.' },
  },
  async run(args, env) {
    const { positionals, values } = args;
    if (positionals.length > 0) throw unexpectedArgument(args);
    const secrets = new SecretRegistry();
    const raw = readInputs(INPUTS, env, values);
    registerInputSecrets(raw, secrets);
    const log = cliLogger({ verbose: values.verbose === 'true', redact: (t) => secrets.redact(t) });
    const invalid = (error: ConfigError) => {
      process.stderr.write(secrets.redact(`pickdriver-vault: invalid input:\n  ${error.problems.join('\n  ')}\n`));
      return 2;
    };
    let config: ReturnType<typeof loadConfig>;
    try {
      config = loadConfig(raw);
    } catch (error) {
      if (error instanceof ConfigError) return invalid(error);
      throw error;
    }
    const ctx = { config, log, secrets, env };
    const state = new MemoryState();
    try {
      const progress = newProgress();
      const stop = {
        ctx,
        state,
        progress,
        leaveForPostStep: false,
        announce: (line: string) => process.stderr.write(`pickdriver-vault: ${line}\n`),
      };
      handleCancellation(stop);
      // A crash (an error the drill did not turn into a check) still writes the report and drops what was made.
      const { report, paths } = await runDrill(ctx, state, progress).catch((error: unknown) =>
        error instanceof ConfigError ? Promise.reject(error) : drillCrashed(stop, error),
      );
      for (const c of report.checks) {
        if (c.status === 'fail') log.error(`${c.id}: ${c.summary}`);
        else if (c.status === 'warn') log.warning(`${c.id}: ${c.summary}`);
      }
      process.stdout.write(`${report.result}: report written to ${paths.jsonPath} and ${paths.markdownPath}\n`);
      await announceDrill({ report, jsonPath: paths.jsonPath }, config, log);
      return shouldFail(report.result, config.failOn) ? 1 : 0;
    } catch (error) {
      if (error instanceof ConfigError) return invalid(error);
      process.stderr.write(
        secrets.redact(`pickdriver-vault: ${error instanceof Error ? error.message : String(error)}\n`),
      );
      return 1;
    } finally {
      await cleanup(ctx, state.get());
      await removeTempDirs();
    }
  },
};
