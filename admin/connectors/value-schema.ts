import { connectSchemaOf } from '../../lib/schemas/connect-envelope.js';
import { EVENT_SCHEMAS } from '../../lib/schemas/event-schemas.js';
import { streamOfTopic } from '../../lib/streams.js';

/**
 * `{{VALUE_SCHEMA}}` in a connector file: the Connect schema of the stream the connector reads, as
 * JsonConverter's `value.converter.schema.content` takes it. Records carry their payload alone (about a
 * third of an envelope, and no schema for every record to parse), so the converter needs the schema
 * from here; it is derived from `schemas/`, never written by hand.
 */
export const VALUE_SCHEMA_PLACEHOLDER = 'VALUE_SCHEMA';

/** The schema JSON for a connector's (rendered) `topics`, or undefined when they are not exactly one event topic. */
export function valueSchemaOf(topics: string | undefined, topicSuffix: string): string | undefined {
  const stream = streamOfTopic((topics ?? '').trim(), topicSuffix);
  return stream ? JSON.stringify(connectSchemaOf(EVENT_SCHEMAS[stream])) : undefined;
}
