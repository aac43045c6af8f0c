import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  cleanup
} from "./chunk-5THJGJAM.js";
import "./chunk-2EPVFVGA.js";
import "./chunk-GL7R2ASG.js";
import "./chunk-EKCMPYEK.js";
import "./chunk-C7TYZY7K.js";
import "./chunk-LM3RGOMZ.js";
import "./chunk-LI3CX44T.js";
import "./chunk-OFWJF53E.js";
import "./chunk-MXTHVFJU.js";
import "./chunk-TZ6PIJFA.js";
export {
  cleanup
};
