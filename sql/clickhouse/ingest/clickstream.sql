-- Generated from schemas/user_event.schema.json by `npm run ingest:sql` (admin/ingest/ingest-sql.ts); do not edit: a test checks it is current.
-- ClickHouse consumes the user-events topic itself (Kafka table engine) and lands it in user_events;
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

CREATE TABLE IF NOT EXISTS ingest_user_events_parsed (
  event_id String,
  session_id String,
  party_id String,
  customer_id Nullable(String),
  event_type String,
  ts DateTime64(3, 'UTC'),
  page_url String,
  referrer Nullable(String),
  utm_source Nullable(String),
  utm_medium Nullable(String),
  utm_campaign Nullable(String),
  product_id Nullable(String),
  order_id Nullable(String),
  user_agent String,
  country String,
  client_ts Nullable(DateTime64(3, 'UTC')),
  page_view_id Nullable(String),
  device_family Nullable(String),
  os_family Nullable(String),
  browser_family Nullable(String),
  is_bot Nullable(Bool),
  search_term Nullable(String),
  problem String,
  topic LowCardinality(String),
  partition UInt32,
  offset UInt64,
  key String,
  raw String
)
ENGINE = Null;

CREATE MATERIALIZED VIEW IF NOT EXISTS ingest_user_events_land TO user_events AS
SELECT event_id, session_id, party_id, customer_id, event_type, ts, page_url, referrer, utm_source, utm_medium, utm_campaign, product_id, order_id, user_agent, country, client_ts, page_view_id, device_family, os_family, browser_family, is_bot, search_term
FROM ingest_user_events_parsed
WHERE problem = '';

CREATE MATERIALIZED VIEW IF NOT EXISTS ingest_user_events_reject TO ingest_errors AS
SELECT topic, partition, offset, key, raw AS raw_message, problem AS error
FROM ingest_user_events_parsed
WHERE problem != '';

CREATE TABLE IF NOT EXISTS ingest_user_events_kafka (raw String)
ENGINE = Kafka
SETTINGS
  kafka_broker_list = '{{CLICKHOUSE_KAFKA_BROKERS}}',
  kafka_topic_list = 'user-events{{TOPIC_SUFFIX}}',
  -- One group per stream; re-creating this table with the same group resumes from its committed offsets.
  kafka_group_name = '{{CLICKHOUSE_INGEST_GROUP}}-clickstream',
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
  -- Two consumers (and threads): the clickstream is most of the rows, and one thread decodes ~40k rows/s; at most the cores.
  kafka_num_consumers = 2,
  kafka_thread_per_consumer = 1;

CREATE MATERIALIZED VIEW IF NOT EXISTS ingest_user_events_parse TO ingest_user_events_parsed AS
-- The record is the Connect payload itself, or (--format connect-json, and records written before 2026-12-08)
-- an envelope holding it under "payload". It is parsed once into its fields' raw JSON texts (m); each
-- field's text is then small to decode.
WITH CAST(JSONExtractKeysAndValuesRaw(if(JSONType(raw, 'payload') = 'Object', JSONExtractRaw(raw, 'payload'), raw)), 'Map(String, String)') AS m
SELECT
  JSONExtractString(m['event_id']) AS event_id,
  JSONExtractString(m['session_id']) AS session_id,
  JSONExtractString(m['party_id']) AS party_id,
  if(JSONType(m['customer_id']) = 'String', JSONExtractString(m['customer_id']), NULL) AS customer_id,
  JSONExtractString(m['event_type']) AS event_type,
  if(JSONType(m['ts']) = 'String', parseDateTime64BestEffortOrZero(JSONExtractString(m['ts']), 3, 'UTC'), fromUnixTimestamp64Milli(JSONExtractInt(m['ts']), 'UTC')) AS ts,
  JSONExtractString(m['page_url']) AS page_url,
  if(JSONType(m['referrer']) = 'String', JSONExtractString(m['referrer']), NULL) AS referrer,
  if(JSONType(m['utm_source']) = 'String', JSONExtractString(m['utm_source']), NULL) AS utm_source,
  if(JSONType(m['utm_medium']) = 'String', JSONExtractString(m['utm_medium']), NULL) AS utm_medium,
  if(JSONType(m['utm_campaign']) = 'String', JSONExtractString(m['utm_campaign']), NULL) AS utm_campaign,
  if(JSONType(m['product_id']) = 'String', JSONExtractString(m['product_id']), NULL) AS product_id,
  if(JSONType(m['order_id']) = 'String', JSONExtractString(m['order_id']), NULL) AS order_id,
  JSONExtractString(m['user_agent']) AS user_agent,
  JSONExtractString(m['country']) AS country,
  if(JSONType(m['client_ts']) = 'Null', NULL, if(JSONType(m['client_ts']) = 'String', parseDateTime64BestEffortOrZero(JSONExtractString(m['client_ts']), 3, 'UTC'), fromUnixTimestamp64Milli(JSONExtractInt(m['client_ts']), 'UTC'))) AS client_ts,
  if(JSONType(m['page_view_id']) = 'String', JSONExtractString(m['page_view_id']), NULL) AS page_view_id,
  if(JSONType(m['device_family']) = 'String', JSONExtractString(m['device_family']), NULL) AS device_family,
  if(JSONType(m['os_family']) = 'String', JSONExtractString(m['os_family']), NULL) AS os_family,
  if(JSONType(m['browser_family']) = 'String', JSONExtractString(m['browser_family']), NULL) AS browser_family,
  if(JSONType(m['is_bot']) = 'Null', NULL, JSONExtractBool(m['is_bot'])) AS is_bot,
  if(JSONType(m['search_term']) = 'String', JSONExtractString(m['search_term']), NULL) AS search_term,
  multiIf(
    length(_error) > 0, _error,
    NOT isValidJSON(raw), 'the record is not JSON',
    JSONType(raw) != 'Object', 'the record is not a JSON object',
    JSONType(m['event_id']) != 'String', 'event_id is missing or not a string',
    NOT match(event_id, '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'), 'event_id does not match ^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
    JSONType(m['session_id']) != 'String', 'session_id is missing or not a string',
    NOT match(session_id, '^[A-Za-z0-9_-]{1,64}$'), 'session_id does not match ^[A-Za-z0-9_-]{1,64}$',
    JSONType(m['party_id']) != 'String', 'party_id is missing or not a string',
    NOT match(party_id, '^[A-Za-z0-9_-]{1,64}$'), 'party_id does not match ^[A-Za-z0-9_-]{1,64}$',
    JSONType(m['customer_id']) NOT IN ('String', 'Null'), 'customer_id is not a string',
    customer_id IS NOT NULL AND NOT match(customer_id, '^[A-Za-z0-9_-]{1,64}$'), 'customer_id does not match ^[A-Za-z0-9_-]{1,64}$',
    JSONType(m['event_type']) != 'String', 'event_type is missing or not a string',
    event_type NOT IN ('page_view', 'product_view', 'search', 'add_to_cart', 'remove_from_cart', 'checkout_start', 'purchase'), 'event_type must be one of page_view, product_view, search, add_to_cart, remove_from_cart, checkout_start, purchase',
    JSONType(m['ts']) NOT IN ('String', 'Int64', 'UInt64'), 'ts is missing or not an instant (an ISO-8601 string)',
    JSONType(m['ts']) = 'String' AND concat(replaceOne(toString(ts), ' ', 'T'), 'Z') != JSONExtractString(m['ts']), 'ts is not a real UTC instant written as 2025-01-31T12:34:56.789Z',
    JSONType(m['page_url']) != 'String', 'page_url is missing or not a string',
    lengthUTF8(page_url) < 1, 'page_url is shorter than 1',
    lengthUTF8(page_url) > 2000, 'page_url is longer than 2000',
    JSONType(m['referrer']) NOT IN ('String', 'Null'), 'referrer is not a string',
    referrer IS NOT NULL AND lengthUTF8(referrer) > 2000, 'referrer is longer than 2000',
    JSONType(m['utm_source']) NOT IN ('String', 'Null'), 'utm_source is not a string',
    utm_source IS NOT NULL AND lengthUTF8(utm_source) > 100, 'utm_source is longer than 100',
    JSONType(m['utm_medium']) NOT IN ('String', 'Null'), 'utm_medium is not a string',
    utm_medium IS NOT NULL AND lengthUTF8(utm_medium) > 100, 'utm_medium is longer than 100',
    JSONType(m['utm_campaign']) NOT IN ('String', 'Null'), 'utm_campaign is not a string',
    utm_campaign IS NOT NULL AND lengthUTF8(utm_campaign) > 100, 'utm_campaign is longer than 100',
    JSONType(m['product_id']) NOT IN ('String', 'Null'), 'product_id is not a string',
    product_id IS NOT NULL AND NOT match(product_id, '^[A-Za-z0-9_-]{1,64}$'), 'product_id does not match ^[A-Za-z0-9_-]{1,64}$',
    JSONType(m['order_id']) NOT IN ('String', 'Null'), 'order_id is not a string',
    order_id IS NOT NULL AND NOT match(order_id, '^[A-Za-z0-9_-]{1,64}$'), 'order_id does not match ^[A-Za-z0-9_-]{1,64}$',
    JSONType(m['user_agent']) != 'String', 'user_agent is missing or not a string',
    lengthUTF8(user_agent) < 1, 'user_agent is shorter than 1',
    lengthUTF8(user_agent) > 500, 'user_agent is longer than 500',
    JSONType(m['country']) != 'String', 'country is missing or not a string',
    NOT match(country, '^[A-Z]{2}$'), 'country does not match ^[A-Z]{2}$',
    JSONType(m['client_ts']) NOT IN ('String', 'Int64', 'UInt64') AND JSONType(m['client_ts']) != 'Null', 'client_ts is not an instant (an ISO-8601 string)',
    JSONType(m['client_ts']) = 'String' AND concat(replaceOne(toString(client_ts), ' ', 'T'), 'Z') != JSONExtractString(m['client_ts']), 'client_ts is not a real UTC instant written as 2025-01-31T12:34:56.789Z',
    JSONType(m['page_view_id']) NOT IN ('String', 'Null'), 'page_view_id is not a string',
    page_view_id IS NOT NULL AND NOT match(page_view_id, '^[A-Za-z0-9_-]{1,64}$'), 'page_view_id does not match ^[A-Za-z0-9_-]{1,64}$',
    JSONType(m['device_family']) NOT IN ('String', 'Null'), 'device_family is not a string',
    device_family IS NOT NULL AND lengthUTF8(device_family) > 50, 'device_family is longer than 50',
    JSONType(m['os_family']) NOT IN ('String', 'Null'), 'os_family is not a string',
    os_family IS NOT NULL AND lengthUTF8(os_family) > 50, 'os_family is longer than 50',
    JSONType(m['browser_family']) NOT IN ('String', 'Null'), 'browser_family is not a string',
    browser_family IS NOT NULL AND lengthUTF8(browser_family) > 50, 'browser_family is longer than 50',
    JSONType(m['is_bot']) != 'Bool' AND JSONType(m['is_bot']) != 'Null', 'is_bot is not a boolean',
    JSONType(m['search_term']) NOT IN ('String', 'Null'), 'search_term is not a string',
    search_term IS NOT NULL AND lengthUTF8(search_term) > 200, 'search_term is longer than 200',
    ''
  ) AS problem,
  _topic AS topic,
  _partition AS partition,
  _offset AS offset,
  _key AS key,
  if(length(_error) > 0, _raw_message, raw) AS raw
FROM ingest_user_events_kafka;
