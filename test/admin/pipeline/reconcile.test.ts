import { describe, expect, it } from 'vitest';
import { keyOfValue, reconcileStream } from '../../../admin/pipeline/reconcile.js';

const envelope = (payload: Record<string, unknown>) => JSON.stringify({ schema: {}, payload });
const line = (order: string, lineNo: number) => envelope({ order_id: order, line_no: lineNo });

describe('reconciliation of a topic with its table', () => {
  it('reads keys from envelopes and plain events, and refuses what has none', () => {
    expect(keyOfValue(line('O1', 2), ['order_id', 'line_no'])).toBe('O1|2');
    expect(keyOfValue(JSON.stringify({ event_id: 'ABCDEF01-2345-6789-ABCD-EF0123456789' }), ['event_id'])).toBe(
      'abcdef01-2345-6789-abcd-ef0123456789',
    );
    expect(keyOfValue('{"broken": ', ['event_id'])).toBeUndefined();
    expect(keyOfValue(envelope({ order_id: 'O1' }), ['order_id', 'line_no'])).toBeUndefined();
  });

  it('classifies every distinct key as landed, dead-lettered or missing, and finds extra rows', () => {
    const result = reconcileStream({
      topic: 't',
      table: 'sales_lines',
      idFields: ['order_id', 'line_no'],
      records: [
        { partition: 0, offset: '0', value: line('O1', 1) },
        { partition: 0, offset: '1', value: line('O1', 1) }, // a duplicate: one key
        { partition: 0, offset: '2', value: line('O2', 1) },
        { partition: 1, offset: '0', value: line('O3', 1) },
        { partition: 1, offset: '1', value: line('O4', 1) },
        { partition: 1, offset: '2', value: '{"broken": ' },
        { partition: 1, offset: '3', value: 'also broken' },
      ],
      deadLetters: [
        { topic: 't', partition: 1, offset: '0', error: 'TASK_PUT: check constraint' },
        { topic: 't', partition: 1, offset: '2', error: 'VALUE_CONVERTER: bad json' },
        { topic: 'other', partition: 0, offset: '2', error: 'not ours' },
      ],
      tableKeys: ['O1|1', 'O9|1'],
    });
    expect(result).toEqual({
      topic: 't',
      table: 'sales_lines',
      topicKeys: 4,
      landed: 1,
      deadLettered: [{ key: 'O3|1', error: 'TASK_PUT: check constraint' }],
      missing: ['O2|1', 'O4|1'],
      extra: ['O9|1'],
      unreadable: [
        { partition: 1, offset: '2', deadLettered: true, error: 'VALUE_CONVERTER: bad json' },
        { partition: 1, offset: '3', deadLettered: false, error: '' },
      ],
    });
  });
});
