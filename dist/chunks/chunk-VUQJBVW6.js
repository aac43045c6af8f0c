import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);

// src/model/result.ts
function computeResult(checks, regressions) {
  if (checks.some((c) => c.status === "fail")) return "failed";
  if (regressions.length > 0) return "regressed";
  if (checks.some((c) => c.status === "warn")) return "warned";
  return "passed";
}
var FAILING_RESULTS = {
  failure: ["failed"],
  regression: ["failed", "regressed"],
  warning: ["failed", "regressed", "warned"],
  never: []
};
function shouldFail(result, failOn) {
  return FAILING_RESULTS[failOn].includes(result);
}

export {
  computeResult,
  shouldFail
};
