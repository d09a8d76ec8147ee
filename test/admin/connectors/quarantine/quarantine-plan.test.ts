import { describe, expect, it } from 'vitest';
import { deadLetterOf } from '../../../../admin/connectors/quarantine/dead-letter-record.js';
import { chunksUnder } from '../../../../admin/connectors/quarantine/find-poisons.js';
import { offsetMoves, pendingRanges, probeConfig, probeNames } from '../../../../admin/connectors/quarantine/quarantine-plan.js';

describe('quarantine: what it reads, how the probe differs, where partitions resume', () => {
  const ends = new Map([
    [
      'sales_events',
      new Map([
        [0, 120],
        [1, 80],
        [2, 40],
      ]),
    ],
  ]);
  const committed = {
    offsets: [
      { partition: { kafka_topic: 'sales_events', kafka_partition: 0 }, offset: { kafka_offset: 100 } },
      { partition: { kafka_topic: 'sales_events', kafka_partition: 2 }, offset: { kafka_offset: 40 } },
    ],
  };

  it('reads each partition from its committed offset (the start when none) to its end, within the budget', () => {
    expect(pendingRanges(committed, ends, 1_000)).toEqual({
      pending: 100,
      ranges: [
        { topic: 'sales_events', partition: 0, from: 100, to: 120 },
        { topic: 'sales_events', partition: 1, from: 0, to: 80 },
      ],
    });
    expect(pendingRanges(committed, ends, 50).ranges).toEqual([
      { topic: 'sales_events', partition: 0, from: 100, to: 120 },
      { topic: 'sales_events', partition: 1, from: 0, to: 30 },
    ]);
  });

  it('probes with the sink’s own configuration, one record at a time, on its own topics', () => {
    const names = probeNames('ecom-postgres-sales', 'a1b2c3');
    const config = {
      name: 'ecom-postgres-sales',
      'connector.class': 'io.debezium.connector.jdbc.JdbcSinkConnector',
      topics: 'sales_events',
      'connection.password': '${env:PG_SINK_PASSWORD}',
      'batch.size': '2000',
      'errors.deadletterqueue.topic.name': 'dlq-ecom-postgres-sales',
    };
    expect(probeConfig(config, names)).toEqual({
      name: 'ecom-postgres-sales-quarantine-probe',
      'connector.class': 'io.debezium.connector.jdbc.JdbcSinkConnector',
      topics: 'quarantine-probe-ecom-postgres-sales-a1b2c3',
      // The secret stays a reference: the worker resolves it, as for the real sink.
      'connection.password': '${env:PG_SINK_PASSWORD}',
      'tasks.max': '1',
      'batch.size': '1',
      'consumer.override.max.poll.records': '1',
      'flush.max.retries': '1',
      'flush.retry.delay.ms': '100',
      'errors.deadletterqueue.topic.name': 'quarantine-probe-ecom-postgres-sales-a1b2c3-dlq',
    });
  });

  it('moves each partition with a poison past its last one, and no other', () => {
    const poisons = [
      { topic: 'sales_events', partition: 0, offset: 105 },
      { topic: 'sales_events', partition: 0, offset: 111 },
      { topic: 'sales_events', partition: 1, offset: 7 },
    ];
    expect(offsetMoves(poisons)).toEqual({
      offsets: [
        { partition: { kafka_topic: 'sales_events', kafka_partition: 0 }, offset: { kafka_offset: 112 } },
        { partition: { kafka_topic: 'sales_events', kafka_partition: 1 }, offset: { kafka_offset: 8 } },
      ],
    });
  });

  it('writes the dead letter as Connect does: the record untouched, its headers, and the context headers with stage TASK_PUT', () => {
    const record = {
      topic: 'sales_events',
      partition: 1,
      offset: 7,
      timestamp: '1700000000000',
      key: Buffer.from('invalid-abc'),
      value: Buffer.from('{"payload":{}}'),
      headers: { 'x-sent-at': Buffer.from('1700000000000') },
    };
    const letter = deadLetterOf(record, {
      connector: 'ecom-postgres-sales',
      taskId: 0,
      taskClass: 'io.debezium.connector.jdbc.JdbcSinkConnectorTask',
      exceptionClass: 'org.postgresql.util.PSQLException',
      message: 'ERROR: value too long for type character(3)',
      stacktrace: 'trace',
    });
    expect(letter).toEqual({
      key: record.key,
      value: record.value,
      timestamp: '1700000000000',
      headers: {
        'x-sent-at': record.headers['x-sent-at'],
        '__connect.errors.topic': 'sales_events',
        '__connect.errors.partition': '1',
        '__connect.errors.offset': '7',
        '__connect.errors.connector.name': 'ecom-postgres-sales',
        '__connect.errors.task.id': '0',
        '__connect.errors.stage': 'TASK_PUT',
        '__connect.errors.class.name': 'io.debezium.connector.jdbc.JdbcSinkConnectorTask',
        '__connect.errors.exception.class.name': 'org.postgresql.util.PSQLException',
        '__connect.errors.exception.message': 'ERROR: value too long for type character(3)',
        '__connect.errors.exception.stacktrace': 'trace',
      },
    });
  });

  it('copies records in produce requests under the broker’s message size, one oversized record alone', () => {
    const record = (bytes: number) => ({ key: null, value: Buffer.alloc(bytes) });
    const sizes = (chunks: Array<Array<{ value: Buffer | null }>>) => chunks.map((chunk) => chunk.map((r) => r.value?.length));
    expect(sizes(chunksUnder([record(400), record(400), record(400), record(3000), record(10)], 1_000))).toEqual([
      [400],
      [400],
      [400],
      [3000],
      [10],
    ]);
    expect(sizes(chunksUnder([record(100), record(100), record(100)], 1_000))).toEqual([[100, 100]].concat([[100]]));
  });
});
