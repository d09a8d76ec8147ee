import { EVENT_SCHEMAS, STREAMS, type StreamName } from './schemas/event-schemas.js';

export { STREAMS, type StreamName };

/**
 * The pipeline's names, once: each stream's Kafka topic (its schema's `x-topic`) and the warehouse
 * table it lands in (the same name in every dialect's migrations).
 */
export const TABLE_OF_STREAM = { sales: 'sales_lines', clickstream: 'user_events', feedback: 'feedback' } as const satisfies Record<
  StreamName,
  string
>;

export type TableName = (typeof TABLE_OF_STREAM)[StreamName];

export const TABLE_NAMES: readonly TableName[] = STREAMS.map((stream) => TABLE_OF_STREAM[stream]);

/** The hourly rollups (sales and sessions) and their state (PostgreSQL and ClickHouse; sql/KPIS.md, "Rollups"). */
export const ROLLUP_TABLES = [
  'sales_hourly_markets',
  'sales_hourly_products',
  'sales_hourly_customers',
  'session_hours',
  'rollup_state',
] as const;

/** The stream whose events a table holds. */
export function streamOfTable(table: TableName): StreamName {
  const stream = STREAMS.find((candidate) => TABLE_OF_STREAM[candidate] === table);
  if (!stream) throw new Error(`No stream lands in table ${table}.`);
  return stream;
}

/** A stream's topic, with the environment's suffix (`TOPIC_SUFFIX`, "" for none). */
export const topicOf = (stream: StreamName, suffix = ''): string => `${EVENT_SCHEMAS[stream]['x-topic']}${suffix}`;

/** Every event topic, in stream order. */
export const eventTopics = (suffix = ''): string[] => STREAMS.map((stream) => topicOf(stream, suffix));

/** The stream a (suffixed) topic carries, if any. */
export function streamOfTopic(topic: string, suffix = ''): StreamName | undefined {
  return STREAMS.find((stream) => topicOf(stream, suffix) === topic);
}

/** Where the collector writes the requests and events it refuses, with the reason (a dead-letter topic). */
export const collectorRejectsTopic = (suffix = ''): string => `collector-rejects${suffix}`;
