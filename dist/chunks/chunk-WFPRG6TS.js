import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);

// src/util/retry.ts
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
async function retrying(attempt, next) {
  for (let n = 1; ; n++) {
    const step = next(await attempt(n), n);
    if ("done" in step) return step.done;
    await sleep(step.waitMs);
  }
}

export {
  sleep,
  retrying
};
