// `pickdriver-vault demo`: two whole drills on this machine with nothing configured. It finds or
// starts a PostgreSQL server, builds a PickDriver database and a backup of it, starts the
// PickDriver stand-in, and drills the backup (maintenance mode included): that report is the
// baseline. Then a share of the picks is deleted, as a bad migration or a purge would, and the
// next night's backup is drilled against the first: the comparison, its chart and the regression
// are what a newcomer should see, so the demo shows them rather than a lone green drill. A third
// drill rehearses a pull request's migration on that backup: one that rewrites a table under an
// ACCESS EXCLUSIVE lock held past migration-max-lock, so the Migration section shows what it costs.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../config/config.js';
import { cleanup } from '../drill/cleanup.js';
import { runDrill } from '../drill/run.js';
import type { DrillReport } from '../model/types.js';
import { drillEnv, primaryEnv } from '../stand-in/env.js';
import { startReferenceApi } from '../stand-in/server.js';
import { cliLogger } from '../util/cli-logger.js';
import { formatPercent } from '../util/format.js';
import type { Logger } from '../util/logger.js';
import { findPgTool } from '../util/pg-tools.js';
import { SecretRegistry } from '../util/secrets.js';
import { MemoryState } from '../util/state.js';
import { adminExec, createSourceDatabase, dumpDatabase, writeSidecar } from './make-backup.js';
import { databaseUrl, findOrStartPostgres } from './postgres-server.js';

interface DemoOptions {
  scale: number;
  reportDir: string;
  verbose: boolean;
  env: NodeJS.ProcessEnv;
}

const DRILL_DATABASE = 'pickdriver_demo_drill';
/** The share of picks the second night's backup has lost: well over row-drop-threshold (10 %). */
const PURGED_SHARE = 0.3;
const BASELINE_FOLDER = '1-baseline';
const REGRESSION_FOLDER = '2-after-purge';
const MIGRATION_FOLDER = '3-migration';
/** The demo's migration: a type change that rewrites player_picks, in a transaction that holds its lock 3 s. */
const DEMO_MIGRATION_SQL =
  'BEGIN; ALTER TABLE player_picks ALTER COLUMN driver_id TYPE bigint; ALTER TABLE users ADD COLUMN nickname text; SELECT pg_sleep(3); COMMIT;';

interface DrillSetup {
  backups: string;
  apiUrl: string;
  token: string;
  serverUrl: string;
  log: Logger;
  secrets: SecretRegistry;
  env: NodeJS.ProcessEnv;
}

export async function runDemo(options: DemoOptions): Promise<number> {
  const secrets = new SecretRegistry();
  const log = cliLogger({ verbose: options.verbose, redact: (t) => secrets.redact(t) });
  const say = (line: string) => process.stdout.write(`${line}\n`);

  const server = await findOrStartPostgres(options.env.PICKDRIVER_VAULT_DATABASE_URL, (l) => log.debug(l));
  secrets.addUrl(server.url);
  say(`demo: PostgreSQL (${server.origin}) at ${new URL(server.url).host}`);
  const sourceDb = `pickdriver_demo_source_${randomBytes(3).toString('hex')}`;
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'pickdriver-vault-demo-'));
  const token = randomBytes(24).toString('hex');
  secrets.add(token);
  let api: { url: string; close(): Promise<void> } | null = null;
  try {
    say(`demo: building a PickDriver database (${sourceDb}, scale ${options.scale})`);
    const sourceUrl = await createSourceDatabase(server.url, sourceDb, options.scale);
    const backups = path.join(workDir, 'backups');
    await mkdir(backups);
    await backUp(sourceUrl, backups, say);

    api = await startReferenceApi({ port: 0, env: apiEnv(server.url, sourceDb, token) });
    say(`demo: PickDriver stand-in at ${api.url}`);
    const setup: DrillSetup = {
      backups,
      apiUrl: api.url,
      token,
      serverUrl: server.url,
      log,
      secrets,
      env: options.env,
    };

    const baselineDir = path.join(options.reportDir, BASELINE_FOLDER);
    say('');
    say('demo: drill 1 of 3, the baseline (nothing to compare with yet)');
    const first = await drillOnce(setup, baselineDir, 'none');
    printChecks(first, say);
    if (first.result !== 'passed') {
      say(`demo: the baseline drill ${first.result.toUpperCase()}; open ${path.join(baselineDir, 'report.md')}`);
      return 1;
    }

    say('');
    const { deleted, before } = await purgePicks(sourceUrl);
    // The share actually deleted, written as the comparison writes it (40 of 120: 33.3%).
    const share = formatPercent(before === 0 ? 0 : deleted / before);
    say(`demo: deleting ${deleted} of ${before} picks (${share}) from the source, as a bad purge would`);
    await backUp(sourceUrl, backups, say);
    const latestDir = path.join(options.reportDir, REGRESSION_FOLDER);
    say('demo: drill 2 of 3, compared with drill 1');
    const second = await drillOnce(setup, latestDir, path.join(baselineDir, 'report.json'));
    printChecks(second, say);
    say('');
    for (const r of second.regressions) say(`  📉 ${r.message}`);
    const open = path.join(latestDir, 'report.md');
    if (second.result !== 'regressed') {
      say(
        `demo: the second drill ${second.result.toUpperCase()}, but it should have found the lost picks; open ${open}`,
      );
      return 1;
    }
    say(`demo: REGRESSED as it should: the lost picks were found. In a workflow, fail-on: regression fails the job.`);

    say('');
    const migrationDir = path.join(options.reportDir, MIGRATION_FOLDER);
    say("demo: drill 3 of 3, a pull request's migration rehearsed on that backup:");
    say(`demo:   ${DEMO_MIGRATION_SQL}`);
    const psql = await findPgTool('psql', null);
    const third = await drillOnce(setup, migrationDir, 'none', {
      'migration-command': `'${psql.path.replace(/'/g, `'\\''`)}' -X -q -v ON_ERROR_STOP=1 -c '${DEMO_MIGRATION_SQL}'`,
      'migration-max-lock': '2s',
    });
    printChecks(third, say);
    say('');
    const caught = ['migration.locks', 'migration.rewrites'].every(
      (id) => third.checks.find((c) => c.id === id)?.status !== 'ok',
    );
    const migrationReport = path.join(migrationDir, 'report.md');
    if (!caught) {
      say(`demo: the migration drill should have caught the long lock and the rewrite; open ${migrationReport}`);
      return 1;
    }
    say('demo: the migration FAILED as it should: it locked player_picks past migration-max-lock and rewrote it.');
    say(
      `demo: open ${open} (comparison and chart) and ${migrationReport} (the Migration section); the baseline is ${path.join(baselineDir, 'report.md')}`,
    );
    return 0;
  } finally {
    await api?.close().catch(() => {});
    await adminExec(server.url, `DROP DATABASE IF EXISTS ${sourceDb} WITH (FORCE)`).catch(() => {});
    await rm(workDir, { recursive: true, force: true });
    await server.stop();
  }
}

/** pg_dump -Fc of the source into the backups folder, named by time so the newest sorts last. */
async function backUp(sourceUrl: string, backups: string, say: (line: string) => void): Promise<void> {
  const file = path.join(backups, `pickdriver-${new Date().toISOString().replace(/[:.]/g, '-')}.dump`);
  say(`demo: pg_dump -Fc → ${file}`);
  await dumpDatabase(sourceUrl, file, 'custom');
  await writeSidecar(file);
}

async function purgePicks(sourceUrl: string): Promise<{ deleted: number; before: number }> {
  const client = new pg.Client({ connectionString: sourceUrl });
  await client.connect();
  try {
    // Every n-th pick by id: a deterministic share, whatever the scale.
    const every = Math.round(1 / PURGED_SHARE);
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM player_picks');
    const res = await client.query(`DELETE FROM player_picks WHERE id % ${every} = 0`);
    return { deleted: res.rowCount ?? 0, before: Number(rows[0]?.n ?? 0) };
  } finally {
    await client.end();
  }
}

function apiEnv(serverUrl: string, sourceDb: string, token: string): Record<string, string> {
  return {
    ...primaryEnv(databaseUrl(serverUrl, sourceDb)),
    ...drillEnv(databaseUrl(serverUrl, DRILL_DATABASE)),
    INTERNAL_SERVICE_TOKEN: token,
    APP_VERSION: 'demo',
  };
}

/** One drill of the newest backup in the folder; the database and role are dropped afterwards. */
async function drillOnce(
  setup: DrillSetup,
  reportDir: string,
  baseline: string,
  extra: Record<string, string> = {},
): Promise<DrillReport> {
  const config = loadConfig({
    ...extra,
    'backup-source': setup.backups,
    'backup-pattern': '*.dump',
    'backup-checksum': 'required',
    'max-backup-age': '1h',
    'max-restore-time': '10m',
    'database-url': setup.serverUrl,
    'drill-database': DRILL_DATABASE,
    'api-url': setup.apiUrl,
    'internal-token': setup.token,
    'maintenance-mode': 'true',
    baseline,
    'report-dir': reportDir,
    'artifact-name': '',
    'job-summary': 'false',
    'pr-comment': 'off',
  });
  const ctx = {
    config,
    log: setup.log,
    secrets: setup.secrets,
    env: { ...setup.env, GITHUB_EVENT_NAME: undefined },
  };
  const state = new MemoryState();
  try {
    return (await runDrill(ctx, state)).report;
  } finally {
    await cleanup(ctx, state.get());
  }
}

function printChecks(report: DrillReport, say: (line: string) => void): void {
  for (const c of report.checks) {
    // A check that passed but lost data against the baseline is marked by the loss, as in report.md.
    const regressed = (c.regressions?.length ?? 0) > 0;
    const mark = regressed && c.status === 'ok' ? '📉' : MARK[c.status];
    say(`  ${mark} ${c.id.padEnd(26)} ${c.summary}${regressed ? ' 📉' : ''}`);
  }
}

const MARK = { ok: '✔', warn: '!', fail: '✘', skip: '-' } as const;
