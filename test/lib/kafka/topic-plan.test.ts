import { describe, expect, it } from 'vitest';
import { deadLetterTopicsOf } from '../../../admin/connectors/connector-topics.js';
import { DEAD_LETTER_RETENTION_MS, EVENT_RETENTION_MS, planTopics } from '../../../lib/kafka/topic-plan.js';

describe('the topics the pipeline needs', () => {
  it('takes event topics from the schemas and dead-letter topics from the connectors', () => {
    const specs = planTopics({
      suffix: '-x',
      partitions: 6,
      deadLetterReplicationFactor: 1,
      deadLetterTopics: deadLetterTopicsOf([
        { config: { 'errors.deadletterqueue.topic.name': 'dlq-a-x' } },
        { config: { 'errors.tolerance': 'none' } },
      ]),
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

  it("gives the producer's streams alone the same partitions and retention as the demo's", () => {
    const specs = planTopics({ suffix: '', streams: ['sales'] });
    expect(specs).toEqual([
      {
        name: 'sales_events',
        partitions: 3,
        replicationFactor: -1,
        configs: { 'retention.ms': String(EVENT_RETENTION_MS) },
        purpose: 'events',
      },
    ]);
  });
});
