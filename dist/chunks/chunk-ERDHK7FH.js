import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);

// src/model/types.ts
var REPORT_VERSION = 1;
var CHECK_IDS = [
  "backup.found",
  "backup.checksum",
  "backup.archive",
  "backup.age",
  "backup.cadence",
  "restore.completed",
  "restore.duration",
  "restore.toc-complete",
  "restore.versions",
  "restore.post-command",
  "migration.completed",
  "migration.locks",
  "migration.rewrites",
  "migration.data",
  "database.migrations",
  "database.critical-tables",
  "database.sequences",
  "api.ready",
  "api.info",
  "api.compatibility",
  "api.smoke",
  "api.db-info",
  "api.validate",
  "compare.baseline"
];

export {
  REPORT_VERSION,
  CHECK_IDS
};
