// The start of a drill, kept small so the database server has work before the rest of the engine
// has loaded (the action's main step loads it meanwhile): the secrets registered, the server
// checked, and, on the same session, the drill database and role made while the backup is found
// and verified (drill-database-stage.ts). The configuration's own errors (a report folder that
// would upload more than the report, a bad checks-file) are found before anything is made.
import { lookForClients } from '../clients/resolve.js';
import { DEFAULT_DATABASE_URL } from '../config/inputs.js';
import type { CustomCheck } from '../inspect/checks-file.js';
import { loadCustomChecks } from '../inspect/custom-checks.js';
import type { DrillContext } from '../model/context.js';
import { checkReportDir } from '../report/report-dir.js';
import { checkDatabaseServer, type PreflightResult } from '../restore/preflight.js';
import { addDecryptionKey } from '../util/secrets.js';
import type { StateStore } from '../util/state.js';
import { removeLeftoverTempDirs } from '../util/temp-files.js';
import { type PreparingDatabase, startPreparing } from './drill-database-stage.js';
import { type DrillProgress, timed } from './progress.js';

export interface DrillStart {
  customChecks: CustomCheck[];
  preflight: PreflightResult;
  /** The drill database being made; null when the server failed, or maintenance mode must come first. */
  preparing: PreparingDatabase | null;
}

/** Registers every secret of the configuration before anything can print it. */
function registerSecrets(ctx: DrillContext): void {
  const { config, secrets } = ctx;
  secrets.addUrl(config.databaseUrl);
  for (const token of config.internalTokens) secrets.add(token);
  secrets.add(config.githubToken);
  secrets.add(config.reportSigningKey);
  addDecryptionKey(secrets, config.backupDecryptionKey);
  secrets.add(ctx.env.AWS_SECRET_ACCESS_KEY);
  secrets.add(ctx.env.AWS_SESSION_TOKEN);
  secrets.addUrl(config.backupSource);
  secrets.add(config.notifyWebhook?.url);
  secrets.add(config.heartbeatUrl);
}

export async function startDrill(ctx: DrillContext, state: StateStore, progress: DrillProgress): Promise<DrillStart> {
  const { config, log } = ctx;
  registerSecrets(ctx);
  // The server is checked first: nothing of the backup is read (or downloaded) for a drill that
  // could not restore it. The client programs are asked their versions meanwhile.
  lookForClients(ctx);
  // The drill database comes after maintenance mode, when that is asked for (drill/stages.ts).
  const early = !config.maintenanceMode;
  const checking = timed(progress.timings, 'preflight', () =>
    log.group('Database server', () => checkDatabaseServer(ctx, DEFAULT_DATABASE_URL, {}, early)),
  );
  let customChecks: CustomCheck[];
  try {
    // What a drill killed outright (SIGKILL: no handler runs) left in the temporary folder goes first.
    for (const dir of await removeLeftoverTempDirs(ctx.env))
      log.info(`Removed ${dir}: a temporary folder left by a drill that was killed before it could remove it.`);
    // A report folder that would upload more than the report is refused before any work.
    await checkReportDir(config, ctx.env);
    // A bad checks-file is a configuration error: found before any work, like a bad input.
    customChecks = await loadCustomChecks(ctx);
  } catch (error) {
    await checking.then((p) => p.session?.end()).catch(() => {});
    throw error;
  }
  progress.customCheckNames = customChecks.map((c) => c.name);
  const preflight = await checking;
  const preparing = preflight.ok && preflight.session ? startPreparing(ctx, state, preflight.session) : null;
  return { customChecks, preflight, preparing };
}
