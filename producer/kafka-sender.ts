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

/** Told of every batch as it is handed to Kafka, with the send time written into its `x-sent-at` header. */
export type SendListener = (records: readonly OutgoingRecord[], sentAtMs: number) => void;

/** The part of a kafkajs producer the sender uses (a real one in production; tests may pass their own). */
export type ProducerSession = Pick<Producer, 'sendBatch' | 'disconnect'>;

/** Opens a new idempotent producer session: a fresh producer id, sequence numbers from zero. */
export type OpenSession = () => Promise<ProducerSession>;

/**
 * Sends records with kafkajs: idempotent, acks=all, gzip.
 *
 * Booking, and why the sender is careful (the broker-restart fault test showed both failure modes):
 * - One batch at a time. kafkajs rolls a partition's sequence number back when a produce request
 *   fails, even when the broker had written it; a second batch in flight could then take the same
 *   sequence numbers, be refused as out of order (non-retriable) or, worse, be answered as a
 *   duplicate of a batch it is not. Generation still overlaps the one batch in flight.
 * - Any error leaves the whole batch in doubt. A batch spans many partitions, and kafkajs rejects the
 *   whole request on the first partition's error while the other partitions may have been written.
 * - After an error, the next batch opens a new producer session (a new producer id), so stale
 *   sequence numbers never reach the broker again. A batch for which no session can be opened was
 *   never handed to a broker: it is booked failed.
 */
export class KafkaSender implements RecordSink {
  private inFlight: Promise<void> | undefined;

  private constructor(
    private readonly openSession: OpenSession,
    /** The open producer session; undefined after an error until the next batch opens one. */
    private session: ProducerSession | undefined,
    private readonly ledger: ProduceLedger,
    private readonly onSend: SendListener | undefined,
  ) {}

  static async connect(kafka: Kafka, ledger: ProduceLedger, options: { onSend?: SendListener } = {}): Promise<KafkaSender> {
    const open: OpenSession = async () => {
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await producer.connect();
      return producer;
    };
    return KafkaSender.withSessions(open, ledger, options);
  }

  /** A sender over any session opener; the first session must open, or this throws KAFKA_ERROR. */
  static async withSessions(open: OpenSession, ledger: ProduceLedger, options: { onSend?: SendListener } = {}): Promise<KafkaSender> {
    let session: ProducerSession;
    try {
      session = await open();
    } catch (error) {
      throw new PipelineError(
        'KAFKA_ERROR',
        `Cannot connect to Kafka: ${describeCause(error)}. Check KAFKA_BROKERS and that the broker is up (npm run stack:status).`,
        { cause: error },
      );
    }
    return new KafkaSender(open, session, ledger, options.onSend);
  }

  async send(records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    // A loop, not one await: with callers that do not wait for each other, still one batch at a time.
    while (this.inFlight) await this.inFlight;
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
    const book = (outcome: Outcome, error?: unknown) => {
      for (const [topic, group] of byTopic) this.ledger.settle(topic, group.ids, outcome, error ? describeCause(error) : undefined);
    };
    const topicMessages = [...byTopic].map(([topic, group]) => ({ topic, messages: group.messages }));
    this.inFlight = this.sendOnce(topicMessages, book).finally(() => {
      this.inFlight = undefined;
    });
  }

  private async sendOnce(
    topicMessages: { topic: string; messages: Message[] }[],
    book: (outcome: Outcome, error?: unknown) => void,
  ): Promise<void> {
    if (!this.session) {
      try {
        this.session = await this.openSession();
      } catch (error) {
        book('failed', error);
        return;
      }
    }
    const session = this.session;
    try {
      await session.sendBatch({ topicMessages, acks: -1, compression: CompressionTypes.GZIP });
      book('acked');
    } catch (error) {
      book('in-doubt', error);
      this.session = undefined;
      await session.disconnect().catch(() => undefined);
    }
  }

  async flush(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.session?.disconnect().catch(() => undefined);
    this.session = undefined;
  }
}
