import { setTimeout as sleep } from 'node:timers/promises';

export interface PollOptions {
  readonly timeoutMs: number;
  readonly intervalMs: number;
}

/**
 * The one poller: runs `attempt` until it returns a value (not `undefined`) or the time is up, waiting
 * `intervalMs` between attempts. Returns the value, or `undefined` on timeout (the caller says what
 * it was waiting for). An error thrown by `attempt` ends the wait at once.
 */
export async function pollUntil<T>(attempt: () => Promise<T | undefined>, options: PollOptions): Promise<T | undefined> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) return undefined;
    await sleep(Math.min(options.intervalMs, Math.max(0, deadline - Date.now())));
  }
}
