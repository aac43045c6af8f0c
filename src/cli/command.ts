// What a command of `pickdriver-vault` is. Each command lives in a file of its own under
// src/cli/ and is listed once in commands.ts; main.ts parses, prints help and dispatches.
import type { OptionSpecs, ParsedArgs } from './args.js';

export interface CliCommand {
  name: string;
  /** One line for the command list of `pickdriver-vault --help`. */
  summary: string;
  /** The synopsis after `pickdriver-vault `, e.g. `verify-report <report.json> --report-signing-key <key>`. */
  usage: string;
  /** Extra paragraphs printed after the options by `<command> --help`. */
  notes?: string;
  /** What the exit status means, printed once at the end of `<command> --help`. */
  exitStatus: string;
  options: OptionSpecs;
  run(args: ParsedArgs, env: NodeJS.ProcessEnv): Promise<number>;
}

/** Options every command takes; merged into each command's own. */
export const COMMON_OPTIONS: OptionSpecs = {
  help: { type: 'boolean', short: 'h', description: 'Print this help and exit.' },
};
