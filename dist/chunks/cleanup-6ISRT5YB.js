import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  cleanup
} from "./chunk-67Y2VFBX.js";
import "./chunk-7LKGJ7E3.js";
import "./chunk-RV3Q6ALB.js";
import "./chunk-VTLXRGTO.js";
import "./chunk-6YFBXEMQ.js";
import "./chunk-LI3CX44T.js";
import "./chunk-C7TYZY7K.js";
import "./chunk-PSJH2KFC.js";
import "./chunk-HJGOI4A4.js";
import "./chunk-TZ6PIJFA.js";
export {
  cleanup
};
