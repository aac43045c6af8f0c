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
