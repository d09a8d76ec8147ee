import { describe, expect, it } from 'vitest';
import { type DeadLetter, describeDeadLetters, errorHeaders, originalRecordOf } from '../../../admin/connectors/dead-letters.js';

const letter = (offset: string, original: string): DeadLetter => ({
  partition: 0,
  offset,
  key: 'bad-1',
  errors: {
    topic: 'sales_events',
    partition: '1',
    offset: original,
    stage: 'VALUE_CONVERTER',
    'exception.class.name': 'org.apache.kafka.connect.errors.DataException',
    'exception.message': 'Converting byte[] to Kafka Connect data failed',
  },
  value: '{"broken": ',
});

describe('dead letters', () => {
  it('strips the context headers of their prefix and ignores other headers', () => {
    expect(errorHeaders({ '__connect.errors.stage': Buffer.from('TASK_PUT'), 'trace-id': 'x' })).toEqual({ stage: 'TASK_PUT' });
  });

  it('names a letter by its original record, or by itself without context headers', () => {
    expect(originalRecordOf(letter('7', '41'))).toBe('sales_events[1]@41');
    expect(originalRecordOf({ partition: 0, offset: '7', errors: {} })).toBe('letter[0]@7');
  });

  it('says how many distinct records the letters stand for when some were dead-lettered again', () => {
    const lines = describeDeadLetters('dlq-sales', { topic: 'dlq-sales', count: 4, records: 2, first: [letter('0', '41')] });
    expect(lines[0]).toBe(
      '4 dead letter(s) in dlq-sales for 2 distinct record(s) (a record is dead-lettered again when it is read again before its offset was committed: a rebalance between tasks, an offsets reset); the first 1:',
    );
    expect(lines[1]).toBe(
      '- sales_events[1]@41 key bad-1: stage VALUE_CONVERTER, org.apache.kafka.connect.errors.DataException: Converting byte[] to Kafka Connect data failed',
    );
  });

  it('says only the count when every letter is a record of its own', () => {
    expect(describeDeadLetters('dlq-sales', { topic: 'dlq-sales', count: 1, records: 1, first: [letter('0', '41')] })[0]).toBe(
      '1 dead letter(s) in dlq-sales',
    );
  });
});
