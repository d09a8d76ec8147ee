import type { Kafka } from 'kafkajs';
import { readRanges } from '../../lib/kafka/topic-ranges.js';

export interface RawRecord {
  readonly partition: number;
  readonly offset: string;
  readonly value: string;
  readonly headers: Record<string, string>;
}

/** Every record of a topic up to its current end (a snapshot); an absent topic reads as empty. */
export async function readAllRecords(kafka: Kafka, topic: string, timeoutMs = 120_000): Promise<RawRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  let partitions: Array<{ partition: number; low: string; high: string }>;
  try {
    if (!(await admin.listTopics()).includes(topic)) return [];
    partitions = await admin.fetchTopicOffsets(topic);
  } finally {
    await admin.disconnect();
  }
  const ranges = partitions.map((partition) => ({
    partition: partition.partition,
    from: Number(partition.low),
    to: Number(partition.high),
  }));
  const records = await readRanges(kafka, topic, ranges, timeoutMs);
  return records.map((record) => ({
    partition: record.partition,
    offset: String(record.offset),
    value: String(record.value ?? ''),
    headers: Object.fromEntries(
      Object.entries(record.headers).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)]])),
    ),
  }));
}
