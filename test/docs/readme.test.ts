// The README's reference tables are generated (npm run docs); this fails when they drift from
// action.yml, the check ids or the report schema, and names the command that fixes it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { CHECK_DESCRIPTIONS, generatedBlocks, ROOT, renderReadme } from '../../scripts/readme-tables.js';
import { CHECK_IDS } from '../../src/model/types.js';

describe('README.md', async () => {
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');

  it('holds the tables npm run docs generates (run `npm run docs` after changing action.yml)', () => {
    expect(renderReadme(readme, generatedBlocks()) === readme, 'README.md is stale: run npm run docs').toBe(true);
  });

  it('lists every input and output of action.yml and describes every check id', async () => {
    const action = YAML.parse(await readFile(path.join(ROOT, 'action.yml'), 'utf8'));
    for (const name of Object.keys(action.inputs)) expect(readme).toContain(`| \`${name}\` |`);
    for (const name of Object.keys(action.outputs)) expect(readme).toContain(`| \`${name}\` |`);
    for (const id of [...CHECK_IDS, 'compare.baseline']) expect(CHECK_DESCRIPTIONS[id], id).toBeTruthy();
  });

  it('keeps the first screen to the demo and the tests', () => {
    const firstScreen = readme.split('\n').slice(0, 14).join('\n');
    expect(firstScreen).toContain('npm run demo');
    expect(firstScreen).toContain('npm test');
  });

  it('refuses a README whose markers are gone', () => {
    expect(() => renderReadme('# no markers', { inputs: 'x' })).toThrow('missing <!-- generated:inputs -->');
  });
});
