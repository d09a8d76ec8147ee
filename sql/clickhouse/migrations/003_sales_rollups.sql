-- Hourly rollups of sales_lines that the Sales dashboard's KPIs read (sql/KPIS.md, "Rollups").
-- `npm run rollups:refresh` maintains them: it recomputes whole hours from sales_lines FINAL (one row
-- per key, whatever was redelivered) and inserts them with a newer refreshed_at, which replaces the
-- hour's earlier rows (ReplacingMergeTree, read with FINAL). A plain materialized view on inserts would
-- count a redelivered record twice; this cannot. Hours at or after rollup_state.closed_before are read
-- from sales_lines itself.

CREATE TABLE IF NOT EXISTS sales_hourly_markets (
  hour DateTime('UTC'),
  channel LowCardinality(String),
  country LowCardinality(String),
  revenue Decimal(18, 2),
  orders UInt64,
  units Int64,
  lines UInt64,
  refreshed_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(refreshed_at)
PARTITION BY toYYYYMM(hour)
ORDER BY (hour, channel, country);

CREATE TABLE IF NOT EXISTS sales_hourly_products (
  hour DateTime('UTC'),
  product_id String,
  product_name String,
  category LowCardinality(String),
  revenue Decimal(18, 2),
  units Int64,
  lines UInt64,
  refreshed_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(refreshed_at)
PARTITION BY toYYYYMM(hour)
ORDER BY (hour, product_id, product_name, category);

CREATE TABLE IF NOT EXISTS sales_hourly_customers (
  hour DateTime('UTC'),
  customer_id String,
  refreshed_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(refreshed_at)
PARTITION BY toYYYYMM(hour)
ORDER BY (hour, customer_id);

CREATE TABLE IF NOT EXISTS rollup_state (
  name String,
  closed_before DateTime64(3, 'UTC'),
  watermark DateTime64(3, 'UTC'),
  refreshed_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(refreshed_at)
ORDER BY name;
