// The one retry loop and the one sleep. The policies stay with their callers (which failures are
// worth another try, how long to wait, which deadline a wait may not pass): PickDriver's API,
// notifications (both through api/http.ts), its readiness poll (api/ready.ts), remote backups
// (source/remote-http.ts) and the wait for the Postgres service (restore/wait-for-postgres.ts)
// differ there, not in the loop.

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** After a try: the value to return, or how long to wait before the next try. */
type Next<R> = { done: R } | { waitMs: number };

/**
 * Runs `attempt` (1, 2, ...) and asks `next` about each result: return a value, or wait and try
 * again. `next` sees every result, so a caller that gives up (out of tries, past a deadline) says
 * so in the value it returns.
 */
export async function retrying<R>(
  attempt: (n: number) => Promise<R>,
  next: (result: R, n: number) => Next<R>,
): Promise<R> {
  for (let n = 1; ; n++) {
    const step = next(await attempt(n), n);
    if ('done' in step) return step.done;
    await sleep(step.waitMs);
  }
}
