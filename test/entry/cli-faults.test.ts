// Faults, each its own drill through the command-line bundle: the right check fails, the exit
// status is right, no stack trace reaches the user, and nothing is lost.
import { appendFile, copyFile, open, readFile, stat, truncate, utimes, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSidecar } from '../../src/demo/make-backup.js';
import { type BundleRun, runBundle, runnerFiles } from '../helpers/bundles.js';
import { createDrillWorld, type DrillWorld } from '../helpers/drill-world.js';
import { createTestDatabase, queryDb } from '../helpers/postgres.js';

const STACK = /\n\s+at .+[:(]\d+:\d+/;

interface Drill {
  run: BundleRun;
  // biome-ignore lint/suspicious/noExplicitAny: the report is read as JSON.
  report: any;
  status(id: string): string | undefined;
}

let world: DrillWorld;
beforeAll(async () => {
  world = await createDrillWorld();
  await world.backup('custom');
});
afterAll(async () => {
  await world?.close();
});

async function drill(flags: Record<string, string>): Promise<Drill> {
  const files = await runnerFiles();
  const reportDir = path.join(files.dir, 'report');
  const args = ['drill'];
  const all: Record<string, string> = {
    'database-url': world.adminUrl,
    'drill-database': world.drillDatabase,
    baseline: 'none',
    'report-dir': reportDir,
    ...flags,
  };
  for (const [name, value] of Object.entries(all)) args.push(`--${name}`, value);
  const run = await runBundle('dist/cli/index.js', { args });
  expect(run.stdout + run.stderr).not.toMatch(STACK);
  let report: unknown = null;
  try {
    report = JSON.parse(await readFile(path.join(reportDir, 'report.json'), 'utf8'));
  } catch {
    // Configuration errors write no report.
  }
  return {
    run,
    report,
    status: (id) =>
      (report as { checks: { id: string; status: string }[] } | null)?.checks.find((c) => c.id === id)?.status,
  };
}

async function copyBackup(name: string): Promise<string> {
  const file = path.join(world.dir, 'faults', name);
  await import('node:fs/promises').then((fs) => fs.mkdir(path.dirname(file), { recursive: true }));
  await copyFile(world.backups.custom as string, file);
  return file;
}

describe('faults', () => {
  it('a corrupted byte with a sidecar fails backup.checksum and restores nothing', async () => {
    const file = await copyBackup('corrupt.dump');
    await writeSidecar(file);
    const handle = await open(file, 'r+');
    const { size } = await stat(file);
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, Math.floor(size / 2));
    byte[0] = (byte[0] as number) ^ 0xff;
    await handle.write(byte, 0, 1, Math.floor(size / 2));
    await handle.close();
    const d = await drill({ 'backup-source': file });
    expect(d.run.code).toBe(1);
    expect(d.status('backup.checksum')).toBe('fail');
    expect(d.status('restore.completed')).toBe('skip');
    expect(await world.databaseExists(world.drillDatabase)).toBe(false);
  });

  it('a truncated custom dump fails backup.archive', async () => {
    const file = await copyBackup('truncated.dump');
    const { size } = await stat(file);
    await truncate(file, Math.floor(size * 0.6));
    const d = await drill({ 'backup-source': file });
    expect(d.run.code).toBe(1);
    expect(d.status('backup.archive')).toBe('fail');
    expect(d.status('restore.completed')).toBe('skip');
  });

  it('a plain dump cut short fails backup.archive', async () => {
    const plain = await world.backup('plain');
    const cut = path.join(world.dir, 'faults', 'cut.sql');
    const text = await readFile(plain, 'utf8');
    await writeFile(cut, text.slice(0, Math.floor(text.length * 0.7)));
    const d = await drill({ 'backup-source': cut });
    expect(d.run.code).toBe(1);
    expect(d.status('backup.archive')).toBe('fail');
  });

  it('a restricted drill database name is a configuration error (exit 2), nothing run', async () => {
    const d = await drill({ 'backup-source': world.backups.custom as string, 'drill-database': 'production' });
    expect(d.run.code).toBe(2);
    expect(d.run.stderr).toContain("drill-database: 'production' is a restricted name");
    expect(d.report).toBeNull();
  });

  it('a database with data the action did not create is refused and left as it was', async () => {
    const theirs = await createTestDatabase('pdv_theirs');
    try {
      await queryDb(theirs.url, 'CREATE TABLE keep_me (id int); INSERT INTO keep_me SELECT generate_series(1, 25)');
      const d = await drill({ 'backup-source': world.backups.custom as string, 'drill-database': theirs.name });
      expect(d.run.code).toBe(1);
      expect(d.status('restore.completed')).toBe('fail');
      expect(d.report.restore.errors.join(' ')).toMatch(/refus|not created/i);
      const { rows } = await queryDb(theirs.url, 'SELECT count(*)::int AS n FROM keep_me');
      expect(rows[0]?.n).toBe(25);
      const tables = await queryDb(theirs.url, "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'");
      expect(tables.rows[0]?.n).toBe(1);
      expect(await world.databaseExists(theirs.name)).toBe(true);
    } finally {
      await theirs.drop();
    }
  });

  it('a stale backup fails backup.age against max-backup-age', async () => {
    const file = await copyBackup('stale.sql');
    // A plain dump's creation time is its modification time.
    const plain = await world.backup('plain', 'stale-source.sql');
    await copyFile(plain, file);
    const old = new Date(Date.now() - 3 * 86_400_000);
    await utimes(file, old, old);
    const d = await drill({ 'backup-source': file, 'max-backup-age': '26h' });
    expect(d.run.code).toBe(1);
    expect(d.status('backup.age')).toBe('fail');
    expect(d.report.backup.rpoMet).toBe(false);
  });

  it('Postgres unreachable fails restore.completed without a stack trace or the password', async () => {
    const d = await drill({
      'backup-source': world.backups.custom as string,
      'database-url': 'postgresql://postgres:unreach-S3cret@127.0.0.1:1/postgres',
    });
    expect(d.run.code).toBe(1);
    expect(d.status('restore.completed')).toBe('fail');
    expect(JSON.stringify(d.report) + d.run.stdout + d.run.stderr).not.toContain('unreach-S3cret');
  }, 90_000);

  it('the API unreachable fails api.ready', async () => {
    const d = await drill({
      'backup-source': world.backups.custom as string,
      'api-url': 'http://127.0.0.1:1',
      'internal-token': world.token,
      'api-ready-timeout': '2s',
    });
    expect(d.run.code).toBe(1);
    expect(d.status('api.ready')).toBe('fail');
    expect(d.status('database.critical-tables')).toBe('ok');
  });

  it('plain http to a remote host never carries the token', async () => {
    const d = await drill({
      'backup-source': world.backups.custom as string,
      'api-url': 'http://pickdriver.example.com',
      'internal-token': world.token,
      'api-ready-timeout': '1s',
    });
    expect(d.run.code).toBe(1);
    expect(JSON.stringify(d.report)).toContain('allow-insecure-http');
    expect(JSON.stringify(d.report) + d.run.stderr).not.toContain(world.token);
  });

  it('an API answering HTML fails its checks quoting the answer, never a crash', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const d = await drill({
        'backup-source': world.backups.custom as string,
        'api-url': `http://127.0.0.1:${port}`,
        'internal-token': world.token,
        'api-ready-timeout': '2s',
      });
      expect(d.run.code).toBe(1);
      expect(d.status('api.ready')).toBe('fail');
      expect(JSON.stringify(d.report.checks)).toContain('502 Bad Gateway');
      expect(d.status('database.critical-tables')).toBe('ok');
    } finally {
      server.close();
    }
  });

  it('a wrong token fails api.info with the 401 reason', async () => {
    const d = await drill({
      'backup-source': world.backups.custom as string,
      'api-url': world.api!.url,
      'internal-token': 'not-the-token-123',
    });
    expect(d.run.code).toBe(1);
    expect(d.status('api.ready')).toBe('ok');
    expect(d.status('api.info')).toBe('fail');
    expect(JSON.stringify(d.report)).toContain('Invalid internal service token.');
  });

  it('maintenance mode is switched off again after a failed restore', async () => {
    // A plain dump that verifies (its completion marker is there) but fails half-way through.
    const plain = await world.backup('plain', 'failing-source.sql');
    const failing = path.join(world.dir, 'faults', 'failing.sql');
    const text = await readFile(plain, 'utf8');
    await writeFile(failing, text.replace(/\nCREATE TABLE /, '\nSELECT no_such_function();\nCREATE TABLE '));
    await appendFile(failing, '');
    const d = await drill({
      'backup-source': failing,
      'api-url': world.api!.url,
      'internal-token': world.token,
      'maintenance-mode': 'true',
    });
    expect(d.run.code).toBe(1);
    expect(d.status('restore.completed')).toBe('fail');
    const audit = await queryDb(
      world.source.url,
      "SELECT event_type FROM ops_audit_events WHERE event_type LIKE 'maintenance%' AND source = 'pickdriver-vault-action' ORDER BY id DESC LIMIT 2",
    );
    expect(audit.rows.map((r) => r.event_type)).toEqual(['maintenance_disabled', 'maintenance_enabled']);
    const seasons = await fetch(`${world.api!.url}/api/seasons`);
    expect(seasons.status).toBe(200);
  });
});
