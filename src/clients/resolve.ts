// The client the drill uses for a backup: picked among the installed ones (pick.ts), installed
// on a GitHub-hosted Ubuntu runner when none will do and pg-client-install allows it, else a
// NoClientError whose message is the one thing to change.
import { existsSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import type { DrillContext } from '../model/context.js';
import type { PgTool } from '../util/pg-tools.js';
import { aptInstallClient, githubHostedUbuntu } from './apt-install.js';
import { forgetInstalledClients, type InstalledClient, installedClients } from './installed.js';
import { type ClientNeed, pickClient, type Route } from './pick.js';

export interface ResolvedClient {
  client: InstalledClient;
  /** Why this client, or `installed` when the drill installed it. */
  reason: string;
  route: Route;
}

export class NoClientError extends Error {
  constructor(
    message: string,
    readonly neededMajor: number | null,
  ) {
    super(message);
    this.name = 'NoClientError';
  }
}

/** Versions of clients this process installed: their reason stays `installed`. */
const installedHere = new Set<string>();

/** The one thing to change so that a client of `major` is there. */
function clientRemedy(major: number | null, ctx: Pick<DrillContext, 'config' | 'env'>): string {
  const m = major ?? '<major>';
  if (ctx.config.pgBinDir) {
    return `set pg-bin-dir to the bin folder of a PostgreSQL ${m} client (or leave it empty so the drill picks one)`;
  }
  if (githubHostedUbuntu(ctx.env)) {
    return `set pg-client-install: auto, which installs postgresql-client-${m} on this runner`;
  }
  if (process.platform === 'darwin') return `brew install postgresql@${m} (or set pg-bin-dir to its bin folder)`;
  if (existsSync('/etc/redhat-release')) {
    return `install postgresql${m} from https://yum.postgresql.org (or set pg-bin-dir to /usr/pgsql-${m}/bin)`;
  }
  if (existsSync('/etc/debian_version')) {
    return `install postgresql-client-${m} from the PostgreSQL apt repository (https://wiki.postgresql.org/wiki/Apt), or set pg-bin-dir to the bin folder of a PostgreSQL ${m} client`;
  }
  return `install the PostgreSQL ${m} client tools, or set pg-bin-dir to their bin folder`;
}

/**
 * Starts asking the installed clients their versions, so the answer is ready when the backup is
 * verified: the drill calls it first thing, beside its check of the server. Never rejects.
 */
export function lookForClients(ctx: DrillContext): void {
  installedClients(ctx.config.pgBinDir, ctx.env).catch(() => {});
}

export async function resolveClient(ctx: DrillContext, need: ClientNeed): Promise<ResolvedClient> {
  const choice = pickClient(await installedClients(ctx.config.pgBinDir, ctx.env), need);
  if (choice.client) {
    const reason = installedHere.has(choice.client.version) ? 'installed' : choice.reason;
    return { client: choice.client, reason, route: choice.route };
  }
  const major = choice.neededMajor;
  const codename = githubHostedUbuntu(ctx.env);
  if (ctx.config.pgClientInstall !== 'auto' || ctx.config.pgBinDir || codename === null || major === null) {
    throw new NoClientError(`${choice.why}: ${clientRemedy(major, ctx)}`, major);
  }
  ctx.log.info(
    `pg-client-install: ${choice.why}; installing postgresql-client-${major} from the PostgreSQL apt repository`,
  );
  try {
    await aptInstallClient(major, codename, ctx.env, ctx.log);
  } catch (e) {
    throw new NoClientError(
      `${choice.why}; pg-client-install could not install postgresql-client-${major}: ${(e as Error).message}`,
      major,
    );
  }
  forgetInstalledClients();
  const after = pickClient(await installedClients(null, ctx.env, [`/usr/lib/postgresql/${major}/bin`]), need);
  if (!after.client || after.client.major !== major) {
    throw new NoClientError(
      `pg-client-install installed postgresql-client-${major}, but no PostgreSQL ${major} client was found afterwards`,
      major,
    );
  }
  installedHere.add(after.client.version);
  await addToPath(ctx, after.client.dir);
  ctx.log.info(`pg-client-install: installed PostgreSQL ${after.client.version} client in ${after.client.dir}`);
  return { client: after.client, reason: 'installed', route: after.route };
}

/** Later steps of the job find the installed client on PATH (as core.addPath does). */
async function addToPath(ctx: DrillContext, dir: string): Promise<void> {
  const parts = (ctx.env.PATH ?? '').split(path.delimiter);
  if (!parts.includes(dir)) ctx.env.PATH = [dir, ...parts].filter(Boolean).join(path.delimiter);
  if (ctx.env.GITHUB_PATH) await appendFile(ctx.env.GITHUB_PATH, `${dir}\n`);
}

/**
 * The client the backup's verification uses (pg_restore --list, psql's own checks): the one the
 * restore will use, picked by the same rule for the server the preflight read (`serverMajor`;
 * null when not known: the lowest that reads the backup), installed when allowed (the major the
 * pick rule wants: the server's own when it reads the backup); when none does, the newest there
 * is, whose verdict then says the backup is too new for it.
 */
export async function toolForVerify(
  ctx: DrillContext,
  tool: 'pg_restore' | 'psql',
  minMajor: number | null,
  serverMajor: number | null = null,
): Promise<PgTool> {
  const as = (client: InstalledClient): PgTool => ({
    name: tool,
    path: path.join(client.dir, tool),
    version: client.version,
    major: client.major,
  });
  try {
    return as((await resolveClient(ctx, { tool, minMajor, serverMajor })).client);
  } catch (error) {
    const newest = [...(await installedClients(ctx.config.pgBinDir, ctx.env))].sort((a, b) => b.major - a.major)[0];
    if (newest) return as(newest);
    throw error;
  }
}
