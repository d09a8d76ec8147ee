-- What browsers give through the collector and the generator does not (schemas/user_event.schema.json):
-- the browser's clock, the page view id, the user agent parsed, a bot flag and the search term. All
-- nullable: events from before this migration, and from sources without a browser, have none of them.
-- The Kafka-engine ingest (sql/clickhouse/ingest) is re-generated from the schema with them.

ALTER TABLE user_events
  ADD COLUMN IF NOT EXISTS client_ts Nullable(DateTime64(3, 'UTC')),
  ADD COLUMN IF NOT EXISTS page_view_id Nullable(String),
  ADD COLUMN IF NOT EXISTS device_family LowCardinality(Nullable(String)),
  ADD COLUMN IF NOT EXISTS os_family LowCardinality(Nullable(String)),
  ADD COLUMN IF NOT EXISTS browser_family LowCardinality(Nullable(String)),
  ADD COLUMN IF NOT EXISTS is_bot Nullable(Bool),
  ADD COLUMN IF NOT EXISTS search_term Nullable(String);
