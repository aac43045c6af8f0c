// The restore a user would run by hand on the same dump: createdb, then pg_restore -j <CPUs>
// (psql for a plain dump), each a process of its own, timed together.
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { libpqEnv } from '../src/demo/make-backup.js';
import { databaseUrl } from '../src/demo/postgres-server.js';
import { findPgTool } from '../src/util/pg-tools.js';

function run(command: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: [input ? 'pipe' : 'ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    if (input && child.stdin) {
      const file = createReadStream(input);
      (input.endsWith('.gz') ? file.pipe(createGunzip()) : file).pipe(child.stdin);
    }
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited ${code}: ${stderr.slice(0, 2000)}`)),
    );
  });
}

/** createdb + the restore tool; returns the wall time in milliseconds. */
export async function handRestore(adminUrl: string, database: string, dump: string, jobs: number): Promise<number> {
  const env = { ...process.env, ...libpqEnv(databaseUrl(adminUrl, database)) };
  const plain = /\.sql(\.gz)?$/.test(dump);
  const tool = await findPgTool(plain ? 'psql' : 'pg_restore', null);
  const started = performance.now();
  // createdb sits beside the restore tools.
  await run(path.join(path.dirname(tool.path), 'createdb'), [database], env);
  if (plain) await run(tool.path, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', database], env, dump);
  else {
    await run(
      tool.path,
      ['-j', String(jobs), '--no-owner', '--no-privileges', '--exit-on-error', '-d', database, dump],
      env,
    );
  }
  return performance.now() - started;
}
