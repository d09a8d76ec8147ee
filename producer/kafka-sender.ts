import type { Kafka } from 'kafkajs';
import { describeCause, PipelineError } from '../lib/errors.js';
import { partitionForKey } from '../lib/kafka/key-partition.js';
import type { OpenSession, PartitionBatch, ProducerClient, ProducerSession, WireMessage } from './clients/producer-session.js';
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

/** How many partitions a topic has (the sender places each record itself, as the Java client would). */
export type PartitionCount = (topic: string) => Promise<number>;

export interface SenderOptions {
  readonly onSend?: SendListener;
  /** Partitions per topic; 1 for every topic when absent (tests). */
  readonly partitionCount?: PartitionCount;
  /** How many batches may be in flight at once (the client's `batchesInFlight`); 1 when absent. */
  readonly batchesInFlight?: number;
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

/** One topic's share of a batch: its messages and their record ids, in the same order. */
interface TopicGroup {
  readonly topic: string;
  readonly messages: WireMessage[];
  readonly ids: string[];
}

/** One partition's share of a batch: its messages and their record ids, in the same order. */
interface PartitionRequest extends PartitionBatch {
  readonly messages: WireMessage[];
  readonly ids: string[];
}

/**
 * Sends records through any of the producer clients (./clients): idempotent, acks=all, gzip, and
 * books each record acknowledged, in doubt or failed in the ledger.
 *
 * Booking, and why the sender is careful (the broker-restart fault test showed both failure modes):
 * - Batches in flight are bounded by the client (`batchesInFlight`): one for kafkajs, which rolls a
 *   partition's sequence number back when a produce request fails, even when the broker had written
 *   it; a second batch in flight could then take the same sequence numbers, be refused as out of
 *   order (non-retriable) or, worse, be answered as a duplicate of a batch it is not. Generation
 *   still overlaps the batches in flight.
 * - Any error leaves the request's records in doubt: the broker may have written them.
 * - After an error, the next batch opens a new producer session (a new producer id), so stale
 *   sequence numbers never reach the broker again. A batch for which no session can be opened was
 *   never handed to a broker: it is booked failed.
 * - One partition per produce request. kafkajs 2.2.4 remembers which brokers answered a
 *   multi-broker send and, when it retries after a leader change, skips them, even when a partition
 *   of the failed broker has moved to one of them: send() then resolves although that partition's
 *   records were never written (the chaos run lost an acknowledged record this way; the upstream
 *   report is tulios/kafkajs#1303, the open fix #1798). With one partition per request no other
 *   broker's answer can stand in for it, and each request is booked by its own answer. The requests
 *   of a batch go out side by side.
 */
export class KafkaSender implements RecordSink {
  private readonly inFlight = new Set<Promise<void>>();

  private constructor(
    private readonly openSession: OpenSession,
    /** The open producer session; undefined after an error until the next batch opens one. */
    private session: ProducerSession | undefined,
    private readonly ledger: ProduceLedger,
    private readonly onSend: SendListener | undefined,
    private readonly partitionCount: PartitionCount,
    private readonly batchesInFlight: number,
  ) {}

  /** A sender through `client`, placing records by the partition counts `kafka` reads from the cluster. */
  static async connect(
    kafka: Kafka,
    client: ProducerClient,
    ledger: ProduceLedger,
    options: { onSend?: SendListener } = {},
  ): Promise<KafkaSender> {
    return KafkaSender.withSessions(client.openSession, ledger, {
      ...options,
      partitionCount: partitionCountsOf(kafka),
      batchesInFlight: client.batchesInFlight,
    });
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
    return new KafkaSender(
      open,
      session,
      ledger,
      options.onSend,
      options.partitionCount ?? (async () => 1),
      Math.max(1, options.batchesInFlight ?? 1),
    );
  }

  async send(records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    // A loop, not one await: with callers that do not wait for each other, still within the bound.
    while (this.inFlight.size >= this.batchesInFlight) await Promise.race(this.inFlight);
    const sentAtMs = Date.now();
    const sentAt = String(sentAtMs);
    this.onSend?.(records, sentAtMs);
    const byTopic = new Map<string, { messages: WireMessage[]; ids: string[]; invalid: number }>();
    // One headers object for every valid record of the batch (clients may convert it once).
    const validHeaders = Object.freeze({ [SENT_AT_HEADER]: sentAt });
    for (const record of records) {
      let group = byTopic.get(record.topic);
      if (!group) {
        group = { messages: [], ids: [], invalid: 0 };
        byTopic.set(record.topic, group);
      }
      let headers: Readonly<Record<string, string>> = validHeaders;
      if (record.invalidKind) {
        headers = { [SENT_AT_HEADER]: sentAt, [INVALID_HEADER]: record.invalidKind };
        group.invalid += 1;
      }
      group.messages.push({ key: record.key, value: record.value, headers });
      group.ids.push(record.recordId);
    }
    for (const [topic, group] of byTopic) this.ledger.sent(topic, group.messages.length, group.invalid);
    const sending = this.sendOnce([...byTopic].map(([topic, group]) => ({ topic, ...group }))).finally(() => {
      this.inFlight.delete(sending);
    });
    this.inFlight.add(sending);
  }

  /** The batch as produce requests, one per partition. */
  private async requestsOf(groups: readonly TopicGroup[]): Promise<PartitionRequest[]> {
    const requests: PartitionRequest[] = [];
    for (const group of groups) {
      const count = await this.partitionCount(group.topic);
      const byPartition = new Map<number, PartitionRequest>();
      group.messages.forEach((message, index) => {
        const partition = count <= 1 ? 0 : partitionForKey(message.key, count);
        let part = byPartition.get(partition);
        if (!part) {
          part = { topic: group.topic, partition, messages: [], ids: [] };
          byPartition.set(partition, part);
        }
        part.messages.push(message);
        part.ids.push(group.ids[index] as string);
      });
      requests.push(...byPartition.values());
    }
    return requests;
  }

  private async sendOnce(groups: readonly TopicGroup[]): Promise<void> {
    const book = (request: { topic: string; ids: string[] }, outcome: Outcome, error?: unknown) => {
      this.ledger.settle(request.topic, request.ids, outcome, error ? describeCause(error) : undefined);
    };
    let requests: PartitionRequest[];
    let session: ProducerSession;
    try {
      if (!this.session) this.session = await this.openSession();
      session = this.session;
      requests = await this.requestsOf(groups);
    } catch (error) {
      for (const group of groups) book(group, 'failed', error);
      return;
    }
    const outcomes = await Promise.allSettled(requests.map((request) => session.produce(request)));
    let failed = false;
    outcomes.forEach((outcome, index) => {
      const request = requests[index] as PartitionRequest;
      if (outcome.status === 'fulfilled') book(request, 'acked');
      else {
        book(request, 'in-doubt', outcome.reason);
        failed = true;
      }
    });
    if (failed && this.session === session) {
      this.session = undefined;
      await session.close().catch(() => undefined);
    }
  }

  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled(this.inFlight);
  }

  async close(): Promise<void> {
    await this.flush();
    await this.session?.close().catch(() => undefined);
    this.session = undefined;
  }
}
