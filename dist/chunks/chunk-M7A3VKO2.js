import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  INPUTS
} from "./chunk-3ORQE662.js";

// src/action/action-inputs.ts
function readActionInputs(env = process.env) {
  const raw = {};
  for (const spec of INPUTS) raw[spec.name] = env[`INPUT_${spec.name.replace(/ /g, "_").toUpperCase()}`];
  return raw;
}

export {
  readActionInputs
};
