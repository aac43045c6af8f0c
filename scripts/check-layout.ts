// Measures the house (issue 19) from the imports of src/: folders that import each other, directly
// or round a longer loop; imports that leave src/ (shipped code never imports tests or scripts); and
// files over the length limit; and (scripts/dead-exports.ts) exports nothing imports. `npm run layout`
// prints the figures and fails on any violation; test/docs/layout.test.ts holds CI to them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { deadExports } from './dead-exports.js';

export const MAX_LINES = 300;

export interface Layout {
  /** Every folder under src/ (src itself is ''), as a path relative to src/. */
  folders: string[];
  /** folder -> folders it imports from (other than itself), with the number of imports. */
  edges: Map<string, Map<string, number>>;
  /** Pairs of folders that import each other directly, e.g. `backup <-> source`. */
  pairs: string[];
  /** Groups of two or more folders that import each other round a loop (pairs included). */
  cycles: string[][];
  /** The same three measures between top-level folders (src/dump/plain counts as dump). */
  topEdges: Map<string, Map<string, number>>;
  topPairs: string[];
  topCycles: string[][];
  /** `src/file.ts -> ../test/x.ts` for every relative import that resolves outside src/. */
  outside: string[];
  /** `src/file.ts (N lines)` for every file over MAX_LINES. */
  long: string[];
  files: number;
}

// Relative module specifiers in import/export declarations and dynamic imports.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\1/g;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(?:ts|mts|js|mjs)$/.test(name)) out.push(p);
  }
  return out;
}

const folderOf = (rel: string) => path.posix.dirname(rel).replace(/^\.$/, '');
const topOf = (folder: string) => folder.split('/')[0] as string;

function count(edges: Map<string, Map<string, number>>, from: string, to: string): void {
  if (from === to) return;
  const out = edges.get(from) ?? new Map<string, number>();
  out.set(to, (out.get(to) ?? 0) + 1);
  edges.set(from, out);
}

function mutualPairs(edges: Map<string, Map<string, number>>): string[] {
  const pairs: string[] = [];
  for (const [a, out] of edges) {
    for (const [b, n] of out) {
      const back = edges.get(b)?.get(a);
      if (back !== undefined && a < b) pairs.push(`${a || '(src)'} <-> ${b || '(src)'} (${n}/${back})`);
    }
  }
  return pairs.sort();
}

/** Strongly connected components of two or more folders (Tarjan). */
function loops(nodes: string[], edges: Map<string, Map<string, number>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w || '(src)');
      } while (w !== v);
      if (group.length > 1) found.push(group.sort());
    }
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  return found;
}

/** Measures the tree under `root` (a checkout: root/src). */
export function measureLayout(root: string): Layout {
  const src = path.join(root, 'src');
  const files = sourceFiles(src);
  const edges = new Map<string, Map<string, number>>();
  const topEdges = new Map<string, Map<string, number>>();
  const folders = new Set<string>();
  const outside: string[] = [];
  const long: string[] = [];
  for (const file of files) {
    const rel = path.relative(src, file).split(path.sep).join('/');
    const from = folderOf(rel);
    folders.add(from);
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    if (lines > MAX_LINES) long.push(`src/${rel} (${lines} lines)`);
    for (const m of text.matchAll(SPECIFIER)) {
      const spec = m[2] as string;
      const target = path
        .relative(src, path.resolve(path.dirname(file), spec))
        .split(path.sep)
        .join('/');
      if (target.startsWith('../') || path.isAbsolute(target)) {
        outside.push(`src/${rel} -> ${spec}`);
        continue;
      }
      const to = folderOf(target);
      count(edges, from, to);
      count(topEdges, topOf(from), topOf(to));
    }
  }
  const all = [...folders].sort();
  const tops = [...new Set(all.map(topOf))].sort();
  return {
    folders: all,
    edges,
    pairs: mutualPairs(edges),
    cycles: loops(all, edges),
    topEdges,
    topPairs: mutualPairs(topEdges),
    topCycles: loops(tops, topEdges),
    outside,
    long: long.sort(),
    files: files.length,
  };
}

function main(): void {
  const root = path.resolve(import.meta.dirname, '..');
  const layout = measureLayout(root);
  const dead = deadExports(root);
  const lines = [
    `${layout.files} files in ${layout.folders.length} folders under src/`,
    `folder pairs importing each other: ${layout.pairs.length} (top level: ${layout.topPairs.length})`,
    ...layout.pairs.map((p) => `  ${p}`),
    `folder loops: ${layout.cycles.length} (top level: ${layout.topCycles.length})`,
    ...layout.cycles.map((c) => `  ${c.join(' -> ')}`),
    `imports leaving src/: ${layout.outside.length}`,
    ...layout.outside.map((o) => `  ${o}`),
    `files over ${MAX_LINES} lines: ${layout.long.length}`,
    ...layout.long.map((l) => `  ${l}`),
    `exports nothing imports: ${dead.length}`,
    ...dead.map((d) => `  ${d}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const bad = layout.pairs.length + layout.cycles.length + layout.topCycles.length + layout.outside.length;
  if (bad + layout.long.length + dead.length > 0) process.exitCode = 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) main();
