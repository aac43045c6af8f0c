// What a restore left out of the backup, and why: named in restore.completed (its details, and its
// summary in words), so nothing is a silent gap. `data`: a table's, sequence's or large object's
// content is among it, so the restore does not equal the backup.
export interface LeftOut {
  /** The entry or statement as people name it: `EVENT TRIGGER audit_ddl`, `POLICY public.t p`. */
  what: string;
  why: string;
  data: boolean;
}

/** The first few items of each reason, and how many. */
export function describeLeftOut(items: readonly LeftOut[], max = 6): string {
  const shown = items.slice(0, max).map((i) => `${i.what} (${i.why})`);
  const more = items.length > max ? `; and ${items.length - max} more (see the details)` : '';
  return `${shown.join('; ')}${more}`;
}

/** The details field: every item up to a cap, and the count. */
export function leftOutDetails(items: readonly LeftOut[], cap = 200): { leftOut: LeftOut[]; leftOutCount: number } {
  return { leftOut: items.slice(0, cap), leftOutCount: items.length };
}
