import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);

// src/util/addresses.ts
import { isIP } from "node:net";
function numericPart(part) {
  if (/^0x[0-9a-f]*$/i.test(part)) return part.length === 2 ? 0 : Number.parseInt(part.slice(2), 16);
  if (/^0[0-7]+$/.test(part)) return Number.parseInt(part.slice(1), 8);
  if (/^(0|[1-9][0-9]*)$/.test(part)) return Number(part);
  return null;
}
function numericIPv4(host) {
  const text = host.endsWith(".") ? host.slice(0, -1) : host;
  const parts = text.split(".");
  if (parts.length === 0 || parts.length > 4 || parts.some((p) => p === "")) return null;
  const numbers = parts.map(numericPart);
  if (numbers.some((n) => n === null)) return null;
  const values = numbers;
  const last = values.pop();
  if (values.some((v) => v > 255)) return null;
  if (last >= 256 ** (4 - values.length)) return null;
  let value = last;
  for (const [i, v] of values.entries()) value += v * 256 ** (3 - i);
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}
function ipv6Groups(host) {
  if (isIP(host) !== 6) return null;
  let text = host.replace(/%.*$/, "");
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const bytes = tail[1].split(".").map(Number);
    const hex = (a, b) => (a << 8 | b).toString(16);
    text = `${text.slice(0, -tail[1].length)}${hex(bytes[0] ?? 0, bytes[1] ?? 0)}:${hex(bytes[2] ?? 0, bytes[3] ?? 0)}`;
  }
  const [head, rest] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = rest ? rest.split(":") : [];
  const fill = text.includes("::") ? 8 - left.length - right.length : 0;
  const groups = [...left, ...Array(fill).fill("0"), ...right].map((g) => Number.parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => Number.isInteger(g)) ? groups : null;
}
function canonicalHost(host) {
  const bare = host.trim().replace(/^\[|\]$/g, "").toLowerCase();
  const v4 = numericIPv4(bare);
  if (v4 !== null) return v4;
  const groups = ipv6Groups(bare);
  if (groups === null) return bare.endsWith(".") && bare.length > 1 ? bare.slice(0, -1) : bare;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 65535) {
    const [a = 0, b = 0] = groups.slice(6);
    return [a >> 8, a & 255, b >> 8, b & 255].join(".");
  }
  return new URL(`http://[${groups.map((g) => g.toString(16)).join(":")}]/`).hostname.replace(/^\[|\]$/g, "");
}
function addressClass(host) {
  const ip = canonicalHost(host);
  if (ip === "localhost" || ip.endsWith(".localhost")) return "loopback";
  if (isIP(ip) === 4) {
    const [a = 0, b = 0] = ip.split(".").map(Number);
    if (a === 127) return "loopback";
    if (a === 0) return "unspecified";
    if (a === 169 && b === 254) return "link-local";
    if (a === 10 || a === 172 && b >= 16 && b <= 31 || a === 192 && b === 168) return "private";
    if (a === 100 && b >= 64 && b <= 127 || a === 198 && (b === 18 || b === 19)) return "private";
    return "public";
  }
  const groups = ipv6Groups(ip);
  if (groups === null) return null;
  const first = groups[0] ?? 0;
  if (groups.every((g) => g === 0)) return "unspecified";
  if (groups.slice(0, 7).every((g) => g === 0) && groups[7] === 1) return "loopback";
  if ((first & 65472) === 65152) return "link-local";
  if ((first & 65024) === 64512 || (first & 65472) === 65216) return "private";
  return "public";
}
function isLoopbackHost(host) {
  return addressClass(host) === "loopback";
}

export {
  canonicalHost,
  addressClass,
  isLoopbackHost
};
