// The expected SHA-256 of a backup (sidecar `<name>.sha256` or the backup-checksum input) and
// the backup.checksum verdict. The actual digest comes from the single read pass (verify.ts).
//
// A directory-format backup is many files. Its checksum is the SHA-256 of its sha256sum manifest,
// i.e. of the output of `cd <dir> && LC_ALL=C sha256sum *` (regular files, names sorted by byte);
// so `(cd dump.dir && LC_ALL=C sha256sum *) | sha256sum` gives the value for backup-checksum or
// a one-line sidecar. A sidecar may instead BE that manifest (`sha256sum * > ../dump.dir.sha256`):
// then every file is checked against its own line.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ChecksumMode } from '../config/config.js';

interface SidecarLine {
  sha256: string;
  /** The file name the line names, null for a bare digest. */
  name: string | null;
}

interface ExpectedChecksum {
  source: 'sidecar' | 'input';
  /** Where it came from, for the report. */
  origin: string;
  lines: SidecarLine[];
}

/** `<hex>  <name>`, `<hex> *<name>` (binary mode) or a bare `<hex>`, one per line; blank lines and # comments skipped. */
export function parseSidecar(text: string): SidecarLine[] | null {
  const lines: SidecarLine[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([0-9a-fA-F]{64})(?:\s+\*?(.+))?$/.exec(line);
    if (!match?.[1]) return null;
    lines.push({ sha256: match[1].toLowerCase(), name: match[2]?.trim() ?? null });
  }
  return lines.length > 0 ? lines : null;
}

export function sidecarPathFor(backupPath: string): string {
  return `${backupPath.replace(/[/\\]+$/, '')}.sha256`;
}

type ExpectedResult =
  | { kind: 'off' }
  | { kind: 'none'; sidecar: string }
  | { kind: 'invalid'; sidecar: string; problem: string }
  | { kind: 'expected'; expected: ExpectedChecksum };

export async function expectedChecksum(mode: ChecksumMode, backupPath: string): Promise<ExpectedResult> {
  if (mode.mode === 'off') return { kind: 'off' };
  if (mode.mode === 'value') {
    return {
      kind: 'expected',
      expected: { source: 'input', origin: 'the backup-checksum input', lines: [{ sha256: mode.sha256, name: null }] },
    };
  }
  const sidecar = sidecarPathFor(backupPath);
  let text: string;
  try {
    text = await readFile(sidecar, 'utf8');
  } catch {
    return { kind: 'none', sidecar };
  }
  const lines = parseSidecar(text);
  if (!lines) return { kind: 'invalid', sidecar, problem: 'it holds no line of the form <64 hex>  <file name>' };
  return { kind: 'expected', expected: { source: 'sidecar', origin: path.basename(sidecar), lines } };
}

/** The directory digest: SHA-256 of the sha256sum manifest (see the top of this file). */
export function manifestDigest(manifest: Map<string, string>): string {
  const names = [...manifest.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return createHash('sha256')
    .update(names.map((n) => `${manifest.get(n)}  ${n}\n`).join(''))
    .digest('hex');
}

interface Comparison {
  ok: boolean;
  /** What did not match, in words; empty when everything did. */
  mismatches: string[];
  expected: string | null;
}

/** Compares the expected checksum with what the pass computed. */
export function compareChecksum(
  expected: ExpectedChecksum,
  backupName: string,
  actualSha256: string,
  manifest: Map<string, string> | null,
): Comparison {
  const named = expected.lines.filter((l) => l.name !== null);
  if (manifest && named.length > 1) {
    // A per-file manifest of a directory backup.
    const mismatches: string[] = [];
    const listed = new Set<string>();
    for (const line of named) {
      const name = path.basename(line.name as string);
      listed.add(name);
      const actual = manifest.get(name);
      if (actual === undefined) mismatches.push(`${name}: listed in the sidecar but missing from the backup`);
      else if (actual !== line.sha256) mismatches.push(`${name}: expected ${line.sha256}, got ${actual}`);
    }
    for (const name of manifest.keys()) {
      if (!listed.has(name)) mismatches.push(`${name}: in the backup but not in the sidecar`);
    }
    return { ok: mismatches.length === 0, mismatches, expected: null };
  }
  const line =
    expected.lines.find((l) => l.name !== null && path.basename(l.name) === backupName) ??
    (expected.lines.length === 1 ? expected.lines[0] : undefined);
  if (!line) return { ok: false, mismatches: [`no line for ${backupName}`], expected: null };
  if (line.name !== null && path.basename(line.name) !== backupName) {
    return { ok: false, mismatches: [`the sidecar names '${line.name}', not '${backupName}'`], expected: line.sha256 };
  }
  const ok = line.sha256 === actualSha256;
  return { ok, mismatches: ok ? [] : [`expected ${line.sha256}, got ${actualSha256}`], expected: line.sha256 };
}
