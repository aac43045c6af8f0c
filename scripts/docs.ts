// `npm run docs`: regenerates the README's tables from action.yml, the check ids and the report schema.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generatedBlocks, ROOT, renderReadme } from './readme-tables.js';

const file = path.join(ROOT, 'README.md');
const before = readFileSync(file, 'utf8');
const after = renderReadme(before, generatedBlocks());
if (after !== before) writeFileSync(file, after);
console.log(after === before ? 'README.md is up to date' : 'README.md: tables regenerated');
