import { createKafka } from '../../lib/kafka/kafka-client.js';
import { testTargets, uniqueSuffix } from './test-env.js';

export interface ReadRecord {
  readonly topic: string;
  readonly key: string;
  readonly value: string;
  readonly headers: Record<string, string>;
  readonly partition: number;
}

/** Reads topics from the beginning until `expected` records arrived (or the timeout), in a fresh group. */
export async function readTopics(topics: readonly string[], expected: number, timeoutMs = 60_000): Promise<ReadRecord[]> {
  const kafka = createKafka({ brokers: testTargets().kafkaBrokers, clientId: 'test-reader' });
  const consumer = kafka.consumer({ groupId: `test-reader-${uniqueSuffix()}` });
  const records: ReadRecord[] = [];
  await consumer.connect();
  try {
    for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolvePromise, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`read ${records.length} of ${expected} records from ${topics.join(', ')}`)),
        timeoutMs,
      );
      void consumer.run({
        eachMessage: async ({ topic, partition, message }) => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
          records.push({ topic, partition, key: String(message.key), value: String(message.value), headers });
          if (records.length >= expected) {
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

export async function deleteTopics(topics: readonly string[]): Promise<void> {
  const admin = createKafka({ brokers: testTargets().kafkaBrokers }).admin();
  await admin.connect();
  const existing = new Set(await admin.listTopics());
  const present = topics.filter((topic) => existing.has(topic));
  if (present.length > 0) await admin.deleteTopics({ topics: present });
  await admin.disconnect();
}
