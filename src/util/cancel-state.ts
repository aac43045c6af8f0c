// Whether this process is being cancelled (SIGINT/SIGTERM), and by which signal. Read by
// whatever starts work: nothing new begins once a cancellation has.

let by: NodeJS.Signals | null = null;

export function markCancelled(signal: NodeJS.Signals): void {
  by ??= signal;
}

export function cancelledBy(): NodeJS.Signals | null {
  return by;
}

/** Parks the caller for good once a cancellation has begun: the cancel handler ends the process. */
export async function parkIfCancelled(): Promise<void> {
  if (by !== null) await new Promise<never>(() => {});
}
