// Input values read without the schema library, shared by the schema and by the post step, which
// reads the few inputs its drop needs without loading the whole configuration.
import { INPUTS } from './inputs.js';

export const RESTRICTED_NAMES = ['prod', 'production', 'main', 'live'] as const;

/** true/yes/1/on, false/no/0/off/empty (any case); null for anything else. */
export function parseBooleanWord(s: string): boolean | null {
  const v = s.trim().toLowerCase();
  if (['true', 'yes', '1', 'on'].includes(v)) return true;
  if (['false', 'no', '0', 'off', ''].includes(v)) return false;
  return null;
}

/** A postgres:// or postgresql:// URL. */
export function isPostgresUrl(s: string): boolean {
  try {
    const url = new URL(s);
    return url.protocol === 'postgres:' || url.protocol === 'postgresql:';
  } catch {
    return false;
  }
}

// Inputs whose empty value means something of its own ("no upload", "no token").
const EMPTY_IS_A_VALUE = new Set(['artifact-name', 'github-token']);

/** Fills in action.yml's defaults for inputs that were not given, or given empty. */
export function withDefaults(raw: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of INPUTS) {
    const given = raw[spec.name];
    // `${{ github.token }}` only means something inside a workflow; off GitHub it is empty.
    const fallback = spec.default.startsWith('${{') ? '' : spec.default;
    const useDefault = given === undefined || (given.trim() === '' && !EMPTY_IS_A_VALUE.has(spec.name));
    out[spec.name] = useDefault ? fallback : given;
  }
  return out;
}
