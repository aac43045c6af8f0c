// Host names and IP addresses as the network stack will read them. A host policy that looks at
// the text a user (or a redirect) wrote is fooled by the other spellings of an address that
// getaddrinfo and the WHATWG URL parser accept: 167772161, 0xa000001, 10.1, 0177.0.0.1 are all
// IPv4 addresses, and ::ffff:127.0.0.1 is 127.0.0.1. Every policy reads canonicalHost() first.
import { isIP } from 'node:net';

/** One part of an inet_aton address: decimal, 0x hexadecimal or 0-led octal; null when not a number. */
function numericPart(part: string): number | null {
  if (/^0x[0-9a-f]*$/i.test(part)) return part.length === 2 ? 0 : Number.parseInt(part.slice(2), 16);
  if (/^0[0-7]+$/.test(part)) return Number.parseInt(part.slice(1), 8);
  if (/^(0|[1-9][0-9]*)$/.test(part)) return Number(part);
  return null;
}

/**
 * The dotted-quad form of an IPv4 address written in any form inet_aton (and so libpq's
 * getaddrinfo) accepts: 1 to 4 parts, the last filling the bytes left. Null when it is not one.
 */
function numericIPv4(host: string): string | null {
  const text = host.endsWith('.') ? host.slice(0, -1) : host;
  const parts = text.split('.');
  if (parts.length === 0 || parts.length > 4 || parts.some((p) => p === '')) return null;
  const numbers = parts.map(numericPart);
  if (numbers.some((n) => n === null)) return null;
  const values = numbers as number[];
  const last = values.pop() as number;
  if (values.some((v) => v > 255)) return null;
  if (last >= 256 ** (4 - values.length)) return null;
  let value = last;
  for (const [i, v] of values.entries()) value += v * 256 ** (3 - i);
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** The 8 groups of an IPv6 address (an embedded dotted IPv4 tail included); null when it is not one. */
function ipv6Groups(host: string): number[] | null {
  if (isIP(host) !== 6) return null;
  let text = host.replace(/%.*$/, '');
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const bytes = (tail[1] as string).split('.').map(Number);
    const hex = (a: number, b: number) => ((a << 8) | b).toString(16);
    text = `${text.slice(0, -(tail[1] as string).length)}${hex(bytes[0] ?? 0, bytes[1] ?? 0)}:${hex(bytes[2] ?? 0, bytes[3] ?? 0)}`;
  }
  const [head, rest] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = rest ? rest.split(':') : [];
  const fill = text.includes('::') ? 8 - left.length - right.length : 0;
  const groups = [...left, ...Array(fill).fill('0'), ...right].map((g) => Number.parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => Number.isInteger(g)) ? groups : null;
}

/**
 * The host as the network stack reads it: lower case, without IPv6 brackets or a trailing dot,
 * a numeric IPv4 form as a dotted quad, an IPv4-mapped IPv6 address (::ffff:a.b.c.d) as its IPv4
 * address, any other IPv6 address in its compressed form.
 */
export function canonicalHost(host: string): string {
  const bare = host
    .trim()
    .replace(/^\[|\]$/g, '')
    .toLowerCase();
  const v4 = numericIPv4(bare);
  if (v4 !== null) return v4;
  const groups = ipv6Groups(bare);
  if (groups === null) return bare.endsWith('.') && bare.length > 1 ? bare.slice(0, -1) : bare;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [a = 0, b = 0] = groups.slice(6);
    return [a >> 8, a & 255, b >> 8, b & 255].join('.');
  }
  return new URL(`http://[${groups.map((g) => g.toString(16)).join(':')}]/`).hostname.replace(/^\[|\]$/g, '');
}

/** What an address is, for the policies; `public` for everything routable on the internet. */
export type AddressClass = 'loopback' | 'link-local' | 'private' | 'unspecified' | 'public';

/** The class of an IP address (any spelling); null for a name that is not an address. */
export function addressClass(host: string): AddressClass | null {
  const ip = canonicalHost(host);
  if (ip === 'localhost' || ip.endsWith('.localhost')) return 'loopback';
  if (isIP(ip) === 4) {
    const [a = 0, b = 0] = ip.split('.').map(Number);
    if (a === 127) return 'loopback';
    if (a === 0) return 'unspecified';
    if (a === 169 && b === 254) return 'link-local';
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
    // Carrier-grade NAT (100.64/10) and benchmarking (198.18/15) are not the internet either.
    if ((a === 100 && b >= 64 && b <= 127) || (a === 198 && (b === 18 || b === 19))) return 'private';
    return 'public';
  }
  const groups = ipv6Groups(ip);
  if (groups === null) return null;
  const first = groups[0] ?? 0;
  if (groups.every((g) => g === 0)) return 'unspecified';
  if (groups.slice(0, 7).every((g) => g === 0) && groups[7] === 1) return 'loopback';
  if ((first & 0xffc0) === 0xfe80) return 'link-local';
  if ((first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfec0) return 'private';
  return 'public';
}

/** Loopback in any spelling: localhost, 127.x.y.z (also as 2130706433, ::ffff:127.0.0.1), ::1. */
export function isLoopbackHost(host: string): boolean {
  return addressClass(host) === 'loopback';
}
