// `pickdriver-vault demo`: a whole drill on this machine with nothing configured. It finds or
// starts a PostgreSQL server, builds a PickDriver database and a backup of it, starts the
// PickDriver stand-in, runs the drill (maintenance mode included) and prints the verdict.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startReferenceApi } from '../../test/reference-api/server.js';
import { cleanup } from '../cleanup.js';
import { cliLogger } from '../cli/cli-logger.js';
import { loadConfig } from '../config/config.js';
import { runDrill } from '../drill.js';
import { shouldFail } from '../report/result.js';
import { SecretRegistry } from '../util/secrets.js';
import { MemoryState } from '../util/state.js';
import { adminExec, createSourceDatabase, dumpDatabase, writeSidecar } from './make-backup.js';
import { findOrStartPostgres } from './postgres-server.js';

export interface DemoOptions {
  scale: number;
  reportDir: string;
  verbose: boolean;
  env: NodeJS.ProcessEnv;
}

const DRILL_DATABASE = 'pickdriver_demo_drill';

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
    const file = path.join(backups, `pickdriver-${new Date().toISOString().replace(/[:.]/g, '-')}.dump`);
    say(`demo: pg_dump -Fc → ${file}`);
    await dumpDatabase(sourceUrl, file, 'custom');
    await writeSidecar(file);

    const conn = new URL(server.url);
    api = await startReferenceApi({
      port: 0,
      env: {
        DATABASE_HOST: conn.hostname,
        DATABASE_PORT: conn.port || '5432',
        DATABASE_NAME: sourceDb,
        DATABASE_USERNAME: decodeURIComponent(conn.username) || 'postgres',
        DATABASE_PASSWORD: decodeURIComponent(conn.password),
        DRILL_DB_HOST: conn.hostname,
        DRILL_DB_PORT: conn.port || '5432',
        DRILL_DB_NAME: DRILL_DATABASE,
        DRILL_DB_USER: decodeURIComponent(conn.username) || 'postgres',
        DRILL_DB_PASSWORD: decodeURIComponent(conn.password) || 'unused-with-trust-auth',
        INTERNAL_SERVICE_TOKEN: token,
        APP_VERSION: 'demo',
      },
    });
    say(`demo: PickDriver stand-in at ${api.url}`);

    const config = loadConfig({
      'backup-source': backups,
      'backup-pattern': '*.dump',
      'backup-checksum': 'required',
      'max-backup-age': '1h',
      'max-restore-time': '10m',
      'database-url': server.url,
      'drill-database': DRILL_DATABASE,
      'api-url': api.url,
      'internal-token': token,
      'maintenance-mode': 'true',
      baseline: 'none',
      'report-dir': options.reportDir,
      'artifact-name': '',
      'job-summary': 'false',
      'pr-comment': 'off',
    });
    const ctx = { config, log, secrets, env: { ...options.env, GITHUB_EVENT_NAME: undefined } };
    const state = new MemoryState();
    try {
      const { report, paths } = await runDrill(ctx, state);
      say('');
      for (const c of report.checks) say(`  ${MARK[c.status]} ${c.id.padEnd(26)} ${c.summary}`);
      say('');
      say(`demo: ${report.result.toUpperCase()} — report: ${paths.jsonPath}, ${paths.markdownPath}`);
      return shouldFail(report.result, config.failOn) ? 1 : 0;
    } finally {
      await cleanup(ctx, state.get());
    }
  } finally {
    await api?.close().catch(() => {});
    await adminExec(server.url, `DROP DATABASE IF EXISTS ${sourceDb} WITH (FORCE)`).catch(() => {});
    await rm(workDir, { recursive: true, force: true });
    await server.stop();
  }
}

const MARK = { ok: '✔', warn: '!', fail: '✘', skip: '-' } as const;
