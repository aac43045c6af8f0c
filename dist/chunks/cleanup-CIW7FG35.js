import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  cleanup
<<<<<<<< HEAD:dist/chunks/cleanup-CIW7FG35.js
} from "./chunk-KNXF6GRJ.js";
import "./chunk-RWRAS7HY.js";
import "./chunk-SL6OQQP6.js";
========
} from "./chunk-75YFOH3E.js";
import "./chunk-GND4AL4A.js";
import "./chunk-2HDH7JPK.js";
>>>>>>>> 82b24bc (Rebuild dist/):dist/chunks/cleanup-NC2YIVLS.js
import "./chunk-EKCMPYEK.js";
import "./chunk-C7TYZY7K.js";
import "./chunk-LM3RGOMZ.js";
import "./chunk-LI3CX44T.js";
import "./chunk-YGYA425F.js";
import "./chunk-MXTHVFJU.js";
import "./chunk-TZ6PIJFA.js";
export {
  cleanup
};
