-- Tables for the three event streams. ReplacingMergeTree keeps one row per ORDER BY key, so the
-- ORDER BY holds the idempotency key declared in schemas/ (after a time prefix that the KPI range
-- filters use). A row that arrives twice is removed at merge time; until then the KPI queries read
-- with FINAL, which deduplicates at query time (see sql/KPIS.md for the cost).
-- ingested_at is the version column: the latest arrival wins.

CREATE TABLE IF NOT EXISTS sales_lines (
  event_id UUID,
  order_id String,
  line_no UInt16,
  order_ts DateTime64(3, 'UTC'),
  customer_id String,
  is_returning_customer Bool,
  country LowCardinality(String),
  city LowCardinality(String),
  channel LowCardinality(String),
  device LowCardinality(String),
  payment_method LowCardinality(String),
  currency LowCardinality(String),
  product_id String,
  sku String,
  product_name String,
  category LowCardinality(String),
  brand LowCardinality(String),
  quantity Int32,
  unit_price Decimal(18, 2),
  discount Decimal(18, 2),
  line_total Decimal(18, 2),
  utm_source Nullable(String),
  ingested_at DateTime64(3, 'UTC') DEFAULT now64(3),
  CONSTRAINT sales_lines_line_no_ck CHECK line_no BETWEEN 1 AND 100,
  CONSTRAINT sales_lines_quantity_ck CHECK quantity > 0,
  CONSTRAINT sales_lines_money_ck CHECK unit_price >= 0 AND discount >= 0 AND line_total >= 0
)
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(order_ts)
ORDER BY (toDate(order_ts), order_id, line_no);

CREATE TABLE IF NOT EXISTS user_events (
  event_id UUID,
  session_id String,
  party_id String,
  customer_id Nullable(String),
  event_type LowCardinality(String),
  ts DateTime64(3, 'UTC'),
  page_url String,
  referrer Nullable(String),
  utm_source Nullable(String),
  utm_medium Nullable(String),
  utm_campaign Nullable(String),
  product_id Nullable(String),
  order_id Nullable(String),
  user_agent String,
  country LowCardinality(String),
  ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(ts)
ORDER BY (toDate(ts), event_id);

CREATE TABLE IF NOT EXISTS feedback (
  feedback_id UUID,
  ts DateTime64(3, 'UTC'),
  customer_id Nullable(String),
  feature LowCardinality(String),
  rating UInt8,
  comment String,
  ingested_at DateTime64(3, 'UTC') DEFAULT now64(3),
  CONSTRAINT feedback_rating_ck CHECK rating BETWEEN 1 AND 5
)
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(ts)
ORDER BY (toDate(ts), feedback_id);
