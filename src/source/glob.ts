// A small glob matcher (Node 20 has no fs.glob): `*` and `?` within one path segment, `**` across
// segments. Used for backup-pattern (on names) and for glob backup sources (on relative paths).
import { readdir } from 'node:fs/promises';
import path from 'node:path';

export function isGlob(text: string): boolean {
  return /[*?]/.test(text);
}

export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches zero or more whole directories; a bare `**` anything at all.
        if (glob[i + 2] === '/') {
          out += '(?:.*/)?';
          i += 2;
        } else {
          out += '.*';
          i += 1;
        }
      } else {
        out += '[^/]*';
      }
    } else if (ch === '?') {
      out += '[^/]';
    } else {
      out += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${out}$`);
}

export function matchesGlob(name: string, glob: string): boolean {
  return globToRegExp(glob).test(name);
}

export interface GlobMatch {
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
  const segments = normalized.split('/');
  const firstGlob = segments.findIndex(isGlob);
  const baseSegments = segments.slice(0, firstGlob);
  const base = baseSegments.length === 0 ? '.' : baseSegments.join('/') || '/';
  const rest = segments.slice(firstGlob);
  const regex = globToRegExp(rest.join('/'));
  const maxDepth = rest.includes('**') || rest.some((s) => s.includes('**')) ? Number.POSITIVE_INFINITY : rest.length;
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
      if (regex.test(relPath)) matches.push({ path: full, isDirectory });
      if (isDirectory && depth < maxDepth) {
        const inside = await readdir(full).catch(() => [] as string[]);
        if (!isDumpDirectory(inside)) await walk(full, relPath, depth + 1);
      }
    }
  }

  await walk(base, '', 1);
  return { base, matches };
}
