import type { Kafka } from 'kafkajs';
import { describeCause, PipelineError } from '../lib/errors.js';
import type { ProducerClient } from '../producer/clients/producer-session.js';
import { KafkaSender } from '../producer/kafka-sender.js';
import { type Outcome, ProduceLedger } from '../producer/produce-ledger.js';
import type { OutgoingRecord } from '../producer/record-builder.js';

/** Keeps only the outcome of the batch in flight (a collector runs for months: no per-record keys kept). */
class BatchOutcomes extends ProduceLedger {
  outcome: Outcome = 'acked';
  error: string | undefined;

  override settle(_topic: string, _ids: readonly string[], outcome: Outcome, error?: string): void {
    if (outcome !== 'acked' && this.outcome === 'acked') {
      this.outcome = outcome;
      this.error = error;
    }
  }
}

interface Waiting {
  readonly records: readonly OutgoingRecord[];
  readonly resolve: () => void;
  readonly reject: (error: PipelineError) => void;
}

/**
 * The project's sender (idempotent, acks=all) for many concurrent requests: each `send` resolves once
 * Kafka acknowledged its records, or rejects (KAFKA_UNREACHABLE). Requests that arrive while a batch is
 * in flight go together in the next one, so throughput grows with load while one batch is in flight.
 */
export class AckedSender {
  private readonly waiting: Waiting[] = [];
  /** The loop sending batches, while there is anything to send. */
  private pumping: Promise<void> | undefined;

  private constructor(
    private readonly sender: KafkaSender,
    private readonly outcomes: BatchOutcomes,
  ) {}

  static async connect(kafka: Kafka, client: ProducerClient): Promise<AckedSender> {
    const outcomes = new BatchOutcomes();
    return new AckedSender(await KafkaSender.connect(kafka, client, outcomes), outcomes);
  }

  send(records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiting.push({ records, resolve, reject });
      this.kick();
    });
  }

  /** Starts the sending loop unless it runs; a request queued as it ended starts it again. */
  private kick(): void {
    if (this.pumping) return;
    this.pumping = this.pump().finally(() => {
      this.pumping = undefined;
      if (this.waiting.length > 0) this.kick();
    });
  }

  private async pump(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0);
      this.outcomes.outcome = 'acked';
      this.outcomes.error = undefined;
      try {
        await this.sender.send(batch.flatMap((entry) => entry.records));
        await this.sender.flush();
      } catch (error) {
        this.outcomes.outcome = 'failed';
        this.outcomes.error = describeCause(error);
      }
      const { outcome, error } = this.outcomes;
      for (const entry of batch) {
        if (outcome === 'acked') entry.resolve();
        else
          entry.reject(
            new PipelineError('KAFKA_UNREACHABLE', `Kafka did not acknowledge the records (${outcome}${error ? `: ${error}` : ''}).`),
          );
      }
    }
  }

  /** Waits for what is in flight and queued, then disconnects. */
  async close(): Promise<void> {
    while (this.pumping) await this.pumping;
    await this.sender.close();
  }
}
