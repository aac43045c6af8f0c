// What the backup phase hands the restore phase: a local file or directory, verified.
export type { ResolvedBackup } from '../backup/backup-phase.js';
