// The licences of every package bundled into dist/, as ncc's --license did: one block per
// package (name@version, licence id, licence text), sorted by name so the file is the same every build.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The package folder (node_modules/<name> or node_modules/@scope/<name>) an input path lies in. */
function packageDir(input) {
  const parts = input.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return null;
  const nameParts = parts[at + 1]?.startsWith('@') ? 2 : 1;
  return parts.slice(0, at + 1 + nameParts).join('/');
}

function licenseText(dir) {
  const file = readdirSync(dir).find((name) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(name));
  return file ? readFileSync(path.join(dir, file), 'utf8').trim() : '';
}

/** @param {string[]} inputs the bundled files, as esbuild's metafile names them */
export function collectLicenses(inputs) {
  const packages = new Map();
  for (const input of inputs) {
    const dir = packageDir(input);
    if (!dir || !existsSync(path.join(dir, 'package.json'))) continue;
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const id = `${manifest.name}@${manifest.version}`;
    if (!manifest.name || packages.has(id)) continue;
    packages.set(id, { license: manifest.license ?? '', text: licenseText(dir) });
  }
  return [...packages.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, { license, text }]) => [name, license, text].filter(Boolean).join('\n'))
    .join('\n\n')
    .concat('\n');
}
