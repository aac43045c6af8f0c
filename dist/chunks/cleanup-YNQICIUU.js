import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  cleanup
} from "./chunk-2SY3QG7R.js";
import "./chunk-RQYJ7EV5.js";
import "./chunk-42FPPJGA.js";
import "./chunk-Y5PZAYAI.js";
import "./chunk-LM3RGOMZ.js";
import "./chunk-LI3CX44T.js";
import "./chunk-C7TYZY7K.js";
import "./chunk-IWKGOBYP.js";
import "./chunk-MXTHVFJU.js";
import "./chunk-TZ6PIJFA.js";
export {
  cleanup
};
