// The action's bundles (what action.yml and merge/action.yml run) must not carry the PickDriver
// stand-in of src/stand-in/: only the command line's demo needs it. The stand-in is found two
// ways, by esbuild's module comments (`// src/stand-in/server.ts`) and by the names only the
// stand-in defines; the command-line bundle, which does carry it, shows that both ways see it when it
// is there.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { ROOT } from '../helpers/bundles.js';

async function tsFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await tsFiles(rel)));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push(rel);
  }
  return out;
}

/**
 * Names the stand-in exports that appear nowhere else in src/ and are long and specific enough
 * (camelCase, 10+ letters) that no library defines them too (libraries do have `dispatch`, `isHttps`):
 * finding one defined in a bundle means the stand-in is in it.
 */
async function standInOnlyNames(): Promise<string[]> {
  const declared = /export (?:async )?(?:function|class|const) ([A-Za-z_$][\w$]*)/g;
  const names = new Set<string>();
  for (const file of await tsFiles('src/stand-in')) {
    for (const m of (await readFile(path.join(ROOT, file), 'utf8')).matchAll(declared)) names.add(m[1] as string);
  }
  const source = (
    await Promise.all(
      (
        await tsFiles('src')
      )
        .filter((f) => !f.startsWith(`src${path.sep}stand-in${path.sep}`))
        .map((f) => readFile(path.join(ROOT, f), 'utf8')),
    )
  ).join('\n');
  return [...names].filter(
    (name) => name.length >= 10 && /[A-Z]/.test(name) && !new RegExp(`\\b${name}\\b`).test(source),
  );
}

/**
 * An esbuild bundle: its entry file and every chunk it imports, statically or dynamically, followed
 * through the chunks' own imports (the chunks in dist/chunks/ are shared by all four entries, so a
 * chunk only another entry loads is not part of this one).
 */
async function bundleText(entry: string): Promise<string> {
  const seen = new Map<string, string>();
  const pending = [path.join(ROOT, entry)];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    const text = await readFile(file, 'utf8');
    seen.set(file, text);
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+\.js)"/g)) {
      pending.push(path.resolve(path.dirname(file), m[1] as string));
    }
  }
  return [...seen.values()].join('\n');
}

function standInTraces(text: string, names: string[]): string[] {
  const modules = [...text.matchAll(/^\/\/ ((?:test|src\/stand-in)\/\S+\.ts)$/gm)].map((m) => m[1] as string);
  const defined = names.filter((name) => new RegExp(`\\b(?:function|class) ${name}\\b`).test(text));
  return [...new Set(modules), ...defined];
}

describe('the action bundles', async () => {
  const action = YAML.parse(await readFile(path.join(ROOT, 'action.yml'), 'utf8'));
  const merge = YAML.parse(await readFile(path.join(ROOT, 'merge/action.yml'), 'utf8'));
  const entries = [action.runs.main, action.runs.post, path.join('merge', merge.runs.main)].map((e: string) =>
    path.normalize(e),
  );
  const names = await standInOnlyNames();

  it('finds the stand-in in the command-line bundle, whose demo runs it', async () => {
    expect(names.length).toBeGreaterThan(10);
    const cli = await bundleText('dist/cli/index.js');
    const traces = standInTraces(cli, names);
    expect(traces).toContain('src/stand-in/server.ts');
    expect(traces).toContain('checkInternalToken');
  });

  it.each(entries)('%s carries no module of test/ and none of the stand-in’s code', async (entry) => {
    const text = await bundleText(entry);
    // The bundle's own modules are labelled the same way, so the label check is looking at real labels.
    expect(text).toMatch(/^\/\/ src\/\S+\.ts$/m);
    expect(standInTraces(text, names)).toEqual([]);
  });
});
