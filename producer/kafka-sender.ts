import { CompressionTypes, type Kafka, type Message, Partitioners, type PartitionMetadata, type Producer } from 'kafkajs';
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

/** How many partitions a topic has (the sender places each record itself, as kafkajs would). */
export type PartitionCount = (topic: string) => Promise<number>;

export interface SenderOptions {
  readonly onSend?: SendListener;
  /** When given, every produce request carries one partition (see the class comment); one request per batch otherwise. */
  readonly partitionCount?: PartitionCount;
}

/** Partition counts read once per topic from the cluster's metadata. */
function partitionCountsOf(kafka: Kafka): PartitionCount {
  const counts = new Map<string, Promise<number>>();
  return (topic) => {
    let count = counts.get(topic);
    if (!count) {
      count = (async () => {
        const admin = kafka.admin();
        await admin.connect();
        try {
          const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
          return metadata.topics[0]?.partitions.length ?? 0;
        } finally {
          await admin.disconnect().catch(() => undefined);
        }
      })();
      count.catch(() => counts.delete(topic));
      counts.set(topic, count);
    }
    return count;
  };
}

/** kafkajs' default partitioner (murmur2 of the key, as the Java client), applied before sending. */
const placeRecord = Partitioners.DefaultPartitioner();

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
 * - One partition per produce request (`partitionCount`). kafkajs 2.2.4 remembers which brokers
 *   answered a multi-broker send and, when it retries after a leader change, skips them, even when a
 *   partition of the failed broker has moved to one of them: send() then resolves although that
 *   partition's records were never written (the chaos run lost an acknowledged record this way; the
 *   upstream report is tulios/kafkajs#1303, the open fix #1798). With one partition per request no
 *   other broker's answer can stand in for it. The requests of a batch go out side by side.
 */
/** One topic's share of a batch: its messages and their record ids, in the same order. */
interface TopicGroup {
  readonly topic: string;
  readonly messages: Message[];
  readonly ids: string[];
}

export class KafkaSender implements RecordSink {
  private inFlight: Promise<void> | undefined;

  private constructor(
    private readonly openSession: OpenSession,
    /** The open producer session; undefined after an error until the next batch opens one. */
    private session: ProducerSession | undefined,
    private readonly ledger: ProduceLedger,
    private readonly onSend: SendListener | undefined,
    private readonly partitionCount: PartitionCount | undefined,
  ) {}

  static async connect(kafka: Kafka, ledger: ProduceLedger, options: { onSend?: SendListener } = {}): Promise<KafkaSender> {
    const open: OpenSession = async () => {
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await producer.connect();
      return producer;
    };
    return KafkaSender.withSessions(open, ledger, { ...options, partitionCount: partitionCountsOf(kafka) });
  }

  /** A sender over any session opener; the first session must open, or this throws KAFKA_ERROR. */
  static async withSessions(open: OpenSession, ledger: ProduceLedger, options: SenderOptions = {}): Promise<KafkaSender> {
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
    return new KafkaSender(open, session, ledger, options.onSend, options.partitionCount);
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
    this.inFlight = this.sendOnce([...byTopic].map(([topic, group]) => ({ topic, ...group }))).finally(() => {
      this.inFlight = undefined;
    });
  }

  /** The batch as produce requests: one per partition with `partitionCount`, else one for everything. */
  private async requestsOf(groups: readonly TopicGroup[]): Promise<TopicGroup[][]> {
    const countOf = this.partitionCount;
    if (!countOf) return [[...groups]];
    const requests: TopicGroup[][] = [];
    for (const group of groups) {
      const count = await countOf(group.topic);
      const partitionMetadata = Array.from({ length: count }, (_, partitionId) => ({ partitionId }) as PartitionMetadata);
      const byPartition = new Map<number, TopicGroup>();
      group.messages.forEach((message, index) => {
        const partition = placeRecord({ topic: group.topic, partitionMetadata, message });
        let part = byPartition.get(partition);
        if (!part) {
          part = { topic: group.topic, messages: [], ids: [] };
          byPartition.set(partition, part);
        }
        part.messages.push({ ...message, partition });
        part.ids.push(group.ids[index] as string);
      });
      for (const part of byPartition.values()) requests.push([part]);
    }
    return requests;
  }

  private async sendOnce(groups: readonly TopicGroup[]): Promise<void> {
    const book = (request: readonly TopicGroup[], outcome: Outcome, error?: unknown) => {
      for (const group of request) this.ledger.settle(group.topic, group.ids, outcome, error ? describeCause(error) : undefined);
    };
    let requests: TopicGroup[][];
    try {
      if (!this.session) this.session = await this.openSession();
      requests = await this.requestsOf(groups);
    } catch (error) {
      book(groups, 'failed', error);
      return;
    }
    const session = this.session;
    const outcomes = await Promise.allSettled(
      requests.map((request) =>
        session.sendBatch({
          topicMessages: request.map(({ topic, messages }) => ({ topic, messages })),
          acks: -1,
          compression: CompressionTypes.GZIP,
        }),
      ),
    );
    let failed = false;
    outcomes.forEach((outcome, index) => {
      const request = requests[index] as TopicGroup[];
      if (outcome.status === 'fulfilled') book(request, 'acked');
      else {
        book(request, 'in-doubt', outcome.reason);
        failed = true;
      }
    });
    if (failed) {
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
