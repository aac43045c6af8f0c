import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  ConfigError,
  loadConfig
} from "./chunk-O6PIH7OD.js";
import "./chunk-C7TYZY7K.js";
import {
  withDefaults
} from "./chunk-IWKGOBYP.js";
import "./chunk-MXTHVFJU.js";
import "./chunk-TZ6PIJFA.js";
export {
  ConfigError,
  loadConfig,
  withDefaults
};
