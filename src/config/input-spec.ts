// What an input is, and how the runner hands it over. The action's steps (main, post, merge) and
// the command line read inputs through readInputs, so INPUT_* means the same everywhere.

/**
 * How an input is a secret; the one place that says so. Every secret input's value is registered
 * with the log masker and the redactor before validation, and no message (a usage error of the
 * command line included) ever shows it.
 * - `value`: the value whole (a token, a key).
 * - `lines`: the value whole and each line (internal-token, one token per line).
 * - `key`: backup-decryption-key: the value whole and each line of an armored key.
 * - `url`: a URL that is a credential whole, its path being the key (webhooks, heartbeats).
 * - `url-credentials`: a URL whose password or signature parameters are secrets (database-url).
 */
export type SecretKind = 'value' | 'lines' | 'key' | 'url' | 'url-credentials';

export interface InputSpec {
  name: string;
  default: string;
  description: string;
  required?: boolean;
  secret?: SecretKind;
}

/** The variable the runner passes an input in: INPUT_ and the name upper-cased, spaces as underscores. */
function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * The inputs of `specs` from their INPUT_* variables, keeping "not set" apart from "set to empty"
 * (core.getInput cannot), so defaults apply when the runner is not the caller. A command-line
 * flag of the same name wins over the variable.
 */
export function readInputs(
  specs: readonly InputSpec[],
  env: NodeJS.ProcessEnv,
  flags: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  const raw: Record<string, string | undefined> = {};
  for (const spec of specs) raw[spec.name] = flags[spec.name] ?? env[inputVariable(spec.name)];
  return raw;
}
