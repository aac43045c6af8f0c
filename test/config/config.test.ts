import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { parseDuration, parsePercent } from '../../src/config/duration.js';

function problems(raw: Record<string, string>): string[] {
  try {
    loadConfig({ 'backup-source': 'backups/', ...raw });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('durations and percentages', () => {
  it('reads the forms users write', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('26h')).toBe(93_600_000);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('ten minutes')).toBeNull();
    expect(parseDuration('10')).toBeNull();
    expect(parsePercent('10%')).toBe(0.1);
    // A bare number is a percentage too: 1 is one percent, not 100 % (and 1.01 is not a cliff away).
    expect(parsePercent('10')).toBe(0.1);
    expect(parsePercent('1')).toBe(0.01);
    expect(parsePercent('1.01')).toBeCloseTo(0.0101);
    expect(parsePercent('0.5 %')).toBe(0.005);
    expect(parsePercent('-5%')).toBeNull();
    expect(parsePercent('10%%')).toBeNull();
    expect(parsePercent('lots')).toBeNull();
  });
});

describe('loadConfig', () => {
  it('applies the defaults of action.yml', () => {
    const config = loadConfig({ 'backup-source': 'backups/*.dump' });
    expect(config.drillDatabase).toBe('pickdriver_drill');
    expect(config.databaseUrl).toBe('postgresql://postgres:postgres@localhost:5432/postgres');
    expect(config.restoreJobs).toBe(os.availableParallelism());
    expect(config.failOn).toBe('regression');
    expect(config.rowDropThreshold).toBe(0.1);
    expect(config.durationThreshold).toBe(0.5);
    expect(config.durationMinDeltaMs).toBe(60_000);
    expect(config.apiReadyTimeoutMs).toBe(120_000);
    expect(config.backupChecksum).toEqual({ mode: 'auto' });
    expect(config.artifactName).toBe('pickdriver-vault-report');
    expect(config.apiUrl).toBeNull();
  });

  it('restores as a role of its own unless restore-role is admin; remote databases only when allowed', () => {
    const defaults = loadConfig({ 'backup-source': 'x' });
    expect(defaults.restoreRole).toBe('drill');
    expect(defaults.allowRemoteDatabase).toBe(false);
    const admin = loadConfig({ 'backup-source': 'x', 'restore-role': 'Admin', 'allow-remote-database': 'true' });
    expect(admin.restoreRole).toBe('admin');
    expect(admin.allowRemoteDatabase).toBe(true);
    expect(problems({ 'restore-role': 'superuser' })).toEqual([
      "restore-role: expected one of drill, admin, got 'superuser'",
    ]);
    expect(problems({ 'allow-remote-database': 'maybe' })).toEqual([
      "allow-remote-database: expected true or false, got 'maybe'",
    ]);
  });

  it('keeps an empty artifact-name as "no upload"', () => {
    expect(loadConfig({ 'backup-source': 'x', 'artifact-name': '' }).artifactName).toBeNull();
  });

  it('splits internal-token on lines, first first', () => {
    const config = loadConfig({
      'backup-source': 'x',
      'api-url': 'http://127.0.0.1:8080/',
      'internal-token': ' new-token \nold-token\n',
    });
    expect(config.internalTokens).toEqual(['new-token', 'old-token']);
    expect(config.apiUrl).toBe('http://127.0.0.1:8080');
  });

  it('reads backup-select, backup-interval, backup-retention and backup-decryption-key', () => {
    const defaults = loadConfig({ 'backup-source': 'x' });
    expect(defaults.backupSelect).toBe('newest');
    expect(defaults.backupIntervalMs).toBeNull();
    expect(defaults.backupRetentionMs).toBeNull();
    expect(defaults.backupDecryptionKey).toBeNull();
    const armored = '-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nxVgEZabc\n=tQ9x\n-----END PGP PRIVATE KEY BLOCK-----';
    const config = loadConfig({
      'backup-source': 'x',
      'backup-select': 'Random',
      'backup-interval': '24h',
      'backup-retention': '30d',
      'backup-decryption-key': `\n${armored}\n\n`,
    });
    expect(config.backupSelect).toBe('random');
    expect(config.backupIntervalMs).toBe(86_400_000);
    expect(config.backupRetentionMs).toBe(30 * 86_400_000);
    expect(config.backupDecryptionKey).toBe(armored);
    expect(problems({ 'backup-select': 'latest' })).toEqual([
      "backup-select: expected one of newest, random, oldest, got 'latest'",
    ]);
    expect(problems({ 'backup-interval': 'daily', 'backup-retention': '0s' })).toEqual([
      "backup-interval: expected a duration such as 90s, 10m, 26h or 2d, got 'daily'",
      "backup-retention: expected a duration such as 90s, 10m, 26h or 2d, got '0s'",
    ]);
  });

  it('names the input and what it accepts', () => {
    expect(problems({ 'max-backup-age': 'yesterday' })).toEqual([
      "max-backup-age: expected a duration such as 90s, 10m, 26h or 2d, got 'yesterday'",
    ]);
    expect(problems({ 'fail-on': 'sometimes' })).toEqual([
      "fail-on: expected one of failure, regression, warning, never, got 'sometimes'",
    ]);
    expect(problems({ 'restore-jobs': '0' })[0]).toMatch(
      /^restore-jobs: expected a whole number of at least 1 or 'auto'/,
    );
    expect(problems({ 'backup-checksum': 'abc' })[0]).toMatch(
      /^backup-checksum: expected auto, required, off or 64 hex/,
    );
    expect(problems({ 'row-drop-threshold': '0.1x' })).toEqual([
      "row-drop-threshold: expected a percentage: 10% or 10 (both ten percent), got '0.1x'",
    ]);
    expect(problems({ 'duration-min-delta': 'a while' })).toEqual([
      "duration-min-delta: expected a duration such as 30s, 1m or 5m (0s: none), got 'a while'",
    ]);
    expect(loadConfig({ 'backup-source': 'x', 'duration-min-delta': '0s' }).durationMinDeltaMs).toBe(0);
    expect(loadConfig({ 'backup-source': 'x', 'duration-min-delta': '90s' }).durationMinDeltaMs).toBe(90_000);
    expect(problems({ 'keep-database': 'maybe' })[0]).toMatch(/^keep-database: expected true or false/);
    expect(problems({ 'backup-source': '' })[0]).toMatch(/^backup-source: required/);
  });

  it('refuses restricted and invalid drill database names', () => {
    for (const name of ['prod', 'production', 'main', 'live']) {
      expect(problems({ 'drill-database': name })[0]).toMatch(
        new RegExp(`^drill-database: '${name}' is a restricted name`),
      );
    }
    expect(problems({ 'drill-database': 'PROD' })[0]).toMatch(/^drill-database: expected a lower-case name/);
    expect(problems({ 'drill-database': 'drill; drop' })[0]).toMatch(/^drill-database: expected a lower-case name/);
    expect(problems({ 'drill-database': 'postgres' })[0]).toMatch(/one of the server's own databases/);
  });

  it('refuses a database-url on another machine unless allow-remote-database is true', () => {
    const url = 'postgresql://admin:s3cret-pw@prod-db.example.com:5432/postgres';
    const found = problems({ 'database-url': url });
    expect(found).toEqual([
      'database-url: the host prod-db.example.com is neither loopback nor a single-label service-container name (such as postgres); the drill restores untrusted backups, so it only touches the job’s own Postgres unless allow-remote-database is true',
    ]);
    expect(found.join('\n')).not.toContain('s3cret-pw');
    expect(problems({ 'database-url': 'postgresql://u@10.0.0.5/postgres' })[0]).toMatch(/host 10\.0\.0\.5 is neither/);
    // libpq's ?host= wins over the URL's host: it is the one judged.
    expect(problems({ 'database-url': 'postgresql://u@localhost/postgres?host=db.example.com' })[0]).toMatch(
      /host db\.example\.com is neither/,
    );
    expect(problems({ 'database-url': url, 'allow-remote-database': 'true' })).toEqual([]);
    for (const local of [
      'postgresql://u@127.0.0.1:5432/postgres',
      'postgresql://u@localhost/postgres',
      'postgresql://u@[::1]:5432/postgres',
      'postgresql://postgres:postgres@postgres:5432/postgres',
      'postgresql:///postgres?host=/var/run/postgresql',
    ]) {
      expect(problems({ 'database-url': local }), local).toEqual([]);
    }
  });

  it('refuses the server’s own databases and the one database-url really connects to as drill-database', () => {
    for (const name of ['postgres', 'template0', 'template1']) {
      expect(problems({ 'drill-database': name, 'database-url': 'postgresql://u@127.0.0.1/admin_db' })).toEqual([
        `drill-database: '${name}' is one of the server's own databases (postgres, template0, template1); name a dedicated drill database such as pickdriver_drill`,
      ]);
    }
    // No path: libpq connects to the database named after the user.
    expect(problems({ 'drill-database': 'ops', 'database-url': 'postgresql://ops@127.0.0.1:5432' })).toEqual([
      "drill-database: 'ops' is the database database-url connects to; name a separate drill database",
    ]);
    expect(problems({ 'drill-database': 'ops', 'database-url': 'postgresql://u@127.0.0.1/?dbname=ops' })[0]).toMatch(
      /is the database database-url connects to/,
    );
    expect(problems({ 'drill-database': 'ops_drill', 'database-url': 'postgresql://ops@127.0.0.1:5432' })).toEqual([]);
  });

  it('refuses restricted api targets before any request', () => {
    expect(problems({ 'api-target': 'Production' })[0]).toMatch(/^api-target: 'Production' is restricted/);
    expect(problems({ 'api-target': 'qa' })[0]).toBe("api-target: expected drill or staging, got 'qa'");
  });

  it('never echoes a database-url, which usually holds a password', () => {
    const found = problems({ 'database-url': 'mysql://root:hunter2secret@db/x' });
    expect(found).toEqual([
      'database-url: expected postgresql://user:password@host:port/database, with special characters in the password percent-encoded (the value is not shown: it may carry a password)',
    ]);
    expect(found.join('\n')).not.toContain('hunter2secret');
  });

  it('never echoes a URL input that does not parse, naming the input and the form it takes', () => {
    const found = problems({
      'database-url': 'postgresql://drill:pa ss#w0rd@db host:5432/x',
      'api-url': 'https://ops:api-pa55word@pickdriver .example.com',
      'backup-source': 'https://reader:dl-pa55word@backups host/nightly.dump',
      's3-endpoint': 'https://key:s3-pa55word@minio host:9000',
    });
    expect(found.map((p) => p.split(':')[0])).toEqual(['backup-source', 's3-endpoint', 'database-url', 'api-url']);
    for (const p of found) expect(p).toContain('(the value is not shown: it may carry a password)');
    for (const word of ['pa ss#w0rd', 'api-pa55word', 'dl-pa55word', 's3-pa55word', 'db host', 'backups host']) {
      expect(found.join('\n')).not.toContain(word);
    }
  });

  it('applies cross-field rules', () => {
    expect(problems({ 'api-url': 'https://api.example.com' })).toContain(
      'internal-token: required when api-url is set (the value of X-Internal-Token)',
    );
    expect(problems({ 'maintenance-mode': 'true' })[0]).toMatch(/^maintenance-mode: true needs api-url/);
    expect(problems({ 'api-start-command': 'swift run' })[0]).toMatch(/^api-start-command: needs api-url/);
  });
});
