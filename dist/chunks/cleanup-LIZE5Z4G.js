import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  cleanup
} from "./chunk-5B6SQLQL.js";
import "./chunk-A6GBZCSL.js";
import "./chunk-DKPBT7BK.js";
import "./chunk-EAR2WORF.js";
import "./chunk-LM3RGOMZ.js";
import "./chunk-4OFAY5JI.js";
import "./chunk-C7TYZY7K.js";
import "./chunk-PSJH2KFC.js";
import "./chunk-HJGOI4A4.js";
import "./chunk-TZ6PIJFA.js";
export {
  cleanup
};
