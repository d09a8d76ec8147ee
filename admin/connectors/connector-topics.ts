import type { ResolvedConfig } from '../../lib/config/resolve-config.js';
import { planTopics, type TopicSpec } from '../../lib/kafka/topic-plan.js';
import type { RenderedConnector } from './render-connectors.js';

/** The dead-letter topics rendered connectors name (`errors.deadletterqueue.topic.name`), for the topic plan. */
export function deadLetterTopicsOf(connectors: readonly Pick<RenderedConnector, 'config'>[]): string[] {
  return connectors
    .map((connector) => connector.config['errors.deadletterqueue.topic.name'])
    .filter((name): name is string => typeof name === 'string' && name !== '');
}

/** Every topic a warehouse's pipeline needs: the event topics and its connectors' dead-letter topics. */
export function pipelineTopicPlan(config: ResolvedConfig, connectors: readonly RenderedConnector[]): TopicSpec[] {
  return planTopics({
    suffix: config.values.TOPIC_SUFFIX,
    deadLetterTopics: deadLetterTopicsOf(connectors),
    deadLetterReplicationFactor: config.values.DLQ_REPLICATION_FACTOR,
  });
}
