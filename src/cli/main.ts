// `pickdriver-vault drill | demo | verify-report`. Exit status: 0 when the job would pass,
// 1 when it would fail, 2 for a usage or configuration error (nothing run).
import { cleanup } from '../cleanup.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { INPUTS } from '../config/inputs.js';
import { runDemo } from '../demo/demo.js';
import { runDrill } from '../drill.js';
import { shouldFail } from '../report/result.js';
import { verifyReportFile } from '../report/verify-command.js';
import { registerInputSecrets, SecretRegistry } from '../util/secrets.js';
import { MemoryState } from '../util/state.js';
import { TOOL_VERSION } from '../version.js';
import { INPUT_NAMES, inputsFrom, parseArgs, UsageError } from './args.js';
import { cliLogger } from './cli-logger.js';

const USAGE = `pickdriver-vault ${TOOL_VERSION}: backup-restore drills for PickDriver

Usage:
  pickdriver-vault drill --backup-source <path|glob|folder> [--<input> <value> ...]
  pickdriver-vault demo [--scale <n>] [--report-dir <dir>]
  pickdriver-vault verify-report <report.json> --report-signing-key <key>

Every action input is a flag of the same name (INPUT_<NAME> variables work too):
${INPUTS.map((i) => `  --${i.name}${i.default && !i.default.startsWith('${{') ? ` (default ${i.default})` : ''}`).join('\n')}

Exit status: 0 the drill passed (per --fail-on), 1 it failed, 2 usage or configuration error.
`;

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'drill':
        return await drillCommand(rest, env);
      case 'demo':
        return await demoCommand(rest, env);
      case 'verify-report':
        return await verifyCommand(rest, env);
      case '--version':
        process.stdout.write(`${TOOL_VERSION}\n`);
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`pickdriver-vault: ${error.message}\nRun 'pickdriver-vault --help' for usage.\n`);
      return 2;
    }
    throw error;
  }
}

async function drillCommand(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { positional, flags } = parseArgs(argv, new Set([...INPUT_NAMES, 'help', 'verbose']));
  if (flags.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positional.length > 0) throw new UsageError(`unexpected argument '${positional[0]}'`);
  const secrets = new SecretRegistry();
  const raw = inputsFrom(flags, env);
  registerInputSecrets(raw, secrets);
  const log = cliLogger({ verbose: flags.verbose === 'true', redact: (t) => secrets.redact(t) });
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(raw);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(secrets.redact(`pickdriver-vault: invalid input:\n  ${error.problems.join('\n  ')}\n`));
      return 2;
    }
    throw error;
  }
  const ctx = { config, log, secrets, env };
  const state = new MemoryState();
  try {
    const { report, paths } = await runDrill(ctx, state);
    for (const c of report.checks) {
      if (c.status === 'fail') log.error(`${c.id}: ${c.summary}`);
      else if (c.status === 'warn') log.warning(`${c.id}: ${c.summary}`);
    }
    process.stdout.write(`${report.result}: report written to ${paths.jsonPath} and ${paths.markdownPath}\n`);
    return shouldFail(report.result, config.failOn) ? 1 : 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(secrets.redact(`pickdriver-vault: invalid input:\n  ${error.problems.join('\n  ')}\n`));
      return 2;
    }
    process.stderr.write(
      secrets.redact(`pickdriver-vault: ${error instanceof Error ? error.message : String(error)}\n`),
    );
    return 1;
  } finally {
    await cleanup(ctx, state.get());
  }
}

async function demoCommand(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { positional, flags } = parseArgs(argv, new Set(['scale', 'report-dir', 'help', 'verbose']));
  if (flags.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positional.length > 0) throw new UsageError(`unexpected argument '${positional[0]}'`);
  const scale = flags.scale === undefined ? 0.2 : Number(flags.scale);
  if (!Number.isFinite(scale) || scale <= 0)
    throw new UsageError(`--scale: expected a positive number, got '${flags.scale}'`);
  return runDemo({
    scale,
    reportDir: flags['report-dir'] ?? 'pickdriver-vault-report',
    verbose: flags.verbose === 'true',
    env,
  });
}

async function verifyCommand(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { positional, flags } = parseArgs(argv, new Set(['report-signing-key', 'help']));
  const file = positional[0];
  const key = flags['report-signing-key'] ?? env['INPUT_REPORT-SIGNING-KEY'];
  if (!file || positional.length > 1) throw new UsageError('verify-report takes one report.json path');
  if (!key) throw new UsageError('verify-report needs --report-signing-key <key>');
  const outcome = await verifyReportFile(file, key);
  (outcome.ok ? process.stdout : process.stderr).write(`${outcome.message}\n`);
  return outcome.ok ? 0 : 1;
}
