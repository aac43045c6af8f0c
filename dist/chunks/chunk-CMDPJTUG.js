import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  debug,
  error,
  group,
  info,
  warning
} from "./chunk-PWUNM4WA.js";

// src/util/core-logger.ts
var coreLogger = {
  info: (message) => info(message),
  debug: (message) => debug(message),
  warning: (message, props) => warning(message, props ?? {}),
  error: (message, props) => error(message, props ?? {}),
  group: (name, fn) => group(name, fn)
};

export {
  coreLogger
};
