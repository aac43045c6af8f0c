import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);

// src/util/sanitize.ts
var CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
function sanitizeName(text) {
  return text.replace(CONTROL, "?");
}
function hasControlCharacters(text) {
  CONTROL.lastIndex = 0;
  const found = CONTROL.test(text);
  CONTROL.lastIndex = 0;
  return found;
}
var LOG_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
function inertLogText(text) {
  return text.replace(LOG_CONTROL, "?").split("\n").map((line) => line.replace(/^(\s*):(?=:)/, "$1?").replace(/##\[/g, "##?[")).join("\n");
}

export {
  sanitizeName,
  hasControlCharacters,
  inertLogText
};
