import { describe, expect, it } from 'vitest';
import { buildChaosReport, type ChaosFacts, renderChaosReport } from '../../../admin/chaos/chaos-report.js';
import type { PipelineCheck } from '../../../admin/pipeline/check-pipeline.js';

const stream = (topic: string, table: string, keys: number, missing: string[] = []) => ({
  topic,
  table,
  topicKeys: keys,
  landed: keys - missing.length,
  deadLettered: [],
  missing,
  extra: [],
  unreadable: [],
});
const against = (topic: string, lost: string[] = [], inDoubtIn: string[] = [], inDoubtOut: string[] = []) => ({
  topic,
  produced: 10,
  acknowledged: 10,
  acknowledgedNotInTopic: lost,
  failedInTopic: [],
  inDoubtInTopic: inDoubtIn,
  inDoubtNotInTopic: inDoubtOut,
  invalidSent: 0,
});

function facts(check: PipelineCheck, overrides: Partial<ChaosFacts> = {}): ChaosFacts {
  return {
    seed: 11,
    durationMs: 120_000,
    topology: { brokers: 3, workers: 2, warehouse: 'postgres' },
    schedule: [],
    outcomes: [
      {
        fault: { kind: 'broker-kill', target: 'kafka-2', startMs: 10_000, endMs: 20_000 },
        startedMs: 10_000,
        endedMs: 26_000,
        recoveryMs: 6_000,
      },
      {
        fault: { kind: 'broker-kill', target: 'kafka-1', startMs: 60_000, endMs: 70_000 },
        startedMs: 60_000,
        endedMs: 74_000,
        recoveryMs: 4_000,
      },
    ],
    backlog: [
      { atMs: 12_000, backlog: 300 },
      { atMs: 50_000, backlog: 900 },
      { atMs: 110_000, backlog: 5_000 },
    ],
    producer: { sent: 30, acked: 28, failed: 0, inDoubt: 2 },
    check,
    duplicateRows: { sales_lines: 0, user_events: 0, feedback: 0 },
    revenue: { expected: '100.00', table: '100.00' },
    sentAtMs: new Map([['k-lost', 15_000]]),
    drainMs: 12_000,
    drained: true,
    ...overrides,
  };
}

describe('the chaos report', () => {
  it('passes when nothing is lost or duplicated, counts where the in-doubt records went, and sums up each kind', () => {
    const report = buildChaosReport(
      facts({ warehouse: 'w', ok: true, streams: [stream('s', 'sales_lines', 10)], against: [against('s', [], ['a'], ['b'])] }),
    );
    expect(report.verdict).toEqual({
      ok: true,
      lost: 0,
      duplicates: 0,
      deadLettered: 0,
      inDoubt: { total: 2, inTopic: 1, notInTopic: 1 },
      revenueMatches: true,
      faultErrors: 0,
      reasons: [],
    });
    // Backlog charged to a fault: from its start until 30 s after its node was back (the 5,000 at 110 s is past both).
    expect(report.kinds.find((kind) => kind.kind === 'broker-kill')).toEqual({
      kind: 'broker-kill',
      count: 2,
      maxRecoveryMs: 6_000,
      backlogPeak: 900,
    });
    expect(report.kinds.find((kind) => kind.kind === 'worker-kill')).toEqual({
      kind: 'worker-kill',
      count: 0,
      maxRecoveryMs: null,
      backlogPeak: null,
    });
    // Only the sample at 110 s is outside every fault and its 30 s aftermath.
    expect(report.steadyBacklog).toBe(5_000);
    expect(renderChaosReport(report)).toContain('PASS: lost 0, duplicates 0, every in-doubt record accounted for, revenue to the cent.');
  });

  it('fails on an acknowledged record Kafka lost, a duplicate and a cent off, naming the key and the faults in flight', () => {
    const report = buildChaosReport(
      facts(
        { warehouse: 'w', ok: false, streams: [stream('s', 'sales_lines', 10)], against: [against('s', ['k-lost'])] },
        { duplicateRows: { sales_lines: 1 }, revenue: { expected: '100.00', table: '100.01' } },
      ),
    );
    expect(report.verdict.ok).toBe(false);
    expect(report.verdict.reasons).toEqual(['1 record(s) lost', '1 duplicate row(s)', 'revenue 100.01 in the table, 100.00 sent']);
    expect(report.problems).toEqual([{ key: 'k-lost', topic: 's', problem: 'lost by Kafka', faultsInFlight: ['broker-kill kafka-2'] }]);
    const text = renderChaosReport(report);
    expect(text).toContain('FAIL: 1 record(s) lost; 1 duplicate row(s); revenue 100.01 in the table, 100.00 sent.');
    expect(text).toContain('  k-lost (s): lost by Kafka; faults in flight: broker-kill kafka-2');
  });

  it('fails when the pipeline did not drain in time: rows still missing from a table', () => {
    const report = buildChaosReport(
      facts({ warehouse: 'w', ok: false, streams: [stream('s', 'sales_lines', 10, ['m1'])], against: [against('s')] }, { drained: false }),
    );
    expect(report.verdict.reasons).toEqual(['the pipeline had not drained 12 s after the producer ended', '1 record(s) lost']);
    expect(report.problems[0]).toMatchObject({ key: 'm1', problem: 'missing from the table' });
  });
});
