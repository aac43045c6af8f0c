// pg_restore's leader and its workers share one stderr, and each writes a message's `pg_restore:`
// and level (`error:`, `warning:`) prefixes and its text separately: on a busy machine their lines
// interleave, and a line arrives as `pg_restore:pg_restore: executing SEQUENCE SET …` followed by
// ` finished item 3436 FK CONSTRAINT …` (seen on a loaded 2-core machine, about one line in a
// thousand), or as `pg_restore: error: pg_restore:could not execute query: …`. Read by prefix
// alone, that item never finishes, or that error is taken for another.

const PREFIX_RE = /^(?:\s*(?:pg_restore|error|warning|detail):)+/;
const FINISHED_RE = /^finished item (\d+) /;

/** The message of a pg_restore stderr line, without the prefixes it gained or lost. */
export function restoreMessage(line: string): string {
  return line.replace(PREFIX_RE, '').trimStart();
}

/** The dump id of the item a `--jobs --verbose` line says has finished, or null. */
export function finishedItem(line: string): number | null {
  const match = FINISHED_RE.exec(restoreMessage(line));
  return match ? Number(match[1]) : null;
}
