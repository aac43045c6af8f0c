// The inspect phase: the restored database as PickDriver sees it, plus the user's own checks.
export { type CustomCheck, loadChecksFile, parseChecksFile } from './checks-file.js';
export { CRITICAL_TABLES } from './critical-tables.js';
export { loadCustomChecks, runCustomChecks } from './custom-checks.js';
export { schemaFingerprint } from './fingerprint.js';
export { inspectDatabase } from './inspect-database.js';
