import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from './process-info.js';

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(100);
  }
  return !isAlive(pid);
}

/** Sends a signal to a process, or to the process group it leads; a process already gone is not an error. */
export function signal(pid: number, name: NodeJS.Signals, wholeGroup: boolean): void {
  try {
    process.kill(wholeGroup ? -pid : pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/**
 * Stops a process (and its process group, which our detached services lead) gracefully with SIGTERM,
 * then with SIGKILL after `graceMs`. Returns how it ended.
 */
export async function stopProcess(pid: number, graceMs: number): Promise<'stopped' | 'killed' | 'not-running'> {
  if (!isAlive(pid)) return 'not-running';
  signal(pid, 'SIGTERM', true);
  if (await waitForExit(pid, graceMs)) return 'stopped';
  signal(pid, 'SIGKILL', true);
  await waitForExit(pid, 5_000);
  return 'killed';
}

/** kill -9 without grace: for fault tests that simulate a crash. */
export async function killProcess(pid: number): Promise<void> {
  signal(pid, 'SIGKILL', true);
  await waitForExit(pid, 5_000);
}
