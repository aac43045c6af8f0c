// Reading what pg_restore --verbose and psql print: progress lines are counted, warnings and
// errors are kept (redacted, capped), and a timer reports progress every few seconds so a long
// restore never looks hung in the log.
import { formatDuration } from '../util/format.js';
import type { Logger } from '../util/logger.js';
import { restoreMessage } from './pg-restore-lines.js';

const MAX_LINES_KEPT = 50;
const MAX_LINE_LENGTH = 500;

// With --jobs, pg_restore numbers its items: `processing item 215 TABLE a` (serial phase) and
// `finished item 3354 TABLE DATA b` (parallel phase). Without, each item prints one action line.
const NUMBERED_ITEM_RE = /^(processing item|finished item) /;
const ITEM_ACTION_RE = /^pg_restore: (creating |processing data for |executing )/;
const PROGRESS_RE =
  /^pg_restore: (creating|processing|executing|launching|entering|finished|connecting|disabling|enabling|implied)/;
const ERROR_RE = /\b(error|ERROR|FATAL|PANIC):/;
const WARNING_RE = /\b(warning|WARNING):/;
// Context that belongs to the message before it.
const CONTEXT_RE =
  /^(pg_restore: (while PROCESSING TOC|from TOC entry)|Command was:|(psql:\S+ )?(DETAIL|HINT|LINE \d+|CONTEXT):)/;

export class ToolOutput {
  readonly warnings: string[] = [];
  readonly errors: string[] = [];
  private numberedItems = 0;
  private itemActions = 0;
  private lastKind: 'warning' | 'error' | null = null;
  droppedLines = 0;

  constructor(private readonly redact: (text: string) => string) {}

  /** TOC items restored so far (bookkeeping items such as ENCODING print nothing without --jobs). */
  get tocItemsDone(): number {
    return this.numberedItems > 0 ? this.numberedItems : this.itemActions;
  }

  /** Items of the archive restored after the tool, by the drill itself (foreign-keys.ts). */
  addItemsDone(count: number): void {
    this.numberedItems += count;
  }

  addStderrLine(raw: string): void {
    const line = raw.trimEnd();
    if (line === '') return;
    if (NUMBERED_ITEM_RE.test(restoreMessage(line))) this.numberedItems += 1;
    else if (ITEM_ACTION_RE.test(line)) this.itemActions += 1;
    if (PROGRESS_RE.test(line) && !ERROR_RE.test(line)) {
      this.lastKind = null;
      return;
    }
    if (ERROR_RE.test(line)) this.lastKind = 'error';
    else if (WARNING_RE.test(line)) this.lastKind = 'warning';
    else if (!CONTEXT_RE.test(line)) return; // continuation of a quoted command, NOTICE, ...
    if (this.lastKind === null) return;
    const list = this.lastKind === 'error' ? this.errors : this.warnings;
    if (list.length >= MAX_LINES_KEPT) {
      this.droppedLines += 1;
      return;
    }
    const clean = this.redact(line);
    list.push(clean.length > MAX_LINE_LENGTH ? `${clean.slice(0, MAX_LINE_LENGTH)}…` : clean);
  }
}

/** Logs `restore: <progress>, <n> s elapsed` every `everyMs` until stopped. */
export function startProgressReports(log: Logger, describe: () => string, everyMs = 5_000): () => void {
  const started = Date.now();
  const timer = setInterval(() => {
    log.info(`restore: ${describe()}, ${formatDuration(Date.now() - started)} elapsed`);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
