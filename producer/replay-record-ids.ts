import type { RecordSink } from './kafka-sender.js';
import { produce } from './produce.js';
import type { ProduceOptions } from './produce-options.js';
import type { OutgoingRecord } from './record-builder.js';

/** Every record id a run produced, per topic: valid ones apart from the deliberately malformed ones. */
export interface ReplayedIds {
  readonly valid: string[];
  readonly invalid: string[];
}

/**
 * Generates again what a `produce` run with these options and this many orders sent, without
 * sending anything: the generator is seeded, so the same options give the same records. The
 * reconciliation uses it to know every key the producer handed to Kafka.
 */
export async function replayRecordIds(options: ProduceOptions, orders: number): Promise<Map<string, ReplayedIds>> {
  const byTopic = new Map<string, ReplayedIds>();
  const sink: RecordSink = {
    async send(records: readonly OutgoingRecord[]) {
      for (const record of records) {
        let ids = byTopic.get(record.topic);
        if (!ids) {
          ids = { valid: [], invalid: [] };
          byTopic.set(record.topic, ids);
        }
        (record.invalidKind ? ids.invalid : ids.valid).push(record.recordId);
      }
    },
    flush: async () => undefined,
    close: async () => undefined,
  };
  await produce(
    { ...options, count: orders, durationMs: null, ratePerSecond: null, dryRun: true },
    { sink, now: () => 0, sleep: async () => undefined },
    new AbortController().signal,
  );
  return byTopic;
}
