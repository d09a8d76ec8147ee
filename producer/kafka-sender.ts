import { CompressionTypes, type Kafka, type Message, type Producer } from 'kafkajs';
import { describeCause, PipelineError } from '../lib/errors.js';
import type { Outcome, ProduceLedger } from './produce-ledger.js';
import { INVALID_HEADER, type OutgoingRecord, SENT_AT_HEADER } from './record-builder.js';

export interface RecordSink {
  send(records: readonly OutgoingRecord[]): Promise<void>;
  /** Resolves when every record handed over so far has settled. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/**
 * How a failed send is booked: a broker answer that the request is bad and will never succeed means
 * the records were not written (failed); anything else — timeouts, lost connections, retries run
 * out — leaves them in doubt, since the broker may have written them before the answer was lost.
 */
export function outcomeOfError(error: unknown): Outcome {
  const kafkaError = error as { name?: string; retriable?: boolean; cause?: unknown };
  if (kafkaError.name === 'KafkaJSProtocolError' && kafkaError.retriable === false) return 'failed';
  if (kafkaError.name === 'KafkaJSNonRetriableError' && kafkaError.cause) return outcomeOfError(kafkaError.cause);
  return 'in-doubt';
}

export async function ensureTopics(kafka: Kafka, topics: readonly string[], partitions: number): Promise<string[]> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      await admin.createTopics({
        topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: -1 })),
        waitForLeaders: true,
      });
    }
    return missing;
  } catch (error) {
    throw new PipelineError(
      'KAFKA_ERROR',
      `Cannot create the topics ${topics.join(', ')}: ${describeCause(error)}. Check KAFKA_BROKERS and that the broker is up (npm run stack:status).`,
      {
        cause: error,
      },
    );
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Told of every batch as it is handed to Kafka, with the send time written into its `x-sent-at` header. */
export type SendListener = (records: readonly OutgoingRecord[], sentAtMs: number) => void;

/** Sends records with kafkajs: idempotent, acks=all, gzip, a bounded number of batches in flight. */
export class KafkaSender implements RecordSink {
  private readonly pending = new Set<Promise<void>>();

  private constructor(
    private readonly producer: Producer,
    private readonly ledger: ProduceLedger,
    private readonly maxPendingBatches: number,
    private readonly onSend: SendListener | undefined,
  ) {}

  static async connect(
    kafka: Kafka,
    ledger: ProduceLedger,
    options: { maxPendingBatches?: number; onSend?: SendListener } = {},
  ): Promise<KafkaSender> {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    try {
      await producer.connect();
    } catch (error) {
      throw new PipelineError(
        'KAFKA_ERROR',
        `Cannot connect to Kafka: ${describeCause(error)}. Check KAFKA_BROKERS and that the broker is up (npm run stack:status).`,
        {
          cause: error,
        },
      );
    }
    return new KafkaSender(producer, ledger, options.maxPendingBatches ?? 4, options.onSend);
  }

  async send(records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    while (this.pending.size >= this.maxPendingBatches) await Promise.race(this.pending);
    const sentAtMs = Date.now();
    const sentAt = String(sentAtMs);
    this.onSend?.(records, sentAtMs);
    const byTopic = new Map<string, { messages: Message[]; ids: string[] }>();
    for (const record of records) {
      let group = byTopic.get(record.topic);
      if (!group) {
        group = { messages: [], ids: [] };
        byTopic.set(record.topic, group);
      }
      const headers: Record<string, string> = { [SENT_AT_HEADER]: sentAt };
      if (record.invalidKind) headers[INVALID_HEADER] = record.invalidKind;
      group.messages.push({ key: record.key, value: record.value, headers });
      group.ids.push(record.recordId);
    }
    for (const [topic, group] of byTopic) {
      this.ledger.sent(topic, group.messages.length, group.messages.filter((message) => message.headers?.[INVALID_HEADER]).length);
    }
    const topicMessages = [...byTopic].map(([topic, group]) => ({ topic, messages: group.messages }));
    const settle = this.producer
      .sendBatch({ topicMessages, acks: -1, compression: CompressionTypes.GZIP })
      .then(
        () => {
          for (const [topic, group] of byTopic) this.ledger.settle(topic, group.ids, 'acked');
        },
        (error: unknown) => {
          const outcome = outcomeOfError(error);
          for (const [topic, group] of byTopic) this.ledger.settle(topic, group.ids, outcome, describeCause(error));
        },
      )
      .finally(() => this.pending.delete(settle));
    this.pending.add(settle);
  }

  async flush(): Promise<void> {
    await Promise.all(this.pending);
  }

  async close(): Promise<void> {
    await this.flush();
    await this.producer.disconnect().catch(() => undefined);
  }
}
