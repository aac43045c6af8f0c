import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  drillAnnouncement,
  pingHeartbeat,
  sendNotification,
  shouldNotify
} from "./chunk-24LXJ7HI.js";
import {
  shouldFail
} from "./chunk-VUQJBVW6.js";

// src/notify/announce-drill.ts
import { readFile } from "node:fs/promises";
async function announceDrill(written, config, log) {
  if (config.notifyWebhook === null && config.heartbeatUrl === null) return;
  const report = await readFile(written.jsonPath, "utf8").then(
    (text) => JSON.parse(text),
    () => written.report
  );
  const sends = [];
  if (config.notifyWebhook !== null) {
    if (shouldNotify(report.result, config.notifyOn)) {
      sends.push(sendNotification(config.notifyWebhook, drillAnnouncement(report), log));
    } else {
      log.info(`notify-webhook: no message for a ${report.result} drill (notify-on: ${config.notifyOn}).`);
    }
  }
  if (config.heartbeatUrl !== null) {
    sends.push(pingHeartbeat(config.heartbeatUrl, !shouldFail(report.result, config.failOn), log));
  }
  await Promise.all(sends);
}

export {
  announceDrill
};
