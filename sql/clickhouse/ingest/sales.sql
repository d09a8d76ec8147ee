-- Generated from schemas/sales_event.schema.json by `npm run ingest:sql` (admin/ingest/ingest-sql.ts); do not edit: a test checks it is current.
-- ClickHouse consumes the sales_events topic itself (Kafka table engine) and lands it in sales_lines;
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

CREATE TABLE IF NOT EXISTS ingest_sales_lines_parsed (
  event_id String,
  order_id String,
  line_no Int64,
  order_ts DateTime64(3, 'UTC'),
  customer_id String,
  is_returning_customer Bool,
  country String,
  city String,
  channel String,
  device String,
  payment_method String,
  currency String,
  product_id String,
  sku String,
  product_name String,
  category String,
  brand String,
  quantity Int64,
  unit_price Decimal(18, 2),
  discount Decimal(18, 2),
  line_total Decimal(18, 2),
  utm_source Nullable(String),
  problem String,
  topic LowCardinality(String),
  partition UInt32,
  offset UInt64,
  key String,
  raw String
)
ENGINE = Null;

CREATE MATERIALIZED VIEW IF NOT EXISTS ingest_sales_lines_land TO sales_lines AS
SELECT event_id, order_id, line_no, order_ts, customer_id, is_returning_customer, country, city, channel, device, payment_method, currency, product_id, sku, product_name, category, brand, quantity, unit_price, discount, line_total, utm_source
FROM ingest_sales_lines_parsed
WHERE problem = '';

CREATE MATERIALIZED VIEW IF NOT EXISTS ingest_sales_lines_reject TO ingest_errors AS
SELECT topic, partition, offset, key, raw AS raw_message, problem AS error
FROM ingest_sales_lines_parsed
WHERE problem != '';

CREATE TABLE IF NOT EXISTS ingest_sales_lines_kafka (raw String)
ENGINE = Kafka
SETTINGS
  kafka_broker_list = '{{CLICKHOUSE_KAFKA_BROKERS}}',
  kafka_topic_list = 'sales_events{{TOPIC_SUFFIX}}',
  -- One group per stream; re-creating this table with the same group resumes from its committed offsets.
  kafka_group_name = '{{CLICKHOUSE_INGEST_GROUP}}-sales',
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

CREATE MATERIALIZED VIEW IF NOT EXISTS ingest_sales_lines_parse TO ingest_sales_lines_parsed AS
-- The record is the Connect payload itself, or (--format connect-json, and records written before 2026-12-08)
-- an envelope holding it under "payload". It is parsed once into its fields' raw JSON texts (m); each
-- field's text is then small to decode.
WITH CAST(JSONExtractKeysAndValuesRaw(if(JSONType(raw, 'payload') = 'Object', JSONExtractRaw(raw, 'payload'), raw)), 'Map(String, String)') AS m
SELECT
  JSONExtractString(m['event_id']) AS event_id,
  JSONExtractString(m['order_id']) AS order_id,
  JSONExtractInt(m['line_no']) AS line_no,
  if(JSONType(m['order_ts']) = 'String', parseDateTime64BestEffortOrZero(JSONExtractString(m['order_ts']), 3, 'UTC'), fromUnixTimestamp64Milli(JSONExtractInt(m['order_ts']), 'UTC')) AS order_ts,
  JSONExtractString(m['customer_id']) AS customer_id,
  JSONExtractBool(m['is_returning_customer']) AS is_returning_customer,
  JSONExtractString(m['country']) AS country,
  JSONExtractString(m['city']) AS city,
  JSONExtractString(m['channel']) AS channel,
  JSONExtractString(m['device']) AS device,
  JSONExtractString(m['payment_method']) AS payment_method,
  JSONExtractString(m['currency']) AS currency,
  JSONExtractString(m['product_id']) AS product_id,
  JSONExtractString(m['sku']) AS sku,
  JSONExtractString(m['product_name']) AS product_name,
  JSONExtractString(m['category']) AS category,
  JSONExtractString(m['brand']) AS brand,
  JSONExtractInt(m['quantity']) AS quantity,
  reinterpret(if(length(tryBase64Decode(JSONExtractString(m['unit_price']))) BETWEEN 1 AND 7 AND bitTest(reinterpretAsUInt8(substring(tryBase64Decode(JSONExtractString(m['unit_price'])), 1, 1)), 7), reinterpretAsInt64(reverse(tryBase64Decode(JSONExtractString(m['unit_price'])))) - bitShiftLeft(toInt64(1), 8 * length(tryBase64Decode(JSONExtractString(m['unit_price'])))), reinterpretAsInt64(reverse(tryBase64Decode(JSONExtractString(m['unit_price']))))), 'Decimal64(2)') AS unit_price,
  reinterpret(if(length(tryBase64Decode(JSONExtractString(m['discount']))) BETWEEN 1 AND 7 AND bitTest(reinterpretAsUInt8(substring(tryBase64Decode(JSONExtractString(m['discount'])), 1, 1)), 7), reinterpretAsInt64(reverse(tryBase64Decode(JSONExtractString(m['discount'])))) - bitShiftLeft(toInt64(1), 8 * length(tryBase64Decode(JSONExtractString(m['discount'])))), reinterpretAsInt64(reverse(tryBase64Decode(JSONExtractString(m['discount']))))), 'Decimal64(2)') AS discount,
  reinterpret(if(length(tryBase64Decode(JSONExtractString(m['line_total']))) BETWEEN 1 AND 7 AND bitTest(reinterpretAsUInt8(substring(tryBase64Decode(JSONExtractString(m['line_total'])), 1, 1)), 7), reinterpretAsInt64(reverse(tryBase64Decode(JSONExtractString(m['line_total'])))) - bitShiftLeft(toInt64(1), 8 * length(tryBase64Decode(JSONExtractString(m['line_total'])))), reinterpretAsInt64(reverse(tryBase64Decode(JSONExtractString(m['line_total']))))), 'Decimal64(2)') AS line_total,
  if(JSONType(m['utm_source']) = 'String', JSONExtractString(m['utm_source']), NULL) AS utm_source,
  multiIf(
    length(_error) > 0, _error,
    NOT isValidJSON(raw), 'the record is not JSON',
    JSONType(raw) != 'Object', 'the record is not a JSON object',
    JSONType(m['event_id']) != 'String', 'event_id is missing or not a string',
    NOT match(event_id, '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'), 'event_id does not match ^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
    JSONType(m['order_id']) != 'String', 'order_id is missing or not a string',
    NOT match(order_id, '^[A-Za-z0-9_-]{1,64}$'), 'order_id does not match ^[A-Za-z0-9_-]{1,64}$',
    JSONType(m['line_no']) NOT IN ('Int64', 'UInt64'), 'line_no is missing or not an integer',
    line_no NOT BETWEEN 1 AND 100, 'line_no must be from 1 to 100',
    JSONType(m['order_ts']) NOT IN ('String', 'Int64', 'UInt64'), 'order_ts is missing or not an instant (an ISO-8601 string)',
    JSONType(m['order_ts']) = 'String' AND concat(replaceOne(toString(order_ts), ' ', 'T'), 'Z') != JSONExtractString(m['order_ts']), 'order_ts is not a real UTC instant written as 2025-01-31T12:34:56.789Z',
    JSONType(m['customer_id']) != 'String', 'customer_id is missing or not a string',
    NOT match(customer_id, '^[A-Za-z0-9_-]{1,64}$'), 'customer_id does not match ^[A-Za-z0-9_-]{1,64}$',
    JSONType(m['is_returning_customer']) != 'Bool', 'is_returning_customer is missing or not a boolean',
    JSONType(m['country']) != 'String', 'country is missing or not a string',
    NOT match(country, '^[A-Z]{2}$'), 'country does not match ^[A-Z]{2}$',
    JSONType(m['city']) != 'String', 'city is missing or not a string',
    lengthUTF8(city) < 1, 'city is shorter than 1',
    lengthUTF8(city) > 100, 'city is longer than 100',
    JSONType(m['channel']) != 'String', 'channel is missing or not a string',
    channel NOT IN ('web', 'mobile', 'marketplace'), 'channel must be one of web, mobile, marketplace',
    JSONType(m['device']) != 'String', 'device is missing or not a string',
    device NOT IN ('desktop', 'mobile', 'tablet'), 'device must be one of desktop, mobile, tablet',
    JSONType(m['payment_method']) != 'String', 'payment_method is missing or not a string',
    payment_method NOT IN ('card', 'paypal', 'apple_pay', 'google_pay', 'bank_transfer', 'gift_card'), 'payment_method must be one of card, paypal, apple_pay, google_pay, bank_transfer, gift_card',
    JSONType(m['currency']) != 'String', 'currency is missing or not a string',
    NOT match(currency, '^[A-Z]{3}$'), 'currency does not match ^[A-Z]{3}$',
    JSONType(m['product_id']) != 'String', 'product_id is missing or not a string',
    NOT match(product_id, '^[A-Za-z0-9_-]{1,64}$'), 'product_id does not match ^[A-Za-z0-9_-]{1,64}$',
    JSONType(m['sku']) != 'String', 'sku is missing or not a string',
    NOT match(sku, '^[A-Z0-9-]{1,32}$'), 'sku does not match ^[A-Z0-9-]{1,32}$',
    JSONType(m['product_name']) != 'String', 'product_name is missing or not a string',
    lengthUTF8(product_name) < 1, 'product_name is shorter than 1',
    lengthUTF8(product_name) > 200, 'product_name is longer than 200',
    JSONType(m['category']) != 'String', 'category is missing or not a string',
    lengthUTF8(category) < 1, 'category is shorter than 1',
    lengthUTF8(category) > 100, 'category is longer than 100',
    JSONType(m['brand']) != 'String', 'brand is missing or not a string',
    lengthUTF8(brand) < 1, 'brand is shorter than 1',
    lengthUTF8(brand) > 100, 'brand is longer than 100',
    JSONType(m['quantity']) NOT IN ('Int64', 'UInt64'), 'quantity is missing or not an integer',
    quantity NOT BETWEEN 1 AND 1000, 'quantity must be from 1 to 1000',
    JSONType(m['unit_price']) != 'String', 'unit_price is missing or not a Connect Decimal (base64 text)',
    length(tryBase64Decode(JSONExtractString(m['unit_price']))) NOT BETWEEN 1 AND 8, 'unit_price is not a Connect Decimal: base64 of 1 to 8 bytes',
    abs(toFloat64(unit_price)) >= 10000000000000000, 'unit_price does not fit Decimal(18, 2)',
    unit_price < 0, 'unit_price must not be negative',
    JSONType(m['discount']) != 'String', 'discount is missing or not a Connect Decimal (base64 text)',
    length(tryBase64Decode(JSONExtractString(m['discount']))) NOT BETWEEN 1 AND 8, 'discount is not a Connect Decimal: base64 of 1 to 8 bytes',
    abs(toFloat64(discount)) >= 10000000000000000, 'discount does not fit Decimal(18, 2)',
    discount < 0, 'discount must not be negative',
    JSONType(m['line_total']) != 'String', 'line_total is missing or not a Connect Decimal (base64 text)',
    length(tryBase64Decode(JSONExtractString(m['line_total']))) NOT BETWEEN 1 AND 8, 'line_total is not a Connect Decimal: base64 of 1 to 8 bytes',
    abs(toFloat64(line_total)) >= 10000000000000000, 'line_total does not fit Decimal(18, 2)',
    line_total < 0, 'line_total must not be negative',
    JSONType(m['utm_source']) NOT IN ('String', 'Null'), 'utm_source is not a string',
    utm_source IS NOT NULL AND lengthUTF8(utm_source) > 100, 'utm_source is longer than 100',
    ''
  ) AS problem,
  _topic AS topic,
  _partition AS partition,
  _offset AS offset,
  _key AS key,
  if(length(_error) > 0, _raw_message, raw) AS raw
FROM ingest_sales_lines_kafka;
