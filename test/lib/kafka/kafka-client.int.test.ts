import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka } from '../../../lib/kafka/kafka-client.js';
import { testTargets, uniqueSuffix } from '../../support/test-env.js';

/**
 * kafkajs has had no release since 2023: prove it works against the pinned Kafka 4 broker
 * (KIP-896 removed old protocol versions in 4.0) for everything the project needs.
 */
describe('kafkajs against the Kafka 4 broker', () => {
  const suffix = uniqueSuffix();
  const topic = `it-kafka-client-${suffix}`;
  const kafka = createKafka({ brokers: testTargets().kafkaBrokers, clientId: `it-${suffix}` });
  const admin = kafka.admin();

  beforeAll(async () => {
    await admin.connect();
  });

  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('creates a topic with the requested partitions', async () => {
    const created = await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
    expect(created).toBe(true);
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0]?.partitions).toHaveLength(3);
  });

  it('produces idempotently with acks=all and consumes every record back in a group', async () => {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const messages = Array.from({ length: 50 }, (_, index) => ({
      key: `order-${index % 7}`,
      value: JSON.stringify({ index, amount: `${index}.25` }),
      headers: { 'x-sent-at': String(Date.now()) },
    }));
    const results = await producer.send({ topic, acks: -1, messages });
    await producer.disconnect();
    expect(results.map((result) => result.errorCode)).toEqual(results.map(() => 0));

    const consumer = kafka.consumer({ groupId: `it-group-${suffix}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received: Array<{ key: string; value: string; partition: number; header: string }> = [];
    await new Promise<void>((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${received.length} of 50 records consumed`)), 60_000);
      void consumer.run({
        eachMessage: async ({ message, partition }) => {
          received.push({
            key: String(message.key),
            value: String(message.value),
            partition,
            header: String(message.headers?.['x-sent-at']),
          });
          if (received.length === messages.length) {
            clearTimeout(timer);
            resolvePromise();
          }
        },
      });
    });
    await consumer.disconnect();

    expect(received.map((record) => record.value).sort()).toEqual(messages.map((message) => message.value).sort());
    expect(received.every((record) => /^\d+$/.test(record.header))).toBe(true);
    // The same key always lands on the same partition, which keeps an order's lines in order.
    const partitionsByKey = new Map<string, Set<number>>();
    for (const record of received) partitionsByKey.set(record.key, (partitionsByKey.get(record.key) ?? new Set()).add(record.partition));
    expect([...partitionsByKey.values()].every((partitions) => partitions.size === 1)).toBe(true);

    const offsets = await admin.fetchOffsets({ groupId: `it-group-${suffix}`, topics: [topic] });
    const committed = offsets[0]?.partitions.reduce((sum, partition) => sum + Number(partition.offset), 0);
    expect(committed).toBe(messages.length);
  });
});
