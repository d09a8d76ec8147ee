import type { Kafka } from 'kafkajs';
import type { ProducerClientName } from '../../lib/kafka/producer-clients.js';
import { confluentClient } from './confluent-client.js';
import { kafkajsClient } from './kafkajs-client.js';
import { platformaticClient } from './platformatic-client.js';
import type { ProducerClient } from './producer-session.js';

export interface ProducerClientWiring {
  /** The project's kafkajs client: its producer for `kafkajs`, its brokers for the others. */
  readonly kafka: Kafka;
  /** The same brokers as text (KAFKA_BROKERS), for the clients that are not kafkajs. */
  readonly brokers: string;
  readonly clientId?: string;
}

/** The producer client named by PRODUCER_CLIENT. */
export async function createProducerClient(name: ProducerClientName, wiring: ProducerClientWiring): Promise<ProducerClient> {
  switch (name) {
    case 'kafkajs':
      return kafkajsClient(wiring.kafka);
    case 'platformatic':
      return platformaticClient(wiring);
    case 'confluent':
      return confluentClient(wiring);
  }
}

/** The configured client (PRODUCER_CLIENT, KAFKA_BROKERS) over the project's kafkajs client. */
export function configuredProducerClient(
  values: { readonly PRODUCER_CLIENT: ProducerClientName; readonly KAFKA_BROKERS: string },
  kafka: Kafka,
  clientId?: string,
): Promise<ProducerClient> {
  return createProducerClient(values.PRODUCER_CLIENT, { kafka, brokers: values.KAFKA_BROKERS, clientId });
}
