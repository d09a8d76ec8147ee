import { setTimeout as sleep } from 'node:timers/promises';
import { describeCause } from '../../lib/errors.js';
import type { Fault } from './chaos-schedule.js';
import type { FaultActions } from './stack-fault-actions.js';

/** What happened to one planned fault, in ms from the start of the run. */
export interface FaultOutcome {
  readonly fault: Fault;
  /** When it hit (later than planned when it waited for its node or for the replicas to catch up). */
  readonly startedMs: number;
  /** When its node was back: healthy after a restart, or resumed. */
  readonly endedMs: number;
  /** From the planned end (restart or resume begins) until the node was back. */
  readonly recoveryMs: number;
  /** Set when an action failed (the run then fails too: the stack is not as the schedule says). */
  readonly error?: string;
}

export interface FaultRun {
  readonly actions: FaultActions;
  /** ms since the run started. */
  readonly now: () => number;
  /** Resolves once a broker fault may start: no partition of the run's topics is short of in-sync replicas. */
  readonly replicasInSync: () => Promise<void>;
  readonly log: (line: string) => void;
  /** Aborted (Ctrl-C): faults not started are skipped, a fault under way ends at once (its node restored). */
  readonly signal?: AbortSignal;
}

const isBrokerFault = (fault: Fault) => fault.kind === 'broker-kill' || fault.kind === 'broker-pause';

async function sleepUntil(now: () => number, atMs: number, signal?: AbortSignal): Promise<void> {
  const wait = atMs - now();
  if (wait > 0) await sleep(wait, undefined, { signal });
  signal?.throwIfAborted();
}

/**
 * Runs a schedule against the stack: each fault at its time, overlapping as planned. Two faults never
 * hit one node at once, and a broker fault waits for the previous one to be over and every replica to
 * be back in sync (the condition the schedule's gap stands for), so at most one broker is ever down.
 */
export async function runFaults(schedule: readonly Fault[], run: FaultRun): Promise<FaultOutcome[]> {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const busy = new Map<string, Promise<unknown>>();
  let brokerTurn: Promise<unknown> = Promise.resolve();

  async function one(fault: Fault): Promise<FaultOutcome> {
    try {
      await sleepUntil(run.now, fault.startMs, run.signal);
      if (isBrokerFault(fault)) await run.replicasInSync();
      run.signal?.throwIfAborted();
    } catch {
      return { fault, startedMs: run.now(), endedMs: run.now(), recoveryMs: 0, error: 'not started: the run was interrupted' };
    }
    const startedMs = run.now();
    const lateBy = startedMs - fault.startMs;
    const length = fault.endMs - fault.startMs;
    run.log(`${s(startedMs).padStart(8)}  start ${fault.kind} ${fault.target}${lateBy > 1_000 ? ` (${s(lateBy)} after plan)` : ''}`);
    let recoveryStarted = startedMs + length;
    try {
      if (fault.kind === 'broker-kill' || fault.kind === 'worker-kill' || fault.kind === 'warehouse-kill') {
        await run.actions.kill(fault.target);
        await sleepUntil(run.now, startedMs + length, run.signal).catch(() => undefined);
        recoveryStarted = run.now();
        await run.actions.start(fault.target);
      } else if (fault.kind === 'broker-pause') {
        await run.actions.pause(fault.target);
        await sleepUntil(run.now, startedMs + length, run.signal).catch(() => undefined);
        recoveryStarted = run.now();
        await run.actions.resume(fault.target);
      } else {
        const pauses = fault.pauses ?? { pauseMs: 2_000, gapMs: 1_000 };
        while (run.now() + pauses.pauseMs <= startedMs + length && !run.signal?.aborted) {
          await run.actions.pause(fault.target);
          await sleep(pauses.pauseMs, undefined, { signal: run.signal }).catch(() => undefined);
          await run.actions.resume(fault.target);
          await sleep(pauses.gapMs, undefined, { signal: run.signal }).catch(() => undefined);
        }
        recoveryStarted = run.now();
      }
      const endedMs = run.now();
      run.log(
        `${s(endedMs).padStart(8)}  end   ${fault.kind} ${fault.target} (back ${s(endedMs - recoveryStarted)} after the fault ended)`,
      );
      return { fault, startedMs, endedMs, recoveryMs: endedMs - recoveryStarted };
    } catch (error) {
      // Leave nothing paused or down behind: resume, then start it if it is not running.
      await run.actions.resume(fault.target).catch(() => undefined);
      await run.actions.start(fault.target).catch(() => undefined);
      const endedMs = run.now();
      run.log(`${s(endedMs).padStart(8)}  FAILED ${fault.kind} ${fault.target}: ${describeCause(error)}`);
      return { fault, startedMs, endedMs, recoveryMs: endedMs - recoveryStarted, error: describeCause(error) };
    }
  }

  return Promise.all(
    schedule.map((fault) => {
      const previous = busy.get(fault.target) ?? Promise.resolve();
      const afterNode = isBrokerFault(fault) ? Promise.all([previous, brokerTurn]) : previous;
      const outcome = afterNode.then(() => one(fault));
      busy.set(fault.target, outcome);
      if (isBrokerFault(fault)) brokerTurn = outcome;
      return outcome;
    }),
  );
}
