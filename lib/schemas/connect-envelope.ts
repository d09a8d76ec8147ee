import { base64ToUnscaled, formatDecimal, parseDecimal, unscaledToBase64 } from '../money.js';
import type { EventSchema, FieldSchema } from './event-schemas.js';

/** A Kafka Connect schema as JsonConverter writes it (`schemas.enable=true`). */
export interface ConnectField {
  readonly field: string;
  readonly type: 'string' | 'int32' | 'int64' | 'boolean' | 'bytes';
  readonly optional: boolean;
  readonly name?: string;
  readonly version?: number;
  readonly parameters?: Readonly<Record<string, string>>;
}

export interface ConnectStructSchema {
  readonly type: 'struct';
  readonly name: string;
  readonly optional: false;
  readonly fields: readonly ConnectField[];
}

const INT32_MAX = 2 ** 31 - 1;
const INT32_MIN = -(2 ** 31);

function baseType(field: FieldSchema): string {
  const types = Array.isArray(field.type) ? field.type : [field.type];
  const nonNull = types.filter((type) => type !== 'null');
  if (nonNull.length !== 1) throw new Error(`a field must have one non-null type, got ${JSON.stringify(field.type)}`);
  return nonNull[0] as string;
}

const isNullable = (field: FieldSchema): boolean => Array.isArray(field.type) && field.type.includes('null');

/** Connect's Decimal logical type: base64 of the big-endian two's-complement unscaled integer. */
export const DECIMAL = 'org.apache.kafka.connect.data.Decimal';
/**
 * Debezium's ZonedTimestamp: an ISO-8601 instant as a string. Not Connect's Timestamp (epoch ms):
 * a string keeps every reader exact, among them the PostgreSQL sink's one-statement batches
 * (`dialect.postgres.unnest.insert.enabled`), which write a Timestamp's java.util.Date to the
 * array with its toString(), cut to the second (connectors/README.md).
 */
export const ZONED_TIMESTAMP = 'io.debezium.time.ZonedTimestamp';
/** Debezium's Uuid: a string the PostgreSQL sink binds as `uuid` (a plain string would be `text`). */
export const UUID = 'io.debezium.data.Uuid';

/** Maps one JSON Schema field to its Connect field, with the Decimal, ZonedTimestamp and Uuid logical types. */
export function connectFieldOf(name: string, field: FieldSchema): ConnectField {
  const optional = isNullable(field);
  if (field['x-decimal']) {
    return {
      field: name,
      type: 'bytes',
      optional,
      name: DECIMAL,
      version: 1,
      parameters: { scale: String(field['x-decimal'].scale), 'connect.decimal.precision': String(field['x-decimal'].precision) },
    };
  }
  if (field['x-timestamp']) return { field: name, type: 'string', optional, name: ZONED_TIMESTAMP, version: 1 };
  const type = baseType(field);
  switch (type) {
    case 'string':
      return field.format === 'uuid'
        ? { field: name, type: 'string', optional, name: UUID, version: 1 }
        : { field: name, type: 'string', optional };
    case 'boolean':
      return { field: name, type: 'boolean', optional };
    case 'integer': {
      const fitsInt32 =
        field.minimum !== undefined && field.maximum !== undefined && field.minimum >= INT32_MIN && field.maximum <= INT32_MAX;
      return { field: name, type: fitsInt32 ? 'int32' : 'int64', optional };
    }
    default:
      throw new Error(`field ${name}: JSON type ${type} has no Connect mapping`);
  }
}

/** The Connect struct schema for an event schema, fields in the schema's declared order. */
export function connectSchemaOf(schema: EventSchema): ConnectStructSchema {
  return {
    type: 'struct',
    name: schema['x-connect-name'],
    optional: false,
    fields: Object.entries(schema.properties).map(([name, field]) => connectFieldOf(name, field)),
  };
}

/** Converts one plain-JSON event value into its Connect payload value. */
function payloadValue(field: ConnectField, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (field.name === DECIMAL) return unscaledToBase64(parseDecimal(String(value), Number(field.parameters?.scale)));
  return value;
}

export function connectPayloadOf(schema: ConnectStructSchema, event: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const field of schema.fields) payload[field.field] = payloadValue(field, event[field.field]);
  return payload;
}

/** One payload field's JSON text for a non-null value: what JSON.stringify(connectPayloadOf(…)) writes for it. */
function payloadEncoder(field: ConnectField): (value: unknown) => string {
  if (field.name === DECIMAL) {
    const scale = Number(field.parameters?.scale);
    // Base64 has no character JSON would escape.
    return (value) => `"${unscaledToBase64(parseDecimal(String(value), scale))}"`;
  }
  return (value) => JSON.stringify(value) ?? 'null';
}

/**
 * A serializer for one event schema: each record becomes `{"schema":…,"payload":…}` (exactly the
 * two fields JsonConverter expects). Everything that does not depend on the event is rendered once:
 * the schema's JSON and each payload field's `"name":` text, so a record costs one encoding per
 * value and no intermediate payload object. The text is the same as JSON.stringify of
 * {schema, payload: connectPayloadOf(…)} (a unit test holds it to that).
 */
export function connectEnvelopeSerializer(schema: EventSchema): (event: Readonly<Record<string, unknown>>) => string {
  const prefix = `{"schema":${JSON.stringify(connectSchemaOf(schema))},"payload":`;
  const payload = connectPayloadSerializer(schema);
  return (event) => `${prefix}${payload(event)}}`;
}

/**
 * The payload alone, as the envelope holds it: for a JsonConverter that carries the schema itself
 * (`value.converter.schema.content`), so each record is about a third of the envelope's size.
 */
export function connectPayloadSerializer(schema: EventSchema): (event: Readonly<Record<string, unknown>>) => string {
  const fields = connectSchemaOf(schema).fields.map((field, index) => ({
    name: field.field,
    label: `${index === 0 ? '{' : ','}${JSON.stringify(field.field)}:`,
    encode: payloadEncoder(field),
  }));
  return (event) => {
    let text = '';
    for (const field of fields) {
      const value = event[field.name];
      text += field.label + (value === null || value === undefined ? 'null' : field.encode(value));
    }
    return `${text}}`;
  };
}

/**
 * A parsed record value's event fields: the value itself (the Connect payload alone, the default
 * format) or, when it is a whole envelope (`--format connect-json`, or written before 2026-12-08), its `payload`.
 */
export function payloadOfRecord(parsed: object): unknown {
  return (parsed as { payload?: unknown }).payload ?? parsed;
}

/** The inverse of the serializer: a plain-JSON event from an envelope's payload (decimals as strings). */
export function eventFromConnectPayload(schema: ConnectStructSchema, payload: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const event: Record<string, unknown> = {};
  for (const field of schema.fields) {
    const value = payload[field.field];
    if (value === null || value === undefined) event[field.field] = null;
    else if (field.name === DECIMAL) event[field.field] = formatDecimal(base64ToUnscaled(String(value)), Number(field.parameters?.scale));
    else event[field.field] = value;
  }
  return event;
}
