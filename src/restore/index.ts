// The restore phase: prepare the drill database, restore the backup into it, run the user's
// post-restore command, and (in the post step) drop the database the action created.

export { analyzeDatabase } from './analyze.js';
export {
  DRILL_MARKER,
  DrillDatabaseRefused,
  drillDatabaseUrl,
  dropDrillDatabase,
  prepareDrillDatabase,
} from './drill-database.js';
export { runPostRestoreCommand } from './post-restore-command.js';
export { restoreBackup } from './restore-backup.js';
export { notRestored } from './restore-checks.js';
export type { ReadyTable } from './table-readiness.js';
export type { ResolvedBackup } from './types.js';
export { PostgresUnreachable } from './wait-for-postgres.js';
