// The report's migration section: what migration-command did to the restored database, observed
// (locks PickDriver would have waited behind, rewrites, new indexes, row and schema changes).

/** What a lock on a table stops PickDriver from doing: ACCESS EXCLUSIVE blocks both, SHARE and stronger writes. */
export type LockBlocks = 'reads and writes' | 'writes';

/** A lock migration-command held (or queued for) that PickDriver's queries would have waited behind. */
export interface MigrationLock {
  /** schema.table; a lock on an index or TOAST table is its table's. */
  table: string;
  /** ACCESS EXCLUSIVE, EXCLUSIVE, SHARE ROW EXCLUSIVE or SHARE. */
  mode: string;
  /** How long it was held without a break: the longest a query of that table would have waited. */
  heldMs: number;
  blocks: LockBlocks;
}

/** A table (index: null) or one index on its own whose storage was written anew (relfilenode changed). */
export interface MigrationRewrite {
  table: string;
  index: string | null;
  sizeBefore: number | null;
  sizeAfter: number | null;
}

/** An index that did not exist before migration-command. */
export interface MigrationIndex {
  index: string;
  table: string;
  /** Built with CREATE INDEX CONCURRENTLY (reads and writes go on); null when it could not be told. */
  concurrently: boolean | null;
  /** False: a build that failed half-way left an INVALID index behind. */
  valid: boolean;
  sizeBytes: number | null;
}

export interface MigrationRowChange {
  table: string;
  /** Exact row counts; null for a table that did not exist before (before) or no longer does (after). */
  before: number | null;
  after: number | null;
  /** The statistics counters' growth (rows of rolled-back transactions included). */
  inserted: number;
  updated: number;
  deleted: number;
}

export interface MigrationSchemaChange {
  kind: 'table' | 'column' | 'index' | 'constraint';
  change: 'added' | 'dropped' | 'altered';
  name: string;
  detail: string | null;
}

export interface MigrationStatement {
  /** The statement with its literals removed. */
  query: string;
  durationMs: number;
  /** How often it ran (pg_stat_statements); null when sampled. */
  calls: number | null;
}

/** How the locks were watched: the catalog sampled this often, so a lock's time is right to within resolutionMs. */
export interface LockSampling {
  intervalMs: number;
  /** The longest gap between two samples while the command ran: the worst error of a lock's time. */
  resolutionMs: number | null;
  samples: number;
}

/** migration-command, observed; null without one (or when the restore did not complete). */
export interface MigrationInfo {
  /** The command, secrets and URL passwords removed. */
  command: string;
  startedAt: string;
  durationMs: number | null;
  exitCode: number | null;
  signal: string | null;
  /** Stopped at restore-timeout. */
  timedOut: boolean;
  /** WAL the server wrote while the command ran (the whole server's). */
  walBytes: number | null;
  databaseSizeBefore: number | null;
  databaseSizeAfter: number | null;
  /** Longest first. */
  locks: MigrationLock[];
  lockSampling: LockSampling;
  rewrites: MigrationRewrite[];
  indexes: MigrationIndex[];
  rowChanges: MigrationRowChange[];
  schemaChanges: MigrationSchemaChange[];
  /** The slowest, longest first. */
  statements: MigrationStatement[];
  /** Where statements came from; null when neither could be read. */
  statementsSource: 'pg_stat_statements' | 'sampled activity' | null;
  /** What could not be measured, and why. */
  errors: string[];
}
