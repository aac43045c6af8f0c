// Command-line flags carry the action's input names: `--backup-source backups/ --fail-on never`
// or `--backup-source=backups/`. INPUT_<NAME> variables work too; flags win.
import { INPUTS } from '../config/inputs.js';

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface ParsedArgs {
  positional: string[];
  flags: Record<string, string>;
}

const BOOLEAN_FLAGS = new Set(['help', 'verbose', 'version']);

export function parseArgs(argv: string[], known: ReadonlySet<string>): ParsedArgs {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (!known.has(name)) throw new UsageError(`unknown option --${name}`);
    if (eq !== -1) flags[name] = arg.slice(eq + 1);
    else if (BOOLEAN_FLAGS.has(name)) flags[name] = 'true';
    else {
      const value = argv[i + 1];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      flags[name] = value;
      i++;
    }
  }
  return { positional, flags };
}

export const INPUT_NAMES: ReadonlySet<string> = new Set(INPUTS.map((i) => i.name));

/** Inputs from INPUT_* variables, overridden by flags. */
export function inputsFrom(flags: Record<string, string>, env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const raw: Record<string, string | undefined> = {};
  for (const spec of INPUTS) {
    raw[spec.name] = flags[spec.name] ?? env[`INPUT_${spec.name.toUpperCase()}`];
  }
  return raw;
}
