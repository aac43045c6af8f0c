// report.json.sig: a manifest of the SHA-256 of every file the drill wrote in the report folder,
// signed with HMAC-SHA256 (report-signing-key), so a reader holding the key can tell that no file
// was changed, added or removed since the drill wrote them. The hash lines are sha256sum's own
// format (`sha256sum -c report.json.sig` checks them without the key, reporting the two other
// lines as improperly formatted); the last line is the HMAC over every byte before it.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_FILE = 'report.json.sig';
const HEADER =
  '# pickdriver-vault report manifest v1: SHA-256 of every file the drill wrote here; the last line is HMAC-SHA256 of the lines above (report-signing-key)';
const HMAC_LINE = /^hmac-sha256 ([0-9a-f]{64})$/;
const ENTRY_LINE = /^([0-9a-f]{64}) {2}(.+)$/;

export interface ManifestEntry {
  /** Path relative to the report folder, `/`-separated. */
  name: string;
  sha256: string;
}

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function hmac(text: string | Buffer, key: string): string {
  return createHmac('sha256', key).update(text).digest('hex');
}

/** The whole signature file for these entries. */
export function signManifest(entries: ManifestEntry[], key: string): string {
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const body = `${HEADER}\n${sorted.map((e) => `${e.sha256}  ${e.name}\n`).join('')}`;
  return `${body}hmac-sha256 ${hmac(body, key)}\n`;
}

type ParsedSignature =
  | { kind: 'manifest'; entries: ManifestEntry[]; valid: boolean }
  /** Written before the manifest (a bare HMAC over report.json): still read, covers report.json only. */
  | { kind: 'legacy'; signature: string }
  | { kind: 'malformed'; why: string };

export function parseSignature(text: string, key: string): ParsedSignature {
  if (/^\s*[0-9a-fA-F]{64}\s*$/.test(text)) return { kind: 'legacy', signature: text.trim().toLowerCase() };
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const last = lines.pop() ?? '';
  const mac = HMAC_LINE.exec(last);
  if (lines[0] !== HEADER || !mac) return { kind: 'malformed', why: 'not a pickdriver-vault report manifest' };
  const body = `${lines.join('\n')}\n`;
  const expected = Buffer.from(hmac(body, key), 'hex');
  const valid = timingSafeEqual(expected, Buffer.from(mac[1] as string, 'hex'));
  const entries: ManifestEntry[] = [];
  for (const line of lines.slice(1)) {
    const m = ENTRY_LINE.exec(line);
    if (!m) return { kind: 'malformed', why: 'a line of the manifest is not `<sha256>  <name>`' };
    entries.push({ sha256: m[1] as string, name: m[2] as string });
  }
  return { kind: 'manifest', entries, valid };
}

/** The legacy signature: HMAC-SHA256 over the exact bytes of report.json. */
export function signReport(jsonBytes: Buffer, key: string): string {
  return hmac(jsonBytes, key);
}

export function verifyReportSignature(jsonBytes: Buffer, signature: string, key: string): boolean {
  const given = signature.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  const expected = Buffer.from(signReport(jsonBytes, key), 'hex');
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}
