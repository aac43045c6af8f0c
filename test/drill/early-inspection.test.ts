// ANALYZE and the critical tables' counts taken while a parallel pg_restore still runs: a whole
// drill through the command-line bundle on real pg_dump output with what makes it tricky (a
// partitioned table, an inheritance parent, a quoted name, an expression index). Each table ends
// analyzed exactly once, the counts the report gives are the restored database's, and with a
// post-restore-command (which may change the data) nothing is read before it ran.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDrillDatabase } from '../../src/restore/index.js';
import { libpqEnv } from '../../src/restore/pg-connection.js';
import { cliDrill } from '../helpers/cli-drill.js';
import { createDrillWorld, type DrillWorld } from '../helpers/drill-world.js';
import { queryDb, urlFor } from '../helpers/postgres.js';

const execFileAsync = promisify(execFile);

let world: DrillWorld;
let backup: string;
beforeAll(async () => {
  world = await createDrillWorld({ scale: 0.2, api: false });
  await queryDb(
    world.source.url,
    `CREATE TABLE public.lap_times (season int NOT NULL, lap int NOT NULL, ms int) PARTITION BY LIST (season);
     CREATE TABLE public.lap_times_2025 PARTITION OF public.lap_times FOR VALUES IN (2025);
     CREATE TABLE public.lap_times_2026 PARTITION OF public.lap_times FOR VALUES IN (2026);
     INSERT INTO public.lap_times SELECT 2025 + g % 2, g, g * 3 FROM generate_series(1, 4000) g;
     CREATE TABLE public.events (id int, kind text);
     CREATE TABLE public.events_2026 () INHERITS (public.events);
     INSERT INTO public.events SELECT g, 'start' FROM generate_series(1, 300) g;
     INSERT INTO public.events_2026 SELECT g, 'finish' FROM generate_series(1, 700) g;
     CREATE TABLE public."Pit Stops" (id serial PRIMARY KEY, "Driver" text NOT NULL);
     INSERT INTO public."Pit Stops" ("Driver") SELECT 'driver ' || g FROM generate_series(1, 900) g;
     CREATE INDEX pit_stops_lower ON public."Pit Stops" (lower("Driver"));`,
  );
  backup = path.join(world.dir, 'early.dump');
  await execFileAsync('pg_dump', ['-Fc', '-f', backup], { env: { ...process.env, ...libpqEnv(world.source.url) } });
}, 180_000);
afterAll(async () => {
  await world?.close();
});

async function drill(inputs: Record<string, string> = {}) {
  const target = { backup, adminUrl: world.adminUrl, drillDatabase: world.drillDatabase };
  const { run, report } = await cliDrill(target, { 'restore-jobs': '2', ...inputs });
  return { run, report, drillUrl: urlFor(world.adminUrl, world.drillDatabase) };
}

type Critical = { name: string; present: boolean; rows: number | null };

async function actualCounts(drillUrl: string, tables: Critical[]): Promise<Critical[]> {
  const out: Critical[] = [];
  for (const t of tables) {
    if (!t.present) {
      out.push(t);
      continue;
    }
    const { rows } = await queryDb<{ n: number }>(drillUrl, `SELECT count(*)::int AS n FROM public."${t.name}"`);
    out.push({ ...t, rows: rows[0]?.n ?? null });
  }
  return out;
}

describe('a drill of a custom archive restored with 2 jobs', () => {
  it('analyzes tables while the restore runs, each table once, and reports the exact counts', async () => {
    const { run, report, drillUrl } = await drill();
    try {
      expect(run.code, run.stderr).toBe(0);
      const early =
        /restore: (\d+) table\(s\) analyzed and (\d+) critical table\(s\) counted while the restore ran/.exec(
          run.stderr,
        );
      expect(early, run.stderr).not.toBeNull();
      expect(Number(early?.[1])).toBeGreaterThan(0);
      expect(Number(early?.[2])).toBeGreaterThan(0);
      // Every table analyzed, none twice: what was done early is not done again at the end.
      const { rows } = await queryDb<{ relname: string; analyze_count: string }>(
        drillUrl,
        'SELECT relname, analyze_count::text FROM pg_stat_user_tables ORDER BY relname',
      );
      expect(rows.length).toBeGreaterThan(10);
      expect(rows.filter((r) => r.analyze_count !== '1')).toEqual([]);
      // The partitioned table's statistics span both partitions; the inheritance parent's its child.
      const inherited = await queryDb<{ tablename: string }>(
        drillUrl,
        "SELECT DISTINCT tablename::text FROM pg_stats WHERE inherited AND tablename IN ('lap_times', 'events') ORDER BY 1",
      );
      expect(inherited.rows.map((r) => r.tablename)).toEqual(['events', 'lap_times']);
      const expression = await queryDb<{ n: number }>(
        drillUrl,
        "SELECT count(*)::int AS n FROM pg_stats WHERE tablename = 'pit_stops_lower'",
      );
      expect(expression.rows[0]?.n).toBe(1);
      // The report's counts are the restored database's, and the check passed.
      const tables = report.database.criticalTables as Critical[];
      expect(tables.filter((t) => t.present).length).toBeGreaterThan(5);
      expect(tables).toEqual(await actualCounts(drillUrl, tables));
      const critical = report.checks.find((c: { id: string }) => c.id === 'database.critical-tables');
      expect(critical?.status).toBe('ok');
    } finally {
      await dropDrillDatabase(world.adminUrl, world.drillDatabase);
    }
  });

  it('reads nothing early when a post-restore-command may change the data: its change is counted', async () => {
    const remove = `psql "$DRILL_DATABASE_URL" -v ON_ERROR_STOP=1 -qc "DELETE FROM public.ops_audit_events WHERE ctid IN (SELECT ctid FROM public.ops_audit_events LIMIT 2)"`;
    const source = await queryDb<{ n: number }>(
      world.source.url,
      'SELECT count(*)::int AS n FROM public.ops_audit_events',
    );
    expect(source.rows[0]?.n).toBeGreaterThan(2);
    const { run, report, drillUrl } = await drill({ 'post-restore-command': remove });
    try {
      expect(run.stderr).not.toMatch(/counted while the restore ran/);
      const post = report.checks.find((c: { id: string }) => c.id === 'restore.post-command');
      expect(post?.status, run.stderr).toBe('ok');
      const events = (report.database.criticalTables as Critical[]).find((t) => t.name === 'ops_audit_events');
      expect(events?.rows).toBe((source.rows[0]?.n ?? 0) - 2);
      const { rows } = await queryDb<{ n: number }>(drillUrl, 'SELECT count(*)::int AS n FROM public.ops_audit_events');
      expect(events?.rows).toBe(rows[0]?.n);
    } finally {
      await dropDrillDatabase(world.adminUrl, world.drillDatabase);
    }
  });
});
