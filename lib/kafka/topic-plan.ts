import { STREAMS, type StreamName, topicOf } from '../streams.js';

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
export const DEFAULT_PARTITIONS = 3;

export interface TopicPlanInput {
  /** `TOPIC_SUFFIX` ("" for none). */
  readonly suffix: string;
  /** The streams whose event topics are needed (default: all). */
  readonly streams?: readonly StreamName[];
  /** The dead-letter topics the connectors name (`errors.deadletterqueue.topic.name`); none for the producer alone. */
  readonly deadLetterTopics?: readonly string[];
  readonly partitions?: number;
  readonly deadLetterReplicationFactor?: number;
}

/**
 * The one topic plan: event topics (from the schemas, with the suffix) and dead-letter topics,
 * created up front with their partitions and retention, so a fresh cluster looks the same whichever
 * command (produce, the demo, a test or a benchmark) ran first.
 */
export function planTopics(input: TopicPlanInput): TopicSpec[] {
  const events: TopicSpec[] = (input.streams ?? STREAMS).map((stream) => ({
    name: topicOf(stream, input.suffix),
    partitions: input.partitions ?? DEFAULT_PARTITIONS,
    replicationFactor: -1,
    configs: { 'retention.ms': String(EVENT_RETENTION_MS) },
    purpose: 'events',
  }));
  const deadLetters: TopicSpec[] = [...new Set(input.deadLetterTopics ?? [])].map((name) => ({
    name,
    partitions: 1,
    replicationFactor: input.deadLetterReplicationFactor ?? -1,
    configs: { 'retention.ms': String(DEAD_LETTER_RETENTION_MS) },
    purpose: 'dead letters',
  }));
  return [...events, ...deadLetters];
}
