// The house (issue 19), measured from the imports of src/ by scripts/check-layout.ts: every import
// points down (no two folders import each other, not even round a longer loop) and shipped code
// never imports what lies outside src/.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_LINES, measureLayout } from '../../scripts/check-layout.js';
import { deadExports } from '../../scripts/dead-exports.js';
import { ROOT } from '../helpers/bundles.js';

describe('the layout of src/', () => {
  const layout = measureLayout(ROOT);

  it('has no two folders that import each other, at any depth or at the top level', () => {
    expect(layout.folders.length).toBeGreaterThan(10);
    expect(layout.pairs).toEqual([]);
    expect(layout.topPairs).toEqual([]);
  });

  it('has no loop of folders importing each other', () => {
    expect(layout.cycles).toEqual([]);
    expect(layout.topCycles).toEqual([]);
  });

  it('imports nothing outside src/', () => {
    expect(layout.files).toBeGreaterThan(100);
    expect(layout.outside).toEqual([]);
  });

  it(`has no file over ${MAX_LINES} lines`, () => {
    expect(layout.long).toEqual([]);
  });

  it("is drawn in the README's layout section: every folder, each importing only folders drawn below it", () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const drawing = /### Layout\n[\s\S]*?```text\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const row = new Map<string, number>();
    for (const [i, line] of drawing
      .split('\n')
      .filter((l) => l.startsWith('src/'))
      .entries()) {
      for (const m of line.matchAll(/src\/([a-z-]+)\//g)) if (!row.has(m[1] as string)) row.set(m[1] as string, i);
    }
    const tops = [...new Set(layout.folders.map((f) => f.split('/')[0]))].filter((f) => f !== '');
    expect(tops.filter((f) => !row.has(f as string))).toEqual([]);
    const upward: string[] = [];
    for (const [from, out] of layout.topEdges) {
      for (const to of out.keys()) if ((row.get(from) ?? -1) >= (row.get(to) ?? -1)) upward.push(`${from} -> ${to}`);
    }
    expect(upward).toEqual([]);
  });

  it('exports nothing that no module, test, bench or script imports', () => {
    expect(deadExports(ROOT)).toEqual([]);
  });
});

describe('the layout measure', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pdv-layout-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };

  it('sees pairs, loops, nested folders, imports leaving src/ and long files', () => {
    write('src/a/a.ts', "import { b } from '../b/b.js';\nexport const a = b;\n");
    write('src/b/b.ts', "import { a } from '../a/a.js';\nexport const b = 1;\nexport const c = () => a;\n");
    write('src/c/c.ts', "import { d } from '../d/inner/d.js';\nexport const c = d;\n");
    write('src/d/inner/d.ts', "export const d = 1;\nexport const e = () => import('../../e/e.js');\n");
    write('src/e/e.ts', "import { c } from '../c/c.js';\nexport { c };\n");
    write('src/d/x.ts', "import { d } from './inner/d.js';\nexport const x = d;\n");
    write('src/d/inner/y.ts', "import { x } from '../x.js';\nexport const y = x;\n");
    write('src/f/f.ts', `import { t } from '../../test/t.js';\nexport const f = t;\n${'//\n'.repeat(300)}`);
    const l = measureLayout(dir);
    expect(l.pairs).toEqual(['a <-> b (1/1)', 'd <-> d/inner (1/1)']);
    expect(l.topPairs).toEqual(['a <-> b (1/1)']);
    expect(l.cycles).toEqual([
      ['a', 'b'],
      ['c', 'd', 'd/inner', 'e'],
    ]);
    expect(l.topCycles).toEqual([
      ['a', 'b'],
      ['c', 'd', 'e'],
    ]);
    expect(l.outside).toEqual(['src/f/f.ts -> ../../test/t.js']);
    expect(l.long).toEqual(['src/f/f.ts (302 lines)']);
  });

  it('sees exports nothing imports, and counts named, re-exported, namespace and destructured dynamic imports', () => {
    write(
      'src/g/g.ts',
      'export const used = 1;\nexport const dead = 2;\nexport type DeadType = 3;\nexport { used as alias };\n',
    );
    write('src/g/h.ts', 'export const viaStar = 1;\n');
    write('src/g/m.ts', 'export const viaDynamic = 2;\nexport const notTaken = 3;\n');
    write('src/g/k.ts', "export * from './h.js';\n");
    write('src/g/user.ts', "import { used } from './g.js';\nexport const u = used;\n");
    write(
      'test/g.test.ts',
      "import * as k from '../src/g/k.js';\nimport { u } from '../src/g/user.js';\nexport const t = [k, u];\n",
    );
    write('scripts/s.ts', "const { viaDynamic } = await import('../src/g/m.js');\nexport const s = viaDynamic;\n");
    const dead = deadExports(dir).filter((d) => d.startsWith('src/g/'));
    expect(dead).toEqual(['src/g/g.ts: DeadType', 'src/g/g.ts: alias', 'src/g/g.ts: dead', 'src/g/m.ts: notTaken']);
  });
});
