-- Generated from schemas/feedback.schema.json by `npm run ingest:sql` (admin/ingest/ingest-sql.ts); do not edit: a test checks it is current.
-- ClickHouse consumes the feedback topic itself (Kafka table engine) and lands it in feedback;
-- records that cannot land go to ingest_errors with the reason. Placeholders: {{CLICKHOUSE_KAFKA_BROKERS}}, {{TOPIC_SUFFIX}}, {{CLICKHOUSE_INGEST_GROUP}}.

CREATE TABLE IF NOT EXISTS ingest_errors (
  topic LowCardinality(String),
  partition UInt32,
  offset UInt64,
  key String,
  raw_message String,
  error String,
  ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = MergeTree
ORDER BY (topic, partition, offset);

CREATE TABLE IF NOT EXISTS ingest_feedback_parsed (
  feedback_id String,
  ts DateTime64(3, 'UTC'),
  customer_id Nullable(String),
  feature String,
  rating Int64,
  comment String,
  problem String,
  topic LowCardinality(String),
  partition UInt32,
  offset UInt64,
  key String,
  raw String
)
ENGINE = Null;

CREATE MATERIALIZED VIEW IF NOT EXISTS ingest_feedback_land TO feedback AS
SELECT feedback_id, ts, customer_id, feature, rating, comment
FROM ingest_feedback_parsed
WHERE problem = '';

CREATE MATERIALIZED VIEW IF NOT EXISTS ingest_feedback_reject TO ingest_errors AS
SELECT topic, partition, offset, key, raw AS raw_message, problem AS error
FROM ingest_feedback_parsed
WHERE problem != '';

CREATE TABLE IF NOT EXISTS ingest_feedback_kafka (raw String)
ENGINE = Kafka
SETTINGS
  kafka_broker_list = '{{CLICKHOUSE_KAFKA_BROKERS}}',
  kafka_topic_list = 'feedback{{TOPIC_SUFFIX}}',
  -- One group per stream; re-creating this table with the same group resumes from its committed offsets.
  kafka_group_name = '{{CLICKHOUSE_INGEST_GROUP}}-feedback',
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
  -- One consumer (and thread): a small stream beside the clickstream on a 2-core machine; raise with the partitions and cores.
  kafka_num_consumers = 1,
  kafka_thread_per_consumer = 1;

CREATE MATERIALIZED VIEW IF NOT EXISTS ingest_feedback_parse TO ingest_feedback_parsed AS
-- The record is the Connect payload itself, or (--format connect-json, and records written before 2026-12-08)
-- an envelope holding it under "payload". It is parsed once into its fields' raw JSON texts (m); each
-- field's text is then small to decode.
WITH CAST(JSONExtractKeysAndValuesRaw(if(JSONType(raw, 'payload') = 'Object', JSONExtractRaw(raw, 'payload'), raw)), 'Map(String, String)') AS m
SELECT
  JSONExtractString(m['feedback_id']) AS feedback_id,
  if(JSONType(m['ts']) = 'String', parseDateTime64BestEffortOrZero(JSONExtractString(m['ts']), 3, 'UTC'), fromUnixTimestamp64Milli(JSONExtractInt(m['ts']), 'UTC')) AS ts,
  if(JSONType(m['customer_id']) = 'String', JSONExtractString(m['customer_id']), NULL) AS customer_id,
  JSONExtractString(m['feature']) AS feature,
  JSONExtractInt(m['rating']) AS rating,
  JSONExtractString(m['comment']) AS comment,
  multiIf(
    length(_error) > 0, _error,
    NOT isValidJSON(raw), 'the record is not JSON',
    JSONType(raw) != 'Object', 'the record is not a JSON object',
    JSONType(m['feedback_id']) != 'String', 'feedback_id is missing or not a string',
    NOT match(feedback_id, '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'), 'feedback_id does not match ^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
    JSONType(m['ts']) NOT IN ('String', 'Int64', 'UInt64'), 'ts is missing or not an instant (an ISO-8601 string)',
    JSONType(m['ts']) = 'String' AND concat(replaceOne(toString(ts), ' ', 'T'), 'Z') != JSONExtractString(m['ts']), 'ts is not a real UTC instant written as 2025-01-31T12:34:56.789Z',
    JSONType(m['customer_id']) NOT IN ('String', 'Null'), 'customer_id is not a string',
    customer_id IS NOT NULL AND NOT match(customer_id, '^[A-Za-z0-9_-]{1,64}$'), 'customer_id does not match ^[A-Za-z0-9_-]{1,64}$',
    JSONType(m['feature']) != 'String', 'feature is missing or not a string',
    feature NOT IN ('search', 'product_pages', 'checkout', 'payment', 'delivery', 'mobile_app', 'customer_service'), 'feature must be one of search, product_pages, checkout, payment, delivery, mobile_app, customer_service',
    JSONType(m['rating']) NOT IN ('Int64', 'UInt64'), 'rating is missing or not an integer',
    rating NOT BETWEEN 1 AND 5, 'rating must be from 1 to 5',
    JSONType(m['comment']) != 'String', 'comment is missing or not a string',
    lengthUTF8(comment) > 2000, 'comment is longer than 2000',
    ''
  ) AS problem,
  _topic AS topic,
  _partition AS partition,
  _offset AS offset,
  _key AS key,
  if(length(_error) > 0, _raw_message, raw) AS raw
FROM ingest_feedback_kafka;
