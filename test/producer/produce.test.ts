import { describe, expect, it } from 'vitest';
import { COMPACT_FUNNEL } from '../../producer/generator/traffic-profiles.js';
import type { RecordSink } from '../../producer/kafka-sender.js';
import { produce } from '../../producer/produce.js';
import { ProduceLedger } from '../../producer/produce-ledger.js';
import { defaultProduceOptions, type ProduceOptions } from '../../producer/produce-options.js';
import type { OutgoingRecord } from '../../producer/record-builder.js';

const OPTIONS: ProduceOptions = {
  ...defaultProduceOptions(Date.parse('2025-01-01T00:00:00.000Z')),
  streams: ['sales', 'clickstream', 'feedback'],
  count: 200,
  seed: 3,
};

class MemorySink implements RecordSink {
  readonly records: OutgoingRecord[] = [];
  async send(records: readonly OutgoingRecord[]) {
    this.records.push(...records);
  }
  async flush() {}
  async close() {}
}

function fakeTime() {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
    tick: (ms: number) => (now += ms),
  };
}

describe('produce', () => {
  it('sends every record of N orders, per stream, with keys from the schemas', async () => {
    const sink = new MemorySink();
    const time = fakeTime();
    const summary = await produce(OPTIONS, { sink, ...time }, new AbortController().signal);
    expect(summary.orders).toBe(200);
    expect(summary.interrupted).toBe(false);
    const byTopic = (topic: string) => sink.records.filter((record) => record.topic === topic);
    expect(byTopic('sales_events')).toHaveLength(summary.generator.lines);
    expect(byTopic('user-events')).toHaveLength(summary.generator.clickstreamEvents);
    expect(byTopic('feedback')).toHaveLength(summary.generator.feedback);
    expect(sink.records).toHaveLength(summary.records);
    const line = byTopic('sales_events')[0] as OutgoingRecord;
    // The default format: the Connect payload alone, which the connector files' converters read.
    const payload = JSON.parse(line.value) as { order_id: string; line_no: number };
    expect(line.key).toBe(payload.order_id);
    expect(line.recordId).toBe(`${payload.order_id}|${payload.line_no}`);
  });

  it('sends only the selected streams, with a topic suffix when asked', async () => {
    const sink = new MemorySink();
    await produce({ ...OPTIONS, streams: ['sales'], topicSuffix: '-it1' }, { sink, ...fakeTime() }, new AbortController().signal);
    expect(new Set(sink.records.map((record) => record.topic))).toEqual(new Set(['sales_events-it1']));
  });

  it('adds marked invalid records with their own keys, without changing the valid ones', async () => {
    const clean = new MemorySink();
    await produce(OPTIONS, { sink: clean, ...fakeTime() }, new AbortController().signal);
    const dirty = new MemorySink();
    await produce({ ...OPTIONS, invalidRate: 0.05 }, { sink: dirty, ...fakeTime() }, new AbortController().signal);
    const invalid = dirty.records.filter((record) => record.invalidKind);
    expect(invalid.length).toBeGreaterThan(50);
    expect(invalid.every((record) => record.key.startsWith('invalid-'))).toBe(true);
    expect(new Set(invalid.map((record) => record.invalidKind))).toEqual(
      new Set(['malformed-json', 'schema-mismatch', 'constraint-violation']),
    );
    expect(dirty.records.filter((record) => !record.invalidKind)).toEqual(clean.records);
  });

  it('follows the funnel rates it is given: no browsing sessions leaves only the buying ones', async () => {
    const sink = new MemorySink();
    const summary = await produce(
      { ...OPTIONS, funnel: { ...COMPACT_FUNNEL, browsingSessionsPerOrder: 0 } },
      { sink, ...fakeTime() },
      new AbortController().signal,
    );
    const sessions = new Set(
      sink.records
        .filter((record) => record.topic === 'user-events')
        .map((record) => (JSON.parse(record.value) as { session_id: string }).session_id),
    );
    expect(sessions.size).toBe(summary.orders);
  });

  it('holds the order rate with a controlled clock', async () => {
    const time = fakeTime();
    const summary = await produce(
      { ...OPTIONS, count: 1000, ratePerSecond: 100 },
      { sink: new MemorySink(), ...time },
      new AbortController().signal,
    );
    // 1000 orders at 100/s with a burst of 10: about 9.9 s of simulated time.
    expect(summary.elapsedMs).toBeGreaterThanOrEqual(9_800);
    expect(summary.elapsedMs).toBeLessThanOrEqual(10_000);
  });

  it('stops on abort, still sends what was generated (late lines included), and says it was interrupted', async () => {
    const sink = new MemorySink();
    const abort = new AbortController();
    const time = fakeTime();
    const summary = await produce(
      { ...OPTIONS, count: null, durationMs: 3_600_000, ratePerSecond: 50, lateRate: 0.3 },
      {
        sink,
        ...time,
        sleep: async (ms: number) => {
          time.tick(ms);
          if (time.now() > 2_000) abort.abort();
        },
      },
      abort.signal,
    );
    expect(summary.interrupted).toBe(true);
    expect(summary.orders).toBeGreaterThan(50);
    expect(summary.orders).toBeLessThan(200);
    expect(sink.records.filter((record) => record.topic === 'sales_events')).toHaveLength(summary.generator.lines);
  });
});

describe('send outcome accounting', () => {
  it('keeps per-topic counts and the keys of failed and in-doubt records', () => {
    const ledger = new ProduceLedger();
    ledger.sent('t', 5, 1);
    ledger.settle('t', ['a', 'b'], 'acked');
    ledger.settle('t', ['c'], 'failed', 'MESSAGE_TOO_LARGE');
    ledger.settle('t', ['d'], 'in-doubt');
    expect(ledger.totals()).toEqual({ sent: 5, acked: 2, failed: 1, inDoubt: 1, pending: 1 });
    expect(ledger.topics.get('t')).toMatchObject({ failedKeys: ['c'], inDoubtKeys: ['d'], invalidSent: 1, lastError: 'MESSAGE_TOO_LARGE' });
  });
});
