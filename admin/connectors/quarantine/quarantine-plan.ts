import type { OffsetRange } from '../../../lib/kafka/topic-ranges.js';
import type { ConnectorConfig, SinkOffsets } from '../../connect/connect-client.js';

/** What quarantine will read and how the probe connector differs from the real one (pure). */

export interface PendingRange extends OffsetRange {
  readonly topic: string;
}

/** The records a sink has not committed yet, per partition, at most `maxRecords` in all (oldest first, partition by partition). */
export function pendingRanges(
  committed: SinkOffsets,
  ends: ReadonlyMap<string, ReadonlyMap<number, number>>,
  maxRecords: number,
): { ranges: PendingRange[]; pending: number } {
  const ranges: PendingRange[] = [];
  let pending = 0;
  let budget = maxRecords;
  for (const [topic, partitions] of [...ends].sort(([a], [b]) => a.localeCompare(b))) {
    for (const [partition, end] of [...partitions].sort(([a], [b]) => a - b)) {
      const entry = committed.offsets.find(
        (offset) => offset.partition.kafka_topic === topic && Number(offset.partition.kafka_partition) === partition,
      );
      // No committed offset: the sink starts at the beginning (auto.offset.reset=earliest).
      const from = entry ? Number(entry.offset.kafka_offset) : 0;
      if (end <= from) continue;
      pending += end - from;
      const take = Math.min(end - from, budget);
      if (take > 0) ranges.push({ topic, partition, from, to: from + take });
      budget -= take;
    }
  }
  return { ranges, pending };
}

/** Names of the temporary objects of one quarantine run. */
export const probeNames = (connector: string, run: string) => ({
  connector: `${connector}-quarantine-probe`,
  topic: `quarantine-probe-${connector}-${run}`,
  deadLetters: `quarantine-probe-${connector}-${run}-dlq`,
});

/**
 * The probe: the real sink's own configuration, reading a one-partition copy of the pending records
 * one at a time, so the record it fails on is the one at its committed offset. It fails fast (one flush
 * retry), and its converter failures go to a dead-letter topic of its own (the real sink dead-letters
 * those itself).
 */
export function probeConfig(config: ConnectorConfig, names: ReturnType<typeof probeNames>): ConnectorConfig {
  const { 'topics.regex': _regex, ...rest } = config;
  return {
    ...rest,
    name: names.connector,
    topics: names.topic,
    'tasks.max': '1',
    'batch.size': '1',
    'consumer.override.max.poll.records': '1',
    'flush.max.retries': '1',
    'flush.retry.delay.ms': '100',
    'errors.deadletterqueue.topic.name': names.deadLetters,
  };
}

/** Where each partition with a poison record resumes: after its last one (every record before it landed through the probe). */
export function offsetMoves(poisons: ReadonlyArray<{ topic: string; partition: number; offset: number }>): SinkOffsets {
  const last = new Map<string, { topic: string; partition: number; offset: number }>();
  for (const poison of poisons) {
    const key = `${poison.topic}\u0000${poison.partition}`;
    if ((last.get(key)?.offset ?? -1) < poison.offset) last.set(key, poison);
  }
  return {
    offsets: [...last.values()].map((poison) => ({
      partition: { kafka_topic: poison.topic, kafka_partition: poison.partition },
      offset: { kafka_offset: poison.offset + 1 },
    })),
  };
}
