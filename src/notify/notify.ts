// Sends one message to notify-webhook. A message that cannot be delivered is a warning: the
// drill's verdict stands on its own. The URL never appears in a message; the kind does.
import type { WebhookTarget } from '../config/fleet-inputs.js';
import type { Logger } from '../util/logger.js';
import type { Announcement } from './announcement.js';
import { type DeliveryOptions, deliver } from './deliver.js';
import { webhookBody } from './webhook-bodies.js';

const KIND_NAME = { slack: 'Slack', teams: 'Microsoft Teams', json: 'JSON' } as const;

const NOTIFY_DELIVERY: Omit<DeliveryOptions, 'method' | 'body'> = {
  deadlineMs: 30_000,
  attemptTimeoutMs: 10_000,
  attempts: 4,
  backoffMs: 1_000,
};

export async function sendNotification(
  target: WebhookTarget,
  announcement: Announcement,
  log: Logger,
  options: Partial<DeliveryOptions> = {},
): Promise<boolean> {
  const what = `notify-webhook (${KIND_NAME[target.kind]})`;
  const outcome = await deliver(target.url, {
    ...NOTIFY_DELIVERY,
    ...options,
    method: 'POST',
    body: webhookBody(target.kind, announcement),
  });
  if (outcome.delivered) {
    log.info(`Notified ${what} of the ${announcement.subject} result ${announcement.result}.`);
    return true;
  }
  log.warning(
    `${what}: the notification could not be delivered after ${outcome.attempts} attempt(s): ${outcome.problem}. The drill's result is unaffected.`,
  );
  return false;
}
