// Names that come from outside the drill (S3 keys, artifact entries, archive TOC names, strings
// in the API's answers) go through here before they reach a log line, a summary or the report.
// A newline in such a name could otherwise start a workflow command (`::save-state::`,
// `::add-mask::`, `::warning::`) in the runner's log; bidi controls could disguise it.

// C0 controls, DEL, C1 controls, the Unicode line and paragraph separators, and the bidi
// embedding/override/isolate controls.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` with every control character replaced by `?`, so the name stays recognisable (and its
 * length visible) while it can no longer break a line or start a workflow command.
 */
export function sanitizeName(text: string): string {
  return text.replace(CONTROL, '?');
}

/** True when `text` holds a character sanitizeName would replace. */
export function hasControlCharacters(text: string): boolean {
  CONTROL.lastIndex = 0;
  const found = CONTROL.test(text);
  CONTROL.lastIndex = 0;
  return found;
}

// The same controls but tab and line feed: a log message may hold several lines of its own.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const LOG_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * A message for a log line the runner reads: whatever text of the backup's, the database's or an
 * API's it quotes, no line of it is a workflow command. The runner takes a line that starts with
 * `::` after its leading spaces as a command (`::add-mask::`, `::stop-commands::`, `::error::`),
 * and `##[` anywhere in a line as an old-style one; a carriage return starts a line too. Controls
 * (but tab and line feed) become `?`, a leading `::` becomes `?:`, `##[` becomes `##?[`.
 */
export function inertLogText(text: string): string {
  return text
    .replace(LOG_CONTROL, '?')
    .split('\n')
    .map((line) => line.replace(/^(\s*):(?=:)/, '$1?').replace(/##\[/g, '##?['))
    .join('\n');
}
