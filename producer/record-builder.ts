import { connectEnvelopeSerializer, connectPayloadSerializer } from '../lib/schemas/connect-envelope.js';
import { EVENT_SCHEMAS, type EventOf, type EventSchema, STREAMS, type StreamName } from '../lib/schemas/event-schemas.js';
import { topicOf } from '../lib/streams.js';

/**
 * How record values are written: the Connect payload alone, which the sinks read with the schema given
 * to their JsonConverter (`value.converter.schema.content`, from `schemas/`); the whole Connect JSON
 * envelope (schema and payload in every record, about three times the size, for converters without
 * the schema); or plain JSON.
 */
export const FORMATS = ['connect-payload', 'connect-json', 'json'] as const;
export type RecordFormat = (typeof FORMATS)[number];
/** What the producer and the collector write unless told otherwise: what the connector files read. */
export const DEFAULT_FORMAT: RecordFormat = 'connect-payload';

/** One Kafka record ready to send, with the key the reconciliation uses to find it again. */
export interface OutgoingRecord {
  readonly stream: StreamName;
  readonly topic: string;
  readonly key: string;
  readonly value: string;
  /** The idempotency key, fields joined by "|" (sales: "order_id|line_no"). */
  readonly recordId: string;
  /** Set on deliberately malformed records: which kind of bad. */
  readonly invalidKind?: string;
}

export const SENT_AT_HEADER = 'x-sent-at';
export const INVALID_HEADER = 'x-invalid';

const SERIALIZERS: Record<RecordFormat, (schema: EventSchema) => (event: Readonly<Record<string, unknown>>) => string> = {
  'connect-json': connectEnvelopeSerializer,
  json: () => (event) => JSON.stringify(event),
  'connect-payload': connectPayloadSerializer,
};

/** Builds records for each stream from its schema: topic, key field, idempotency key and serializer. */
export function createRecordBuilder(format: RecordFormat, topicSuffix = '') {
  const plan = Object.fromEntries(
    STREAMS.map((stream) => {
      const schema = EVENT_SCHEMAS[stream];
      const serialize = SERIALIZERS[format](schema);
      return [
        stream,
        { topic: topicOf(stream, topicSuffix), keyField: schema['x-kafka-key'], idFields: schema['x-idempotency-key'], serialize },
      ];
    }),
  ) as Record<StreamName, { topic: string; keyField: string; idFields: readonly string[]; serialize: (event: object) => string }>;

  return {
    topicOf: (stream: StreamName): string => plan[stream].topic,
    build<S extends StreamName>(stream: S, event: EventOf[S]): OutgoingRecord {
      const entry = plan[stream];
      const fields = event as unknown as Record<string, unknown>;
      return {
        stream,
        topic: entry.topic,
        key: String(fields[entry.keyField]),
        value: entry.serialize(event),
        recordId: entry.idFields.map((field) => String(fields[field])).join('|'),
      };
    },
  };
}
