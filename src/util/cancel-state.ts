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

type CancelHook = () => Promise<void>;
const hooks = new Set<CancelHook>();

/**
 * Work a phase must undo when the drill is cancelled beyond stopping its processes (the sessions a
 * stopped command left running on the server). Returns the function that removes the hook.
 */
export function onCancel(hook: CancelHook): () => void {
  hooks.add(hook);
  return () => hooks.delete(hook);
}

/** Runs every registered hook (the cancel handler, once the processes are stopped); never throws. */
export async function runCancelHooks(): Promise<void> {
  await Promise.all([...hooks].map((hook) => hook().catch(() => {})));
}
