import type { FailureKind } from '../quarantine/task-failure.js';
import type { ConnectorPolicy } from './watch-policy.js';

/** One connector as a watch pass sees it: RUNNING (or starting), or FAILED with the kind of its first failed task. */
export interface WatchedConnector {
  readonly name: string;
  readonly failed?: { readonly task: number; readonly kind: FailureKind; readonly cause: string };
}

/** What the watcher remembers per connector between passes. */
export interface WatchMemory {
  /** Restarts in a row without the connector running through a pause. */
  readonly restarts: number;
  /** When the last restart or quarantine was done (ms). */
  readonly lastActionAt: number;
  /** Set once maxRestarts is used up: said once, then left to a person. */
  readonly gaveUp: boolean;
}

export type WatchStep =
  | { readonly kind: 'quarantine' | 'restart'; readonly name: string; readonly reason: string }
  | { readonly kind: 'give-up' | 'ignore'; readonly name: string; readonly reason: string };

const FRESH: WatchMemory = { restarts: 0, lastActionAt: 0, gaveUp: false };

/** The pause before restart number `n` (0-based): backoff, doubled each time. */
export const pauseBefore = (policy: ConnectorPolicy, n: number): number => policy.backoffSeconds * 1000 * 2 ** n;

/**
 * One pass of the watcher (pure): for each FAILED connector the action its policy names, or nothing yet
 * (a restart waits out its pause); a connector that ran through a pause since its last action starts
 * counting again. Returns the steps to take and the memory to keep.
 */
export function planWatchPass(
  connectors: readonly WatchedConnector[],
  memory: ReadonlyMap<string, WatchMemory>,
  policyOf: (name: string) => ConnectorPolicy,
  now: number,
): { steps: WatchStep[]; memory: Map<string, WatchMemory> } {
  const next = new Map(memory);
  const steps: WatchStep[] = [];
  for (const connector of connectors) {
    const policy = policyOf(connector.name);
    const seen = memory.get(connector.name) ?? FRESH;
    if (!connector.failed) {
      if (seen.restarts > 0 && now - seen.lastActionAt >= pauseBefore(policy, 0)) next.set(connector.name, FRESH);
      continue;
    }
    const { kind, task, cause } = connector.failed;
    const action = kind === 'record' ? policy.onRecordError : policy.onOtherError;
    const what = `task ${task} FAILED ${kind === 'record' ? 'on a record' : kind === 'environment' ? 'on its warehouse or connection' : 'for a reason not recognised'} (${cause})`;
    if (action === 'none') {
      if (!seen.gaveUp) steps.push({ kind: 'ignore', name: connector.name, reason: `${what}; its policy does nothing: it needs a person` });
      next.set(connector.name, { ...seen, gaveUp: true });
      continue;
    }
    if (action === 'quarantine') {
      steps.push({ kind: 'quarantine', name: connector.name, reason: what });
      next.set(connector.name, { ...seen, lastActionAt: now });
      continue;
    }
    if (seen.restarts >= policy.maxRestarts) {
      if (!seen.gaveUp) {
        steps.push({
          kind: 'give-up',
          name: connector.name,
          reason: `${what}; restarted ${seen.restarts} time(s) in a row (maxRestarts): leaving it to a person (connectors:status)`,
        });
      }
      next.set(connector.name, { ...seen, gaveUp: true });
      continue;
    }
    if (seen.restarts > 0 && now - seen.lastActionAt < pauseBefore(policy, seen.restarts - 1)) continue;
    steps.push({ kind: 'restart', name: connector.name, reason: `${what}; restart ${seen.restarts + 1} of at most ${policy.maxRestarts}` });
    next.set(connector.name, { restarts: seen.restarts + 1, lastActionAt: now, gaveUp: false });
  }
  return { steps, memory: next };
}
