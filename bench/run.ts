// `npm run bench`: the drill against pg_restore run by hand on the same dump.
//
// Builds a PickDriver database (default scale 1000 ≈ 2.4 million rows), dumps it, then alternates a
// drill (the real CLI bundle, as a subprocess) and a hand-run `pg_restore -j <CPUs>` of the same
// dump, and prints medians and ratios:
//   - the drill's restore phase over the hand restore (goal ≤ 1.05),
//   - the drill's time beyond the restore, without API start-up (goal ≤ 1.5 s),
//   - the drill process's peak memory while restoring a plain-gzip dump (goal ≤ 120 MB).
// Options: --scale <n> (1000), --runs <n> (5), --database-url <admin url>.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { adminExec, createSourceDatabase, dumpDatabase, libpqEnv } from '../src/demo/make-backup.js';
import { databaseUrl, findOrStartPostgres } from '../src/demo/postgres-server.js';
import { dropDrillDatabase } from '../src/restore/drill-database.js';
import { findPgTool } from '../src/util/pg-tools.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '5' },
    'database-url': { type: 'string' },
  },
});
const scale = Number(values.scale);
const runs = Number(values.runs);
const jobs = os.availableParallelism();
const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'dist/cli/index.js');

interface Measured {
  wallMs: number;
  peakRssBytes: number;
  code: number | null;
}

/** Runs a command and samples its peak resident memory (VmHWM) from /proc until it exits. */
function measure(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    let peak = 0;
    const sample = async () => {
      try {
        const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
        const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
        peak = Math.max(peak, kb * 1024);
      } catch {
        // The process has gone; the last sample stands.
      }
    };
    const timer = setInterval(sample, 50);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      if (code !== 0 && command !== process.execPath) reject(new Error(`${command} exited ${code}: ${stderr}`));
      resolve({ wallMs: performance.now() - started, peakRssBytes: peak, code });
    });
  });
}

/** One drill of a backup through the command-line bundle, as a user runs it. */
function drillOnce(backup: string, reportDir: string): Promise<Measured> {
  const flags = {
    'backup-source': backup,
    'database-url': server.url,
    'drill-database': 'pickdriver_bench_drill',
    baseline: 'none',
    'artifact-name': '',
    'report-dir': reportDir,
    // As in the action, where the post step drops the database in a step of its own: the bench
    // drops it between runs, outside the measured drill.
    'keep-database': 'true',
  };
  return measure(
    process.execPath,
    [cli, 'drill', ...Object.entries(flags).flatMap(([k, v]) => [`--${k}`, v])],
    process.env,
  );
}

/**
 * Both sides start alike: no database left from the run before, and no checkpoint of its writes
 * still under way (a DROP DATABASE forces one, which would favour whichever side follows it).
 */
async function settle(): Promise<void> {
  // The drill's database and its drill role, as the post step drops them.
  await dropDrillDatabase(server.url, 'pickdriver_bench_drill');
  await adminExec(server.url, 'CHECKPOINT');
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const server = await findOrStartPostgres(values['database-url'] ?? process.env.PICKDRIVER_VAULT_DATABASE_URL);
const work = await mkdtemp(path.join(os.tmpdir(), 'pickdriver-vault-bench-'));
const source = 'pickdriver_bench_source';
try {
  console.log(
    `bench: ${os.cpus()[0]?.model ?? 'cpu'} × ${jobs}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  );
  console.log(`bench: building the PickDriver database at scale ${scale} …`);
  const sourceUrl = await createSourceDatabase(server.url, source, scale);
  const rows = await countRows(sourceUrl);
  const dump = path.join(work, 'pickdriver.dump');
  await dumpDatabase(sourceUrl, dump, 'custom');
  console.log(
    `bench: ${rows.toLocaleString('en')} rows; custom dump ${((await stat(dump)).size / 2 ** 20).toFixed(1)} MiB`,
  );

  const pgRestore = await findPgTool('pg_restore', null);
  const drillRestore: number[] = [];
  const drillBeyond: number[] = [];
  const hand: number[] = [];
  for (let i = 0; i < runs; i++) {
    const reportDir = path.join(work, `report-${i}`);
    await settle();
    const drill = await drillOnce(dump, reportDir);
    const report = JSON.parse(await readFile(path.join(reportDir, 'report.json'), 'utf8'));
    if (report.result !== 'passed' && report.result !== 'warned') {
      throw new Error(
        `the drill did not pass (${report.result}): ${JSON.stringify(report.checks.filter((c: { status: string }) => c.status === 'fail'))}`,
      );
    }
    drillRestore.push(report.restore.durationMs);
    drillBeyond.push(drill.wallMs - report.restore.durationMs);

    await adminExec(server.url, 'DROP DATABASE IF EXISTS pickdriver_bench_hand WITH (FORCE)');
    await adminExec(server.url, 'CREATE DATABASE pickdriver_bench_hand');
    await settle();
    const byHand = await measure(
      pgRestore.path,
      ['-j', String(jobs), '--no-owner', '--no-privileges', '--exit-on-error', '-d', 'pickdriver_bench_hand', dump],
      { ...process.env, ...libpqEnv(databaseUrl(server.url, 'pickdriver_bench_hand')) },
    );
    hand.push(byHand.wallMs);
    console.log(
      `run ${i + 1}/${runs}: drill restore ${fmt(report.restore.durationMs)}, drill beyond restore ${fmt(drill.wallMs - report.restore.durationMs)}, hand pg_restore ${fmt(byHand.wallMs)}`,
    );
  }

  console.log('bench: plain-gzip dump for the memory measurement …');
  const gz = path.join(work, 'pickdriver.sql.gz');
  await dumpDatabase(sourceUrl, gz, 'plain-gzip');
  const gzReport = path.join(work, 'report-gz');
  await settle();
  const gzRun = await drillOnce(gz, gzReport);
  const gzResult = JSON.parse(await readFile(path.join(gzReport, 'report.json'), 'utf8')).result;

  const ratio = median(drillRestore) / median(hand);
  console.log('');
  console.log(`| measure | median | goal |`);
  console.log(`| --- | --- | --- |`);
  console.log(`| hand pg_restore -j ${jobs} | ${fmt(median(hand))} | |`);
  console.log(`| drill restore phase | ${fmt(median(drillRestore))} | |`);
  console.log(`| drill restore / hand restore | ${ratio.toFixed(3)} | ≤ 1.05 |`);
  console.log(`| drill time beyond the restore | ${fmt(median(drillBeyond))} | ≤ 1.5 s |`);
  console.log(
    `| peak RSS, plain-gzip drill (${((await stat(gz)).size / 2 ** 20).toFixed(0)} MiB gz, ${gzResult}) | ${(gzRun.peakRssBytes / 2 ** 20).toFixed(1)} MiB | ≤ 120 MB |`,
  );
} finally {
  await adminExec(server.url, 'DROP DATABASE IF EXISTS pickdriver_bench_hand WITH (FORCE)').catch(() => {});
  await dropDrillDatabase(server.url, 'pickdriver_bench_drill').catch(() => {});
  await adminExec(server.url, `DROP DATABASE IF EXISTS ${source} WITH (FORCE)`).catch(() => {});
  await rm(work, { recursive: true, force: true });
  await server.stop();
}

async function countRows(url: string): Promise<number> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('ANALYZE');
    const { rows } = await client.query<{ n: string }>(
      "SELECT sum(n_live_tup)::bigint AS n FROM pg_stat_user_tables WHERE schemaname = 'public'",
    );
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}
