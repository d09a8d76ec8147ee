import { CompressionAlgorithms, ProduceAcks, Producer, stringSerializers } from '@platformatic/kafka';
import { brokerList } from '../../lib/kafka/kafka-client.js';
import type { OpenSession, ProducerClient, ProducerClientOptions } from './producer-session.js';

/** Retries of one produce request before it fails (the idempotent default would retry for ever). */
const RETRIES = 6;
const RETRY_DELAY_MS = 1_000;

/**
 * @platformatic/kafka 2.x: pure TypeScript, idempotent with one request in flight per broker; it
 * numbers each send's records before sending, and after an error drops its producer id.
 */
export function platformaticClient(options: ProducerClientOptions): ProducerClient {
  const openSession: OpenSession = async () => {
    const producer = new Producer({
      clientId: options.clientId ?? 'ecommerce-producer',
      bootstrapBrokers: brokerList(options.brokers),
      serializers: stringSerializers,
      idempotent: true,
      acks: ProduceAcks.ALL,
      compression: CompressionAlgorithms.GZIP,
      autocreateTopics: false,
      retries: RETRIES,
      retryDelay: RETRY_DELAY_MS,
      connectTimeout: 3_000,
    });
    try {
      await producer.initIdempotentProducer({});
    } catch (error) {
      await producer.close().catch(() => undefined);
      throw error;
    }
    return {
      async produce(batch) {
        await producer.send({
          messages: batch.messages.map((message) => ({ topic: batch.topic, partition: batch.partition, ...message })),
        });
      },
      close: () => producer.close(true),
    };
  };
  return { name: 'platformatic', openSession, batchesInFlight: 1 };
}
