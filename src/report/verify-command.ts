// `pickdriver-vault verify-report <report.json | folder> --report-signing-key <key>`: checks the
// signed manifest in report.json.sig, then every file of the report folder against it, naming
// each file changed, added or missing since the drill signed them.
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { sanitizeName } from '../util/sanitize.js';
import { parseSignature, SIGNATURE_FILE, sha256Of, verifyReportSignature } from './signing.js';

interface Verification {
  ok: boolean;
  message: string;
}

/** Every entry under `dir` but the signature itself, `/`-separated; folders are walked, anything else is listed. */
async function entriesUnder(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(dir, rel), { withFileTypes: true })) {
    const name = rel === '' ? entry.name : `${rel}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await entriesUnder(dir, name)));
    else if (name !== SIGNATURE_FILE) out.push(name);
  }
  return out.sort();
}

export async function verifyReportFile(reportPath: string, key: string): Promise<Verification> {
  const given = await lstat(reportPath).catch(() => null);
  if (given === null) return { ok: false, message: `cannot read ${reportPath}: no such file` };
  const dir = given.isDirectory() ? reportPath : path.dirname(reportPath);
  const signaturePath = path.join(dir, SIGNATURE_FILE);
  let text: string;
  try {
    text = await readFile(signaturePath, 'utf8');
  } catch (error) {
    return { ok: false, message: `cannot read the signature ${signaturePath}: ${reason(error)}` };
  }
  const parsed = parseSignature(text, key);
  if (parsed.kind === 'malformed') return { ok: false, message: `${signaturePath}: ${parsed.why}` };
  if (parsed.kind === 'legacy') return verifyLegacy(path.join(dir, 'report.json'), parsed.signature, key);
  if (!parsed.valid) {
    return {
      ok: false,
      message: `${signaturePath}: signature INVALID — the manifest was modified after signing, or was signed with another key`,
    };
  }
  const problems: string[] = [];
  const listed = new Set(parsed.entries.map((e) => e.name));
  for (const entry of parsed.entries) {
    const file = path.join(dir, ...entry.name.split('/'));
    const stats = await lstat(file).catch(() => null);
    if (stats === null) problems.push(`${entry.name}: missing (the signed manifest lists it)`);
    else if (!stats.isFile()) problems.push(`${entry.name}: changed after signing (no longer a regular file)`);
    else if (sha256Of(await readFile(file)) !== entry.sha256) {
      problems.push(`${entry.name}: changed after signing (its SHA-256 differs from the signed one)`);
    }
  }
  for (const name of await entriesUnder(dir)) {
    if (!listed.has(name)) problems.push(`${sanitizeName(name)}: added after signing (not in the signed manifest)`);
  }
  if (problems.length > 0) {
    return {
      ok: false,
      message: `${dir}: signature valid, but the files do not match it:\n  ${problems.join('\n  ')}`,
    };
  }
  return {
    ok: true,
    message: `${dir}: signature valid (HMAC-SHA256 over ${SIGNATURE_FILE}); ${listed.size} file(s) match it: ${[...listed].join(', ')}`,
  };
}

async function verifyLegacy(reportPath: string, signature: string, key: string): Promise<Verification> {
  let json: Buffer;
  try {
    json = await readFile(reportPath);
  } catch (error) {
    return { ok: false, message: `cannot read ${reportPath}: ${reason(error)}` };
  }
  if (verifyReportSignature(json, signature, key)) {
    return { ok: true, message: `${reportPath}: signature valid (an older signature: it covers report.json only)` };
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
