// report.json.sig: HMAC-SHA256 over the exact bytes of report.json, so a reader holding the key
// can tell the report was written by a drill that knew it and was not edited since.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signReport(jsonBytes: Buffer, key: string): string {
  return createHmac('sha256', key).update(jsonBytes).digest('hex');
}

export function verifyReportSignature(jsonBytes: Buffer, signature: string, key: string): boolean {
  const given = signature.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  const expected = Buffer.from(signReport(jsonBytes, key), 'hex');
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}
