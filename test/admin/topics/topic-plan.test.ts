import { describe, expect, it } from 'vitest';
import { DEAD_LETTER_RETENTION_MS, EVENT_RETENTION_MS, planTopics } from '../../../admin/topics/topic-plan.js';

describe('the topics the pipeline needs', () => {
  it('takes event topics from the schemas and dead-letter topics from the connectors', () => {
    const specs = planTopics({
      suffix: '-x',
      partitions: 6,
      deadLetterReplicationFactor: 1,
      connectors: [
        { name: 'a', path: 'a.json', config: { 'errors.deadletterqueue.topic.name': 'dlq-a-x' } },
        { name: 'b', path: 'b.json', config: { 'errors.tolerance': 'none' } },
      ],
    });
    expect(specs.map((spec) => [spec.name, spec.partitions, spec.replicationFactor, spec.purpose])).toEqual([
      ['sales_events-x', 6, -1, 'events'],
      ['user-events-x', 6, -1, 'events'],
      ['feedback-x', 6, -1, 'events'],
      ['dlq-a-x', 1, 1, 'dead letters'],
    ]);
    expect(specs[0]?.configs).toEqual({ 'retention.ms': String(EVENT_RETENTION_MS) });
    expect(specs[3]?.configs).toEqual({ 'retention.ms': String(DEAD_LETTER_RETENTION_MS) });
  });
});
