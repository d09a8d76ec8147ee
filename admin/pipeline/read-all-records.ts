import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';

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
  let ends: Map<number, bigint>;
  try {
    if (!(await admin.listTopics()).includes(topic)) return [];
    ends = new Map((await admin.fetchTopicOffsets(topic)).map((partition) => [partition.partition, BigInt(partition.high)]));
  } finally {
    await admin.disconnect();
  }
  const pending = new Set([...ends].filter(([, high]) => high > 0n).map(([partition]) => partition));
  const records: RawRecord[] = [];
  if (pending.size === 0) return records;
  const consumer = kafka.consumer({ groupId: `pipeline-check-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`reading ${topic} took longer than ${timeoutMs / 1000} s`)), timeoutMs);
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          const high = ends.get(partition) ?? 0n;
          if (BigInt(message.offset) >= high) return;
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(message.headers ?? {})) if (value !== undefined) headers[name] = String(value);
          records.push({ partition, offset: message.offset, value: String(message.value ?? ''), headers });
          if (BigInt(message.offset) + 1n >= high) pending.delete(partition);
          if (pending.size === 0) {
            clearTimeout(timer);
            resolvePromise();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}
