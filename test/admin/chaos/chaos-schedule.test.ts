import { describe, expect, it } from 'vitest';
import { BROKER_RECOVERY_MS, describeSchedule, FAULT_KINDS, type Fault, planChaos } from '../../../admin/chaos/chaos-schedule.js';

const topology = { brokers: 3, workers: 2, warehouse: 'postgres' as const };
const FIVE_MINUTES = 300_000;
const overlaps = (a: Fault, b: Fault) => a.startMs < b.endMs && b.startMs < a.endMs;
const isBroker = (fault: Fault) => fault.kind === 'broker-kill' || fault.kind === 'broker-pause';

describe('the chaos schedule', () => {
  it('is the same for the same seed, and another for another', () => {
    const one = planChaos({ seed: 7, durationMs: FIVE_MINUTES, topology });
    expect(planChaos({ seed: 7, durationMs: FIVE_MINUTES, topology })).toEqual(one);
    expect(planChaos({ seed: 8, durationMs: FIVE_MINUTES, topology })).not.toEqual(one);
  });

  it('over 200 seeds: one broker down at a time with time to recover in between, one fault per service at a time, all over before the end, every kind, some overlapping', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const faults = planChaos({ seed, durationMs: FIVE_MINUTES, topology });
      expect(new Set(faults.map((fault) => fault.kind)), `seed ${seed}`).toEqual(new Set(FAULT_KINDS));
      for (const [index, fault] of faults.entries()) {
        expect(fault.endMs, `seed ${seed}`).toBeLessThanOrEqual(FIVE_MINUTES - 5_000);
        expect(fault.endMs).toBeGreaterThan(fault.startMs);
        for (const other of faults.slice(index + 1)) {
          if (isBroker(fault) && isBroker(other)) {
            const apart = other.startMs >= fault.endMs + BROKER_RECOVERY_MS || fault.startMs >= other.endMs + BROKER_RECOVERY_MS;
            expect(apart, `seed ${seed}: ${fault.target} and ${other.target} down too close together`).toBe(true);
          }
          if (!overlaps(fault, other)) continue;
          expect(other.target, `seed ${seed}: ${fault.target} twice at once`).not.toBe(fault.target);
          expect(isBroker(fault) && isBroker(other), `seed ${seed}: two brokers down at once`).toBe(false);
        }
      }
      expect(
        faults.some((fault, index) => faults.slice(index + 1).some((other) => overlaps(fault, other))),
        `seed ${seed} overlaps`,
      ).toBe(true);
    }
  });

  it('hits only the services the topology has, and prints one line per fault', () => {
    const faults = planChaos({ seed: 3, durationMs: 120_000, topology: { brokers: 3, workers: 2, warehouse: 'clickhouse' } });
    const targets = new Set(faults.map((fault) => fault.target));
    for (const target of targets) expect(['kafka-1', 'kafka-2', 'kafka-3', 'connect-1', 'connect-2', 'clickhouse']).toContain(target);
    const lines = describeSchedule(faults);
    expect(lines).toHaveLength(faults.length);
    expect(lines[0]).toMatch(/^ +\d+\.\d s → +\d+\.\d s {2}[a-z-]+ +[a-z]+(-\d)?/);
  });
});
