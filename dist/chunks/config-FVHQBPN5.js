import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  ConfigError,
  loadConfig
} from "./chunk-6NM6FAV3.js";
import "./chunk-CN5VJVNZ.js";
import "./chunk-PSHNSFM7.js";
import "./chunk-C4EZGGVE.js";
import "./chunk-V6E6NHID.js";
import "./chunk-LIWSDS64.js";
import "./chunk-TZ6PIJFA.js";
export {
  ConfigError,
  loadConfig
};
