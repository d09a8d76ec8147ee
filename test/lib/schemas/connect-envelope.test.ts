import { describe, expect, it } from 'vitest';
import { base64ToUnscaled } from '../../../lib/money.js';
import {
  connectEnvelopeSerializer,
  connectPayloadOf,
  connectPayloadSerializer,
  connectSchemaOf,
} from '../../../lib/schemas/connect-envelope.js';
import { EVENT_SCHEMAS, STREAMS, type StreamName } from '../../../lib/schemas/event-schemas.js';
import { DEFAULT_GENERATOR_OPTIONS, eventsByStream, OrderGenerator } from '../../../producer/generator/generator.js';

describe('Connect JsonConverter envelope derived from the JSON Schemas', () => {
  it('maps every field of every schema, in order, with its logical type', () => {
    for (const stream of STREAMS) {
      const schema = EVENT_SCHEMAS[stream];
      const connect = connectSchemaOf(schema);
      expect(connect.type).toBe('struct');
      expect(connect.name).toBe(schema['x-connect-name']);
      expect(connect.fields.map((field) => field.field)).toEqual(Object.keys(schema.properties));
    }
    const sales = Object.fromEntries(connectSchemaOf(EVENT_SCHEMAS.sales).fields.map((field) => [field.field, field]));
    expect(sales.unit_price).toEqual({
      field: 'unit_price',
      type: 'bytes',
      optional: false,
      name: 'org.apache.kafka.connect.data.Decimal',
      version: 1,
      parameters: { scale: '2', 'connect.decimal.precision': '18' },
    });
    expect(sales.order_ts).toEqual({
      field: 'order_ts',
      type: 'string',
      optional: false,
      name: 'io.debezium.time.ZonedTimestamp',
      version: 1,
    });
    expect(sales.event_id).toEqual({ field: 'event_id', type: 'string', optional: false, name: 'io.debezium.data.Uuid', version: 1 });
    const clickstream = Object.fromEntries(connectSchemaOf(EVENT_SCHEMAS.clickstream).fields.map((field) => [field.field, field]));
    expect(clickstream.client_ts).toEqual({
      field: 'client_ts',
      type: 'string',
      optional: true,
      name: 'io.debezium.time.ZonedTimestamp',
      version: 1,
    });
    expect(clickstream.session_id).toEqual({ field: 'session_id', type: 'string', optional: false });
    expect(sales.quantity).toEqual({ field: 'quantity', type: 'int32', optional: false });
    expect(sales.line_no).toEqual({ field: 'line_no', type: 'int32', optional: false });
    expect(sales.is_returning_customer).toEqual({ field: 'is_returning_customer', type: 'boolean', optional: false });
    expect(sales.utm_source).toEqual({ field: 'utm_source', type: 'string', optional: true });
    expect(sales.channel).toEqual({ field: 'channel', type: 'string', optional: false });
  });

  it('names exactly the uuid fields io.debezium.data.Uuid: those with "format": "uuid", each with the uuid pattern', () => {
    const UUID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
    for (const stream of STREAMS) {
      const schema = EVENT_SCHEMAS[stream];
      const named = connectSchemaOf(schema)
        .fields.filter((field) => field.name === 'io.debezium.data.Uuid')
        .map((field) => field.field);
      const uuidShaped = Object.entries(schema.properties)
        .filter(([, field]) => field.pattern === UUID_PATTERN)
        .map(([name]) => name);
      expect(named, stream).toEqual(uuidShaped);
      expect(named.length, stream).toBe(1);
    }
  });

  it('writes exactly schema and payload, with base64 decimals, ISO-8601 instants and nulls kept', () => {
    const serialize = connectEnvelopeSerializer(EVENT_SCHEMAS.feedback);
    const envelope = JSON.parse(
      serialize({
        feedback_id: '631512f7-8df9-4c54-86aa-52a29bbcd7b9',
        ts: '2025-01-31T12:34:56.789Z',
        customer_id: null,
        feature: 'delivery',
        rating: 4,
        comment: '',
      }),
    ) as { schema: unknown; payload: Record<string, unknown> };
    expect(Object.keys(envelope)).toEqual(['schema', 'payload']);
    expect(envelope.payload).toEqual({
      feedback_id: '631512f7-8df9-4c54-86aa-52a29bbcd7b9',
      ts: '2025-01-31T12:34:56.789Z',
      customer_id: null,
      feature: 'delivery',
      rating: 4,
      comment: '',
    });

    const sales = JSON.parse(
      connectEnvelopeSerializer(EVENT_SCHEMAS.sales)({ unit_price: '12.34', discount: '0.00', line_total: '1234567.89' }),
    ) as { payload: Record<string, string> };
    expect(sales.payload.unit_price).toBe('BNI=');
    expect(base64ToUnscaled(sales.payload.line_total as string)).toBe(123456789n);
    expect(base64ToUnscaled(sales.payload.discount as string)).toBe(0n);
  });

  it('writes the same text as JSON.stringify of {schema, payload} (and of the payload alone) for generated events and strings that need escaping', () => {
    const generator = new OrderGenerator({ ...DEFAULT_GENERATOR_OPTIONS, seed: 5, startMs: Date.parse('2025-03-01T00:00:00.000Z') });
    const samples: Array<[StreamName, Record<string, unknown>]> = [];
    for (let order = 0; order < 40; order += 1) {
      for (const [stream, event] of eventsByStream(generator.next())) samples.push([stream, event as unknown as Record<string, unknown>]);
    }
    const [, firstSale] = samples.find(([stream]) => stream === 'sales') as [StreamName, Record<string, unknown>];
    samples.push([
      'sales',
      { ...firstSale, product_name: 'Quote " backslash \\ newline \n tab \t \u2028 émoji 😀', utm_source: undefined },
    ]);
    samples.push(['sales', { ...firstSale, ts: 'not a time' }]);
    expect([...new Set(samples.map(([name]) => name))].sort()).toEqual([...STREAMS].sort());
    for (const [stream, event] of samples) {
      const schema = connectSchemaOf(EVENT_SCHEMAS[stream]);
      expect(connectEnvelopeSerializer(EVENT_SCHEMAS[stream])(event)).toBe(
        JSON.stringify({ schema, payload: connectPayloadOf(schema, event) }),
      );
      expect(connectPayloadSerializer(EVENT_SCHEMAS[stream])(event)).toBe(JSON.stringify(connectPayloadOf(schema, event)));
    }
  });
});
