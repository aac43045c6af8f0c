// Where the internal token may be sent, and which targets may be asked for. Both are decided
// before any request is made: a token sent once over plain HTTP to a remote host is leaked.
import { isIP } from 'node:net';
import { canonicalHost, isLoopbackHost } from '../util/addresses.js';
import { RESTRICTED_NAMES } from './plain-values.js';

type TokenPolicy = { allowed: true; reason: string } | { allowed: false; reason: string };

/** The URL's host as the network stack reads it (numeric IPv4 forms as a dotted quad, no brackets). */
function hostOf(url: URL): string {
  return canonicalHost(url.hostname);
}

/** A name without dots such as `pickdriver`: a service container on the job's own network (never a number). */
export function isSingleLabelHost(host: string): boolean {
  const canonical = canonicalHost(host);
  return isIP(canonical) === 0 && canonical !== '' && !canonical.includes('.') && !canonical.includes(':');
}

/** Decides whether `X-Internal-Token` may travel to this base URL. */
export function tokenPolicy(apiUrl: string, allowInsecureHttp: boolean): TokenPolicy {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    return { allowed: false, reason: 'api-url is not a valid URL' };
  }
  const host = hostOf(url);
  if (url.protocol === 'https:') return { allowed: true, reason: 'https' };
  if (url.protocol !== 'http:') return { allowed: false, reason: `api-url uses ${url.protocol}, not http or https` };
  if (isLoopbackHost(host)) return { allowed: true, reason: `loopback host ${host}` };
  if (isSingleLabelHost(host)) return { allowed: true, reason: `single-label host ${host}` };
  if (allowInsecureHttp) return { allowed: true, reason: 'allow-insecure-http is true' };
  return {
    allowed: false,
    reason:
      `the internal token is never sent over plain HTTP to ${host}: use https, a loopback or service-container host, ` +
      `or set allow-insecure-http: true`,
  };
}

/** Null when the target may be asked for, else why not (config already refuses these; this is the last guard). */
export function targetProblem(target: string): string | null {
  const v = target.trim().toLowerCase();
  if ((RESTRICTED_NAMES as readonly string[]).includes(v)) {
    return `api-target '${target}' is restricted for drill operations; expected drill or staging`;
  }
  if (v !== 'drill' && v !== 'staging') return `api-target '${target}' is not drill or staging`;
  return null;
}

/** The base URL as it may be shown: without user info, query or trailing slash. */
export function displayUrl(apiUrl: string): string {
  try {
    const url = new URL(apiUrl);
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    return url.toString().replace(/\/+$/, '');
  } catch {
    return '(invalid api-url)';
  }
}
