// The drill database and role, made while the backup is found and verified: neither needs the
// other, and creating a database is the server's work (about 0.1 s, most of it writing) while the
// verification is the runner's. Its log lines are held for the restore's group. When no verified
// backup comes, what was made for it is dropped again at once.
import type pg from 'pg';
import type { DrillContext } from '../model/context.js';
import { dropDrillDatabase, prepareDrillDatabase } from '../restore/drill-database.js';
import { newRunIdentity } from '../restore/drill-role.js';
import { HeldLogger, type Logger } from '../util/logger.js';
import type { StateStore } from '../util/state.js';
import { madeWords } from './cleanup-drop.js';
import { errorMessage } from './progress.js';

type PreparedDatabase = Awaited<ReturnType<typeof prepareDrillDatabase>>;

export interface PreparingDatabase {
  /** Settles once the database and role are made (or could not be). */
  result: Promise<PreparedDatabase>;
  /** Resolves once the server is creating the database (or the making has ended): its longest wait. */
  begun: Promise<void>;
  /** Its log lines, until the restore's group takes them. */
  log: HeldLogger;
}

/**
 * Starts making the drill database and role (on `session`, database-url's, when given), each
 * recorded in the state before the post step could need it.
 */
export function startPreparing(
  ctx: DrillContext,
  state: StateStore,
  session: pg.Client | null = null,
): PreparingDatabase {
  const log = new HeldLogger();
  // The nonce is in the state before anything is made: the cleanup drops only what carries it.
  const run = newRunIdentity(ctx.env);
  state.save({ runNonce: run.nonce });
  const onRole = (role: string) => state.save({ drillRole: role });
  let onCreating = () => {};
  const creating = new Promise<void>((resolve) => {
    onCreating = resolve;
  });
  const result = prepareDrillDatabase({ ...ctx, log }, { run, onRole, session, onCreating }).then((prepared) => {
    if (prepared.origin !== 'reused') {
      state.save({ createdDatabase: ctx.config.drillDatabase, databaseOid: prepared.databaseOid });
    }
    return prepared;
  });
  // Awaited by the restore, or by abandonPreparing; never an unhandled rejection meanwhile.
  result.catch(() => {});
  const ended = result.then(
    () => {},
    () => {},
  );
  return { result, begun: Promise.race([creating, ended]), log };
}

/** The backup will not be restored: the empty database and the role made for it go again, now. */
export async function abandonPreparing(
  ctx: DrillContext,
  state: StateStore,
  preparing: PreparingDatabase,
  log: Logger,
): Promise<void> {
  // Made or not, what the state names is what there is to drop.
  await preparing.result.catch(() => {});
  preparing.log.release(log);
  const made = state.get();
  const { createdDatabase, drillRole, databaseOid, runNonce } = made;
  if (createdDatabase === null && drillRole === null) return;
  const what = madeWords(made);
  try {
    await dropDrillDatabase(ctx.config.databaseUrl, createdDatabase, { nonce: runNonce, role: drillRole, databaseOid });
    state.save({ createdDatabase: null, databaseOid: null, drillRole: null });
    log.info(`Dropped ${what} again: made while the backup was read, but there is no verified backup to restore.`);
  } catch (error) {
    log.warning(`Could not drop ${what} yet; the cleanup will try again: ${errorMessage(ctx, error)}`);
  }
}
