import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  computeResult,
  shouldFail
} from "./chunk-VUQJBVW6.js";
import "./chunk-TZ6PIJFA.js";
export {
  computeResult,
  shouldFail
};
