// `npm run bench`: what a user waits for, the whole drill, against a restore run by hand.
//
// For each size (default: scale 100 and scale 1000 of the PickDriver seed) it builds the database,
// dumps it (custom format, and plain-gzip at the largest size), drops it, then alternates, --runs times, the action as a job runs it (main and
// post bundles, each its own Node process with INPUT_*, GITHUB_* and STATE_*, as the runner starts
// them) and a hand restore of the same dump (`createdb`, then `pg_restore -j <CPUs>`), each after
// the same settling (no database left, CHECKPOINT). It prints medians: the whole drill over the
// hand restore, the restore phase alone over the hand restore, and the drill's seconds by phase.
// At the largest size it also measures the main step's peak memory restoring a plain-gzip dump.
// Options: --sizes <scale,scale> (100,1000), --runs <n> (3), --database-url <admin url>,
// --node <path> (tools/node24's Node 24, as the action runs; else this Node).
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { adminExec, createSourceDatabase, dumpDatabase } from '../src/demo/make-backup.js';
import { findOrStartPostgres } from '../src/demo/postgres-server.js';
import { dropDrillDatabase } from '../src/restore/drill-database.js';
import { type ActionRun, actionNode, type DrillPhases, runAction } from './action-steps.js';
import { type CpuSpent, cpuReader, spent } from './cpu-time.js';
import { handRestore } from './hand-restore.js';
import {
  fmt,
  loadLine,
  median,
  medianCpu,
  PHASE_LABELS,
  printPhaseTable,
  printSummary,
  type SizeResult,
} from './report.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100,1000' },
    runs: { type: 'string', default: '3' },
    'database-url': { type: 'string' },
    node: { type: 'string' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);
if (sizes.some((s) => !(s > 0)) || !(runs >= 1)) throw new Error('--sizes takes scales > 0, --runs a count ≥ 1');
const jobs = os.availableParallelism();
const node = values.node ?? actionNode();
const DRILL_DB = 'pickdriver_bench_drill';
const HAND_DB = 'pickdriver_bench_hand';
const SOURCE_DB = 'pickdriver_bench_source';

const server = await findOrStartPostgres(values['database-url'] ?? process.env.PICKDRIVER_VAULT_DATABASE_URL);
const readCpu = await cpuReader(server.url);
const work = await mkdtemp(path.join(os.tmpdir(), 'pickdriver-vault-bench-'));

/** Both sides start alike: no database left from the run before, no checkpoint of its writes pending. */
async function settle(): Promise<void> {
  await dropDrillDatabase(server.url, DRILL_DB);
  await adminExec(server.url, `DROP DATABASE IF EXISTS ${HAND_DB} WITH (FORCE)`);
  await adminExec(server.url, 'CHECKPOINT');
}

/** Runs one side, with the CPU time it cost once its server sessions have exited (null: not readable here). */
async function measured<T>(side: () => Promise<T>): Promise<{ value: T; cpu: CpuSpent | null }> {
  const before = await readCpu?.();
  const value = await side();
  // A backend's CPU time joins the postmaster's once it has exited: the side's last ones are closing.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const after = await readCpu?.();
  return { value, cpu: before && after ? spent(before, after) : null };
}

async function drill(dump: string, dir: string): Promise<ActionRun> {
  const run = await runAction({
    node,
    dir,
    inputs: {
      'backup-source': dump,
      'database-url': server.url,
      'drill-database': DRILL_DB,
      baseline: 'none',
      'artifact-name': '',
    },
  });
  if (run.result !== 'passed' && run.result !== 'warned') {
    throw new Error(`the drill did not pass (${run.result}): ${run.failed.join('; ')}`);
  }
  return run;
}

async function benchSize(scale: number, index: number): Promise<SizeResult> {
  console.log(`bench: scale ${scale}: building the PickDriver database …`);
  const sourceUrl = await createSourceDatabase(server.url, SOURCE_DB, scale);
  const dump = path.join(work, `pickdriver-${scale}.dump`);
  await dumpDatabase(sourceUrl, dump, 'custom');
  const dumpBytes = (await stat(dump)).size;
  const measureMemory = index === sizes.length - 1;
  const gz = path.join(work, `pickdriver-${scale}.sql.gz`);
  if (measureMemory) await dumpDatabase(sourceUrl, gz, 'plain-gzip');
  // The source goes before the timed runs: left behind, autovacuum works through its fresh tables
  // during them and slows whichever side it overlaps (seen: a hand restore 1.5 s alone, 2.0 s here).
  await adminExec(server.url, `DROP DATABASE IF EXISTS ${SOURCE_DB} WITH (FORCE)`);
  console.log(`bench: scale ${scale}: custom dump ${(dumpBytes / 2 ** 20).toFixed(1)} MiB; ${loadLine()}`);
  const drills: ActionRun[] = [];
  const hands: number[] = [];
  const cpu: { drill: CpuSpent[]; hand: CpuSpent[] } = { drill: [], hand: [] };
  for (let i = 0; i < runs; i++) {
    // Alternated, and the order swapped every run, so a drift of the machine favours neither side.
    const order = i % 2 === 0 ? ['drill', 'hand'] : ['hand', 'drill'];
    for (const side of order) {
      await settle();
      if (side === 'drill') {
        const run = await measured(() => drill(dump, path.join(work, `drill-${index}-${i}`)));
        drills.push(run.value);
        if (run.cpu) cpu.drill.push(run.cpu);
      } else {
        const run = await measured(() => handRestore(server.url, HAND_DB, dump, jobs));
        hands.push(run.value);
        if (run.cpu) cpu.hand.push(run.cpu);
      }
    }
    const d = drills[drills.length - 1] as ActionRun;
    const c = (x: CpuSpent | undefined) => (x ? `, CPU server ${fmt(x.serverMs)} client ${fmt(x.clientMs)}` : '');
    console.log(
      `  run ${i + 1}/${runs}: drill ${fmt(d.wallMs)} (restore ${fmt(d.phases.restore)}${c(cpu.drill.at(-1))}), hand ${fmt(hands[hands.length - 1] as number)}${c(cpu.hand.at(-1))}`,
    );
  }
  await settle();
  const phases = Object.fromEntries(
    (Object.keys(PHASE_LABELS) as (keyof DrillPhases)[]).map((k) => [k, median(drills.map((d) => d.phases[k]))]),
  ) as unknown as DrillPhases;
  const result: SizeResult = {
    scale,
    dumpBytes,
    hand: median(hands),
    drill: median(drills.map((d) => d.wallMs)),
    restore: median(drills.map((d) => d.phases.restore)),
    phases,
    peakRssBytes: null,
    cpu:
      cpu.drill.length === runs && cpu.hand.length === runs
        ? { drill: medianCpu(cpu.drill), hand: medianCpu(cpu.hand) }
        : null,
  };
  if (measureMemory) {
    console.log(`bench: scale ${scale}: the plain-gzip dump, for the memory measurement …`);
    await settle();
    const run = await drill(gz, path.join(work, `drill-gz-${index}`));
    result.peakRssBytes = run.mainPeakRssBytes;
    result.plainGzipBytes = (await stat(gz)).size;
    await settle();
  }
  return result;
}

try {
  console.log(
    `bench: ${os.cpus()[0]?.model ?? 'cpu'} × ${jobs}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; the action on ${node}`,
  );
  const results: SizeResult[] = [];
  for (const [i, scale] of sizes.entries()) {
    const result = await benchSize(scale, i);
    results.push(result);
    printPhaseTable(result, jobs);
  }
  printSummary(results, jobs);
  console.log(`bench: done; ${loadLine()}`);
} finally {
  await settle().catch(() => {});
  await adminExec(server.url, `DROP DATABASE IF EXISTS ${SOURCE_DB} WITH (FORCE)`).catch(() => {});
  await rm(work, { recursive: true, force: true });
  await server.stop();
}
