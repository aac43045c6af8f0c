// Command-line flags on node:util parseArgs: `--flag value`, `--flag=value`, `--` ends the flags.
// parseArgs runs non-strict so that every refusal below can name the flag and what it accepts
// (strict mode's messages are generic); the tokens it returns say how each value was written.
import { parseArgs } from 'node:util';
import { INPUTS } from '../config/inputs.js';

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  description: string;
  /** Shown in --help; omitted when there is no default. */
  default?: string;
  /** Shown in --help as "(required)": the command refuses to run without it. */
  required?: boolean;
  short?: string;
  /** Placeholder for the value in --help, e.g. `<dir>`. */
  valueName?: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

export interface ParsedArgs {
  positionals: string[];
  /** Given flags only: a string option's value, 'true' for a boolean flag. */
  values: Record<string, string>;
}

/** Parses argv against the command's options; throws UsageError naming the flag at fault. */
export function parseCommandArgs(argv: string[], specs: OptionSpecs): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, spec] of Object.entries(specs)) {
    options[name] = spec.short ? { type: spec.type, short: spec.short } : { type: spec.type };
  }
  const { tokens } = parseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
  const values: Record<string, string> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const spec = specs[token.name];
    if (spec === undefined) throw new UsageError(`unknown option ${token.rawName}`);
    if (spec.type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value (got '${token.value}')`);
      values[token.name] = 'true';
      continue;
    }
    const flag = `--${token.name}`;
    if (token.value === undefined) throw new UsageError(`${flag} needs a value: ${flag} <value> or ${flag}=<value>`);
    // `--backup-source --fail-on never` is almost always a forgotten value, not a source named
    // "--fail-on"; a value that really starts with a dash is written `--backup-source=-x`.
    if (token.inlineValue === false && token.value.startsWith('-') && token.value.length > 1) {
      throw new UsageError(
        `${flag} needs a value, got the flag-like '${token.value}'; write ${flag}=${token.value} if that is the value`,
      );
    }
    values[token.name] = token.value;
  }
  return { positionals, values };
}

/** Every action input as a string flag of the same name, described as in action.yml. */
export function inputOptions(): OptionSpecs {
  const specs: OptionSpecs = {};
  for (const input of INPUTS) {
    const shownDefault = input.required || input.default.startsWith('${{') ? '' : input.default;
    specs[input.name] = {
      type: 'string',
      description: input.description,
      ...(shownDefault === '' ? {} : { default: shownDefault }),
      ...(input.required ? { required: true } : {}),
    };
  }
  return specs;
}

/** Inputs from INPUT_* variables, overridden by flags. */
export function inputsFrom(values: Record<string, string>, env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const raw: Record<string, string | undefined> = {};
  for (const spec of INPUTS) {
    raw[spec.name] = values[spec.name] ?? env[`INPUT_${spec.name.toUpperCase()}`];
  }
  return raw;
}
