import { INPUTS } from '../config/inputs.js';

/**
 * Reads the inputs the runner passes as INPUT_* variables, keeping "not set" apart from
 * "set to empty" (core.getInput cannot), so defaults apply when the runner is not the caller.
 */
export function readActionInputs(env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const raw: Record<string, string | undefined> = {};
  for (const spec of INPUTS) raw[spec.name] = env[`INPUT_${spec.name.replace(/ /g, '_').toUpperCase()}`];
  return raw;
}
