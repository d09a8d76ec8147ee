-- Hourly session rollup that the clickstream KPIs read (funnel, sessions per day, cart abandonment;
-- sql/KPIS.md, "Rollups"): one row per session and hour it had events in, with the funnel steps it
-- reached in that hour as bits (page_view 1, product_view 2, add_to_cart 4, checkout_start 8,
-- purchase 16). `npm run rollups:refresh` recomputes whole hours from user_events, together with the
-- sales rollups. It is exact under redelivery by construction: a row holds a set (this session was
-- there, these steps), which an event counted twice does not change. A recomputed hour's rows replace
-- the earlier ones (ReplacingMergeTree); until a merge the KPIs may see both, which changes nothing:
-- events are never removed, so an earlier row's steps are a subset of its replacement's, and the KPIs
-- count distinct sessions and OR the steps.

CREATE TABLE IF NOT EXISTS session_hours (
  hour DateTime('UTC'),
  session_id String,
  steps UInt8,
  refreshed_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(refreshed_at)
PARTITION BY toYYYYMM(hour)
ORDER BY (hour, session_id);
