import { describe, expect, it } from 'vitest';
import { COMPACT_FUNNEL } from '../../producer/generator/traffic-profiles.js';
import type { RecordSink } from '../../producer/kafka-sender.js';
import { produce } from '../../producer/produce.js';
import { defaultProduceOptions, type ProduceOptions, parseInvalidKinds } from '../../producer/produce-options.js';
import type { OutgoingRecord } from '../../producer/record-builder.js';
import { replayRecordIds } from '../../producer/replay-record-ids.js';

const OPTIONS: ProduceOptions = {
  ...defaultProduceOptions(Date.parse('2025-03-01T00:00:00.000Z')),
  funnel: COMPACT_FUNNEL,
  streams: ['sales', 'clickstream', 'feedback'],
  count: null,
  durationMs: 60_000,
  ratePerSecond: 100,
  seed: 21,
  invalidRate: 0.05,
  topicSuffix: '-r',
};

describe('replaying the record ids of a producer run', () => {
  it('gives exactly the ids a rate-limited, timed run sent, valid and malformed apart', async () => {
    const sent: OutgoingRecord[] = [];
    const sink: RecordSink = { send: async (records) => void sent.push(...records), flush: async () => {}, close: async () => {} };
    let now = 0;
    const summary = await produce(
      OPTIONS,
      {
        sink,
        now: () => now,
        sleep: async (ms) => {
          now += ms;
        },
      },
      new AbortController().signal,
    );
    const replayed = await replayRecordIds(OPTIONS, summary.orders);
    for (const topic of ['sales_events-r', 'user-events-r', 'feedback-r']) {
      const ours = sent.filter((record) => record.topic === topic);
      expect(replayed.get(topic)?.valid).toEqual(ours.filter((r) => !r.invalidKind).map((r) => r.recordId));
      expect(replayed.get(topic)?.invalid).toEqual(ours.filter((r) => r.invalidKind).map((r) => r.recordId));
    }
    expect(replayed.get('sales_events-r')?.invalid.length).toBeGreaterThan(0);
  });

  it('draws malformed records only of the kinds asked for, and none where a stream has no such kind', async () => {
    const sent: OutgoingRecord[] = [];
    const sink: RecordSink = { send: async (records) => void sent.push(...records), flush: async () => {}, close: async () => {} };
    await produce(
      { ...OPTIONS, durationMs: null, ratePerSecond: null, count: 300, invalidRate: 0.2, invalidKinds: ['constraint-violation'] },
      { sink, now: () => 0, sleep: async () => {} },
      new AbortController().signal,
    );
    const kinds = (topic: string) => new Set(sent.filter((r) => r.topic === topic && r.invalidKind).map((r) => r.invalidKind));
    expect(kinds('sales_events-r')).toEqual(new Set(['constraint-violation']));
    expect(kinds('user-events-r')).toEqual(new Set());
  });

  it('parses --invalid-kinds and names unknown kinds', () => {
    expect(parseInvalidKinds('malformed-json, schema-mismatch,malformed-json')).toEqual(['malformed-json', 'schema-mismatch']);
    expect(() => parseInvalidKinds('malformed-json,typo')).toThrow(
      '--invalid-kinds "malformed-json,typo" names unknown kind(s) typo; choose from malformed-json, schema-mismatch, constraint-violation.',
    );
    expect(() => parseInvalidKinds(' , ')).toThrow('is empty');
  });
});
