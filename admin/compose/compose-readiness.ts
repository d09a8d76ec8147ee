/** One row of `docker compose ps --all --format json` (the fields used here). */
export interface ComposePsRow {
  readonly Service: string;
  readonly State: string;
  readonly Health?: string;
  readonly ExitCode?: number;
}

export interface Readiness {
  readonly ready: boolean;
  /** Services that will not get better by waiting: a one-shot that failed, a container that exited or is unhealthy. */
  readonly failed: string[];
  readonly pending: string[];
}

/**
 * Whether the stack is up: every long-running service running (and healthy when it has a
 * healthcheck), every one-shot exited with 0.
 */
export function composeReadiness(
  rows: readonly ComposePsRow[],
  expected: { longRunning: readonly string[]; oneShots: readonly string[] },
): Readiness {
  const failed: string[] = [];
  const pending: string[] = [];
  const row = (service: string) => rows.find((entry) => entry.Service === service);
  for (const service of expected.longRunning) {
    const state = row(service);
    if (!state) pending.push(`${service} (not created yet)`);
    else if (state.State === 'exited' || state.State === 'dead') failed.push(`${service} exited (code ${state.ExitCode ?? '?'})`);
    else if (state.Health === 'unhealthy') failed.push(`${service} is unhealthy`);
    else if (state.State !== 'running' || (state.Health !== undefined && state.Health !== '' && state.Health !== 'healthy')) {
      pending.push(`${service} ${state.Health || state.State}`);
    }
  }
  for (const service of expected.oneShots) {
    const state = row(service);
    if (state?.State !== 'exited') pending.push(`${service} ${state?.State ?? 'not started yet'}`);
    else if (state.ExitCode !== 0) failed.push(`${service} failed (exit ${state.ExitCode ?? '?'})`);
  }
  return { ready: failed.length === 0 && pending.length === 0, failed, pending };
}

/** `docker compose ps --format json` prints one JSON object per line (newer) or one array (older). */
export function parseComposePs(output: string): ComposePsRow[] {
  const text = output.trim();
  if (text === '') return [];
  if (text.startsWith('[')) return JSON.parse(text) as ComposePsRow[];
  return text.split('\n').map((line) => JSON.parse(line) as ComposePsRow);
}
