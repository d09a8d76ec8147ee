import type { FailureKind } from '../quarantine/task-failure.js';
import type { ConnectorPolicy } from './watch-policy.js';

/** One connector as a watch pass sees it: RUNNING (or starting), or FAILED with the kind of its first failed task. */
export interface WatchedConnector {
  readonly name: string;
  readonly failed?: { readonly task: number; readonly kind: FailureKind; readonly cause: string };
}

/** What the watcher remembers per connector between passes. */
export interface WatchMemory {
  /** Restarts or quarantines in a row without the connector running through a pause. */
  readonly attempts: number;
  /** When the last one was started (ms). */
  readonly lastActionAt: number;
  /** Set once maxAttempts is used up (or the policy does nothing): said once, then left to a person. */
  readonly gaveUp: boolean;
}

export type WatchStep =
  | { readonly kind: 'quarantine' | 'restart'; readonly name: string; readonly reason: string }
  | { readonly kind: 'give-up' | 'ignore'; readonly name: string; readonly reason: string };

const FRESH: WatchMemory = { attempts: 0, lastActionAt: 0, gaveUp: false };

/** The pause after attempt number `n` (1-based) before the next: backoff, doubled each time. */
export const pauseAfter = (policy: ConnectorPolicy, n: number): number => policy.backoffSeconds * 1000 * 2 ** Math.max(0, n - 1);

/**
 * One pass of the watcher (pure): for each FAILED connector the action its policy names (quarantine a
 * record's failure, restart any other), the first at once and each next one after a pause that doubles,
 * at most `maxAttempts` in a row; a connector that ran through a pause since its last attempt starts
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
      if (seen.attempts > 0 && now - seen.lastActionAt >= pauseAfter(policy, 1)) next.set(connector.name, FRESH);
      continue;
    }
    const { kind, task, cause } = connector.failed;
    const action = kind === 'record' ? policy.onRecordError : policy.onOtherError;
    const what = `task ${task} FAILED ${kind === 'record' ? 'on a record' : kind === 'environment' ? 'on its warehouse or connection' : 'for a reason not recognised'} (${cause})`;
    if (action === 'none' || seen.attempts >= policy.maxAttempts) {
      if (!seen.gaveUp) {
        const why =
          action === 'none'
            ? 'its policy does nothing'
            : `${seen.attempts} ${action === 'quarantine' ? 'quarantine' : 'restart'}(s) in a row did not keep it running (maxAttempts)`;
        steps.push({
          kind: action === 'none' ? 'ignore' : 'give-up',
          name: connector.name,
          reason: `${what}; ${why}: it needs a person (connectors:status)`,
        });
      }
      next.set(connector.name, { ...seen, gaveUp: true });
      continue;
    }
    if (seen.attempts > 0 && now - seen.lastActionAt < pauseAfter(policy, seen.attempts)) continue;
    steps.push({ kind: action, name: connector.name, reason: `${what}; attempt ${seen.attempts + 1} of at most ${policy.maxAttempts}` });
    next.set(connector.name, { attempts: seen.attempts + 1, lastActionAt: now, gaveUp: false });
  }
  return { steps, memory: next };
}
