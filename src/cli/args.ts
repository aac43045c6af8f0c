// Command-line flags on node:util parseArgs: `--flag value`, `--flag=value`, `--` ends the flags.
// parseArgs runs non-strict so that every refusal below can name the flag and what it accepts
// (strict mode's messages are generic); the tokens it returns say how each value was written.
import { parseArgs } from 'node:util';
import type { SecretKind } from '../config/input-spec.js';
import { INPUTS } from '../config/inputs.js';
import { withoutPassword } from '../util/secrets.js';

export class UsageError extends Error {
  override name = 'UsageError';
}

interface OptionSpec {
  type: 'string' | 'boolean';
  description: string;
  /** Shown in --help; omitted when there is no default. */
  default?: string;
  /** Shown in --help as "(required)": the command refuses to run without it. */
  required?: boolean;
  short?: string;
  /** Placeholder for the value in --help, e.g. `<dir>`. */
  valueName?: string;
  /**
   * From the `secret` of its input's table: `value`, a secret no message ever shows; `credentials`,
   * a URL or path whose password and signatures are secrets (shown without them, or not at all).
   */
  secret?: 'value' | 'credentials';
}

export type OptionSpecs = Record<string, OptionSpec>;

export interface ParsedArgs {
  positionals: string[];
  /**
   * Positionals that stand right after a secret flag's value, maybe the rest of that secret:
   * how a message may show each (null: not at all).
   */
  afterSecret?: Map<string, string | null>;
  /** Given flags only: a string option's value, 'true' for a boolean flag. */
  values: Record<string, string>;
}

/** The option spec's `secret` for an input's secret kind. */
export function optionSecret(kind: SecretKind | undefined): OptionSpec['secret'] {
  if (kind === undefined) return undefined;
  return kind === 'url-credentials' ? 'credentials' : 'value';
}

/**
 * A value as a usage error may show it: null for a secret; a URL that may carry credentials
 * without them (and not at all when it does not parse, as then nobody can say where they are).
 */
function shownValue(spec: OptionSpec, value: string): string | null {
  if (spec.secret === 'value') return null;
  if (spec.secret === 'credentials' && value.includes('://')) {
    const bare = value.replace(/^-+/, '');
    if (!URL.canParse(bare)) return null;
    return value.slice(0, value.length - bare.length) + withoutPassword(bare);
  }
  return value;
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
  const afterSecret = new Map<string, string | null>();
  let previous: (typeof tokens)[number] | undefined;
  for (const token of tokens) {
    const before = previous;
    previous = token;
    if (token.kind === 'positional') {
      positionals.push(token.value);
      const secretFlag = before?.kind === 'option' ? specs[before.name] : undefined;
      if (secretFlag?.secret) afterSecret.set(token.value, shownValue(secretFlag, token.value));
    }
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
      const shown = shownValue(spec, token.value);
      throw new UsageError(
        shown === null
          ? `${flag} needs a value, got a flag-like one (not shown: ${flag} is a secret); write ${flag}=<value> if the value starts with '-'`
          : `${flag} needs a value, got the flag-like '${shown}'; write ${flag}=${shown} if that is the value`,
      );
    }
    // `--internal-token= tok` leaves the token as a stray argument, which a usage error would show.
    const next = tokens[tokens.indexOf(token) + 1];
    if (spec.secret && token.value === '' && next?.kind === 'positional') {
      throw new UsageError(
        `${flag}= is empty and followed by a separate argument (not shown: ${flag} is a secret); write ${flag}=<value> or ${flag} <value>`,
      );
    }
    values[token.name] = token.value;
  }
  return { positionals, values, afterSecret };
}

/** The usage error for a command that takes no arguments: the stray one is named unless it may be a secret. */
export function unexpectedArgument(args: ParsedArgs): UsageError {
  const first = args.positionals[0] ?? '';
  const shown = args.afterSecret?.has(first) ? (args.afterSecret.get(first) ?? null) : first;
  return shown === null
    ? new UsageError(
        'unexpected argument after a secret flag (not shown: it may be part of that secret); quote a value with spaces or new lines as one argument',
      )
    : new UsageError(`unexpected argument '${shown}'`);
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
      ...(input.secret === undefined ? {} : { secret: optionSecret(input.secret) }),
    };
  }
  return specs;
}
