// `pickdriver-vault --help` and `pickdriver-vault <command> --help`: each option with its
// description and default (for drill, the descriptions and defaults of action.yml's inputs).
import { TOOL_VERSION } from '../model/version.js';
import type { OptionSpecs } from './args.js';
import type { CliCommand } from './command.js';

/** The program's exit status in general; each command's --help says what it means there. */
const EXIT_STATUS = 'Exit status: 0 success, 1 the check or drill failed, 2 usage or configuration error.';

export function programHelp(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `pickdriver-vault ${TOOL_VERSION}: backup-restore drills for PickDriver`,
    '',
    'Usage:',
    ...commands.map((c) => `  pickdriver-vault ${c.usage}`),
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'pickdriver-vault <command> --help' for a command's options.",
    EXIT_STATUS,
    '',
  ].join('\n');
}

export function commandHelp(command: CliCommand, options: OptionSpecs): string {
  const lines = [`Usage: pickdriver-vault ${command.usage}`, '', command.summary, '', 'Options:'];
  for (const [name, spec] of Object.entries(options)) {
    const value = spec.type === 'string' ? ` ${spec.valueName ?? '<value>'}` : '';
    const short = spec.short ? `-${spec.short}, ` : '';
    lines.push(`  ${short}--${name}${value}`);
    const extra = spec.required ? ' (required)' : spec.default !== undefined ? ` (default: ${spec.default})` : '';
    lines.push(`      ${spec.description}${extra}`);
  }
  if (command.notes) lines.push('', command.notes);
  lines.push('', command.exitStatus, '');
  return lines.join('\n');
}
