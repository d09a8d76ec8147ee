import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin, IHeaders, Kafka } from 'kafkajs';

/** One record as it is in its topic: bytes untouched, so a copy is the record itself. */
export interface TopicRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: IHeaders;
}

export interface OffsetRange {
  readonly partition: number;
  /** First offset to read. */
  readonly from: number;
  /** Offset after the last one to read. */
  readonly to: number;
}

/**
 * Reads the records of `ranges` of one topic, each partition in offset order (a throw-away consumer
 * group seeks to each range's start). Resolves when every range is read; `timeoutMs` bounds the wait.
 */
export async function readRanges(kafka: Kafka, topic: string, ranges: readonly OffsetRange[], timeoutMs = 120_000): Promise<TopicRecord[]> {
  const records: TopicRecord[] = [];
  await scanRanges(kafka, topic, ranges, (record) => records.push(record), timeoutMs);
  return records.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}

/**
 * Hands each record of `ranges` of one topic to `visit` as it arrives (each partition in offset order,
 * partitions interleaved), keeping none: for topics too large to hold. Resolves when every range is read.
 */
export async function scanRanges(
  kafka: Kafka,
  topic: string,
  ranges: readonly OffsetRange[],
  visit: (record: TopicRecord) => void,
  timeoutMs = 120_000,
): Promise<void> {
  const wanted = ranges.filter((range) => range.to > range.from);
  if (wanted.length === 0) return;
  const byPartition = new Map(wanted.map((range) => [range.partition, range]));
  const left = new Set(byPartition.keys());
  // A group of its own (never shared with a concurrent read, which would split the partitions between them).
  const consumer = kafka.consumer({ groupId: `connectors-range-reader-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: false });
    let done: () => void = () => undefined;
    const finished = new Promise<void>((resolvePromise) => {
      done = resolvePromise;
    });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const range = byPartition.get(partition);
        const offset = Number(message.offset);
        if (!range || offset < range.from || offset >= range.to) return;
        visit({
          topic,
          partition,
          offset,
          timestamp: message.timestamp,
          key: message.key,
          value: message.value,
          headers: message.headers ?? {},
        });
        if (offset + 1 >= range.to) left.delete(partition);
        if (left.size === 0) done();
      },
    });
    // kafkajs seeks once run has created the group; the group starts at the end, so only the ranges are read.
    for (const range of wanted) consumer.seek({ topic, partition: range.partition, offset: String(range.from) });
    const timer = new AbortController();
    const timedOut = await Promise.race([
      finished.then(() => false),
      sleep(timeoutMs, true, { signal: timer.signal }).catch(() => false),
    ]).finally(() => timer.abort());
    if (timedOut) throw new Error(`reading ${topic} took longer than ${timeoutMs / 1000} s (${left.size} partition(s) unfinished)`);
  } finally {
    await consumer.disconnect();
  }
}

/** Each partition's end offset (the offset the next record will get). */
export async function endOffsets(kafka: Kafka, topic: string): Promise<Map<number, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return new Map((await admin.fetchTopicOffsets(topic)).map((partition) => [partition.partition, Number(partition.high)]));
  } finally {
    await admin.disconnect();
  }
}

/** The records written to these topics so far: the sum of their partitions' end offsets. */
export async function recordsWritten(admin: Admin, topics: readonly string[]): Promise<number> {
  const partitions = (await Promise.all(topics.map((topic) => admin.fetchTopicOffsets(topic)))).flat();
  return partitions.reduce((sum, partition) => sum + Number(partition.high), 0);
}
