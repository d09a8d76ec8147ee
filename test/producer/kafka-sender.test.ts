import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import type { ProducerSession } from '../../producer/clients/producer-session.js';
import { KafkaSender } from '../../producer/kafka-sender.js';
import { ProduceLedger } from '../../producer/produce-ledger.js';
import type { OutgoingRecord } from '../../producer/record-builder.js';

const record = (id: string, topic = 't'): OutgoingRecord => ({ stream: 'sales', topic, key: id, value: `{"id":"${id}"}`, recordId: id });

/**
 * Stands in for producer sessions (what the broker answers is scripted per request), to check
 * how the sender books each answer and when it opens a new session. The real broker is exercised by
 * the produce CLI and broker-restart fault tests.
 */
function scriptedSessions(answers: ('ack' | Error)[], openFailures = 0) {
  const log: string[] = [];
  let opened = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let failuresLeft = openFailures;
  const open = async (): Promise<ProducerSession> => {
    if (opened > 0 && failuresLeft > 0) {
      failuresLeft -= 1;
      log.push('open refused');
      throw new Error('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
    }
    const id = ++opened;
    log.push(`open ${id}`);
    return {
      async produce(batch) {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
        const answer = answers.shift() ?? 'ack';
        log.push(`session ${id}: ${batch.messages.map((m) => m.key).join(',')} ${answer === 'ack' ? 'acked' : 'error'}`);
        if (answer !== 'ack') throw answer;
      },
      async close() {
        log.push(`close ${id}`);
      },
    };
  };
  return { open, log, maxInFlight: () => maxInFlight };
}

describe('KafkaSender booking and producer sessions', () => {
  it('books an error as in doubt, and sends the next batch on a new session', async () => {
    const partitionError = Object.assign(new Error('The broker received an out of order sequence number'), {
      name: 'KafkaJSProtocolError',
      retriable: false,
    });
    // The second batch is two requests (topics t and u), both refused.
    const sessions = scriptedSessions(['ack', partitionError, partitionError, 'ack']);
    const ledger = new ProduceLedger();
    const sender = await KafkaSender.withSessions(sessions.open, ledger);
    await sender.send([record('a'), record('b')]);
    await sender.send([record('c'), record('x', 'u')]);
    await sender.send([record('d')]);
    await sender.close();
    expect(sessions.log).toEqual([
      'open 1',
      'session 1: a,b acked',
      'session 1: c error',
      'session 1: x error',
      'close 1',
      'open 2',
      'session 2: d acked',
      'close 2',
    ]);
    expect(ledger.totals()).toEqual({ sent: 5, acked: 3, failed: 0, inDoubt: 2, pending: 0 });
    expect(ledger.topics.get('t')).toMatchObject({
      inDoubtKeys: ['c'],
      failedKeys: [],
      lastError: 'The broker received an out of order sequence number',
    });
    expect(ledger.topics.get('u')).toMatchObject({ inDoubtKeys: ['x'] });
  });

  it('keeps one batch in flight even when sends are not awaited one by one', async () => {
    const sessions = scriptedSessions([]);
    const ledger = new ProduceLedger();
    const sender = await KafkaSender.withSessions(sessions.open, ledger);
    await Promise.all([sender.send([record('a')]), sender.send([record('b')]), sender.send([record('c')])]);
    await sender.close();
    expect(sessions.maxInFlight()).toBe(1);
    expect(ledger.totals()).toEqual({ sent: 3, acked: 3, failed: 0, inDoubt: 0, pending: 0 });
  });

  it("keeps up to the client's number of batches in flight", async () => {
    const sessions = scriptedSessions([]);
    const ledger = new ProduceLedger();
    const sender = await KafkaSender.withSessions(sessions.open, ledger, { batchesInFlight: 3 });
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((id) => sender.send([record(id)])));
    await sender.close();
    expect(sessions.maxInFlight()).toBe(3);
    expect(ledger.totals()).toEqual({ sent: 5, acked: 5, failed: 0, inDoubt: 0, pending: 0 });
  });

  it('books a batch as failed when no new session can be opened for it, and tries again for the next', async () => {
    const sessions = scriptedSessions([new Error('Connection closed')], 1);
    const ledger = new ProduceLedger();
    const sender = await KafkaSender.withSessions(sessions.open, ledger);
    await sender.send([record('a')]);
    await sender.send([record('b')]);
    await sender.send([record('c')]);
    await sender.close();
    expect(sessions.log).toEqual(['open 1', 'session 1: a error', 'close 1', 'open refused', 'open 2', 'session 2: c acked', 'close 2']);
    expect(ledger.topics.get('t')).toMatchObject({ acked: 1, inDoubtKeys: ['a'], failedKeys: ['b'] });
  });

  it('refuses to start when the first session cannot open, saying what to check', async () => {
    const open = async (): Promise<ProducerSession> => {
      throw new Error('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
    };
    await expect(KafkaSender.withSessions(open, new ProduceLedger())).rejects.toThrow(
      'Cannot connect to Kafka: Connection error: connect ECONNREFUSED 127.0.0.1:9092. Check KAFKA_BROKERS and that the broker is up (npm run stack:status).',
    );
  });

  it('sends one produce request per partition, placed as kafkajs would, and books each request by its own answer', async () => {
    const requests: Array<{ topics: string[]; partitions: number[]; keys: string[] }> = [];
    const answers: Record<string, 'ack' | Error> = {};
    let opened = 0;
    const open = async (): Promise<ProducerSession> => {
      opened += 1;
      return {
        async produce(batch) {
          const request = { topics: [batch.topic], partitions: [batch.partition], keys: batch.messages.map((m) => m.key) };
          requests.push(request);
          const answer = answers[`${batch.topic}/${batch.partition}`] ?? 'ack';
          if (answer !== 'ack') throw answer;
        },
        close: async () => undefined,
      };
    };
    const placed = Partitioners.DefaultPartitioner();
    const partitionOf = (topic: string, key: string) =>
      placed({
        topic,
        partitionMetadata: [0, 1, 2].map((partitionId) => ({ partitionId }) as PartitionMetadata),
        message: { key, value: '' },
      });
    const keys = Array.from({ length: 30 }, (_, index) => `k${index}`);
    // The request for t's partition of k0 fails: only its records are in doubt.
    answers[`t/${partitionOf('t', 'k0')}`] = new Error('This server is not the leader for that topic-partition');
    const ledger = new ProduceLedger();
    const sender = await KafkaSender.withSessions(open, ledger, { partitionCount: async () => 3 });
    await sender.send([...keys.map((key) => record(key, 't')), record('u1', 'u')]);
    await sender.close();
    for (const request of requests) {
      expect(request.topics).toHaveLength(1);
      expect(request.partitions).toHaveLength(1);
      for (const key of request.keys) expect(partitionOf(request.topics[0] as string, key)).toBe(request.partitions[0]);
    }
    expect(requests.flatMap((request) => request.keys).sort()).toEqual([...keys, 'u1'].sort());
    const inDoubt = keys.filter((key) => partitionOf('t', key) === partitionOf('t', 'k0'));
    expect(ledger.topics.get('t')?.inDoubtKeys.sort()).toEqual(inDoubt.sort());
    expect(ledger.totals()).toMatchObject({ sent: 31, acked: 31 - inDoubt.length, inDoubt: inDoubt.length, failed: 0 });
    expect(opened).toBe(1);
  });
});
