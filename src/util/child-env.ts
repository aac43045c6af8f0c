// Every child process the drill starts (pg_restore, psql, post-restore-command,
// api-start-command, the archive and decryption tools) gets an environment built from this
// allow-list plus what the interface promises it, never the drill's own environment: that
// holds the inputs (INPUT_* with tokens and keys), the runner's files (GITHUB_STATE could
// rewrite what the post step cleans up, GITHUB_ENV/GITHUB_PATH would reach later steps), its
// runtime tokens (ACTIONS_*, GITHUB_TOKEN) and cloud credentials (AWS_*).

/** Variables passed through by name. */
const ALLOWED = new Set(['PATH', 'HOME', 'LANG', 'LANGUAGE', 'TZ', 'TMPDIR']);
/** ... and by prefix: the locale categories. */
const ALLOWED_PREFIXES = ['LC_'];

/**
 * The allow-listed part of `parent` with `extra` laid over it. `extra` is what the caller
 * promises this child (its libpq variables, DRILL_DATABASE_URL, INTERNAL_SERVICE_TOKEN...).
 */
export function childEnv(
  parent: NodeJS.ProcessEnv,
  extra: Record<string, string | undefined> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parent)) {
    if (value === undefined) continue;
    if (ALLOWED.has(name) || ALLOWED_PREFIXES.some((p) => name.startsWith(p))) env[name] = value;
  }
  // Temporary files of children go where the drill's own go (the runner's RUNNER_TEMP).
  if (!env.TMPDIR && parent.RUNNER_TEMP) env.TMPDIR = parent.RUNNER_TEMP;
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) env[name] = value;
  return env;
}
