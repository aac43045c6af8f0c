// `pickdriver-vault verify-report <report.json> --report-signing-key <key>`: checks report.json
// against the report.json.sig next to it.
import { readFile } from 'node:fs/promises';
import { verifyReportSignature } from './signing.js';

export async function verifyReportFile(reportPath: string, key: string): Promise<{ ok: boolean; message: string }> {
  const signaturePath = `${reportPath}.sig`;
  let json: Buffer;
  let signature: string;
  try {
    json = await readFile(reportPath);
  } catch (error) {
    return { ok: false, message: `cannot read ${reportPath}: ${reason(error)}` };
  }
  try {
    signature = await readFile(signaturePath, 'utf8');
  } catch (error) {
    return { ok: false, message: `cannot read the signature ${signaturePath}: ${reason(error)}` };
  }
  if (verifyReportSignature(json, signature, key)) {
    return { ok: true, message: `${reportPath}: signature valid (HMAC-SHA256, ${signaturePath})` };
  }
  return {
    ok: false,
    message: `${reportPath}: signature INVALID — the report was modified after signing, or was signed with another key`,
  };
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
}
