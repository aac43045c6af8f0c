// Which installed client restores a backup into a server: the lowest major that reads it and is
// not newer than the server; else the lowest newer one (pg_restore 17+ into 13–16 with its failed
// SET transaction_timeout ignored); else none, and which major to install.
import { describe, expect, it } from 'vitest';
import type { InstalledClient } from '../../src/clients/installed.js';
import { parseClientVersion } from '../../src/clients/installed.js';
import { pickClient, routeFor } from '../../src/clients/pick.js';

const at = (version: string, source: InstalledClient['source'] = 'install folder'): InstalledClient => ({
  dir: `/usr/lib/postgresql/${version.split('.')[0]}/bin`,
  version,
  major: Number(version.split('.')[0]),
  source,
});
const all = ['13.23', '14.13', '15.20', '16.2', '17.12', '18.6'].map((v) => at(v));

describe('picking the client', () => {
  it('takes the lowest major that reads the archive and is not newer than the server', () => {
    const c = pickClient(all, { tool: 'pg_restore', minMajor: 12, serverMajor: 16 });
    expect(c.client?.version).toBe('13.23');
    expect(c.client && c.route).toBe('direct');
    const d = pickClient(all, { tool: 'pg_restore', minMajor: 17, serverMajor: 18 });
    expect(d.client?.version).toBe('17.12');
  });

  it('takes the newest release of that major', () => {
    const c = pickClient([at('15.2'), at('15.20'), at('17.6')], { tool: 'pg_restore', minMajor: 12, serverMajor: 15 });
    expect(c.client?.version).toBe('15.20');
  });

  it('takes a newer client than the server when only that reads the archive, its failed SET ignored for 17+ into 13–16', () => {
    const c = pickClient(all, { tool: 'pg_restore', minMajor: 17, serverMajor: 16 });
    expect(c.client?.version).toBe('17.12');
    expect(c.client && c.route).toBe('settings-ignored');
    expect(c.client && c.reason).toMatch(/only newer clients than the server \(16\)/);
  });

  it('skips a psql without \\restrict for plain dumps', () => {
    const c = pickClient(all, { tool: 'psql', minMajor: 14, serverMajor: 16 });
    expect(c.client?.version).toBe('15.20');
    const old = pickClient([at('16.2'), at('13.21')], { tool: 'psql', minMajor: 13, serverMajor: 16 });
    expect(old.client).toBeNull();
    expect(!old.client && old.why).toMatch(/\\restrict/);
  });

  it('names the major to install when none reads the backup: the server’s, or the dump’s when newer', () => {
    const none = pickClient([at('16.2')], { tool: 'pg_restore', minMajor: 17, serverMajor: 18 });
    expect(none.client === null && none.neededMajor).toBe(18);
    const newer = pickClient([at('16.2')], { tool: 'pg_restore', minMajor: 17, serverMajor: 16 });
    expect(newer.client === null && newer.neededMajor).toBe(17);
    const unknownServer = pickClient([at('16.2')], { tool: 'pg_restore', minMajor: 17, serverMajor: null });
    expect(unknownServer.client === null && unknownServer.neededMajor).toBe(17);
    expect(!none.client && none.why).toContain('installed: 16.2');
  });

  it('says pg-bin-dir when the user chose the client', () => {
    const c = pickClient([at('16.2', 'pg-bin-dir')], { tool: 'pg_restore', minMajor: 12, serverMajor: 16 });
    expect(c.client && c.reason).toBe('pg-bin-dir');
  });

  it('ignores failed SETs only for pg_restore 17+ into 13–16', () => {
    expect(routeFor('pg_restore', 17, 16)).toBe('settings-ignored');
    expect(routeFor('pg_restore', 18, 13)).toBe('settings-ignored');
    expect(routeFor('pg_restore', 18, 17)).toBe('direct');
    expect(routeFor('pg_restore', 16, 13)).toBe('direct');
    expect(routeFor('psql', 18, 13)).toBe('direct');
  });

  it('reads the versions clients print', () => {
    expect(parseClientVersion('pg_restore (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)')).toEqual({
      version: '15.20',
      major: 15,
    });
    expect(parseClientVersion('pg_restore (PostgreSQL) 18.6')).toEqual({ version: '18.6', major: 18 });
    expect(parseClientVersion('pg_restore (PostgreSQL) 18beta1')).toEqual({ version: '18', major: 18 });
  });
});
