import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  cleanup
} from "./chunk-OMODBVHB.js";
import "./chunk-5CK3TBJR.js";
import "./chunk-KJ4R23QH.js";
import "./chunk-MFMXUWMA.js";
import "./chunk-R7EDQP7H.js";
import "./chunk-JBTATGD6.js";
import "./chunk-KTT63NWK.js";
import "./chunk-WFPRG6TS.js";
import "./chunk-CN4I7IFA.js";
import "./chunk-PSHNSFM7.js";
import "./chunk-C4EZGGVE.js";
import "./chunk-V6E6NHID.js";
import "./chunk-LIWSDS64.js";
import "./chunk-TZ6PIJFA.js";
export {
  cleanup
};
