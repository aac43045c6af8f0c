// Configuration: defaults, boolean parsing, and the refusals to start, through the library and the CLI.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { loadConfig, StartupRefusal, startReferenceApi } from '../../src/stand-in/server.js';

describe('loadConfig', () => {
  it('uses the real API defaults', () => {
    const config = loadConfig({ INTERNAL_SERVICE_TOKEN: 't' });
    expect(config).toMatchObject({
      environment: 'development',
      version: 'dev',
      enableInternalRoutes: true,
      internalServiceToken: 't',
      internalRequireHttps: false,
      maintenanceMode: false,
      drill: null,
      primary: {
        host: 'localhost',
        port: 5432,
        database: 'vapor_database',
        user: 'vapor_username',
        password: 'vapor_password',
        tlsMode: 'disable',
      },
    });
  });

  it('requires HTTPS and database TLS by default in production', () => {
    const config = loadConfig({ INTERNAL_SERVICE_TOKEN: 't', ENVIRONMENT: 'production' });
    expect(config.internalRequireHttps).toBe(true);
    expect(config.primary.tlsMode).toBe('require');
    expect(loadConfig({ INTERNAL_SERVICE_TOKEN: 't', APP_ENV: 'test' }).environment).toBe('testing');
  });

  it('reads booleans as 1/true/yes/on and 0/false/no/off, else the default', () => {
    for (const on of ['1', 'TRUE', ' yes ', 'On']) {
      expect(loadConfig({ INTERNAL_SERVICE_TOKEN: 't', MAINTENANCE_MODE: on }).maintenanceMode).toBe(true);
    }
    for (const off of ['0', 'false', 'NO', 'off']) {
      expect(loadConfig({ INTERNAL_SERVICE_TOKEN: 't', ENABLE_INTERNAL_ROUTES: off }).enableInternalRoutes).toBe(false);
    }
    expect(loadConfig({ INTERNAL_SERVICE_TOKEN: 't', MAINTENANCE_MODE: 'maybe' }).maintenanceMode).toBe(false);
  });

  it('configures the drill database from DRILL_DB_USERNAME too, inheriting the TLS mode', () => {
    const config = loadConfig({
      INTERNAL_SERVICE_TOKEN: 't',
      DATABASE_TLS_MODE: 'prefer',
      DRILL_DB_HOST: 'db',
      DRILL_DB_NAME: 'pickdriver_drill',
      DRILL_DB_USERNAME: 'drill_user',
      DRILL_DB_PASSWORD: 'pw',
    });
    expect(config.drill).toMatchObject({ host: 'db', port: 5432, user: 'drill_user', tlsMode: 'prefer' });
  });

  it('refuses a partial drill configuration, naming what is required', () => {
    const partials = [
      { DRILL_DB_HOST: 'db' },
      { DRILL_DB_PORT: '5433' },
      { DRILL_DB_HOST: 'db', DRILL_DB_NAME: 'd', DRILL_DB_USER: 'u' },
      { DRILL_DB_HOST: 'db', DRILL_DB_NAME: 'd', DRILL_DB_USER: 'u', DRILL_DB_PASSWORD: '  ' },
    ];
    for (const partial of partials) {
      expect(() => loadConfig({ INTERNAL_SERVICE_TOKEN: 't', ...partial })).toThrow(
        'Incomplete DRILL_DB_* configuration. Required: DRILL_DB_HOST, DRILL_DB_NAME, DRILL_DB_USER (or DRILL_DB_USERNAME), DRILL_DB_PASSWORD.',
      );
    }
  });

  it('refuses internal routes without a token, and bad TLS modes', () => {
    for (const token of [undefined, '', '   ']) {
      expect(() => loadConfig({ INTERNAL_SERVICE_TOKEN: token })).toThrow(
        'INTERNAL_SERVICE_TOKEN is required when ENABLE_INTERNAL_ROUTES=true.',
      );
    }
    expect(loadConfig({ ENABLE_INTERNAL_ROUTES: 'false' }).internalServiceToken).toBeUndefined();
    expect(() => loadConfig({ INTERNAL_SERVICE_TOKEN: 't', DATABASE_TLS_MODE: 'verify-full' })).toThrow(
      'Invalid DATABASE_TLS_MODE: verify-full. Use disable, prefer, or require.',
    );
  });
});

describe('startReferenceApi refusals', () => {
  it('rejects before listening', async () => {
    await expect(startReferenceApi({ env: {} })).rejects.toBeInstanceOf(StartupRefusal);
    await expect(startReferenceApi({ env: { INTERNAL_SERVICE_TOKEN: 't', DRILL_DB_NAME: 'x' } })).rejects.toThrow(
      /Incomplete DRILL_DB_\* configuration/,
    );
  });
});

function runCli(env: Record<string, string>, args: string[] = []) {
  // A clean environment, so the developer's own variables cannot change the outcome.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/stand-in/main.ts', ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return { child, output: () => ({ stdout, stderr }) };
}

describe('CLI', () => {
  it('exits non-zero with the refusal message', async () => {
    const { child, output } = runCli({});
    const [code] = await once(child, 'exit');
    expect(code).not.toBe(0);
    expect(output().stderr).toContain('INTERNAL_SERVICE_TOKEN is required when ENABLE_INTERNAL_ROUTES=true.');
  });

  it('serves on the given port and stops on SIGTERM', async () => {
    const { child, output } = runCli({ INTERNAL_SERVICE_TOKEN: 't', APP_VERSION: 'cli-test' }, ['--port', '0']);
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL in time: ${JSON.stringify(output())}`)), 30_000);
      child.stdout.on('data', () => {
        const match = output().stdout.match(/listening on (http:\/\/\S+)/);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    const live = await fetch(`${url}/api/health/live`).then((r) => r.json());
    expect(live).toMatchObject({ status: 'ok', version: 'cli-test' });
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });
});
