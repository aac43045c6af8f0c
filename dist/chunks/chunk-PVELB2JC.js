import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  inertLogText
} from "./chunk-CN4I7IFA.js";
import {
  debug,
  error,
  group,
  info,
  warning
} from "./chunk-X36LIMJ5.js";

// src/util/core-logger.ts
var coreLogger = {
  // core.info writes the message as it is (the others escape theirs inside their command).
  info: (message) => info(inertLogText(message)),
  debug: (message) => debug(message),
  warning: (message, props) => warning(message, props ?? {}),
  error: (message, props) => error(message, props ?? {}),
  group: (name, fn) => group(name, fn)
};

export {
  coreLogger
};
