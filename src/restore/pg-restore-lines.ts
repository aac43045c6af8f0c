// pg_restore's leader and its workers share one stderr, and each writes a message's `pg_restore:`
// prefix and its text separately: on a busy machine their lines interleave, and a line arrives as
// `pg_restore:pg_restore: executing SEQUENCE SET …` followed by ` finished item 3436 FK CONSTRAINT …`
// (seen on a loaded 2-core machine, about one line in a thousand). Read by prefix alone, that item
// never finishes, and the table it holds is never released early.

/** The message of a pg_restore stderr line, without the prefixes it gained or lost. */
export function restoreMessage(line: string): string {
  return line.replace(/^(?:pg_restore:\s*)+/, '').trimStart();
}
