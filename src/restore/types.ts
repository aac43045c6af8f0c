// What the backup phase hands the restore phase. Defined here until the lead unifies it with
// src/backup's own declaration (same shape).
import type { BackupFormat } from '../report/types.js';

export interface ResolvedBackup {
  /** Local file or directory (directory format) to restore. */
  path: string;
  name: string;
  format: BackupFormat;
  sizeBytes: number;
  /** Tables the archive holds, as 'schema.table' (empty when unknown, e.g. plain SQL). */
  tocTables: string[];
  /** Entries of the archive's table of contents; null when unknown (plain SQL). */
  tocEntries: number | null;
}
