// After a drill: tell people (notify-webhook, per notify-on) and the dead-man monitor
// (heartbeat-url, per fail-on). Shared by the action and the command line; never throws.
import { readFile } from 'node:fs/promises';
import type { DrillConfig } from '../config/config.js';
import { shouldFail } from '../model/result.js';
import type { DrillReport } from '../model/types.js';
import type { Logger } from '../util/logger.js';
import { drillAnnouncement, shouldNotify } from './announcement.js';
import { pingHeartbeat } from './heartbeat.js';
import { sendNotification } from './notify.js';

/**
 * Announces what was written: report.json went through the secret redactor, the object in
 * memory may not have.
 */
export async function announceDrill(
  written: { report: DrillReport; jsonPath: string },
  config: DrillConfig,
  log: Logger,
): Promise<void> {
  if (config.notifyWebhook === null && config.heartbeatUrl === null) return;
  const report = await readFile(written.jsonPath, 'utf8').then(
    (text) => JSON.parse(text) as DrillReport,
    () => written.report,
  );
  const sends: Promise<unknown>[] = [];
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
