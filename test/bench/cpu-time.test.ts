// The bench's CPU accounting against the real server: what a side made PostgreSQL and its own
// child processes do shows in the figures it prints.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { cpuReader, spent } from '../../bench/cpu-time.js';
import { adminUrl } from '../helpers/postgres.js';

const run = promisify(execFile);

describe('bench CPU time', () => {
  it("counts a finished session's server work and a child process's work", async () => {
    const url = await adminUrl();
    const read = await cpuReader(url);
    // The server of the tests is a process of this machine (local or embedded).
    expect(read).not.toBeNull();
    if (read === null) return;
    const before = await read();
    // About half a second of the server's CPU, in a session that then ends.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('SELECT pg_catalog.count(*) FROM pg_catalog.generate_series(1, 4000000)');
    await client.end();
    // About half a second of a child's CPU.
    await run(process.execPath, ['-e', 'const t = Date.now(); while (Date.now() - t < 500);']);
    // The backend's time joins the postmaster's once it has exited.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const used = spent(before, await read());
    expect(used.serverMs).toBeGreaterThanOrEqual(150);
    expect(used.clientMs).toBeGreaterThanOrEqual(300);
  });
});
