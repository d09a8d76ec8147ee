import { EVENT_SCHEMAS, STREAMS } from '../../lib/schemas/event-schemas.js';
import type { RenderedConnector } from '../connectors/render-connectors.js';

/** A topic the pipeline needs, with what it is created with when missing. */
export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  /** -1: the broker's default.replication.factor. */
  readonly replicationFactor: number;
  readonly configs: Readonly<Record<string, string>>;
  readonly purpose: 'events' | 'dead letters';
}

const DAY_MS = 86_400_000;
/** Event topics keep a week (enough to replay into a rebuilt warehouse); dead letters a month, to investigate. */
export const EVENT_RETENTION_MS = 7 * DAY_MS;
export const DEAD_LETTER_RETENTION_MS = 30 * DAY_MS;

/**
 * The event topics (from the schemas, with the topic suffix) and the dead-letter topics the
 * connectors name (errors.deadletterqueue.topic.name): created up front, so partitions and
 * retention are chosen here instead of by whoever writes first.
 */
export function planTopics(input: {
  suffix: string;
  connectors: readonly RenderedConnector[];
  partitions: number;
  deadLetterReplicationFactor: number;
}): TopicSpec[] {
  const events: TopicSpec[] = STREAMS.map((stream) => ({
    name: `${EVENT_SCHEMAS[stream]['x-topic']}${input.suffix}`,
    partitions: input.partitions,
    replicationFactor: -1,
    configs: { 'retention.ms': String(EVENT_RETENTION_MS) },
    purpose: 'events',
  }));
  const deadLetters: TopicSpec[] = input.connectors
    .map((connector) => connector.config['errors.deadletterqueue.topic.name'])
    .filter((name): name is string => typeof name === 'string' && name !== '')
    .map((name) => ({
      name,
      partitions: 1,
      replicationFactor: input.deadLetterReplicationFactor,
      configs: { 'retention.ms': String(DEAD_LETTER_RETENTION_MS) },
      purpose: 'dead letters',
    }));
  return [...events, ...deadLetters];
}
