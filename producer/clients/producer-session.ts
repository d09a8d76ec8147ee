/**
 * What the sender needs from a Kafka client, whichever it is: open an idempotent producer session
 * (acks=all, gzip), send one partition's records and learn whether the broker wrote them, close.
 * The adapters in this folder implement it for kafkajs, @platformatic/kafka and
 * @confluentinc/kafka-javascript; the sender (../kafka-sender.ts) does the booking.
 */
import type { ProducerClientName } from '../../lib/kafka/producer-clients.js';

/** One record as it goes on the wire. */
export interface WireMessage {
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** The records of one produce request: one topic, one partition (see KafkaSender for why). */
export interface PartitionBatch {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly WireMessage[];
}

/** One idempotent producer session: a producer id and its sequence numbers. */
export interface ProducerSession {
  /** Resolves when the broker acknowledged every record (acks=all); rejects when any may be unwritten. */
  produce(batch: PartitionBatch): Promise<void>;
  close(): Promise<void>;
}

/** Opens a new session: a fresh producer id, sequence numbers from zero. */
export type OpenSession = () => Promise<ProducerSession>;

/** A client as the sender uses it. */
export interface ProducerClient {
  readonly name: ProducerClientName;
  readonly openSession: OpenSession;
  /**
   * How many of the sender's batches may be in flight at once. 1 where the client's own handling of
   * sequence numbers after an error is not safe with more (kafkajs; see KafkaSender).
   */
  readonly batchesInFlight: number;
}

/** Where the adapters connect. */
export interface ProducerClientOptions {
  /** Comma-separated host:port list (KAFKA_BROKERS). */
  readonly brokers: string;
  readonly clientId?: string;
}
