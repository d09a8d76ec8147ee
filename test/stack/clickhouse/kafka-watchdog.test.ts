import { describe, expect, it } from 'vitest';
import { RECOVERY_COOLDOWN_MS, STALL_MS, stalledKafkaTables, type WatchdogState } from '../../../stack/clickhouse/kafka-watchdog.js';

const fresh: WatchdogState = { stalledSince: new Map(), lastRecovery: new Map() };
const consumer = (table: string, assigned: number, assignmentsEver = 1) => ({ database: 'w', table, assigned, assignmentsEver });

describe('the Kafka tables the ClickHouse service detaches and attaches again', () => {
  it('recovers a table only when every consumer lost its partitions and none came back for 30 s, then not again for a minute', () => {
    const lost = [consumer('sales', 0), consumer('clicks', 0), consumer('clicks', 2)];
    let step = stalledKafkaTables(lost, 0, fresh);
    expect(step.recover).toEqual([]);
    step = stalledKafkaTables(lost, STALL_MS - 1, step.state);
    expect(step.recover).toEqual([]);
    step = stalledKafkaTables(lost, STALL_MS, step.state);
    expect(step.recover).toEqual(['w.sales']);
    // Still without partitions: the next try waits for the cooldown.
    step = stalledKafkaTables(lost, STALL_MS + 1, step.state);
    step = stalledKafkaTables(lost, 2 * STALL_MS + 1, step.state);
    expect(step.recover).toEqual([]);
    step = stalledKafkaTables(lost, STALL_MS + RECOVERY_COOLDOWN_MS + STALL_MS + 1, step.state);
    expect(step.recover).toEqual(['w.sales']);
  });

  it('leaves alone a table whose partitions came back, and consumers that never had any (no messages yet)', () => {
    let step = stalledKafkaTables([consumer('sales', 0)], 0, fresh);
    step = stalledKafkaTables([consumer('sales', 3, 2)], 10_000, step.state);
    step = stalledKafkaTables([consumer('sales', 0, 2)], 20_000, step.state);
    expect(stalledKafkaTables([consumer('sales', 0, 2)], 45_000, step.state).recover).toEqual([]);
    expect(
      stalledKafkaTables([consumer('new', 0, 0)], 10 * STALL_MS, stalledKafkaTables([consumer('new', 0, 0)], 0, fresh).state).recover,
    ).toEqual([]);
  });
});
