// Globs through picomatch, one set of rules for every source: `*` and `?` within a path segment,
// `**` across segments, braces (`*.{dump,sql.gz}`), classes (`[0-9]`), extglobs (`+(a|b)`, `!(x)`).
// backup-pattern is matched on base names (local files, S3 keys, artifact entries, artifact names);
// a glob backup-source on paths relative to its fixed prefix. Names starting with a dot match too:
// a backup is not hidden because its name starts with one.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch/posix.js';

const OPTIONS = { dot: true } as const;

export function isGlob(text: string): boolean {
  return picomatch.scan(text).isGlob;
}

const compiled = new Map<string, (name: string) => boolean>();

export function matchesGlob(name: string, glob: string): boolean {
  const matcher = compiled.get(glob) ?? picomatch(glob, OPTIONS);
  compiled.set(glob, matcher);
  return matcher(name);
}

interface GlobMatch {
  path: string;
  isDirectory: boolean;
}

// A directory-format backup is matched as a whole, never walked into.
const isDumpDirectory = (entries: string[]) => entries.includes('toc.dat');

/**
 * Expands a path glob against the file system: files and directories whose path relative to the
 * glob's fixed prefix matches. Stops after `limit` matches so a mistaken `**` cannot walk a disk.
 */
export async function expandGlob(glob: string, limit = 10_000): Promise<{ base: string; matches: GlobMatch[] }> {
  const normalized = glob.split(path.sep).join('/');
  const scanned = picomatch.scan(normalized);
  const base = scanned.base === '' ? '.' : scanned.base;
  const rest = scanned.glob;
  const matcher = picomatch(rest, OPTIONS);
  // Every `/` of the pattern (inside braces too) can add a level; `**` any number of them.
  const maxDepth = rest.includes('**') ? Number.POSITIVE_INFINITY : rest.split('/').length;
  const matches: GlobMatch[] = [];

  async function walk(dir: string, rel: string, depth: number): Promise<void> {
    if (depth > maxDepth || matches.length >= limit) return;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (matches.length >= limit) return;
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      const full = path.join(dir, entry.name);
      const isDirectory = entry.isDirectory();
      if (matcher(relPath)) matches.push({ path: full, isDirectory });
      if (isDirectory && depth < maxDepth) {
        const inside = await readdir(full).catch(() => [] as string[]);
        if (!isDumpDirectory(inside)) await walk(full, relPath, depth + 1);
      }
    }
  }

  await walk(base, '', 1);
  return { base, matches };
}
