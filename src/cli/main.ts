// `pickdriver-vault <command>`. Exit status: 0 when the job would pass, 1 when it would fail,
// 2 for a usage or configuration error (nothing run).
import { TOOL_VERSION } from '../model/version.js';
import { parseCommandArgs, UsageError } from './args.js';
import { COMMON_OPTIONS } from './command.js';
import { COMMANDS } from './commands.js';
import { commandHelp, programHelp } from './help.js';

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === '--version' || name === '-V' || name === 'version') {
      process.stdout.write(`${TOOL_VERSION}\n`);
      return 0;
    }
    if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
      const topic = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
      process.stdout.write(topic ? commandHelp(topic, { ...topic.options, ...COMMON_OPTIONS }) : programHelp(COMMANDS));
      return name === undefined ? 2 : 0;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (command === undefined) {
      throw new UsageError(`unknown command '${name}'; expected one of ${COMMANDS.map((c) => c.name).join(', ')}`);
    }
    const options = { ...command.options, ...COMMON_OPTIONS };
    const args = parseCommandArgs(rest, options);
    if (args.values.help === 'true') {
      process.stdout.write(commandHelp(command, options));
      return 0;
    }
    return await command.run(args, env);
  } catch (error) {
    if (error instanceof UsageError) {
      const scope = name && COMMANDS.some((c) => c.name === name) ? `${name} --help` : '--help';
      process.stderr.write(`pickdriver-vault: ${error.message}\nRun 'pickdriver-vault ${scope}' for usage.\n`);
      return 2;
    }
    throw error;
  }
}
