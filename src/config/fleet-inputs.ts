// The inputs that let one drill live among several (a job matrix) and tell people about it:
// drill-name, notify-webhook, notify-on, heartbeat-url. The two URLs are secrets: no message
// here ever repeats them.
import * as z from 'zod';

export type WebhookKind = 'slack' | 'teams' | 'json';
export interface WebhookTarget {
  kind: WebhookKind;
  url: string;
}
export type NotifyOn = 'problems' | 'failure' | 'always';

/** Characters an artifact name, a Prometheus label and a comment marker all take as they are. */
export const DRILL_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const str = z.string().transform((s) => s.trim());

export const drillNameInput = str.transform((s, ctx) => {
  if (s === '') return null;
  if (!DRILL_NAME_RE.test(s)) {
    const shown = s.length > 80 ? `${s.slice(0, 80)}…` : s;
    ctx.addIssue({
      code: 'custom',
      message: `drill-name: expected 1 to 64 letters, digits, '.', '-' or '_' starting with a letter or digit (it becomes part of the artifact name), got '${shown.replace(/[\r\n]/g, ' ')}'`,
    });
    return z.NEVER;
  }
  return s;
});

/**
 * Slack's incoming webhooks live on hooks.slack.com; Teams workflow webhooks on Power Automate
 * (logic.azure.com, api.powerplatform.com) and the retired Office 365 connectors on webhook.office.com.
 */
function kindOfHost(host: string): WebhookKind {
  if (host === 'hooks.slack.com' || host.endsWith('.hooks.slack.com')) return 'slack';
  if (/(^|\.)(logic\.azure\.com|api\.powerplatform\.com|webhook\.office\.com)$/.test(host)) return 'teams';
  return 'json';
}

/**
 * Parses a webhook or heartbeat URL. Plain http only to this machine: the URL itself is the
 * credential, and plain http would hand it to every hop on the way.
 */
function parseSecretUrl(input: string, value: string): { url: URL } | { problem: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: `${input}: expected an https:// URL (the value is a secret and is not shown)` };
  }
  if (url.protocol === 'https:') return { url };
  if (url.protocol === 'http:' && isThisMachine(url)) return { url };
  return {
    problem: `${input}: expected an https:// URL (plain http only to a loopback host; the value is a secret and is not shown)`,
  };
}

export const notifyWebhookInput = str.transform((s, ctx): WebhookTarget | null => {
  if (s === '') return null;
  const prefixed = /^(slack|teams|json):(?!\/\/)(.*)$/i.exec(s);
  const parsed = parseSecretUrl('notify-webhook', prefixed ? (prefixed[2] as string).trim() : s);
  if ('problem' in parsed) {
    ctx.addIssue({
      code: 'custom',
      message: `${parsed.problem}; prefix slack:, teams: or json: to choose the message kind`,
    });
    return z.NEVER;
  }
  const kind = prefixed
    ? ((prefixed[1] as string).toLowerCase() as WebhookKind)
    : kindOfHost(parsed.url.hostname.toLowerCase());
  return { kind, url: parsed.url.toString() };
});

export const heartbeatUrlInput = str.transform((s, ctx) => {
  if (s === '') return null;
  const parsed = parseSecretUrl('heartbeat-url', s);
  if ('problem' in parsed) {
    ctx.addIssue({ code: 'custom', message: parsed.problem });
    return z.NEVER;
  }
  return parsed.url.toString();
});

export const notifyOnInput = str.transform((s, ctx): NotifyOn => {
  const v = s.toLowerCase() || 'problems';
  if (v === 'problems' || v === 'failure' || v === 'always') return v;
  ctx.addIssue({ code: 'custom', message: `notify-on: expected one of problems, failure, always, got '${s}'` });
  return z.NEVER;
});

/** This machine only (the tests' local servers); host-policy.ts has the API's wider rules. */
function isThisMachine(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The default artifact name, made per drill so the legs of a matrix do not collide. */
const DEFAULT_ARTIFACT_NAME = 'pickdriver-vault-report';

export function artifactNameFor(artifactName: string | null, drillName: string | null): string | null {
  if (drillName !== null && artifactName === DEFAULT_ARTIFACT_NAME) return `${DEFAULT_ARTIFACT_NAME}-${drillName}`;
  return artifactName;
}
