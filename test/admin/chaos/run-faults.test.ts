import { describe, expect, it } from 'vitest';
import type { Fault } from '../../../admin/chaos/chaos-schedule.js';
import { runFaults } from '../../../admin/chaos/run-faults.js';
import type { FaultActions } from '../../../admin/chaos/stack-fault-actions.js';

/** Actions that only record what they were asked to do, in order. */
function recordingActions(failOn?: string): { actions: FaultActions; log: string[] } {
  const log: string[] = [];
  const act = (verb: string) => async (target: string) => {
    log.push(`${verb} ${target}`);
    if (failOn === `${verb} ${target}`) throw new Error(`${target} did not come back`);
  };
  return { actions: { kill: act('kill'), start: act('start'), pause: act('pause'), resume: act('resume') }, log };
}

const started = Date.now();
const run = (actions: FaultActions, inSync: string[] = []) => ({
  actions,
  now: () => Date.now() - started,
  log: () => undefined,
  replicasInSync: async () => void inSync.push('checked'),
});

describe('running a fault schedule', () => {
  it('kills then starts, pauses then resumes, and never overlaps two broker faults even when the plan does', async () => {
    const at = Date.now() - started;
    const schedule: Fault[] = [
      { kind: 'broker-kill', target: 'kafka-1', startMs: at, endMs: at + 40 },
      { kind: 'broker-pause', target: 'kafka-2', startMs: at + 10, endMs: at + 30 },
      { kind: 'worker-kill', target: 'connect-1', startMs: at + 5, endMs: at + 15 },
    ];
    const { actions, log } = recordingActions();
    const inSync: string[] = [];
    const outcomes = await runFaults(schedule, run(actions, inSync));
    expect(log.indexOf('pause kafka-2')).toBeGreaterThan(log.indexOf('start kafka-1'));
    expect(log.filter((line) => line.includes('kafka'))).toEqual(['kill kafka-1', 'start kafka-1', 'pause kafka-2', 'resume kafka-2']);
    expect(log.indexOf('kill connect-1')).toBeLessThan(log.indexOf('start kafka-1'));
    expect(inSync).toEqual(['checked', 'checked']);
    expect(outcomes.map((outcome) => outcome.fault.target)).toEqual(['kafka-1', 'kafka-2', 'connect-1']);
    expect((outcomes[1]?.startedMs ?? 0) >= (outcomes[0]?.endedMs ?? Infinity)).toBe(true);
    expect(outcomes.every((outcome) => outcome.error === undefined && outcome.endedMs >= outcome.startedMs)).toBe(true);
  });

  it('slows the warehouse with pauses in turn, and records a failed action while leaving the node resumed and started', async () => {
    const at = Date.now() - started;
    const slow: Fault = { kind: 'warehouse-slow', target: 'postgres', startMs: at, endMs: at + 60, pauses: { pauseMs: 10, gapMs: 5 } };
    const first = recordingActions();
    await runFaults([slow], run(first.actions));
    expect(first.log.length).toBeGreaterThanOrEqual(4);
    expect(first.log.every((line, index) => line === (index % 2 === 0 ? 'pause postgres' : 'resume postgres'))).toBe(true);

    const failing = recordingActions('start postgres');
    const [outcome] = await runFaults([{ kind: 'warehouse-kill', target: 'postgres', startMs: at, endMs: at + 5 }], run(failing.actions));
    expect(outcome?.error).toBe('postgres did not come back');
    expect(failing.log).toEqual(['kill postgres', 'start postgres', 'resume postgres', 'start postgres']);
  });

  it('on an interruption ends the fault under way at once, restoring its node, and starts no other', async () => {
    const at = Date.now() - started;
    const recorded = recordingActions();
    const stop = new AbortController();
    const log = recorded.log;
    // Ctrl-C arrives while kafka-1 is down.
    const actions: FaultActions = {
      ...recorded.actions,
      kill: async (target) => {
        await recorded.actions.kill(target);
        stop.abort();
      },
    };
    const schedule: Fault[] = [
      { kind: 'broker-kill', target: 'kafka-1', startMs: at, endMs: at + 60_000 },
      { kind: 'worker-kill', target: 'connect-1', startMs: at + 60_000, endMs: at + 70_000 },
    ];
    const outcomes = await runFaults(schedule, { ...run(actions), signal: stop.signal });
    expect(log).toEqual(['kill kafka-1', 'start kafka-1']);
    expect(outcomes[0]?.error).toBeUndefined();
    expect(outcomes[1]?.error).toBe('not started: the run was interrupted');
  });
});
