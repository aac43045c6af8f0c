// The stand-in's configuration, read from the same environment variables as the real PickDriver
// API, with the same defaults and the same refusals to start.

type AppEnvironment = 'production' | 'development' | 'testing';
type TlsMode = 'disable' | 'prefer' | 'require';

export interface DatabaseSettings {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  tlsMode: TlsMode;
  /** DATABASE_TLS_CA_FILE, shared by both connections as in the real API. */
  caFile: string | undefined;
}

export interface ReferenceApiConfig {
  environment: AppEnvironment;
  version: string;
  enableInternalRoutes: boolean;
  internalServiceToken: string | undefined;
  internalRequireHttps: boolean;
  maintenanceMode: boolean;
  primary: DatabaseSettings;
  /** null: the drill target is "not configured". */
  drill: DatabaseSettings | null;
}

export type Env = Record<string, string | undefined>;

/** A configuration the real API refuses to start with. */
export class StartupRefusal extends Error {
  override name = 'StartupRefusal';
}

/** A trimmed, non-empty value or undefined. */
function envString(env: Env, key: string): string | undefined {
  const value = env[key]?.trim();
  return value ? value : undefined;
}

/** `1/true/yes/on` and `0/false/no/off`; anything else (or nothing) is the default. */
function envBool(env: Env, key: string, defaultValue: boolean): boolean {
  const raw = env[key]?.trim().toLowerCase();
  if (!raw) return defaultValue;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  return defaultValue;
}

// Vapor's environment names and their short forms.
function parseEnvironment(env: Env): AppEnvironment {
  const raw = (envString(env, 'ENVIRONMENT') ?? envString(env, 'APP_ENV') ?? 'development').toLowerCase();
  if (raw === 'production' || raw === 'prod') return 'production';
  if (raw === 'development' || raw === 'dev') return 'development';
  if (raw === 'testing' || raw === 'test') return 'testing';
  throw new StartupRefusal(`Unsupported environment '${raw}'. Use production, development or testing.`);
}

function parseTlsMode(raw: string): TlsMode {
  const mode = raw.toLowerCase();
  if (mode === 'disable' || mode === 'prefer' || mode === 'require') return mode;
  throw new StartupRefusal(`Invalid DATABASE_TLS_MODE: ${mode}. Use disable, prefer, or require.`);
}

function parsePort(raw: string | undefined, fallback: number, variable: string): number {
  if (raw === undefined) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port)) throw new StartupRefusal(`Invalid ${variable}: ${raw}.`);
  return port;
}

function primarySettings(env: Env, environment: AppEnvironment): DatabaseSettings {
  return {
    host: env.DATABASE_HOST ?? 'localhost',
    // The real API falls back to 5432 when DATABASE_PORT does not parse.
    port: Number.isInteger(Number(env.DATABASE_PORT)) && env.DATABASE_PORT ? Number(env.DATABASE_PORT) : 5432,
    database: env.DATABASE_NAME ?? 'vapor_database',
    user: env.DATABASE_USERNAME ?? 'vapor_username',
    password: env.DATABASE_PASSWORD ?? 'vapor_password',
    tlsMode: parseTlsMode(env.DATABASE_TLS_MODE ?? (environment === 'production' ? 'require' : 'disable')),
    caFile: env.DATABASE_TLS_CA_FILE || undefined,
  };
}

function drillSettings(env: Env, primary: DatabaseSettings): DatabaseSettings | null {
  const host = envString(env, 'DRILL_DB_HOST');
  const database = envString(env, 'DRILL_DB_NAME');
  const user = envString(env, 'DRILL_DB_USER') ?? envString(env, 'DRILL_DB_USERNAME');
  const password = envString(env, 'DRILL_DB_PASSWORD');
  const port = envString(env, 'DRILL_DB_PORT');
  const tlsMode = envString(env, 'DRILL_DB_SSLMODE') ?? envString(env, 'DRILL_DB_TLS_MODE');
  if ([host, database, user, password, port, tlsMode].every((value) => value === undefined)) return null;
  if (!host || !database || !user || !password) {
    throw new StartupRefusal(
      'Incomplete DRILL_DB_* configuration. Required: DRILL_DB_HOST, DRILL_DB_NAME, DRILL_DB_USER (or DRILL_DB_USERNAME), DRILL_DB_PASSWORD.',
    );
  }
  return {
    host,
    port: parsePort(port, 5432, 'DRILL_DB_PORT'),
    database,
    user,
    password,
    tlsMode: parseTlsMode(tlsMode ?? primary.tlsMode),
    caFile: primary.caFile,
  };
}

/** Reads the configuration; throws StartupRefusal where the real API would not start. */
export function loadConfig(env: Env): ReferenceApiConfig {
  const environment = parseEnvironment(env);
  const enableInternalRoutes = envBool(env, 'ENABLE_INTERNAL_ROUTES', true);
  const internalServiceToken = envString(env, 'INTERNAL_SERVICE_TOKEN');
  if (enableInternalRoutes && !internalServiceToken) {
    throw new StartupRefusal('INTERNAL_SERVICE_TOKEN is required when ENABLE_INTERNAL_ROUTES=true.');
  }
  const primary = primarySettings(env, environment);
  return {
    environment,
    version: envString(env, 'APP_VERSION') ?? 'dev',
    enableInternalRoutes,
    internalServiceToken: enableInternalRoutes ? internalServiceToken : undefined,
    internalRequireHttps: envBool(env, 'INTERNAL_REQUIRE_HTTPS', environment === 'production'),
    maintenanceMode: envBool(env, 'MAINTENANCE_MODE', false),
    primary,
    drill: drillSettings(env, primary),
  };
}
