import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  cleanup
} from "./chunk-SNTZQ3B2.js";
import "./chunk-EFTXC52O.js";
import "./chunk-K6GMJ67Z.js";
import "./chunk-PW6EZFMH.js";
import "./chunk-LM3RGOMZ.js";
import "./chunk-CN4I7IFA.js";
import "./chunk-SLGFGWMP.js";
import "./chunk-C7TYZY7K.js";
import "./chunk-PSJH2KFC.js";
import "./chunk-HJGOI4A4.js";
import "./chunk-TZ6PIJFA.js";
export {
  cleanup
};
