// The benchmark's tables, in Markdown so they go into the README as printed.
import os from 'node:os';
import type { DrillPhases } from './action-steps.js';
import type { CpuSpent } from './cpu-time.js';

export interface SizeResult {
  scale: number;
  dumpBytes: number;
  /** Medians, milliseconds. */
  hand: number;
  drill: number;
  restore: number;
  phases: DrillPhases;
  peakRssBytes: number | null;
  plainGzipBytes?: number;
  /** Medians of each side's CPU time (cpu-time.ts); null where the server's is not readable. */
  cpu: { drill: CpuSpent; hand: CpuSpent } | null;
}

export const PHASE_LABELS: Record<keyof DrillPhases, string> = {
  nodeStart: 'Node start (main step: the first modules loaded, inputs read)',
  preflight: 'server check (the drill database begun on its session)',
  load: 'the rest of the engine loaded (the database and role being made meanwhile)',
  backup: 'backup (find, verify; the database and role still being made)',
  restore: 'restore (what is left of making the database, extensions, pg_restore, keys)',
  analyze: 'ANALYZE (alongside the inspection)',
  inspect: 'inspection (exact counts, fingerprint, sequences)',
  api: 'API',
  report: 'report (compare, files, summary, exit)',
  post: 'post step (Node start, drop of the database and role)',
};

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

export const medianCpu = (xs: CpuSpent[]): CpuSpent => ({
  serverMs: median(xs.map((x) => x.serverMs)),
  clientMs: median(xs.map((x) => x.clientMs)),
});

export const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** The machine's load, as `uptime` shows it: the machine is shared, so every figure comes with it. */
export function loadLine(): string {
  return `load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}`;
}

/**
 * The goal of a size (issue 22): a large one (scale 1000 and up) within 1.05 × the hand restore,
 * a small one within 1.3 ×, whichever sizes this run measures (`--sizes 1000` alone is large too).
 */
export function goalOf(scale: number): number {
  return scale >= 1000 ? 1.05 : 1.3;
}

export function printPhaseTable(r: SizeResult, jobs: number): void {
  console.log('');
  console.log(`Scale ${r.scale} (custom dump ${mib(r.dumpBytes)}), medians:`);
  console.log('');
  console.log('| phase | seconds |');
  console.log('| --- | --- |');
  for (const [key, label] of Object.entries(PHASE_LABELS)) {
    console.log(`| ${label} | ${(r.phases[key as keyof DrillPhases] / 1000).toFixed(2)} |`);
  }
  console.log(`| **whole drill** (main + post, spawn to exit) | **${(r.drill / 1000).toFixed(2)}** |`);
  console.log(`| hand \`createdb\` + \`pg_restore -j ${jobs}\` | ${(r.hand / 1000).toFixed(2)} |`);
  console.log('');
  if (r.cpu) printCpuTable(r.cpu, jobs);
}

/** What each side made the CPUs do: on `jobs` CPUs no side can take less than its total over `jobs`. */
function printCpuTable(cpu: { drill: CpuSpent; hand: CpuSpent }, jobs: number): void {
  const s = (ms: number) => (ms / 1000).toFixed(2);
  const total = (x: CpuSpent) => x.serverMs + x.clientMs;
  console.log('CPU seconds, medians:');
  console.log('');
  console.log('| CPU time | drill | hand |');
  console.log('| --- | --- | --- |');
  console.log(`| server (the side's PostgreSQL sessions) | ${s(cpu.drill.serverMs)} | ${s(cpu.hand.serverMs)} |`);
  console.log(
    `| client (the two Node steps and pg_restore; createdb and pg_restore) | ${s(cpu.drill.clientMs)} | ${s(cpu.hand.clientMs)} |`,
  );
  console.log(`| total | ${s(total(cpu.drill))} | ${s(total(cpu.hand))} |`);
  console.log(
    `| total ÷ ${jobs} CPUs (no run can be shorter) | ${s(total(cpu.drill) / jobs)} | ${s(total(cpu.hand) / jobs)} |`,
  );
  console.log('');
}

export function printSummary(results: SizeResult[], jobs: number): void {
  console.log('| size | hand restore | whole drill | drill / hand | goal | restore phase / hand |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const r of results) {
    const ratio = r.drill / r.hand;
    const goal = goalOf(r.scale);
    console.log(
      `| scale ${r.scale}, ${mib(r.dumpBytes)} | ${fmt(r.hand)} | ${fmt(r.drill)} | ${ratio.toFixed(3)} ${ratio <= goal ? '✓' : '✗'} | ≤ ${goal} | ${(r.restore / r.hand).toFixed(3)} |`,
    );
  }
  const gz = results.find((r) => r.peakRssBytes !== null);
  if (gz?.peakRssBytes) {
    console.log('');
    console.log(
      `Peak memory of the main step restoring a plain-gzip dump (scale ${gz.scale}, ${mib(gz.plainGzipBytes ?? 0)} of gzip): ${mib(gz.peakRssBytes)} (${(gz.peakRssBytes / 1e6).toFixed(1)} MB; goal ≤ 120 MB)`,
    );
  }
  console.log(
    `(hand restore: \`createdb\`, then \`pg_restore -j ${jobs} --no-owner --no-privileges --exit-on-error\`)`,
  );
}
