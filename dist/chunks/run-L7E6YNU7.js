import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  runDrill
} from "./chunk-CWED3RP3.js";
import "./chunk-EEHNMFWD.js";
import "./chunk-33GF2NK2.js";
import "./chunk-5CK3TBJR.js";
import "./chunk-GAWZFLLC.js";
import "./chunk-JJMZJDTI.js";
import "./chunk-KJ4R23QH.js";
import "./chunk-MFMXUWMA.js";
import "./chunk-SKOUYL5F.js";
import "./chunk-ROEGHXHL.js";
import "./chunk-ERDHK7FH.js";
import "./chunk-ZOEOBCSS.js";
import "./chunk-R7EDQP7H.js";
import "./chunk-VUQJBVW6.js";
import "./chunk-GOQBBC7E.js";
import "./chunk-4W44TVMQ.js";
import "./chunk-JBTATGD6.js";
import "./chunk-KTT63NWK.js";
import "./chunk-WFPRG6TS.js";
import "./chunk-CN4I7IFA.js";
import "./chunk-6NM6FAV3.js";
import "./chunk-CN5VJVNZ.js";
import "./chunk-PSHNSFM7.js";
import "./chunk-C4EZGGVE.js";
import "./chunk-V6E6NHID.js";
import "./chunk-LIWSDS64.js";
import "./chunk-TZ6PIJFA.js";
export {
  runDrill
};
