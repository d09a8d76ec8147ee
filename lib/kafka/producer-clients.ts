/** The Kafka clients the producer can send with (`PRODUCER_CLIENT`); adapters in producer/clients/. */
export const PRODUCER_CLIENTS = ['kafkajs', 'platformatic', 'confluent'] as const;
export type ProducerClientName = (typeof PRODUCER_CLIENTS)[number];
