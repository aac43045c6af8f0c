// Bundles the entry points with ncc: dist/index.js (action main), dist/post/index.js
// (action post), dist/cli/index.js (the command line), dist/merge/index.js (the merge action). Deterministic: the same sources always
// give the same bytes, so CI can compare dist/ with a fresh build.
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const entries = [
  ['src/entry-main.ts', 'dist'],
  ['src/entry-post.ts', 'dist/post'],
  ['src/entry-cli.ts', 'dist/cli'],
  ['src/entry-merge.ts', 'dist/merge'],
];

rmSync('dist', { recursive: true, force: true });
for (const [entry, out] of entries) {
  execFileSync(
    process.execPath,
    [
      'node_modules/@vercel/ncc/dist/ncc/cli.js',
      'build',
      entry,
      '-o',
      out,
      '--license',
      'licenses.txt',
      '--quiet',
      '--target',
      'es2022',
    ],
    { stdio: 'inherit' },
  );
}
// The command line is run directly as `pickdriver-vault`.
const cli = 'dist/cli/index.js';
const text = readFileSync(cli, 'utf8');
if (!text.startsWith('#!')) writeFileSync(cli, `#!/usr/bin/env node\n${text}`);
chmodSync(cli, 0o755);
