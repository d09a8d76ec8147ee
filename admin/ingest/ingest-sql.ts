import type { EventSchema, FieldSchema } from '../../lib/schemas/event-schemas.js';
import { type StreamName, TABLE_OF_STREAM, topicOf } from '../../lib/streams.js';

/**
 * Pure: the ClickHouse Kafka-engine ingest DDL of one stream, derived from its event schema (the one
 * source of event shapes), so that what ClickHouse accepts is exactly what the schema allows. Written into
 * sql/clickhouse/ingest/ by `npm run ingest:sql`; a test keeps those files equal to this output.
 *
 * Kafka table (the topic's records as text) → parse view (the Connect payload parsed once into a map of its
 * fields' raw JSON, each decoded from there) → a Null table holding the decoded columns and
 * `problem` (the first reason the record cannot land, or '') → a land view into the stream's table for
 * records without a problem, and a reject view into `ingest_errors` for the rest. The problem is
 * computed once; a record the table would refuse (a CHECK constraint, a malformed value) never reaches
 * it, so no record can stall the stream. Placeholders as in connector files: {{CLICKHOUSE_KAFKA_BROKERS}} (as the
 * engine reaches them), {{TOPIC_SUFFIX}}, {{CLICKHOUSE_INGEST_GROUP}}.
 */

export const INGEST_ERRORS_TABLE = 'ingest_errors';

/** The objects of one stream's ingest, in creation order (the consuming view last, so nothing is read before it can land). */
export function ingestObjectsOf(stream: StreamName) {
  const table = TABLE_OF_STREAM[stream];
  return {
    table,
    parsed: `ingest_${table}_parsed`,
    land: `ingest_${table}_land`,
    reject: `ingest_${table}_reject`,
    kafka: `ingest_${table}_kafka`,
    parse: `ingest_${table}_parse`,
  };
}

const sqlString = (text: string) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

const isNullable = (field: FieldSchema) => Array.isArray(field.type) && field.type.includes('null');
const baseType = (field: FieldSchema) => (Array.isArray(field.type) ? field.type.find((type) => type !== 'null') : field.type) as string;

interface FieldPlan {
  /** The decoded value (never throws, whatever the record holds). */
  readonly value: string;
  /** Its type in the Null table. */
  readonly type: string;
  /** [condition that makes the record unusable, why], in order. */
  readonly checks: readonly [string, string][];
}

/** A Connect Decimal: base64 of the big-endian two's-complement unscaled integer (1–8 bytes), sign-extended. */
function decimalValue(name: string, scale: number): string {
  const bytes = `tryBase64Decode(JSONExtractString(m[${sqlString(name)}]))`;
  const unscaled = `reinterpretAsInt64(reverse(${bytes}))`;
  const signed = `if(length(${bytes}) BETWEEN 1 AND 7 AND bitTest(reinterpretAsUInt8(substring(${bytes}, 1, 1)), 7), ${unscaled} - bitShiftLeft(toInt64(1), 8 * length(${bytes})), ${unscaled})`;
  return `reinterpret(${signed}, 'Decimal64(${scale})')`;
}

/** A nullable number, instant or boolean: NULL when the payload holds null (or lacks the field), else its value. */
function orNull(plan: FieldPlan, name: string, field: FieldSchema): FieldPlan {
  if (!isNullable(field) || (baseType(field) === 'string' && !field['x-decimal'] && !field['x-timestamp'])) return plan;
  return { ...plan, value: `if(JSONType(m[${sqlString(name)}]) = 'Null', NULL, ${plan.value})`, type: `Nullable(${plan.type})` };
}

const planField = (name: string, field: FieldSchema): FieldPlan => orNull(planValue(name, field), name, field);

function planValue(name: string, field: FieldSchema): FieldPlan {
  const key = sqlString(name);
  const jsonType = `JSONType(m[${key}])`;
  const nullable = isNullable(field);
  const absentOk = nullable ? ` AND ${jsonType} != 'Null'` : '';
  // A nullable field may be absent (it lands NULL); a required one may not.
  const isNot = (what: string) => `${name} ${nullable ? 'is' : 'is missing or'} not ${what}`;
  if (field['x-decimal']) {
    const { precision, scale } = field['x-decimal'];
    const bytes = `length(tryBase64Decode(JSONExtractString(m[${key}])))`;
    const checks: [string, string][] = [
      [`${jsonType} != 'String'${absentOk}`, isNot('a Connect Decimal (base64 text)')],
      [`${bytes} NOT BETWEEN 1 AND 8`, `${name} is not a Connect Decimal: base64 of 1 to 8 bytes`],
      [`abs(toFloat64(${name})) >= ${10 ** (precision - scale)}`, `${name} does not fit Decimal(${precision}, ${scale})`],
    ];
    if (!field.pattern?.includes('-')) checks.push([`${name} < 0`, `${name} must not be negative`]);
    return { value: decimalValue(name, scale), type: `Decimal(18, ${scale})`, checks };
  }
  if (field['x-timestamp']) {
    // An ISO-8601 string (Debezium's ZonedTimestamp); epoch milliseconds (Connect's Timestamp) are what
    // records written before 2026-12-08 hold, still read so that a topic replayed from its start lands.
    const text = `JSONExtractString(m[${key}])`;
    return {
      value: `if(${jsonType} = 'String', parseDateTime64BestEffortOrZero(${text}, 3, 'UTC'), fromUnixTimestamp64Milli(JSONExtractInt(m[${key}]), 'UTC'))`,
      type: "DateTime64(3, 'UTC')",
      checks: [
        [`${jsonType} NOT IN ('String', 'Int64', 'UInt64')${absentOk}`, isNot('an instant (an ISO-8601 string)')],
        [
          `${jsonType} = 'String' AND concat(replaceOne(toString(${name}), ' ', 'T'), 'Z') != ${text}`,
          `${name} is not a real UTC instant written as 2025-01-31T12:34:56.789Z`,
        ],
      ],
    };
  }
  switch (baseType(field)) {
    case 'integer': {
      const checks: [string, string][] = [[`${jsonType} NOT IN ('Int64', 'UInt64')${absentOk}`, isNot('an integer')]];
      if (field.minimum !== undefined && field.maximum !== undefined)
        checks.push([
          `${name} NOT BETWEEN ${field.minimum} AND ${field.maximum}`,
          `${name} must be from ${field.minimum} to ${field.maximum}`,
        ]);
      return { value: `JSONExtractInt(m[${key}])`, type: 'Int64', checks };
    }
    case 'boolean':
      return {
        value: `JSONExtractBool(m[${key}])`,
        type: 'Bool',
        checks: [[`${jsonType} != 'Bool'${absentOk}`, isNot('a boolean')]],
      };
    default: {
      const value = nullable ? `if(${jsonType} = 'String', JSONExtractString(m[${key}]), NULL)` : `JSONExtractString(m[${key}])`;
      const present = nullable ? `${name} IS NOT NULL AND ` : '';
      const checks: [string, string][] = [
        [nullable ? `${jsonType} NOT IN ('String', 'Null')` : `${jsonType} != 'String'`, isNot('a string')],
      ];
      if (field.enum)
        checks.push([
          `${present}${name} NOT IN (${field.enum.map(sqlString).join(', ')})`,
          `${name} must be one of ${field.enum.join(', ')}`,
        ]);
      if (field.pattern)
        checks.push([`${present}NOT match(${name}, ${sqlString(field.pattern)})`, `${name} does not match ${field.pattern}`]);
      if (field.minLength !== undefined)
        checks.push([`${present}lengthUTF8(${name}) < ${field.minLength}`, `${name} is shorter than ${field.minLength}`]);
      if (field.maxLength !== undefined)
        checks.push([`${present}lengthUTF8(${name}) > ${field.maxLength}`, `${name} is longer than ${field.maxLength}`]);
      return { value, type: nullable ? 'Nullable(String)' : 'String', checks };
    }
  }
}

const GENERATED = (stream: StreamName, file: string) =>
  `-- Generated from ${file} by \`npm run ingest:sql\` (admin/ingest/ingest-sql.ts); do not edit: a test checks it is current.
-- ClickHouse consumes the ${topicOf(stream)} topic itself (Kafka table engine) and lands it in ${TABLE_OF_STREAM[stream]};
-- records that cannot land go to ${INGEST_ERRORS_TABLE} with the reason. Placeholders: {{CLICKHOUSE_KAFKA_BROKERS}}, {{TOPIC_SUFFIX}}, {{CLICKHOUSE_INGEST_GROUP}}.`;

export function renderIngestSql(stream: StreamName, schema: EventSchema, schemaFile: string): string {
  const objects = ingestObjectsOf(stream);
  const fields = Object.entries(schema.properties).map(([name, field]) => ({ name, ...planField(name, field) }));
  const problems = [
    ['length(_error) > 0', '_error'],
    ['NOT isValidJSON(raw)', "'the record is not JSON'"],
    ["JSONType(raw) != 'Object'", "'the record is not a JSON object'"],
    ...fields.flatMap((field) => field.checks.map(([condition, why]) => [condition, sqlString(why)])),
  ];
  const statements = [
    `CREATE TABLE IF NOT EXISTS ${INGEST_ERRORS_TABLE} (
  topic LowCardinality(String),
  partition UInt32,
  offset UInt64,
  key String,
  raw_message String,
  error String,
  ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = MergeTree
ORDER BY (topic, partition, offset)`,
    `CREATE TABLE IF NOT EXISTS ${objects.parsed} (
${fields.map((field) => `  ${field.name} ${field.type},`).join('\n')}
  problem String,
  topic LowCardinality(String),
  partition UInt32,
  offset UInt64,
  key String,
  raw String
)
ENGINE = Null`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${objects.land} TO ${objects.table} AS
SELECT ${fields.map((field) => field.name).join(', ')}
FROM ${objects.parsed}
WHERE problem = ''`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${objects.reject} TO ${INGEST_ERRORS_TABLE} AS
SELECT topic, partition, offset, key, raw AS raw_message, problem AS error
FROM ${objects.parsed}
WHERE problem != ''`,
    `CREATE TABLE IF NOT EXISTS ${objects.kafka} (raw String)
ENGINE = Kafka
SETTINGS
  kafka_broker_list = '{{CLICKHOUSE_KAFKA_BROKERS}}',
  kafka_topic_list = '${schema['x-topic']}{{TOPIC_SUFFIX}}',
  -- One group per stream; re-creating this table with the same group resumes from its committed offsets.
  kafka_group_name = '{{CLICKHOUSE_INGEST_GROUP}}-${stream}',
  -- The whole record as bytes, not parsed here (with JSONAsString the engine parsed each record once more,
  -- and the drain was ~20% slower): the parse view decodes the Connect JSON envelope, names a record that is
  -- not JSON, and checks every field.
  kafka_format = 'RawBLOB',
  -- A record the format cannot read reaches the views with _error set instead of stalling the stream.
  kafka_handle_error_mode = 'stream',
  -- Freshness: a block is written at least every 500 ms (the default 7.5 s sets the latency floor).
  kafka_flush_interval_ms = 500,
  -- Freshness: wait at most 100 ms for more records before a partial block.
  kafka_poll_timeout_ms = 100,
  -- Throughput: up to 65536 records per block (one insert and one offset commit each).
  kafka_max_block_size = 65536,
  -- ${
    stream === 'clickstream'
      ? 'Two consumers (and threads): the clickstream is most of the rows, and one thread decodes ~40k rows/s; at most the cores.'
      : 'One consumer (and thread): a small stream beside the clickstream on a 2-core machine; raise with the partitions and cores.'
  }
  kafka_num_consumers = ${stream === 'clickstream' ? 2 : 1},
  kafka_thread_per_consumer = 1`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${objects.parse} TO ${objects.parsed} AS
-- The record is the Connect payload itself, or (--format connect-json, and records written before 2026-12-08)
-- an envelope holding it under "payload". It is parsed once into its fields' raw JSON texts (m); each
-- field's text is then small to decode.
WITH CAST(JSONExtractKeysAndValuesRaw(if(JSONType(raw, 'payload') = 'Object', JSONExtractRaw(raw, 'payload'), raw)), 'Map(String, String)') AS m
SELECT
${fields.map((field) => `  ${field.value} AS ${field.name},`).join('\n')}
  multiIf(
${problems.map(([condition, why]) => `    ${condition}, ${why},`).join('\n')}
    ''
  ) AS problem,
  _topic AS topic,
  _partition AS partition,
  _offset AS offset,
  _key AS key,
  if(length(_error) > 0, _raw_message, raw) AS raw
FROM ${objects.kafka}`,
  ];
  return `${GENERATED(stream, schemaFile)}\n\n${statements.map((statement) => `${statement};`).join('\n\n')}\n`;
}
