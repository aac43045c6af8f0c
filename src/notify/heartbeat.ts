// The dead-man switch: a monitor (healthchecks.io, Better Stack, Cronitor) that alerts when no
// ping arrives in time is the only way to learn that the nightly drill stopped running at all.
// A drill that passes under fail-on pings the URL; one that does not pings <url>/fail
// (Cronitor's telemetry URLs take ?state=complete / ?state=fail instead).
import type { Logger } from '../util/logger.js';
import { type DeliveryOptions, deliver } from './deliver.js';

const HEARTBEAT_DELIVERY: Omit<DeliveryOptions, 'method' | 'body'> = {
  deadlineMs: 20_000,
  attemptTimeoutMs: 8_000,
  attempts: 3,
  backoffMs: 1_000,
};

/** The URL to request for this outcome. */
export function heartbeatTarget(base: string, passed: boolean): string {
  const url = new URL(base);
  if (url.hostname === 'cronitor.link' || url.hostname.endsWith('.cronitor.link')) {
    url.searchParams.set('state', passed ? 'complete' : 'fail');
    return url.toString();
  }
  if (passed) return url.toString();
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/fail`;
  return url.toString();
}

export async function pingHeartbeat(
  base: string,
  passed: boolean,
  log: Logger,
  options: Partial<DeliveryOptions> = {},
): Promise<boolean> {
  const what = passed ? 'heartbeat-url (success ping)' : 'heartbeat-url (failure ping, /fail)';
  const outcome = await deliver(heartbeatTarget(base, passed), { ...HEARTBEAT_DELIVERY, ...options, method: 'GET' });
  if (outcome.delivered) {
    log.info(`Pinged ${what}.`);
    return true;
  }
  log.warning(
    `${what}: the monitor could not be reached after ${outcome.attempts} attempt(s): ${outcome.problem}. It will alert if no ping arrives in time.`,
  );
  return false;
}
