// The fleet's one notification and its one heartbeat: sent by the merge, never per leg.

import { shouldFail } from '../model/result.js';
import type { Announcement } from '../notify/announcement.js';
import { shouldNotify } from '../notify/announcement.js';
import { pingHeartbeat } from '../notify/heartbeat.js';
import { sendNotification } from '../notify/notify.js';
import type { Logger } from '../util/logger.js';
import type { MergeConfig } from './merge-config.js';
import type { FleetReport } from './types.js';

const SUMMARY_LIMIT = 300;

function fleetAnnouncement(fleet: FleetReport): Announcement {
  const one = (text: string) => (text.length > SUMMARY_LIMIT ? `${text.slice(0, SUMMARY_LIMIT - 1)}…` : text);
  return {
    subject: 'fleet',
    title: `PickDriver backup fleet (${fleet.drills.length} drill${fleet.drills.length === 1 ? '' : 's'})`,
    result: fleet.result,
    drillName: null,
    repository: fleet.run.repository,
    workflow: fleet.run.workflow,
    trigger: fleet.run.trigger,
    ref: fleet.run.ref,
    runUrl: fleet.run.runUrl,
    backup: null,
    // A custom check's summary may quote what its query returned: ids only for those.
    failedChecks: fleet.drills.flatMap((d) =>
      d.failedChecks.map((c) => ({
        drill: d.name,
        id: c.id,
        summary: c.id.startsWith('custom.') ? null : one(c.summary.replace(/\s+/g, ' ')),
      })),
    ),
    regressions: fleet.drills.flatMap((d) => d.regressions.map((r) => ({ drill: d.name, message: one(r.message) }))),
    drills: fleet.drills.map((d) => ({ name: d.name, result: d.reported ? d.result : 'missing' })),
  };
}

export async function announceFleet(fleet: FleetReport, config: MergeConfig, log: Logger): Promise<void> {
  const sends: Promise<unknown>[] = [];
  if (config.notifyWebhook !== null) {
    if (shouldNotify(fleet.result, config.notifyOn)) {
      sends.push(sendNotification(config.notifyWebhook, fleetAnnouncement(fleet), log));
    } else {
      log.info(`notify-webhook: no message for a ${fleet.result} fleet (notify-on: ${config.notifyOn}).`);
    }
  }
  if (config.heartbeatUrl !== null) {
    sends.push(pingHeartbeat(config.heartbeatUrl, !shouldFail(fleet.result, config.failOn), log));
  }
  await Promise.all(sends);
}
