import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  formatDuration
} from "./chunk-LIWSDS64.js";

// src/util/deadline.ts
var DeadlineExceeded = class extends Error {
  constructor(what, ms) {
    super(`${what} did not finish within ${formatDuration(ms)}`);
    this.name = "DeadlineExceeded";
  }
};
var Deadline = class {
  constructor(totalMs, what) {
    this.totalMs = totalMs;
    this.what = what;
    this.endsAt = Date.now() + totalMs;
  }
  totalMs;
  what;
  endsAt;
  get remainingMs() {
    return Math.max(0, this.endsAt - Date.now());
  }
  /** statement_timeout for a session opened now: what is left of the phase (at least 1 ms). */
  get statementTimeoutMs() {
    return Math.max(1, this.remainingMs);
  }
  /**
   * `work`, or DeadlineExceeded once the deadline passes first; `onExpire` then closes what the
   * work has open (its connections), so nothing of it goes on.
   */
  race(work, onExpire) {
    let timer;
    const expired = new Promise((_, reject) => {
      timer = setTimeout(() => {
        onExpire?.();
        reject(new DeadlineExceeded(this.what, this.totalMs));
      }, this.remainingMs);
    });
    work.catch(() => {
    });
    return Promise.race([work, expired]).finally(() => clearTimeout(timer));
  }
};
function postRestoreBudgetMs(restoreDurationMs, restoreTimeoutMs) {
  const scaled = Math.max(12e4, 2 * (restoreDurationMs ?? 0));
  return Math.min(restoreTimeoutMs, scaled);
}

export {
  DeadlineExceeded,
  Deadline,
  postRestoreBudgetMs
};
