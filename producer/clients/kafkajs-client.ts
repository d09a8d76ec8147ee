import { CompressionTypes, type Kafka } from 'kafkajs';
import type { OpenSession, ProducerClient } from './producer-session.js';

/**
 * kafkajs 2.2.4 (unmaintained since 2023): idempotence is marked experimental and allows one request
 * in flight; after a failed request it rolls sequence numbers back even when the broker wrote the
 * batch, so the sender keeps one batch in flight and opens a new session after any error.
 */
export function kafkajsClient(kafka: Kafka): ProducerClient {
  const openSession: OpenSession = async () => {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    return {
      async produce(batch) {
        await producer.send({
          topic: batch.topic,
          messages: batch.messages.map((message) => ({ ...message, partition: batch.partition })),
          acks: -1,
          compression: CompressionTypes.GZIP,
        });
      },
      close: () => producer.disconnect(),
    };
  };
  return { name: 'kafkajs', openSession, batchesInFlight: 1 };
}
