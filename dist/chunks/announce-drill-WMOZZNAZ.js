import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  announceDrill
} from "./chunk-XGE6BWZB.js";
import "./chunk-24LXJ7HI.js";
import "./chunk-ZOEOBCSS.js";
import "./chunk-R7EDQP7H.js";
import "./chunk-VUQJBVW6.js";
import "./chunk-WFPRG6TS.js";
import "./chunk-CN4I7IFA.js";
import "./chunk-CN5VJVNZ.js";
import "./chunk-LIWSDS64.js";
import "./chunk-TZ6PIJFA.js";
export {
  announceDrill
};
